// A real pseudo-terminal: the built CLI in a detached tmux session on its own socket, with CI
// removed from its environment (Ink draws nothing interactive when CI is set, even empty).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export class Tmux {
  readonly socket = `stt-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    readonly width = 120,
    readonly height = 40,
  ) {}

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /**
   * Runs `argv` after printing a marker; when it ends, the shell prints `EXIT=<code>` and stays,
   * so the test can read the exit code and see the screen the program left behind.
   */
  start(argv: string[], env: Record<string, string | undefined> = {}): void {
    const unset = ['CI', ...Object.keys(env).filter((k) => env[k] === undefined)]
      .map((k) => `-u ${k}`)
      .join(' ');
    const set = Object.entries(env)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${quote(v ?? '')}`)
      .join(' ');
    const cmd = `echo BEFORE-TUI; env ${unset} ${set} ${argv.map(quote).join(' ')}; echo EXIT=$?; exec sleep 600`;
    this.tmux('new-session', '-d', '-x', String(this.width), '-y', String(this.height), cmd);
  }

  capture(): string {
    try {
      return this.tmux('capture-pane', '-p');
    } catch {
      return '';
    }
  }

  /** PID of the pane's shell (which becomes `sleep` once the program has ended). */
  panePid(): number {
    return Number(this.tmux('list-panes', '-F', '#{pane_pid}').trim());
  }

  resize(width: number, height: number): void {
    this.tmux('resize-window', '-x', String(width), '-y', String(height));
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', ...keys);
  }

  async until(check: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = this.capture();
      if (check(screen)) return screen;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }
}

/**
 * PIDs of live processes whose argv holds every one of `args` as a whole argument (so the tmux
 * server and shell, whose command lines merely mention them, do not count).
 */
export function processesWithArgs(...args: string[]): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Zombies have exited already.
      if (/^\d+ \(.*\) Z/.test(stat)) continue;
      if (args.every((a) => argv.includes(a))) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** redis-server processes listening on `port` (their argv ends in `*:port` or `127.0.0.1:port`). */
export function redisServersOnPort(port: string | number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/^\d+ \(.*\) Z/.test(stat)) continue;
      if (
        /redis-server/.test(stat) &&
        (cmdline.includes(`:${port}`) || cmdline.split('\0').includes(String(port)))
      ) {
        pids.push(Number(name));
      }
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Live processes below `root` (children, grandchildren…), zombies excluded. */
export function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name: state, ppid.
      const m = stat.match(/\) (\S) (\d+)/);
      if (m && m[1] !== 'Z') parent.set(Number(name), Number(m[2]));
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const [pid, ppid] of parent) if (frontier.includes(ppid)) next.push(pid);
    out.push(...next);
    frontier = next;
  }
  return out;
}
