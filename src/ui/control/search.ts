// The search view's commands: Ctrl-F opens the query input for the failed list or a queue, Enter
// scans the whole list in Redis (matches stream in, Esc cancels), and in the results r / x retry /
// remove exactly the selected failed entry (its stored string), R / X every match found, after `y`.
import { errorMessage } from '../../errors.js';
import type { SearchMatch, SearchTarget } from '../backend.js';
import {
  dropMatch,
  editQuery,
  finished,
  inputView,
  MAX_RESULTS,
  moveIn,
  progressed,
  refused,
  type SearchView,
  selectedMatch,
  started,
  targetName,
  toggleMode,
} from '../dialogs/Search/searchState.js';
import { formatCount } from '../format.js';
import { Command } from '../keymap.js';
import { clean } from '../sanitize.js';
import { openOverlay, setStatus } from '../store.js';
import type { ControlContext } from './context.js';
import { confirmAction, confirmThen, runBulk } from './run.js';

function update(ctx: ControlContext, cancel: () => void, fn: (v: SearchView) => SearchView): boolean {
  const v = ctx.store.getState().search;
  // A closed view, or a newer scan, ignores what an older scan reports.
  if (!v || v.cancel !== cancel) return false;
  ctx.store.setState({ search: fn(v) });
  return true;
}

function set(ctx: ControlContext, fn: (v: SearchView) => SearchView): void {
  const v = ctx.store.getState().search;
  if (v) ctx.store.setState({ search: fn(v) });
}

/** Ctrl-F: the query input for `target` (the last query is kept when it is the same list). */
export function openSearch(ctx: ControlContext, target: SearchTarget): void {
  if (!ctx.backend.search) {
    setStatus(ctx.store, 'search is not available here', true);
    return;
  }
  ctx.store.setState((s) => ({ search: inputView(target, s.search) }));
}

/** Scans the whole list for the typed query; matches stream into the view a window at a time. */
export async function startSearch(ctx: ControlContext): Promise<void> {
  const run = ctx.backend.search;
  const v = ctx.store.getState().search;
  if (!run || !v || v.phase === 'scanning') return;
  const controller = new AbortController();
  const cancel = () => controller.abort();
  ctx.store.setState({ search: started(v, cancel) });
  // Matches are handed over once per window, not one store update (and redraw) each.
  const pending: SearchMatch[] = [];
  const flush = (scanned: number, total: number) =>
    update(ctx, cancel, (w) => progressed(w, pending.splice(0), scanned, total));
  try {
    const r = await run({
      target: v.target,
      query: v.query,
      mode: v.mode,
      maxMatches: MAX_RESULTS,
      signal: controller.signal,
      onMatch: (m) => pending.push(m),
      onProgress: flush,
    });
    flush(r.scanned, r.total);
    if (!update(ctx, cancel, (w) => finished(w, r))) return;
    const found = `${formatCount(r.matches)} match${r.matches === 1 ? '' : 'es'} in ${formatCount(r.scanned)} of ${formatCount(r.total)}`;
    setStatus(ctx.store, r.cancelled ? `search cancelled: ${found}` : `search done: ${found}`);
  } catch (error) {
    // Invalid query (nothing was read) or Redis trouble: back to the input, saying why.
    update(ctx, cancel, (w) => refused(w, clean(errorMessage(error))));
  }
}

/** Esc: cancel a running scan (results so far stay); otherwise close the view. */
function back(ctx: ControlContext): void {
  const v = ctx.store.getState().search;
  if (!v) return;
  if (v.phase === 'scanning') v.cancel();
  else ctx.store.setState({ search: null });
}

const nameOf = (m: SearchMatch) =>
  m.kind === 'failed'
    ? `${m.item.class ?? '(not JSON)'} on ${m.item.queue ?? '?'}`
    : `${m.job.class ?? '(not JSON)'} on ${m.job.queue ?? '?'}`;

function failedOnly(ctx: ControlContext, v: SearchView): boolean {
  if (v.target.kind === 'failed') return true;
  setStatus(ctx.store, 'r / x act on failed jobs: search the Failed pane (6) to retry or remove', true);
  return false;
}

/** r / x: exactly the selected entry, by its stored string; it leaves the results once done. */
function actOnMatch(ctx: ControlContext, retry: boolean): void {
  const v = ctx.store.getState().search;
  if (!v || !failedOnly(ctx, v)) return;
  const m = selectedMatch(v);
  if (!m) return;
  const a = ctx.backend.actions;
  const what = nameOf(m);
  const gone = () => set(ctx, (w) => dropMatch(w, m));
  if (retry) {
    confirmAction(ctx, `Retry ${what}?`, async () => {
      const r = await a.retryFailed(m.stored);
      if (r.status === 'retried' || r.status === 'missing') gone();
      if (r.status === 'retried') return `retried ${what}`;
      if (r.status === 'missing') return 'already gone: retried or removed elsewhere';
      if (r.status === 'vetoed') throw new Error(`retry vetoed${r.reason ? `: ${r.reason}` : ''}`);
      throw new Error(`cannot retry: ${r.reason ?? 'the entry is not a valid job'}`);
    });
  } else {
    confirmAction(ctx, `Remove failed ${what}?`, async () => {
      const removed = await a.removeFailed(m.stored);
      gone();
      return removed ? `removed ${what}` : 'already gone';
    });
  }
}

/** R / X: every match found (the exact stored strings), in batches with progress; then rescan. */
function actOnAll(ctx: ControlContext, retry: boolean): void {
  const v = ctx.store.getState().search;
  if (!v || !failedOnly(ctx, v)) return;
  if (v.phase === 'scanning') {
    setStatus(
      ctx.store,
      'the scan is still running: wait for it (or Esc) before acting on all matches',
      true,
    );
    return;
  }
  const stored = v.matches.map((m) => m.stored);
  if (stored.length === 0) return;
  const a = ctx.backend.actions;
  const partial = v.cancelled || v.limited ? ' found so far' : '';
  const what = `${stored.length} matching failed job${stored.length === 1 ? '' : 's'}${partial}`;
  const verb = retry ? 'retried' : 'removed';
  confirmThen(ctx, `${retry ? 'Retry' : 'Remove'} the ${what}?`, async () => {
    await runBulk(ctx, `${retry ? 'Retrying' : 'Removing'} the ${what}`, verb, (o) =>
      retry ? a.retryFailedMany(stored, o) : a.removeFailedMany(stored, o),
    );
    // The list changed: search again (unless the view was closed or moved on meanwhile).
    if (!a.readOnly && ctx.store.getState().search?.phase === 'done') void startSearch(ctx);
  });
}

/** A key in the results (no dialog open, not typing); `page` is the number of visible rows. */
export function searchCommand(ctx: ControlContext, command: Command, page: number): void {
  const v = ctx.store.getState().search;
  if (!v) return;
  switch (command) {
    case Command.Back:
    case Command.Quit:
      back(ctx);
      return;
    case Command.Help:
      openOverlay(ctx.store, { kind: 'help' });
      return;
    case Command.Search:
      if (v.phase !== 'scanning') ctx.store.setState({ search: { ...v, phase: 'input', error: null } });
      return;
    case Command.Open: {
      const m = selectedMatch(v);
      if (m?.kind === 'failed') openOverlay(ctx.store, { kind: 'detail', item: m.item });
      return;
    }
    case Command.Retry:
    case Command.Remove:
      actOnMatch(ctx, command === Command.Retry);
      return;
    case Command.RetryAll:
    case Command.RemoveAll:
      actOnAll(ctx, command === Command.RetryAll);
      return;
    default:
      ctx.store.setState({ search: moveIn(v, command, page) });
  }
}

/** Typing the query: Enter searches, Tab switches substring / regex, Esc closes the view. */
export function searchInput(ctx: ControlContext, key: 'enter' | 'tab' | 'escape' | { text: string }): void {
  const v = ctx.store.getState().search;
  if (v?.phase !== 'input') return;
  if (key === 'escape') ctx.store.setState({ search: null });
  else if (key === 'tab') ctx.store.setState({ search: toggleMode(v) });
  else if (key === 'enter') {
    if (v.query === '')
      ctx.store.setState({ search: refused(v, `type what to look for in ${targetName(v.target)}`) });
    else void startSearch(ctx);
  } else ctx.store.setState({ search: editQuery(v, key.text) });
}
