// Shared setup for the engine tests: one real redis-server per test file, flushed before every
// test, a fresh TaskEngine per test, and helpers that read Redis's own command counters.
import type { Redis } from 'ioredis';
import { Queue } from 'node-resque';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { parseRedisTarget } from '../../src/engine/connection.js';
import { TaskEngine } from '../../src/engine/tasks-api.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

export interface EngineContext {
  redis: TestRedis;
  /** A client for the test's own reads and writes (not the engine's). */
  admin: Redis;
  engine: TaskEngine;
  /** Another engine on the same Redis. */
  newEngine(readOnly?: boolean): TaskEngine;
  /** A plain, connected node-resque Queue, to compare with what node-resque itself reports. */
  resque(jobs?: ConstructorParameters<typeof Queue>[1]): Promise<Queue>;
}

export function setupEngine(): EngineContext {
  const queues: Queue[] = [];
  const ctx = {} as EngineContext;
  beforeAll(async () => {
    ctx.redis = await startTestRedis();
    ctx.admin = ctx.redis.client();
    ctx.newEngine = (readOnly = false) =>
      new TaskEngine(ctx.redis.client(), parseRedisTarget(ctx.redis.url, 'resque'), readOnly);
    ctx.resque = async (jobs = {}) => {
      const queue = new Queue({ connection: { host: '127.0.0.1', port: ctx.redis.port } }, jobs);
      queue.on('error', () => {});
      await queue.connect();
      queues.push(queue);
      return queue;
    };
  });
  beforeEach(async () => {
    await ctx.redis.flush();
    ctx.engine = ctx.newEngine();
  });
  afterAll(async () => {
    await Promise.all(queues.map((q) => q.end().catch(() => {})));
    await ctx.redis?.stop();
  });
  return ctx;
}

/** Polls `check` until it returns something truthy; fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Calls per command from INFO commandstats (`get`, `client|setname`, …). */
export async function commandCalls(admin: Redis): Promise<Map<string, number>> {
  const info = await admin.info('commandstats');
  const calls = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(m[1], Number(m[2]));
  return calls;
}

/** Commands (with how often) Redis executed while `fn` ran, counted by Redis itself. */
export async function commandsDuring(admin: Redis, fn: () => Promise<unknown>): Promise<Map<string, number>> {
  const before = await commandCalls(admin);
  await fn();
  const after = await commandCalls(admin);
  const delta = new Map<string, number>();
  for (const [name, n] of after) {
    const d = n - (before.get(name) ?? 0);
    if (d > 0) delta.set(name, d);
  }
  // The INFO that took the "before" reading counts in the "after" one.
  const info = (delta.get('info') ?? 0) - 1;
  if (info > 0) delta.set('info', info);
  else delta.delete('info');
  return delta;
}

export function total(calls: Map<string, number>): number {
  return [...calls.values()].reduce((a, b) => a + b, 0);
}

/** The commands among `names` that can change data: flagged `write`, or scripts/transactions. */
export async function writeCommands(admin: Redis, names: Iterable<string>): Promise<string[]> {
  const writes: string[] = [];
  for (const name of names) {
    if (['eval', 'evalsha', 'fcall', 'exec', 'multi'].includes(name)) {
      writes.push(name);
      continue;
    }
    const [info] = (await admin.call('COMMAND', 'INFO', name)) as [unknown[] | null];
    const flags = (info?.[2] as string[] | undefined) ?? [];
    if (flags.includes('write')) writes.push(name);
  }
  return writes;
}

/** A failed-list entry as node-resque's worker writes it; the same arguments give the same string. */
export function failedEntry(
  queue: string,
  klass: string,
  args: unknown[],
  error = 'boom',
  at = new Date('2024-05-01T10:00:00Z'),
) {
  return JSON.stringify({
    worker: 'host:1234+1',
    queue,
    payload: { class: klass, queue, args },
    exception: 'Error',
    error,
    backtrace: [`Error: ${error}`, '    at perform (job.js:1:1)'],
    failed_at: at.toString(),
  });
}

export interface Seen {
  name: string;
  args: string[];
  /** True when a Lua script issued the command (it ran inside one atomic EVAL). */
  lua: boolean;
}

/** Every command Redis received while `fn` ran, as MONITOR reports them. */
export async function monitorDuring(ctx: EngineContext, fn: () => Promise<unknown>): Promise<Seen[]> {
  const monitor = await ctx.redis.client().monitor();
  const seen: Seen[] = [];
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    seen.push({ name: String(args[0]).toLowerCase(), args: args.slice(1), lua: source === 'lua' });
  });
  const token = `monitor-end-${Math.random()}`;
  try {
    await fn();
  } finally {
    await ctx.admin.echo(token);
    await waitFor(() => seen.some((s) => s.name === 'echo' && s.args[0] === token), 5000, 'MONITOR echo');
    monitor.disconnect();
  }
  return seen.slice(
    0,
    seen.findIndex((s) => s.name === 'echo' && s.args[0] === token),
  );
}
