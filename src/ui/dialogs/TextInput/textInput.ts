// Single-line text editing as a pure function of a keypress (append, backspace); callers decide
// what Enter, Esc and Tab mean.
import type { Key } from 'ink';

/** The new value after `input`, or undefined when the key is not an edit. */
export function editText(value: string, input: string, key: Key): string | undefined {
  if (key.backspace || key.delete) return value.slice(0, -1);
  if (key.ctrl && input === 'u') return '';
  if (key.ctrl || key.meta || key.return || key.escape || key.tab) return undefined;
  if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown)
    return undefined;
  // Pasted text arrives as one string: keep it on one line.
  return input ? value + input.replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '') : undefined;
}
