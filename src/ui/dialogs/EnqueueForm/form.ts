// The enqueue form as data: fields, a reducer over edits, and validation that decides whether
// anything is sent (an invalid form sends nothing and says why next to the field).
import type { Key } from 'ink';
import type { TaskDef } from '../../backend.js';
import { editText } from '../TextInput/textInput.js';

export const FIELDS = ['task', 'queue', 'args', 'delay'] as const;
export type Field = (typeof FIELDS)[number];

export interface FormState {
  values: Record<Field, string>;
  focus: Field;
  /** Shown after the first submit attempt, then kept current while typing. */
  errors: Partial<Record<Field, string>>;
  submitted: boolean;
  /** Index into the loaded tasks the task field was last filled from. */
  taskPick: number;
  /** The queue was typed by hand: picking a task no longer overwrites it. */
  queueTouched: boolean;
}

export type FormAction =
  | { type: 'key'; input: string; key: Key }
  | { type: 'focus'; delta: 1 | -1 }
  | { type: 'pickTask'; delta: 1 | -1; tasks: TaskDef[] }
  | { type: 'submitted'; errors: Partial<Record<Field, string>> };

export function initialForm(): FormState {
  return {
    values: { task: '', queue: 'default', args: '[]', delay: '' },
    focus: 'task',
    errors: {},
    submitted: false,
    taskPick: -1,
    queueTouched: false,
  };
}

export function formReducer(state: FormState, action: FormAction): FormState {
  switch (action.type) {
    case 'key': {
      // Computed here, not in the input handler, so keys arriving before a re-render are not lost.
      const value = editText(state.values[state.focus], action.input, action.key);
      if (value === undefined) return state;
      const values = { ...state.values, [state.focus]: value };
      const errors = state.submitted ? validate(values).errors : state.errors;
      return { ...state, values, errors, queueTouched: state.queueTouched || state.focus === 'queue' };
    }
    case 'focus': {
      const i = (FIELDS.indexOf(state.focus) + action.delta + FIELDS.length) % FIELDS.length;
      return { ...state, focus: FIELDS[i] };
    }
    case 'pickTask': {
      if (action.tasks.length === 0) return state;
      const n = action.tasks.length;
      const pick = (((state.taskPick + action.delta) % n) + n) % n;
      const task = action.tasks[pick];
      const values = {
        ...state.values,
        task: task.name,
        queue: state.queueTouched ? state.values.queue : task.queue,
      };
      return { ...state, values, taskPick: pick };
    }
    case 'submitted':
      return { ...state, errors: action.errors, submitted: true };
  }
}

export interface EnqueueInput {
  class: string;
  queue: string;
  args: unknown[];
  delayMs?: number;
}

const DELAY_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function validate(values: Record<Field, string>): {
  input?: EnqueueInput;
  errors: Partial<Record<Field, string>>;
} {
  const errors: Partial<Record<Field, string>> = {};
  const cls = values.task.trim();
  const queue = values.queue.trim();
  if (!cls) errors.task = 'task is required';
  if (!queue) errors.queue = 'queue is required';
  let args: unknown[] = [];
  try {
    const parsed: unknown = JSON.parse(values.args.trim() || '[]');
    if (Array.isArray(parsed)) args = parsed;
    else errors.args = 'args must be a JSON array, e.g. [] or [{"to":"a@b.c"}]';
  } catch (error) {
    errors.args = `invalid JSON: ${(error as Error).message}`;
  }
  let delayMs: number | undefined;
  const delay = values.delay.trim();
  if (delay) {
    const m = delay.match(/^(-?\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i);
    if (!m) errors.delay = 'delay must be a number of seconds, or like 30s, 5m, 1h';
    else if (Number(m[1]) < 0) errors.delay = 'delay cannot be negative';
    else delayMs = Number(m[1]) * (DELAY_UNITS[(m[2] ?? 's').toLowerCase()] ?? 1000);
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { input: { class: cls, queue, args, ...(delayMs ? { delayMs } : {}) }, errors };
}
