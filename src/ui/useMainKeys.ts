// The main view's keyboard: the keymap turns a keypress into a command, dispatch runs it.
// Dialogs read their own keys; Ctrl-C quits from anywhere.
import { type Key, useInput } from 'ink';
import { useControl, useUi } from './context.js';
import { dispatch } from './control/dispatch.js';
import { commandFor } from './keymap.js';

/** A keypress with no flag set (tests build keys from it too). */
export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * Keys typed faster than a read (or sent by a script) arrive as one string, which Ink reports as
 * a paste: split printable runs back into single keypresses.
 */
export function splitKeys(input: string, key: Key): [string, Key][] {
  if (input.length <= 1 || key.ctrl || key.meta || !/^[\x20-\x7e]+$/.test(input)) return [[input, key]];
  return [...input].map((ch) => [ch, { ...NO_KEY, shift: /[A-Z]/.test(ch) }]);
}

export function useMainKeys(): void {
  const ctx = useControl();
  // The triage and search views read their own keys (they stand in for the pane).
  const main = useUi(
    (s) => s.overlay === null && s.filterDraft === null && s.triage === null && s.search === null,
  );
  useInput(
    (input, key) => {
      for (const [ch, k] of splitKeys(input, key)) {
        const s = ctx.store.getState();
        // A key may open a dialog: the keys after it belong to the dialog, not to the list.
        if (s.overlay !== null || s.filterDraft !== null || s.triage !== null || s.search !== null) break;
        const command = commandFor(ch, k, s.pane);
        if (command) dispatch(ctx, command);
      }
    },
    { isActive: main },
  );
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') ctx.quit();
    },
    { isActive: !main },
  );
}
