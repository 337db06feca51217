// The terminal is precious: enter the alternate screen once, and leave it on every way out
// (q, Ctrl-C, SIGINT, SIGTERM, SIGHUP, an uncaught error), exactly once.

const ENTER = '\u001b[?1049h';
const LEAVE = '\u001b[?1049l\u001b[?25h';

export type ExitReason =
  | { kind: 'quit' }
  | { kind: 'signal'; signal: NodeJS.Signals }
  | { kind: 'error'; error: unknown };

export interface TerminalSession {
  /** Resolves with why the session ended. */
  ended: Promise<ExitReason>;
  end(reason: ExitReason): void;
  /** Leaves the alternate screen and removes the process handlers (idempotent). */
  restore(): void;
}

export function enterTerminal(stdout: NodeJS.WriteStream = process.stdout): TerminalSession {
  let restored = false;
  let resolveEnded: (r: ExitReason) => void = () => undefined;
  const ended = new Promise<ExitReason>((resolve) => {
    resolveEnded = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => resolveEnded({ kind: 'signal', signal });
  const onError = (error: unknown) => {
    // Restore first: whatever happens next, the user gets their terminal back.
    restore();
    resolveEnded({ kind: 'error', error });
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  // Last resort if something exits the process without going through restore().
  const onExit = () => restore();

  function restore(): void {
    if (restored) return;
    restored = true;
    for (const s of signals) process.off(s, onSignal);
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
    process.off('exit', onExit);
    if (!stdout.destroyed) stdout.write(LEAVE);
  }

  for (const s of signals) process.on(s, onSignal);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  process.on('exit', onExit);
  stdout.write(ENTER);
  return { ended, end: (r) => resolveEnded(r), restore };
}

export function exitCodeFor(reason: ExitReason): number {
  if (reason.kind === 'quit') return 0;
  if (reason.kind === 'error') return 1;
  return reason.signal === 'SIGINT' ? 130 : reason.signal === 'SIGHUP' ? 129 : 143;
}
