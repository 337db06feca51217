// `u`: undo the last remove or retry from the local journal. The question says what and how many
// (read from the journal, not from Redis); the answer says how many entries came back.
import type { UndoResult } from '../backend.js';
import { setStatus } from '../store.js';
import type { ControlContext } from './context.js';
import { confirmThen, runAction } from './run.js';

const jobs = (n: number) => `${n} ${n === 1 ? 'job' : 'jobs'}`;

/** The question before an undo, from what the journal holds. */
export function undoQuestion(last: { op: 'remove' | 'retry'; count: number; unconfirmed: number }): string {
  const what =
    last.op === 'remove'
      ? `the last remove of ${last.count} failed ${last.count === 1 ? 'job' : 'jobs'}`
      : `the last retry of ${jobs(last.count)} (back to the failed list)`;
  return `Undo ${what}?`;
}

/** The status line after an undo. */
export function describeUndo(r: UndoResult): string {
  if (r.op === null) return 'nothing to undo';
  const parts =
    r.op === 'remove'
      ? [`undo: ${r.restored} failed ${r.restored === 1 ? 'job' : 'jobs'} back in the failed list`]
      : [`undo: ${jobs(r.restored)} back in failed`];
  if (r.skipped > 0) parts.push(`${r.skipped} already taken by workers`);
  if (r.unconfirmed > 0) parts.push(`${r.unconfirmed} of an interrupted batch left alone (see the journal)`);
  return parts.join(', ');
}

export async function undoLast(ctx: ControlContext): Promise<void> {
  const a = ctx.backend.actions;
  // Read-only: no question; the engine's refusal is what the user sees.
  if (a.readOnly) return runAction(ctx, async () => describeUndo(await a.undoLast()));
  let question = 'Undo the last remove or retry?';
  if (a.lastUndoable) {
    try {
      const last = await a.lastUndoable();
      if (!last) {
        setStatus(ctx.store, 'nothing to undo');
        return;
      }
      question = undoQuestion(last);
    } catch {
      // An unreadable journal: ask the generic question; undoLast reports what it finds.
    }
  }
  confirmThen(ctx, question, () => runAction(ctx, async () => describeUndo(await a.undoLast())));
}
