// What each action key does in each pane. Every write goes through confirmThen/runBulk.
import type { DelayedJob, FailedItem, LockInfo, QueueInfo, WorkerInfo } from '../../engine/types.js';
import { formatDuration } from '../format.js';
import { Command } from '../keymap.js';
import { failedMatcher } from '../rows.js';
import { openOverlay, setStatus } from '../store.js';
import type { ControlContext } from './context.js';
import { selectedItem } from './navigation.js';
import { confirmAction, confirmThen, runAction, runBulk } from './run.js';

const name = (item: { class: string | null; queue: string | null }) =>
  `${item.class ?? '(not JSON)'} on ${item.queue ?? '?'}`;

function retryOne(ctx: ControlContext, item: FailedItem): void {
  const stored = item.stored ?? item.raw;
  if (stored === undefined) {
    setStatus(ctx.store, 'this entry cannot be addressed', true);
    return;
  }
  confirmAction(ctx, `Retry ${name(item)}?`, async () => {
    const r = await ctx.backend.actions.retryFailed(stored);
    if (r.status === 'retried') return `retried ${name(item)}`;
    if (r.status === 'missing') return 'already gone: retried or removed elsewhere';
    if (r.status === 'vetoed') throw new Error(`retry vetoed${r.reason ? `: ${r.reason}` : ''}`);
    throw new Error(`cannot retry: ${r.reason ?? 'the entry is not a valid job'}`);
  });
}

function removeOne(ctx: ControlContext, item: FailedItem): void {
  const stored = item.stored ?? item.raw;
  if (stored === undefined) {
    setStatus(ctx.store, 'this entry cannot be addressed', true);
    return;
  }
  confirmAction(ctx, `Remove failed ${name(item)}?`, async () =>
    (await ctx.backend.actions.removeFailed(stored)) ? `removed ${name(item)}` : 'already gone',
  );
}

function failedKey(ctx: ControlContext, retry: boolean): void {
  const s = ctx.store.getState();
  const marked = [...s.marks.values()];
  const a = ctx.backend.actions;
  if (marked.length > 0) {
    const verb = retry ? 'retried' : 'removed';
    confirmThen(ctx, `${retry ? 'Retry' : 'Remove'} ${marked.length} marked jobs?`, () =>
      runBulk(ctx, `${retry ? 'Retrying' : 'Removing'} ${marked.length} marked jobs`, verb, (o) =>
        retry ? a.retryFailedMany(marked, o) : a.removeFailedMany(marked, o),
      ),
    );
    return;
  }
  const item = selectedItem<FailedItem>(s);
  if (!item) return;
  if (retry) retryOne(ctx, item);
  else removeOne(ctx, item);
}

/** R / X: count what "all" means (with the filter) first, so the question states the number. */
async function failedAll(ctx: ControlContext, retry: boolean): Promise<void> {
  const s = ctx.store.getState();
  const text = s.filters.failed.trim();
  const filter = failedMatcher(text);
  const a = ctx.backend.actions;
  let count: number;
  try {
    if (!a.readOnly) setStatus(ctx.store, 'counting…');
    count = filter ? await a.countFailed(filter) : (s.snapshot?.failed.total ?? (await a.countFailed()));
  } catch (error) {
    return runAction(ctx, () => Promise.reject(error));
  }
  const what = `${count} failed jobs${filter ? ` matching "${text}"` : ''}`;
  const verb = retry ? 'retried' : 'removed';
  confirmThen(ctx, `${retry ? 'Retry' : 'Remove'} all ${what}?`, () =>
    runBulk(ctx, `${retry ? 'Retrying' : 'Removing'} ${what}`, verb, (o) =>
      retry ? a.retryAllFailed({ ...o, filter }) : a.removeAllFailed({ ...o, filter }),
    ),
  );
}

/** Parses "90s", "10m", "2h", "1d" or plain seconds into ms; undefined when invalid. */
export function parseAge(text: string): number | undefined {
  const m = text.trim().match(/^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i);
  if (!m) return undefined;
  const unit =
    { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's').toLowerCase()] ?? 1000;
  const ms = Number(m[1]) * unit;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

function cleanOlder(ctx: ControlContext): void {
  openOverlay(ctx.store, {
    kind: 'prompt',
    label: 'Clean workers idle or busy longer than',
    hint: 'e.g. 90s, 10m, 1h',
    onSubmit: (value) => {
      const ms = parseAge(value);
      if (ms === undefined) return 'type a duration like 90s, 10m or 1h';
      openOverlay(ctx.store, null);
      confirmAction(ctx, `Clean every worker silent or busy for over ${formatDuration(ms)}?`, async () => {
        const cleaned = await ctx.backend.actions.cleanWorkersOlderThan(ms);
        return `cleaned ${cleaned.length} worker${cleaned.length === 1 ? '' : 's'}`;
      });
      return undefined;
    },
  });
}

/** The engine's refusal, shown before a form is filled in for nothing (n, C in read-only mode). */
const READ_ONLY = 'read-only: this console does not write to Redis';

/** Handles action commands in the current pane; returns false when `command` is not one here. */
export function act(ctx: ControlContext, command: Command): boolean {
  const s = ctx.store.getState();
  const a = ctx.backend.actions;
  const pane = s.pane;
  const opensForm = command === Command.Enqueue || (pane === 'workers' && command === Command.CleanOlder);
  if (opensForm && a.readOnly) {
    setStatus(ctx.store, READ_ONLY, true);
    return true;
  }
  if (command === Command.Enqueue) {
    openOverlay(ctx.store, { kind: 'enqueue' });
    return true;
  }
  if (pane === 'failed') {
    if (command === Command.Retry || command === Command.Remove) failedKey(ctx, command === Command.Retry);
    else if (command === Command.RetryAll || command === Command.RemoveAll)
      void failedAll(ctx, command === Command.RetryAll);
    else return false;
    return true;
  }
  if (pane === 'queues' && command === Command.Remove) {
    const q = selectedItem<QueueInfo>(s);
    if (q) {
      confirmAction(ctx, `Delete queue "${q.name}" and its ${q.length} jobs?`, async () => {
        const n = await a.deleteQueue(q.name);
        return `deleted queue ${q.name} (${n} jobs)`;
      });
    }
    return true;
  }
  if (pane === 'delayed' && (command === Command.Remove || command === Command.RunNow)) {
    const job = selectedItem<DelayedJob>(s);
    if (!job) return true;
    if (command === Command.RunNow) {
      confirmAction(ctx, `Run ${name(job)} now?`, async () =>
        (await a.runDelayedNow(job)) ? `moved ${name(job)} to its queue` : 'already gone',
      );
    } else {
      confirmAction(ctx, `Delete delayed ${name(job)}?`, async () =>
        (await a.removeDelayed(job)) ? `deleted delayed ${name(job)}` : 'already gone',
      );
    }
    return true;
  }
  if (pane === 'locks' && command === Command.Remove) {
    const lock = selectedItem<LockInfo>(s);
    if (lock) {
      confirmAction(ctx, `Delete lock ${lock.key}?`, async () =>
        (await a.deleteLock(lock.key)) ? `deleted lock ${lock.key}` : 'lock already gone',
      );
    }
    return true;
  }
  if (pane === 'workers' && command === Command.Clean) {
    const w = selectedItem<WorkerInfo>(s);
    if (w) {
      const entry = w.entry ?? w.name;
      const extra = w.job ? ' Its current job goes to the failed list.' : '';
      confirmAction(ctx, `Clean worker ${w.name}?${extra}`, async () => {
        const r = await a.cleanWorker(entry);
        return `cleaned ${w.name}${r.failed ? '; its job went to failed' : ''}`;
      });
    }
    return true;
  }
  if (pane === 'workers' && command === Command.CleanOlder) {
    cleanOlder(ctx);
    return true;
  }
  return false;
}
