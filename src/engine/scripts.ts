// Registers the Lua scripts on an ioredis client (EVALSHA with automatic EVAL fallback).
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

const lua = (name: string) => readFileSync(new URL(`./scripts/${name}.lua`, import.meta.url), 'utf8');

const SCRIPTS = {
  moveFailed: { numberOfKeys: 2, file: 'move-failed' },
  removeEntries: { numberOfKeys: 1, file: 'remove-entries' },
  delDelayedAt: { numberOfKeys: 2, file: 'del-delayed-at' },
  moveDelayed: { numberOfKeys: 5, file: 'move-delayed' },
  cleanWorker: { numberOfKeys: 8, file: 'clean-worker' },
  countDelayed: { numberOfKeys: 1, file: 'count-delayed' },
  failedWindow: { numberOfKeys: 1, file: 'failed-window' },
  undoRetry: { numberOfKeys: 1, file: 'undo-retry' },
} as const;

export type ScriptName = keyof typeof SCRIPTS;

type ScriptClient = Redis & Record<ScriptName, (...args: (string | number)[]) => Promise<number>>;

const sources = new Map<string, string>();

/** Clients of a read-only console: they send no script at all, not even a read-only one. */
const scriptFree = new WeakSet<Redis>();

/**
 * Marks `redis` as never sending EVAL/EVALSHA: Redis cannot tell a reading script from a writing
 * one (EVALSHA's keys are flagged read-write), so a read-only console keeps to plain reads.
 */
export function forbidScripts(redis: Redis): void {
  scriptFree.add(redis);
}

export function scriptsAllowed(redis: Redis): boolean {
  return !scriptFree.has(redis);
}

/** Defines the scripts once per client and returns it typed with them. */
export function withScripts(redis: Redis): ScriptClient {
  const client = redis as ScriptClient;
  for (const [name, spec] of Object.entries(SCRIPTS)) {
    if (typeof (client as unknown as Record<string, unknown>)[name] === 'function') continue;
    let source = sources.get(spec.file);
    if (!source) {
      source = lua(spec.file);
      sources.set(spec.file, source);
    }
    client.defineCommand(name, { numberOfKeys: spec.numberOfKeys, lua: source });
  }
  return client;
}
