// Checks one export of a task file against the Stellar task format and turns it into the
// engine's TaskDefinition plus the function to run. Every problem is a message of the form
// `what is wrong`; the loader prefixes `file: export: `.
import type { TaskDefinition } from '../engine/tasks-api.js';

export type RunFunction = (this: unknown, api: unknown, params: unknown, next?: unknown) => unknown;

export interface ValidTask {
  definition: TaskDefinition;
  run: RunFunction;
  /** Plugins as node-resque receives them: names, or plugin classes a module passed. */
  plugins: unknown[];
}

/** node-resque's built-in plugins, by their case-sensitive names. */
export const KNOWN_PLUGINS = ['QueueLock', 'JobLock', 'DelayQueueLock', 'Retry', 'Noop'];
/** What Stellar adds to periodic tasks so one copy at most is queued, delayed or running. */
export const PERIODIC_PLUGINS = ['JobLock', 'QueueLock', 'DelayQueueLock'];

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

// Anything that can be a resque class name and a Redis key part: no blanks, no control chars.
const TASK_NAME = /^[^\s\p{Cc}]+$/u;

function pluginName(plugin: unknown): string | undefined {
  if (typeof plugin === 'string') return plugin;
  if (typeof plugin === 'function' && plugin.name) return plugin.name;
  return undefined;
}

export function validateTask(value: unknown): { task?: ValidTask; problems: string[] } {
  if (!isPlainObject(value)) {
    return { problems: ['not a task: expected an object with name and run'] };
  }
  const problems: string[] = [];
  const { name, run, description, queue, frequency, plugins, pluginOptions } = value;

  if (typeof name !== 'string' || name === '') problems.push('name is required (a non-empty string)');
  else if (!TASK_NAME.test(name))
    problems.push(`name "${name}" may not contain spaces or control characters`);
  if (typeof run !== 'function') {
    problems.push(run === undefined ? 'run is required (a function)' : 'run must be a function');
  }
  if (description !== undefined && typeof description !== 'string')
    problems.push('description must be a string');
  if (queue !== undefined && (typeof queue !== 'string' || !TASK_NAME.test(queue) || queue.includes(','))) {
    problems.push('queue must be a non-empty string without spaces or commas');
  }
  if (
    frequency !== undefined &&
    (typeof frequency !== 'number' || !Number.isFinite(frequency) || frequency < 0)
  ) {
    problems.push('frequency must be a number of milliseconds >= 0');
  }
  if (plugins !== undefined) {
    if (!Array.isArray(plugins)) problems.push('plugins must be an array of plugin names');
    else {
      for (const plugin of plugins) {
        const pname = pluginName(plugin);
        if (pname === undefined) problems.push(`plugins: ${String(plugin)} is not a plugin name`);
        else if (typeof plugin === 'string' && !KNOWN_PLUGINS.includes(plugin)) {
          problems.push(
            `plugins: unknown plugin "${pname}" (known, case-sensitive: ${KNOWN_PLUGINS.join(', ')})`,
          );
        }
      }
    }
  }
  if (pluginOptions !== undefined && !isPlainObject(pluginOptions)) {
    problems.push('pluginOptions must be an object keyed by plugin name');
  }
  if (problems.length > 0) return { problems };

  const freq = (frequency as number | undefined) ?? 0;
  const given = (plugins as unknown[] | undefined) ?? [];
  const all = [...given];
  if (freq > 0) for (const p of PERIODIC_PLUGINS) if (!given.some((g) => pluginName(g) === p)) all.push(p);
  const definition: TaskDefinition = {
    name: name as string,
    queue: (queue as string | undefined) ?? 'default',
    frequency: freq,
    plugins: all.map((p) => pluginName(p) as string),
    pluginOptions: { ...((pluginOptions as Record<string, unknown> | undefined) ?? {}) },
  };
  if (typeof description === 'string') definition.description = description;
  return { task: { definition, run: run as RunFunction, plugins: all }, problems: [] };
}
