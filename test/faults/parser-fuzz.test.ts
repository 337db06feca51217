// Random entries (bytes, cut JSON, wrong shapes, huge numbers, deep nesting, control characters)
// in every key the snapshot reads: Monitor.snapshot never throws and keeps its promises (numbers
// are finite numbers, JSON round-trips), and the text renderer draws it without control
// characters. Deterministic per seed: FUZZ_SEED=<n> reruns one seed.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminalSafeJson, toContractJson } from '../../src/commands/snapshot.js';
import { renderSnapshotText } from '../../src/commands/snapshot-text.js';
import { ResqueKeys } from '../../src/engine/keys.js';
import { Monitor } from '../../src/engine/monitor.js';
import type { Snapshot } from '../../src/engine/types.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { Gen } from './fuzz-gen.js';

const SEEDS = process.env.FUZZ_SEED ? [Number(process.env.FUZZ_SEED)] : [1, 20_250_601, 0xdecaf, 777, 31_337];
const PER_SEED = 700; // entries written per seed, over all keys

async function fill(admin: Redis, g: Gen): Promise<void> {
  const p = admin.pipeline();
  const queues: string[] = [];
  for (let i = 0; i < PER_SEED; i++) {
    const roll = g.int(100);
    if (roll < 40) p.rpush('resque:failed', g.failedValue());
    else if (roll < 55) {
      const q = g.r() < 0.7 && queues.length > 0 ? g.pick(queues) : g.name();
      queues.push(q);
      p.sadd('resque:queues', q);
      p.rpush(`resque:queue:${q}`, g.jobValue());
    } else if (roll < 70) {
      const [member, score] = g.scheduleEntry();
      p.zadd('resque:delayed_queue_schedule', score, member);
      p.rpush(`resque:delayed:${member}`, g.jobValue());
    } else if (roll < 85) {
      const entry = g.workerEntry();
      p.sadd('resque:workers', entry);
      if (g.r() < 0.6) p.set(`resque:worker:${entry}`, g.workerJobValue());
      if (g.r() < 0.6) p.set(`resque:worker:ping:${entry.split(':').slice(0, 2).join(':')}`, g.pingValue());
      if (g.r() < 0.4) p.set(`resque:worker:${entry}:started`, g.scalar());
    } else if (roll < 92) {
      p.set(
        g.pick(['resque:stat:processed', 'resque:stat:failed', 'resque:resque_scheduler_leader_lock']),
        g.scalar(),
      );
    } else if (roll < 96) {
      p.set(`resque:${g.pick(['lock', 'workerslock'])}:${g.text(30)}`, g.scalar(), 'EX', 1 + g.int(1000));
    } else {
      // A key of the wrong type where the monitor expects another.
      const key = g.pick([
        'resque:stat:processed',
        `resque:queue:${g.pick(queues.length ? queues : ['q'])}`,
        `resque:delayed:${g.scheduleEntry()[0]}`,
        'resque:resque_scheduler_leader_lock',
      ]);
      p.del(key);
      p.hset(key, 'x', g.scalar());
    }
  }
  await p.exec();
}

/** Every number the contract promises, by path; null where null is allowed. */
function promisedNumbers(s: Snapshot): [string, unknown, boolean][] {
  const out: [string, unknown, boolean][] = [
    ['takenAt', s.takenAt, false],
    ['redis.usedMemoryBytes', s.redis.usedMemoryBytes, false],
    ['redis.connectedClients', s.redis.connectedClients, false],
    ['stats.processed', s.stats.processed, false],
    ['stats.failed', s.stats.failed, false],
    ['delayed.total', s.delayed.total, false],
    ['delayed.timestamps', s.delayed.timestamps, false],
    ['failed.total', s.failed.total, false],
  ];
  s.queues.forEach((q, i) => {
    out.push([`queues[${i}].length`, q.length, false]);
  });
  s.delayed.next.forEach((d, i) => {
    out.push([`delayed.next[${i}].at`, d.at, false]);
  });
  s.workers.forEach((w, i) => {
    out.push(
      [`workers[${i}].pingAt`, w.pingAt, true],
      [`workers[${i}].startedAt`, w.startedAt ?? null, true],
    );
    if (w.job) out.push([`workers[${i}].job.runAt`, w.job.runAt, true]);
  });
  s.locks.forEach((l, i) => {
    out.push([`locks[${i}].ttlSeconds`, l.ttlSeconds, false]);
  });
  s.failed.items.forEach((f, i) => {
    out.push([`failed.items[${i}].failedAt`, f.failedAt, true]);
  });
  return out;
}

function checkSnapshot(s: Snapshot): void {
  for (const [path, v, nullable] of promisedNumbers(s)) {
    if (nullable && v === null) continue;
    expect(Number.isFinite(v), `${path} = ${String(v)}`).toBe(true);
  }
  const str = (v: unknown) => v === null || typeof v === 'string';
  for (const f of s.failed.items) {
    expect(str(f.class) && str(f.queue) && str(f.error) && str(f.exception) && str(f.worker)).toBe(true);
    expect(Array.isArray(f.args)).toBe(true);
    expect(f.backtrace.every((l) => typeof l === 'string')).toBe(true);
  }
  for (const d of s.delayed.next) expect(str(d.class) && str(d.queue) && Array.isArray(d.args)).toBe(true);
  for (const w of s.workers) expect(typeof w.name === 'string' && Array.isArray(w.queues)).toBe(true);
  // Plain data: serialises, and what comes back serialises to the same text.
  const json = JSON.stringify(s);
  expect(JSON.stringify(JSON.parse(json))).toBe(json);
  // The command's own JSON: no raw control character a terminal would act on.
  expect(terminalSafeJson(toContractJson(s))).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  const text = renderSnapshotText(s, 'redis://fuzz');
  const controls = [...text].filter((c) => /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(c));
  expect(controls.map((c) => c.codePointAt(0))).toEqual([]);
}

describe('parser and renderer fuzz', () => {
  let redis: TestRedis;
  let admin: Redis;

  beforeAll(async () => {
    redis = await startTestRedis();
    admin = redis.client();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  for (const seed of SEEDS) {
    it(`seed ${seed} (rerun with FUZZ_SEED=${seed})`, async () => {
      await redis.flush();
      const g = new Gen(seed);
      await fill(admin, g);
      const monitor = new Monitor(redis.client(), new ResqueKeys('resque'), { lockCacheMs: 0 });
      const failedTotal = await admin.llen('resque:failed').catch(() => 0);
      const scheduled = await admin.zcard('resque:delayed_queue_schedule');
      // Page through everything so every entry goes through the parsers at least once.
      const pages = Math.max(Math.ceil(failedTotal / 100), Math.ceil(scheduled / 50), 1);
      let seen = 0;
      for (let page = 0; page < pages; page++) {
        const window = {
          failedOffset: page * 100,
          failedLimit: 100,
          delayedOffset: page * 50,
          delayedLimit: 100,
        };
        const s = await monitor.snapshot(window).catch((e: Error) => {
          throw new Error(`seed ${seed}, window ${JSON.stringify(window)}: snapshot threw ${e.stack}`);
        });
        try {
          checkSnapshot(s);
        } catch (e) {
          (e as Error).message = `seed ${seed}, window ${JSON.stringify(window)}: ${(e as Error).message}`;
          throw e;
        }
        seen += s.failed.items.length;
      }
      expect(seen).toBe(failedTotal);
    });
  }
});
