// `:` opens a one-line command line; `:ctx` lists the named contexts (the contexts file, read
// now), `:ctx NAME` switches to one. The switching itself (connect, swap the backend, close the
// old one) belongs to whoever built the backend (commands/tui.ts): the UI only asks for it.
import { errorMessage } from '../../errors.js';
import { clean } from '../sanitize.js';
import { openOverlay, setStatus } from '../store.js';
import type { ControlContext } from './context.js';

/** A context as the list shows it: the URL already masked. */
export interface ContextEntry {
  name: string;
  label: string;
  color?: string;
  /** Masked URL. */
  display: string;
  namespace: string;
  readOnly: boolean;
  protected: boolean;
}

export interface ContextSwitcher {
  /** The contexts file, read at each call (edits apply without a restart); throws a one-line error. */
  list(): ContextEntry[];
  /** Why this console cannot switch (the sandbox), or undefined when it can. */
  readonly unavailable?: string;
  /**
   * Connects to the context, then swaps the console over to it (fresh data, same pane) and closes
   * the old connection. On failure it throws and the console stays where it was.
   */
  switchTo(name: string): Promise<void>;
}

export const COMMAND_HINT = 'ctx lists contexts · ctx NAME switches';

export function openCommandLine(ctx: ControlContext): void {
  openOverlay(ctx.store, {
    kind: 'prompt',
    label: '',
    hint: COMMAND_HINT,
    onSubmit: (v) => runCommand(ctx, v),
  });
}

/** Runs a typed command; returns an error to show under the line (the line stays open) or undefined. */
export function runCommand(ctx: ControlContext, text: string): string | undefined {
  const [command = '', ...rest] = text.trim().replace(/^:/, '').split(/\s+/);
  if (command === '') {
    openOverlay(ctx.store, null);
    return undefined;
  }
  if (command !== 'ctx' && command !== 'context')
    return `unknown command :${clean(command)} (${COMMAND_HINT})`;
  const sw = ctx.contexts;
  if (!sw) return 'contexts are not available here';
  const name = rest.join(' ');
  if (name === '') {
    try {
      sw.list();
    } catch (error) {
      return clean(errorMessage(error));
    }
    openOverlay(ctx.store, { kind: 'contexts' });
    return undefined;
  }
  openOverlay(ctx.store, null);
  void switchContext(ctx, name);
  return undefined;
}

/** Switches to `name`; a failure is shown and the console stays on the current target. */
export async function switchContext(ctx: ControlContext, name: string): Promise<void> {
  const sw = ctx.contexts;
  if (!sw) return;
  const here = ctx.backend.info.context?.name ?? clean(ctx.backend.info.display);
  if (name === ctx.backend.info.context?.name) {
    setStatus(ctx.store, `already on ${clean(name)}`);
    return;
  }
  if (sw.unavailable) {
    setStatus(ctx.store, clean(sw.unavailable), true);
    return;
  }
  setStatus(ctx.store, `connecting to ${clean(name)}…`);
  try {
    await sw.switchTo(name);
  } catch (error) {
    // The old store is still the one on screen: the console did not move.
    setStatus(
      ctx.store,
      `cannot switch to ${clean(name)}: ${clean(errorMessage(error))}; still on ${here}`,
      true,
    );
  }
}
