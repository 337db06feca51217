// The undo journal is one file per user, keyed by namespace; a console that switches between
// Redis servers (contexts) must never undo on one server what it did on another with the same
// namespace ("resque" everywhere). This journal keys its entries by server and database too.
import type { RedisTarget } from '../engine/connection.js';
import { Journal, type JournalEntry, type JournalOp, type LastOperation } from '../engine/journal.js';

/** host:port/db: the same Redis whatever URL, user or password reached it. */
export function journalScope(target: Pick<RedisTarget, 'host' | 'port' | 'db'>): string {
  return `${target.host}:${target.port}/${target.db}`;
}

export class ScopedJournal extends Journal {
  constructor(
    file: string,
    private readonly scope: string,
  ) {
    super(file);
  }

  private key(ns: string): string {
    return `${this.scope} ${ns}`;
  }

  override intent(id: string, op: JournalOp, ns: string, batch: number, entries: JournalEntry[]): void {
    super.intent(id, op, this.key(ns), batch, entries);
  }

  override last(ns: string): LastOperation | null {
    return super.last(this.key(ns));
  }
}
