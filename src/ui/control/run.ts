// Running an engine action from a key: confirmation first (every write asks `y`; on a protected
// context, the context's name typed out instead), then the result or error in the status line.
// Read-only is not checked here: the engine refuses, and its "read-only" error is what the status
// line shows.
import { errorMessage } from '../../errors.js';
import type { BulkOptions, BulkResult } from '../backend.js';
import { clean } from '../sanitize.js';
import { openOverlay, setStatus } from '../store.js';
import type { ControlContext } from './context.js';

/** Runs `fn`, then reports its message (or error) and refreshes. */
export async function runAction(ctx: ControlContext, fn: () => Promise<string>): Promise<void> {
  try {
    setStatus(ctx.store, clean(await fn()));
  } catch (error) {
    setStatus(ctx.store, clean(errorMessage(error)), true);
  } finally {
    ctx.refresh();
  }
}

/**
 * Asks `message` [y/N] and calls `go` on `y`. On a protected context the only answer that goes on
 * is the context's name typed out: this is the one place every write passes, so no key can skip
 * it. In read-only mode the question is pointless: `go` runs straight away so the engine's refusal
 * is shown at once. `onlyIfProtected`: writes that ask nothing elsewhere (enqueue) ask here too.
 */
export function confirmThen(
  ctx: ControlContext,
  message: string,
  go: () => unknown,
  opts: { onlyIfProtected?: boolean } = {},
): void {
  const context = ctx.backend.info.context;
  const typeName = context?.protected ? context.name : undefined;
  if (ctx.backend.actions.readOnly || (opts.onlyIfProtected && typeName === undefined)) {
    go();
    return;
  }
  openOverlay(ctx.store, {
    kind: 'confirm',
    message: clean(message),
    typeName,
    onYes: () => {
      openOverlay(ctx.store, null);
      go();
    },
  });
}

/** confirmThen + runAction: the shape of every single-item write. */
export function confirmAction(ctx: ControlContext, message: string, fn: () => Promise<string>): void {
  confirmThen(ctx, message, () => runAction(ctx, fn));
}

function describeBulk(verb: string, r: BulkResult): string {
  const parts = [`${verb} ${r.done} of ${r.total}`];
  if (r.skipped > 0) parts.push(`${r.skipped} skipped (gone, not JSON, or vetoed)`);
  if (r.cancelled) parts.push('cancelled; the rest is untouched');
  return parts.join(', ');
}

/** A bulk action with a progress overlay; Esc aborts between batches (nothing lost). */
export async function runBulk(
  ctx: ControlContext,
  label: string,
  verb: string,
  fn: (opts: BulkOptions) => Promise<BulkResult>,
): Promise<void> {
  const controller = new AbortController();
  const isMine = () => ctx.store.getState().overlay?.kind === 'progress';
  const cancel = () => {
    controller.abort();
    const o = ctx.store.getState().overlay;
    if (o?.kind === 'progress') openOverlay(ctx.store, { ...o, cancelling: true });
  };
  openOverlay(ctx.store, { kind: 'progress', label, done: 0, total: 0, cancel, cancelling: false });
  await runAction(ctx, async () => {
    try {
      const result = await fn({
        signal: controller.signal,
        onProgress: (done, total) => {
          const o = ctx.store.getState().overlay;
          if (o?.kind === 'progress') openOverlay(ctx.store, { ...o, done, total });
        },
      });
      ctx.store.setState({ marks: new Map() });
      return describeBulk(verb, result);
    } finally {
      if (isMine()) openOverlay(ctx.store, null);
    }
  });
}
