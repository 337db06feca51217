// Keybindings as data: the input hook matches against this table and the `?` overlay is
// generated from it, so what help says and what keys do cannot drift apart.
import type { Key } from 'ink';
import type { PaneId } from './panes.js';

export enum Command {
  Pane1 = 'pane1',
  Pane2 = 'pane2',
  Pane3 = 'pane3',
  Pane4 = 'pane4',
  Pane5 = 'pane5',
  Pane6 = 'pane6',
  Pane7 = 'pane7',
  NextPane = 'nextPane',
  PrevPane = 'prevPane',
  Up = 'up',
  Down = 'down',
  PageUp = 'pageUp',
  PageDown = 'pageDown',
  Top = 'top',
  Bottom = 'bottom',
  Open = 'open',
  Back = 'back',
  Filter = 'filter',
  Help = 'help',
  Quit = 'quit',
  Enqueue = 'enqueue',
  Mark = 'mark',
  Retry = 'retry',
  Remove = 'remove',
  RetryAll = 'retryAll',
  RemoveAll = 'removeAll',
  RunNow = 'runNow',
  Clean = 'clean',
  CleanOlder = 'cleanOlder',
  Triage = 'triage',
  Search = 'search',
  Undo = 'undo',
  CommandLine = 'commandLine',
}

/** One way to press a key: a literal input character, or a named Ink key flag (+ modifiers). */
export interface KeySpec {
  input?: string;
  key?: 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'tab';
  ctrl?: boolean;
  shift?: boolean;
}

export interface Binding {
  command: Command;
  keys: KeySpec[];
  /** How help shows the keys. */
  label: string;
  /** Pane-specific meaning; a binding listed under `panes` is active only there. */
  panes?: Partial<Record<PaneId, string>>;
  /** Meaning everywhere (global bindings). */
  help?: string;
}

const k = (input: string): KeySpec => ({ input });

export const DEFAULT_KEYMAP: Binding[] = [
  { command: Command.Pane1, keys: [k('1')], label: '1', help: 'Overview pane' },
  { command: Command.Pane2, keys: [k('2')], label: '2', help: 'Queues pane' },
  { command: Command.Pane3, keys: [k('3')], label: '3', help: 'Delayed pane' },
  { command: Command.Pane4, keys: [k('4')], label: '4', help: 'Workers pane' },
  { command: Command.Pane5, keys: [k('5')], label: '5', help: 'Locks pane' },
  { command: Command.Pane6, keys: [k('6')], label: '6', help: 'Failed pane' },
  { command: Command.Pane7, keys: [k('7')], label: '7', help: 'Logs pane' },
  { command: Command.NextPane, keys: [{ key: 'tab', shift: false }], label: 'Tab', help: 'next pane' },
  {
    command: Command.PrevPane,
    keys: [{ key: 'tab', shift: true }],
    label: 'Shift-Tab',
    help: 'previous pane',
  },
  { command: Command.Up, keys: [k('k'), { key: 'upArrow' }], label: 'k ↑', help: 'move up' },
  { command: Command.Down, keys: [k('j'), { key: 'downArrow' }], label: 'j ↓', help: 'move down' },
  {
    command: Command.PageUp,
    keys: [{ key: 'pageUp' }, { input: 'b', ctrl: true }],
    label: 'PgUp',
    help: 'page up',
  },
  {
    command: Command.PageDown,
    keys: [{ key: 'pageDown' }],
    label: 'PgDn',
    help: 'page down',
  },
  { command: Command.Top, keys: [k('g'), { key: 'home' }], label: 'g', help: 'first row' },
  { command: Command.Bottom, keys: [k('G'), { key: 'end' }], label: 'G', help: 'last row' },
  {
    command: Command.Open,
    keys: [{ key: 'return' }],
    label: 'Enter',
    panes: { queues: "list the queue's jobs", failed: 'open the failed job' },
  },
  { command: Command.Back, keys: [{ key: 'escape' }], label: 'Esc', help: 'back / clear the filter' },
  { command: Command.Filter, keys: [k('/')], label: '/', help: 'filter (class, queue, args, error)' },
  { command: Command.Help, keys: [k('?')], label: '?', help: 'this help' },
  { command: Command.Quit, keys: [k('q'), { input: 'c', ctrl: true }], label: 'q Ctrl-C', help: 'quit' },
  { command: Command.Enqueue, keys: [k('n')], label: 'n', help: 'enqueue a job' },
  { command: Command.Undo, keys: [k('u')], label: 'u', help: 'undo the last remove or retry' },
  {
    command: Command.CommandLine,
    keys: [k(':')],
    label: ':',
    help: 'command line: :ctx contexts',
  },
  { command: Command.Mark, keys: [k(' ')], label: 'Space', panes: { failed: 'mark / unmark the row' } },
  {
    command: Command.Retry,
    keys: [k('r')],
    label: 'r',
    panes: { failed: 'retry the selected (or marked) jobs' },
  },
  {
    command: Command.Remove,
    keys: [k('x')],
    label: 'x',
    panes: {
      queues: 'delete the queue',
      delayed: 'delete the delayed job',
      locks: 'delete the lock',
      failed: 'remove the selected (or marked) jobs',
    },
  },
  { command: Command.RetryAll, keys: [k('R')], label: 'R', panes: { failed: 'retry all (filtered) jobs' } },
  { command: Command.RemoveAll, keys: [k('X')], label: 'X', panes: { failed: 'remove all (filtered) jobs' } },
  {
    command: Command.Triage,
    keys: [k('F')],
    label: 'F',
    panes: { failed: 'failure triage: group by class and error; r/x a whole group' },
  },
  {
    command: Command.Search,
    keys: [{ input: 'f', ctrl: true }],
    label: 'Ctrl-F',
    panes: {
      failed: 'search the whole failed list in Redis (substring or regex)',
      queues: 'search the selected queue in Redis (substring or regex)',
    },
  },
  { command: Command.RunNow, keys: [k('e')], label: 'e', panes: { delayed: 'run the delayed job now' } },
  { command: Command.Clean, keys: [k('c')], label: 'c', panes: { workers: 'clean the selected worker' } },
  {
    command: Command.CleanOlder,
    keys: [k('C')],
    label: 'C',
    panes: { workers: 'clean workers older than an age' },
  },
];

function matches(spec: KeySpec, input: string, key: Key): boolean {
  if (spec.key) {
    if (!key[spec.key]) return false;
    if (spec.shift !== undefined && key.shift !== spec.shift) return false;
    return !!spec.ctrl === key.ctrl;
  }
  if (spec.input === undefined) return false;
  if (!!spec.ctrl !== key.ctrl) return false;
  return input === spec.input;
}

/** The command a keypress means in `pane`, or undefined. */
export function commandFor(
  input: string,
  key: Key,
  pane: PaneId,
  keymap: Binding[] = DEFAULT_KEYMAP,
): Command | undefined {
  for (const binding of keymap) {
    if (binding.panes && !(pane in binding.panes)) continue;
    if (binding.keys.some((spec) => matches(spec, input, key))) return binding.command;
  }
  return undefined;
}

export interface HelpRow {
  keys: string;
  does: string;
}

/** The help overlay's rows for one pane: pane-specific keys first, then the global ones. */
export function helpFor(pane: PaneId, keymap: Binding[] = DEFAULT_KEYMAP): HelpRow[] {
  const local: HelpRow[] = [];
  const global: HelpRow[] = [];
  for (const b of keymap) {
    if (b.panes) {
      const does = b.panes[pane];
      if (does) local.push({ keys: b.label, does });
    } else if (b.help) {
      global.push({ keys: b.label, does: b.help });
    }
  }
  return [...local, ...global];
}
