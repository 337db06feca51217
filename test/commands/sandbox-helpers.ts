// Drives `node dist/cli.js sandbox` as a child process: waits for its REDIS_URL line and
// collects its output, so the tests see exactly what a user (or a script) would.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { waitFor } from '../runtime/helpers.js';

export const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

export interface RunningSandbox {
  child: ChildProcess;
  url: string;
  port: number;
  redisPid: number;
  stdout: string[];
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startCliSandbox(args: string[]): Promise<RunningSandbox> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js missing: run npm run build first');
  const child = spawn(process.execPath, [CLI, 'sandbox', ...args], {
    env: { ...process.env, REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let partial = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    stdout.push(...lines);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  await waitFor(() => stdout.length > 0 || child.exitCode !== null, 'the REDIS_URL line', 20_000);
  const first = stdout[0] ?? '';
  const match = /^REDIS_URL=(redis:\/\/127\.0\.0\.1:(\d+))$/.exec(first);
  if (!match) {
    child.kill('SIGKILL');
    throw new Error(`first line was ${JSON.stringify(first)}; stderr: ${err}`);
  }
  const pidLine = await waitFor(
    () => stdout.find((l) => /redis-server .* \(pid \d+\)$/.test(l)),
    'the pid line',
  );
  return {
    child,
    url: match[1],
    port: Number(match[2]),
    redisPid: Number(/\(pid (\d+)\)$/.exec(pidLine)?.[1]),
    stdout,
    stderr: () => err,
    exited,
  };
}
