// Scroll position of a long text view, as a reducer over movement commands.
import { Command } from '../../keymap.js';
import { clamp } from '../../selection.js';

export function scroll(top: number, command: Command, lineCount: number, height: number): number {
  const max = Math.max(0, lineCount - height);
  switch (command) {
    case Command.Up:
      return clamp(top - 1, 0, max);
    case Command.Down:
      return clamp(top + 1, 0, max);
    case Command.PageUp:
      return clamp(top - height, 0, max);
    case Command.PageDown:
      return clamp(top + height, 0, max);
    case Command.Top:
      return 0;
    case Command.Bottom:
      return max;
    default:
      return top;
  }
}
