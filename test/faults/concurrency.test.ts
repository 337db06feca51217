// Actions racing other consoles, producers and workers on one real Redis: every job ends in
// exactly one place, and removals hit only the exact entries the user confirmed.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Actions } from '../../src/engine/actions.js';
import { ResqueKeys } from '../../src/engine/keys.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { failedEntry } from '../helpers/seed.js';

const keys = new ResqueKeys('resque');
const entry = (id: string, q = 'a') => failedEntry(q, 'job', [id], `failed ${id}`);
const idOf = (stored: string): string => {
  const v = JSON.parse(stored);
  return String((v.payload ?? v).args[0]);
};

/** How often each id occurs in the failed list and in queue `q`. */
async function census(admin: Redis, q = 'a') {
  const failed = (await admin.lrange('resque:failed', 0, -1)).map(idOf);
  const queued = (await admin.lrange(`resque:queue:${q}`, 0, -1)).map(idOf);
  const count = new Map<string, number>();
  for (const id of [...failed, ...queued]) count.set(id, (count.get(id) ?? 0) + 1);
  return { failed, queued, count };
}

describe('actions under concurrency', () => {
  let redis: TestRedis;
  let admin: Redis;
  let one: Actions;
  let two: Actions;

  beforeAll(async () => {
    redis = await startTestRedis();
    admin = redis.client();
    // Two consoles: two connections, two Actions.
    one = new Actions(redis.client(), keys, { readOnly: false });
    two = new Actions(redis.client(), keys, { readOnly: false });
  });
  beforeEach(async () => {
    await redis.flush();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('two consoles retrying the same failed job at once: exactly one re-enqueue, every round', async () => {
    const rounds = 300;
    for (let i = 0; i < rounds; i++) {
      // Neighbours on both sides, so the entry is not simply the only one.
      await admin.rpush('resque:failed', entry(`before${i}`), entry(`r${i}`), entry(`after${i}`));
      const [x, y] = await Promise.all([one.retryFailed(entry(`r${i}`)), two.retryFailed(entry(`r${i}`))]);
      expect([x.status, y.status].sort(), `round ${i}`).toEqual(['missing', 'retried']);
    }
    const { failed, queued } = await census(admin);
    expect(queued).toEqual(Array.from({ length: rounds }, (_, i) => `r${i}`));
    expect(failed).toHaveLength(rounds * 2);
    expect(failed.filter((id) => id.startsWith('r'))).toEqual([]);
  });

  it('two consoles removing (or one retrying, one removing) the same entry: exactly one acts', async () => {
    for (let i = 0; i < 300; i++) {
      const stored = entry(`x${i}`);
      await admin.rpush('resque:failed', entry(`keep${i}`), stored);
      if (i % 2 === 0) {
        const results = await Promise.all([one.removeFailed(stored), two.removeFailed(stored)]);
        expect(results.sort(), `round ${i}`).toEqual([false, true]);
      } else {
        const [retry, removed] = await Promise.all([one.retryFailed(stored), two.removeFailed(stored)]);
        expect(Number(retry.status === 'retried') + Number(removed), `round ${i}`).toBe(1);
      }
    }
    const { failed, count } = await census(admin);
    expect(failed).toEqual(Array.from({ length: 300 }, (_, i) => `keep${i}`));
    for (const [id, n] of count) expect(n, id).toBe(1);
  });

  it('retry-all while a producer adds failures and a worker fails retried jobs again: nothing lost or doubled', async () => {
    const initial = 3000;
    for (let i = 0; i < initial; i += 500)
      await admin.rpush('resque:failed', ...Array.from({ length: 500 }, (_, k) => entry(`old${i + k}`)));
    const producer = redis.client();
    const worker = redis.client();
    let stop = false;
    let produced = 0;
    let refailed = 0;
    const produce = (async () => {
      // Mostly at the tail, as workers do; sometimes at the head, shifting every index.
      while (!stop) {
        const id = `new${produced++}`;
        if (produced % 4 === 0) await producer.lpush('resque:failed', entry(id));
        else await producer.rpush('resque:failed', entry(id));
      }
    })();
    // A worker taking jobs off the queue and failing them at once (one atomic step, so each id
    // is always somewhere we can count).
    const fail = (async () => {
      while (!stop) {
        const moved = await worker.eval(
          `local job = redis.call('LPOP', KEYS[1])
           if not job then return 0 end
           local id = cjson.decode(job).args[1]
           redis.call('RPUSH', KEYS[2], cjson.encode({worker='w', queue='a', error='again',
             payload={class='job', queue='a', args={id}}, failed_at=ARGV[1]}))
           return 1`,
          2,
          'resque:queue:a',
          'resque:failed',
          new Date().toString(),
        );
        refailed += Number(moved);
      }
    })();
    let producedDuring = 0;
    const result = await one.retryAllFailed({
      batchSize: 25,
      onProgress: () => {
        producedDuring = produced;
      },
    });
    stop = true;
    await Promise.all([produce, fail]);

    expect(result.cancelled).toBe(false);
    expect(result.done).toBeGreaterThanOrEqual(initial);
    expect(producedDuring).toBeGreaterThan(0); // the producer really ran alongside
    expect(refailed).toBeGreaterThan(0); // and so did the worker
    const { count } = await census(admin);
    const expected = [
      ...Array.from({ length: initial }, (_, i) => `old${i}`),
      ...Array.from({ length: produced }, (_, i) => `new${i}`),
    ];
    expect(count.size).toBe(expected.length);
    const wrong = expected.filter((id) => count.get(id) !== 1);
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  for (const [gone, untouched] of [
    [10, 0],
    // The newest 64 marks are gone: the walk ends at the next one and leaves the 27 between.
    [100, 27],
  ]) {
    it(`remove-all never touches failures that arrive while it runs, even when another console removes the newest ${gone} meanwhile`, async () => {
      const old = Array.from({ length: 1000 }, (_, i) => entry(`old${i}`));
      await admin.rpush('resque:failed', ...old);
      const other = redis.client();
      const arrived = Array.from({ length: 100 }, (_, i) => entry(`new${i}`));
      let first = true;
      const result = await one.removeAllFailed({
        batchSize: 10,
        onProgress: () => {
          if (!first) return;
          first = false;
          // Sent at once, not awaited: they land between this window and the next.
          void other.eval(
            "for i = 1, #ARGV do redis.call('LREM', KEYS[1], 1, ARGV[i]) end",
            1,
            'resque:failed',
            ...old.slice(1000 - gone),
          );
          for (const e of arrived) void other.rpush('resque:failed', e);
        },
      });
      await other.ping();
      const kept = old.slice(1000 - gone - untouched, 1000 - gone);
      expect(result).toMatchObject({ done: 1000 - gone - untouched, cancelled: false });
      expect(await admin.lrange('resque:failed', 0, -1)).toEqual([...kept, ...arrived]);
    });
  }

  it('removeFailedMany removes exactly the confirmed strings while the list shifts around them', async () => {
    const all = Array.from({ length: 1000 }, (_, i) => entry(`e${i}`));
    await admin.rpush('resque:failed', ...all);
    // Same JSON value, other key order: another entry as far as the user is concerned.
    const lookalike = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(all[500])).reverse()));
    await admin.rpush('resque:failed', lookalike);
    const confirmed = all.filter((_, i) => i % 5 === 0);
    const interferer = redis.client();
    let stop = false;
    const removedByOthers = new Set<string>();
    let inserted = 0;
    const shift = (async () => {
      for (let i = 0; !stop; i++) {
        // Insert at the head (every index moves) and remove unconfirmed neighbours.
        await interferer.lpush('resque:failed', entry(`head${inserted++}`));
        const victim = all[(i * 7 + 1) % all.length];
        if (!confirmed.includes(victim) && (await interferer.lrem('resque:failed', 1, victim)) > 0)
          removedByOthers.add(victim);
      }
    })();
    const result = await one.removeFailedMany(confirmed, { batchSize: 7 });
    stop = true;
    await shift;

    expect(inserted).toBeGreaterThan(0);
    expect(result).toMatchObject({ done: confirmed.length, skipped: 0, cancelled: false });
    const left = await admin.lrange('resque:failed', 0, -1);
    const expected = [
      ...Array.from({ length: inserted }, (_, i) => entry(`head${i}`)).reverse(),
      ...all.filter((s) => !confirmed.includes(s) && !removedByOthers.has(s)),
      lookalike,
    ];
    expect(left).toEqual(expected);
  });
});
