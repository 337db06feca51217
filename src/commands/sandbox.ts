// `stellar-tasks-tui sandbox`: the sandbox headless. The first stdout line is
// `REDIS_URL=redis://127.0.0.1:PORT` (scripts wait for it), then one line per log entry.
// Runs until SIGINT or SIGTERM, then shuts down cleanly and exits 0.
import type { LogEntry } from '../sandbox/log.js';
import { startSandbox } from '../sandbox/sandbox.js';

export interface SandboxCommandOptions {
  tasksDir?: string;
  port?: number;
  shutdownTimeoutMs?: number;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function time(at: number): string {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatEntry(entry: LogEntry): string {
  // One line per entry, whatever a task logged.
  const message = entry.message.replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  return `${time(entry.at)} ${entry.level.padEnd(5)} ${message}\n`;
}

function write(text: string): void {
  // A closed pipe (`sandbox | head`) must not crash the sandbox; errors are dropped.
  if (!process.stdout.destroyed) process.stdout.write(text, () => undefined);
}

export async function runSandbox(opts: SandboxCommandOptions): Promise<number> {
  process.stdout.on('error', () => undefined);
  // Listen before booting: a signal during start-up still stops what started.
  let signalled: NodeJS.Signals | undefined;
  let wake: (() => void) | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      // A second Ctrl-C: stop waiting for jobs (the sandbox's Redis dies with us anyway).
      process.exit(130);
    }
    signalled = signal;
    wake?.();
  };
  // SIGHUP: the terminal went away; stop as cleanly as for the other two.
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    const sandbox = await startSandbox({
      tasksDir: opts.tasksDir,
      port: opts.port,
      shutdownTimeoutMs: opts.shutdownTimeoutMs,
    });
    write(`REDIS_URL=${sandbox.url}\n`);
    for (const entry of sandbox.log.entries()) write(formatEntry(entry));
    const unsubscribe = sandbox.log.subscribe((entry) => write(formatEntry(entry)));
    if (!signalled) await new Promise<void>((resolve) => (wake = resolve));
    write(formatEntry({ at: Date.now(), level: 'info', message: `${signalled}: shutting down` }));
    await sandbox.stop();
    unsubscribe();
    return 0;
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}
