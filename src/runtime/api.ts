// The `api` object handed to every run(api, params, next): the subset of Stellar's api a
// task can use outside a Stellar server. api.tasks exposes the engine's Stellar surface
// (promises, or a trailing node-style callback) but not end() or the raw connection.
import { normalizeLevel } from '../sandbox/log.js';

export const TASKS_METHODS = [
  'enqueue',
  'enqueueAt',
  'enqueueIn',
  'del',
  'delDelayed',
  'delQueue',
  'enqueueRecurrentJob',
  'stopRecurrentJob',
  'timestamps',
  'stats',
  'locks',
  'delLock',
  'delDelayedAt',
  'allDelayed',
  'workers',
  'details',
  'failedCount',
  'removeFailed',
  'retryAndRemoveFailed',
  'cleanOldWorkers',
  'failed',
  'queued',
  'delayedAt',
  'scheduledAt',
  'workingOn',
  'allWorkingOn',
] as const;

export interface TaskApi {
  id: string;
  tasks: Record<string, (...args: unknown[]) => unknown>;
  log(message: unknown, level?: string, data?: unknown): void;
  config: Readonly<Record<string, unknown>>;
}

export interface ApiOptions {
  id: string;
  engine: object;
  config: Record<string, unknown>;
  write(level: 'info' | 'warn' | 'error', message: string, data?: unknown): void;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export function createTaskApi(options: ApiOptions): TaskApi {
  const engine = options.engine as Record<string, unknown>;
  const tasks: Record<string, (...args: unknown[]) => unknown> = {};
  for (const method of TASKS_METHODS) {
    const fn = engine[method];
    if (typeof fn === 'function') tasks[method] = (...args: unknown[]) => fn.apply(engine, args);
  }
  // actionhero spells two of them differently; tasks written for it work too.
  if (tasks.enqueueRecurrentJob) tasks.enqueueRecurrentTask = tasks.enqueueRecurrentJob;
  if (tasks.stopRecurrentJob) tasks.stopRecurrentTask = tasks.stopRecurrentJob;
  return {
    id: options.id,
    tasks: Object.freeze(tasks),
    config: deepFreeze(structuredClone(options.config)),
    log(message: unknown, level?: string, data?: unknown) {
      const text = typeof message === 'string' ? message : String(message);
      options.write(normalizeLevel(level ?? 'info'), text, data);
    },
  };
}
