// Seeds a Redis fast (pipelined, many values per command) with the benchmark's data set, in
// node-resque's layout. `scale` 1 = 1M queued, 100k delayed over 20k seconds, 50k failed.
// Queues, workers and locks do not scale: the refresh must cost the same at any job count.
import type { Redis } from 'ioredis';

export interface SeedSize {
  queued: number;
  delayed: number;
  delayedSeconds: number;
  failed: number;
  queues: number;
  workers: number;
  locks: number;
}

export function sizeFor(scale: number): SeedSize {
  return {
    queued: Math.round(1_000_000 * scale),
    delayed: Math.round(100_000 * scale),
    // At least a screenful of distinct seconds, so even the small run fills the delayed window.
    delayedSeconds: Math.max(60, Math.round(20_000 * scale)),
    failed: Math.round(50_000 * scale),
    queues: 10,
    workers: 200,
    locks: 1000,
  };
}

const job = (queue: string, klass: string, args: unknown[]) => JSON.stringify({ class: klass, queue, args });

function failedEntry(i: number, queue: string): string {
  return JSON.stringify({
    worker: `bench-host:${1000 + (i % 50)}+1`,
    queue,
    payload: { class: `task${i % 7}`, queue, args: [i, { user: `u${i}` }] },
    exception: 'Error',
    error: `request ${i} failed: timeout after 3000ms`,
    backtrace: ['Error: timeout', '    at perform (/app/tasks/t.js:10:5)', '    at Worker.perform'],
    failed_at: new Date(Date.now() - (50_000 - (i % 50_000)) * 1000).toString(),
  });
}

/** Adds `size` worth of data; `offset` lets a second call grow the same data set. */
export async function seed(redis: Redis, size: SeedSize, offset: Partial<SeedSize> = {}): Promise<void> {
  const queues = Array.from({ length: size.queues }, (_, i) => `queue${i}`);
  await redis.sadd('resque:queues', ...queues);

  // Queued jobs: RPUSH 1000 values per command, 100 commands per pipeline.
  const q0 = offset.queued ?? 0;
  for (let from = 0; from < size.queued; from += 100_000) {
    const p = redis.pipeline();
    for (let i = from; i < Math.min(size.queued, from + 100_000); i += 1000) {
      const end = Math.min(size.queued, from + 100_000, i + 1000);
      const q = queues[(i / 1000) % queues.length];
      const values: string[] = [];
      for (let j = i; j < end; j++) values.push(job(q, `task${j % 7}`, [q0 + j, 'payload']));
      p.rpush(`resque:queue:${q}`, ...values);
    }
    await p.exec();
  }

  // Delayed jobs spread over distinct seconds, each with its timestamps: back-reference.
  const d0 = offset.delayed ?? 0;
  const base = Math.floor(Date.now() / 1000) + 60 + (offset.delayedSeconds ?? 0);
  for (let from = 0; from < size.delayed; from += 10_000) {
    const p = redis.pipeline();
    const zadd: (string | number)[] = [];
    for (let j = from; j < Math.min(size.delayed, from + 10_000); j++) {
      const sec = base + (j % size.delayedSeconds);
      const q = queues[j % queues.length];
      const stored = job(q, 'later', [d0 + j]);
      p.rpush(`resque:delayed:${sec}`, stored);
      p.sadd(`resque:timestamps:${stored}`, `delayed:${sec}`);
      zadd.push(sec, String(sec));
    }
    p.zadd('resque:delayed_queue_schedule', ...zadd);
    await p.exec();
  }

  // Failed jobs: RPUSH 1000 per command.
  const f0 = offset.failed ?? 0;
  for (let from = 0; from < size.failed; from += 1000) {
    const values: string[] = [];
    for (let j = from; j < Math.min(size.failed, from + 1000); j++)
      values.push(failedEntry(f0 + j, queues[j % 10]));
    await redis.rpush('resque:failed', ...values);
  }
  await redis.incrby('resque:stat:processed', size.queued);
  await redis.incrby('resque:stat:failed', size.failed);

  if (offset.workers) return; // workers and locks are seeded once
  const p = redis.pipeline();
  const now = Date.now();
  for (let w = 0; w < size.workers; w++) {
    const name = `bench-host:${1000 + w}+1`;
    const entry = `${name}:${queues[w % queues.length]}`;
    p.sadd('resque:workers', entry);
    p.set(`resque:worker:${entry}:started`, Math.round(now / 1000));
    p.set(
      `resque:worker:ping:${name}`,
      JSON.stringify({ time: Math.round(now / 1000), name, queues: queues[w % 10] }),
    );
    if (w % 2 === 0) {
      const q = queues[w % queues.length];
      p.set(
        `resque:worker:${entry}`,
        JSON.stringify({
          run_at: new Date(now).toString(),
          queue: q,
          payload: JSON.parse(job(q, 'task1', [w])),
          worker: name,
        }),
      );
    }
  }
  for (let l = 0; l < size.locks; l++) {
    const kind = l % 2 === 0 ? 'lock' : 'workerslock';
    p.set(
      `resque:${kind}:task${l % 7}:queue${l % 10}:[${l}]`,
      String(Math.round(now / 1000) + 3600),
      'EX',
      3600,
    );
  }
  p.set('resque:resque_scheduler_leader_lock', 'bench-scheduler', 'EX', 3600);
  await p.exec();
}
