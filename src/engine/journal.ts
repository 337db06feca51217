// The undo journal: before a remove or retry reaches Redis, the exact entries are appended to
// a local NDJSON file; after it, which of them were acted on. Undo restores only entries the
// journal saw acted on, so an interrupted batch is never restored twice or made up.
import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export type JournalOp = 'remove' | 'retry';

export interface JournalEntry {
  /** Exact stored failed entry. */
  stored: string;
  /** For retries: the queue and the job JSON pushed there. */
  queue?: string;
  job?: string;
}

type Line =
  | {
      v: 1;
      phase: 'intent';
      id: string;
      op: JournalOp;
      ns: string;
      at: number;
      batch: number;
      entries: JournalEntry[];
    }
  | { v: 1; phase: 'done'; id: string; batch: number; acted: number[] }
  | { v: 1; phase: 'undone'; id: string; at: number };

export interface LastOperation {
  id: string;
  op: JournalOp;
  at: number;
  /** Entries the journal saw acted on. */
  acted: JournalEntry[];
  /** Entries of batches that started but whose outcome was never recorded (a crash). */
  unconfirmed: number;
}

/** `$STELLAR_TASKS_TUI_STATE_DIR`, else `$XDG_STATE_HOME/stellar-tasks-tui`, else ~/.local/state/…. */
export function defaultJournalPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir =
    env.STELLAR_TASKS_TUI_STATE_DIR ??
    join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'stellar-tasks-tui');
  return join(dir, 'journal.ndjson');
}

export class Journal {
  private sequence = 0;

  constructor(
    readonly file: string,
    /** Past this size the oldest half of the journal is dropped. */
    private readonly maxBytes = 20 * 1024 * 1024,
  ) {}

  /** A new operation id (unique across processes sharing the file). */
  newOperation(): string {
    this.sequence += 1;
    return `${Date.now().toString(36)}-${process.pid}-${this.sequence}`;
  }

  /** Written (synchronously, so it is on disk) before the batch reaches Redis. */
  intent(id: string, op: JournalOp, ns: string, batch: number, entries: JournalEntry[]): void {
    this.append({ v: 1, phase: 'intent', id, op, ns, at: Date.now(), batch, entries });
  }

  /** Which entries of the batch Redis acted on (indexes into its entries). */
  done(id: string, batch: number, flags: number[]): void {
    const acted = flags.flatMap((f, i) => (Number(f) === 1 ? [i] : []));
    this.append({ v: 1, phase: 'done', id, batch, acted });
  }

  undone(id: string): void {
    this.append({ v: 1, phase: 'undone', id, at: Date.now() });
  }

  /** The newest operation in this namespace that has not been undone, or null. */
  last(ns: string): LastOperation | null {
    const lines = this.read();
    const undone = new Set(lines.filter((l) => l.phase === 'undone').map((l) => l.id));
    let id: string | undefined;
    for (let i = lines.length - 1; i >= 0; i--) {
      const l = lines[i];
      if (l.phase === 'intent' && l.ns === ns && !undone.has(l.id)) {
        id = l.id;
        break;
      }
    }
    if (!id) return null;
    const intents = new Map<number, Extract<Line, { phase: 'intent' }>>();
    const done = new Map<number, number[]>();
    for (const l of lines) {
      if (l.id !== id) continue;
      if (l.phase === 'intent') intents.set(l.batch, l);
      else if (l.phase === 'done') done.set(l.batch, l.acted);
    }
    const first = [...intents.values()][0];
    const acted: JournalEntry[] = [];
    let unconfirmed = 0;
    for (const [batch, intent] of intents) {
      const indexes = done.get(batch);
      if (!indexes) unconfirmed += intent.entries.length;
      else for (const i of indexes) if (intent.entries[i]) acted.push(intent.entries[i]);
    }
    return { id, op: first.op, at: first.at, acted, unconfirmed };
  }

  private append(line: Line): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    appendFileSync(this.file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
    this.trim();
  }

  private trim(): void {
    let size = 0;
    try {
      size = statSync(this.file).size;
    } catch {
      return;
    }
    if (size <= this.maxBytes) return;
    const text = readFileSync(this.file, 'utf8');
    const cut = text.indexOf('\n', Math.floor(text.length / 2));
    writeFileSync(this.file, cut >= 0 ? text.slice(cut + 1) : '', { mode: 0o600 });
  }

  private read(): Line[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const lines: Line[] = [];
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      try {
        const line = JSON.parse(raw) as Line;
        if (line && line.v === 1 && typeof line.id === 'string') lines.push(line);
      } catch {
        // a line cut by a crash or by trimming: skip it
      }
    }
    return lines;
  }
}
