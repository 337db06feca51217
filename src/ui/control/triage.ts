// The triage view's commands: F scans the failed list into groups (progress, Esc cancels), r / x
// retry / remove a whole group through the engine's bulk path after a `y` that states the count.
import { groupFilter } from '../../engine/triage.js';
import { errorMessage } from '../../errors.js';
import {
  groupName,
  moveIn,
  progressed,
  scanned,
  scanning,
  selectedGroup,
  type TriageView,
} from '../dialogs/Triage/triageState.js';
import { Command } from '../keymap.js';
import { clean } from '../sanitize.js';
import { openOverlay, setStatus } from '../store.js';
import type { ControlContext } from './context.js';
import { confirmThen, runAction, runBulk } from './run.js';

function update(ctx: ControlContext, cancel: () => void, fn: (v: TriageView) => TriageView): boolean {
  const v = ctx.store.getState().triage;
  // A closed view, or a newer scan, ignores what an older scan reports.
  if (!v || v.cancel !== cancel) return false;
  ctx.store.setState({ triage: fn(v) });
  return true;
}

/** Opens the view (or rescans it): groups the whole failed list, window by window. */
export async function startTriage(ctx: ControlContext): Promise<void> {
  const run = ctx.backend.triage;
  if (!run) {
    setStatus(ctx.store, 'failure triage is not available here', true);
    return;
  }
  const controller = new AbortController();
  const cancel = () => controller.abort();
  ctx.store.setState((s) => ({ triage: scanning(s.triage, cancel) }));
  try {
    const result = await run({
      signal: controller.signal,
      onProgress: (done, total) => update(ctx, cancel, (v) => progressed(v, done, total)),
    });
    if (result.cancelled) {
      if (ctx.store.getState().triage?.cancel === cancel) ctx.store.setState({ triage: null });
      setStatus(ctx.store, 'triage cancelled');
      return;
    }
    if (update(ctx, cancel, (v) => scanned(v, result, Date.now()))) {
      setStatus(ctx.store, `${result.total} failed jobs in ${result.groups.length} groups`);
    }
  } catch (error) {
    if (ctx.store.getState().triage?.cancel === cancel) ctx.store.setState({ triage: null });
    setStatus(ctx.store, clean(errorMessage(error)), true);
  }
}

function closeTriage(ctx: ControlContext): void {
  const v = ctx.store.getState().triage;
  if (!v) return;
  if (v.phase === 'scanning') {
    // The scan stops before its next window and reports "cancelled", which closes the view.
    v.cancel();
    return;
  }
  ctx.store.setState({ triage: null });
}

/** r / x on the selected group: recount now (the list may have changed), ask, then bulk. */
async function actOnGroup(ctx: ControlContext, retry: boolean): Promise<void> {
  const v = ctx.store.getState().triage;
  const group = v?.phase === 'ready' ? selectedGroup(v) : undefined;
  if (!group) return;
  const a = ctx.backend.actions;
  const filter = groupFilter(group.key);
  let count = group.count;
  if (!a.readOnly) {
    // Read-only skips this: the engine refuses the action at once, no need to count first.
    try {
      setStatus(ctx.store, 'counting…');
      count = await a.countFailed(filter);
    } catch (error) {
      return runAction(ctx, () => Promise.reject(error));
    }
  }
  const what = `${count} failed job${count === 1 ? '' : 's'} of ${groupName(group)} ("${clean(group.error)}")`;
  const verb = retry ? 'retried' : 'removed';
  confirmThen(ctx, `${retry ? 'Retry' : 'Remove'} all ${what}?`, async () => {
    await runBulk(ctx, `${retry ? 'Retrying' : 'Removing'} ${what}`, verb, (o) =>
      retry ? a.retryAllFailed({ ...o, filter }) : a.removeAllFailed({ ...o, filter }),
    );
    // The groups changed: read them again (unless the view was closed meanwhile).
    if (!a.readOnly && ctx.store.getState().triage) void startTriage(ctx);
  });
}

/** A key in the triage view (no dialog open above it); `page` is the number of visible rows. */
export function triageCommand(ctx: ControlContext, command: Command, page: number): void {
  const v = ctx.store.getState().triage;
  if (!v) return;
  switch (command) {
    case Command.Back:
    case Command.Quit:
      closeTriage(ctx);
      return;
    case Command.Help:
      openOverlay(ctx.store, { kind: 'help' });
      return;
    case Command.Triage:
      if (v.phase === 'ready') void startTriage(ctx);
      return;
    case Command.Open: {
      const g = v.phase === 'ready' ? selectedGroup(v) : undefined;
      if (g) openOverlay(ctx.store, { kind: 'detail', item: g.sample });
      return;
    }
    case Command.Retry:
    case Command.Remove:
      void actOnGroup(ctx, command === Command.Retry);
      return;
    default:
      if (v.phase === 'ready') ctx.store.setState({ triage: moveIn(v, command, page) });
  }
}
