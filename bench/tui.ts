// The TUI's figures: one Failed-pane frame over the seeded failed list, resident memory of a
// console monitoring the bench Redis, and cold starts of the built CLI.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { TmuxSession } from './tmux.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}

/** One frame per terminal size in frame.tsx (imported late: React after NODE_ENV is set). */
export async function measureFrame(client: Redis) {
  const { renderFailedFrame, SIZES } = await import('./frame.js');
  const frames = [];
  for (const size of SIZES) frames.push({ ...size, ...(await renderFailedFrame(client, size)) });
  return frames;
}

/** RSS of `stellar-tasks-tui --redis URL` after it ran for `ms`. */
export async function measureRss(url: string, ms: number) {
  const session = new TmuxSession();
  try {
    session.start([process.execPath, CLI, '--redis', url]);
    await new Promise((r) => setTimeout(r, ms));
    return { seconds: ms / 1000, mb: rssMb(session.pid()) };
  } finally {
    session.kill();
  }
}

/** A full first frame: the pane tabs and a status line with where it is connected. */
export const FULL_FRAME = (screen: string) =>
  /Overview/.test(screen) && /sandbox/.test(screen) && /processed/i.test(screen);

export async function measureColdStart(url: string) {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'snapshot', '--json', '--redis', url], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`snapshot failed: ${r.stderr}`);
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  const session = new TmuxSession();
  let firstFrameMs: number | null = null;
  try {
    const t = performance.now();
    session.start([process.execPath, CLI]);
    if (await waitUntil(() => FULL_FRAME(session.capture()), 15_000)) firstFrameMs = performance.now() - t;
    session.keys('q');
    await waitUntil(() => {
      try {
        session.pid();
        return false;
      } catch {
        return true;
      }
    }, 15_000);
  } finally {
    session.kill();
  }
  return { snapshotMs: runs[Math.floor(runs.length / 2)], firstFrameMs };
}
