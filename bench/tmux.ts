// A real pseudo-terminal for the benchmark: the CLI runs in a detached tmux session
// (with CI removed from its environment, or Ink would draw nothing interactive).
import { execFileSync } from 'node:child_process';

export class TmuxSession {
  readonly socket = `bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    readonly width = 120,
    readonly height = 40,
  ) {}

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  start(command: string[]): void {
    this.tmux(
      'new-session',
      '-d',
      '-x',
      String(this.width),
      '-y',
      String(this.height),
      `env -u CI ${command.map((c) => JSON.stringify(c)).join(' ')}`,
    );
  }

  capture(): string {
    try {
      return this.tmux('capture-pane', '-p');
    } catch {
      return '';
    }
  }

  /** PID of the process running in the pane. */
  pid(): number {
    return Number(this.tmux('list-panes', '-F', '#{pane_pid}').trim());
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', ...keys);
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }
}
