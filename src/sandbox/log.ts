// The sandbox's in-memory log: a bounded ring buffer the TUI's Logs pane reads and
// `sandbox` prints. Bounded so a chatty periodic task cannot grow memory without limit.

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEntry {
  at: number;
  level: LogLevel;
  message: string;
  data?: unknown;
}

export interface SandboxLog {
  entries(): LogEntry[];
  subscribe(listener: (entry: LogEntry) => void): () => void;
}

export interface WritableLog extends SandboxLog {
  write(level: LogLevel, message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

export function createLog(capacity = 2000): WritableLog {
  const buffer: LogEntry[] = [];
  let start = 0; // index of the oldest entry once the buffer is full
  const listeners = new Set<(entry: LogEntry) => void>();

  function write(level: LogLevel, message: string, data?: unknown): void {
    const entry: LogEntry =
      data === undefined ? { at: Date.now(), level, message } : { at: Date.now(), level, message, data };
    if (buffer.length < capacity) buffer.push(entry);
    else {
      buffer[start] = entry;
      start = (start + 1) % capacity;
    }
    for (const listener of listeners) {
      try {
        listener(entry);
      } catch {
        // A broken listener (e.g. a closed stdout) must not break the worker that logged.
      }
    }
  }

  return {
    entries: () => [...buffer.slice(start), ...buffer.slice(0, start)],
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    write,
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
}

/** Maps Stellar/winston level names (`warning`, `crit`, `debug`, …) onto the three we keep. */
export function normalizeLevel(level: unknown): LogLevel {
  const l = typeof level === 'string' ? level.toLowerCase() : '';
  if (l === 'warn' || l === 'warning') return 'warn';
  if (l === 'error' || l === 'crit' || l === 'critical' || l === 'alert' || l === 'emerg' || l === 'fatal') {
    return 'error';
  }
  return 'info';
}
