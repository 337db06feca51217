// The number of delayed jobs needs an LLEN per scheduled second: exact and inline when the whole
// schedule is already on screen, otherwise counted in the background and cached.
import type { Redis } from 'ioredis';
import type { ResqueKeys } from './keys.js';
import { toCount } from './parse.js';
import { scriptsAllowed, withScripts } from './scripts.js';

const BATCH = 10_000;
const SCRIPT_WINDOW = 5000;

/** Counters per client, so a change made through Actions starts a recount on every monitor. */
const countersByClient = new WeakMap<Redis, Set<WeakRef<DelayedTotal>>>();

/** Marks the cached totals of `namespace` over `redis` stale: the next snapshot recounts. */
export function delayedChanged(redis: Redis, namespace: string): void {
  for (const ref of countersByClient.get(redis) ?? []) {
    const counter = ref.deref();
    if (!counter) countersByClient.get(redis)?.delete(ref);
    else if (counter.namespace === namespace) counter.stale();
  }
}

export class DelayedTotal {
  private total = 0;
  private countedAt = 0;
  private inFlight?: Promise<void>;
  private scriptDenied = false;
  private changes = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ResqueKeys,
    private readonly ttlMs = 10_000,
  ) {
    let counters = countersByClient.get(redis);
    if (!counters) {
      counters = new Set();
      countersByClient.set(redis, counters);
    }
    counters.add(new WeakRef(this));
  }

  get namespace(): string {
    return this.keys.namespace;
  }

  /** The cached total is out of date: recount in the background on the next get(). */
  stale(): void {
    this.changes++;
    if (this.countedAt !== 0) this.countedAt = 1;
  }

  /** `known` is the exact total when the caller saw every scheduled job, else null. */
  async get(timestamps: number, known: number | null): Promise<number> {
    if (timestamps === 0) return 0;
    if (known !== null) {
      this.total = known;
      this.countedAt = Date.now();
      return known;
    }
    if (this.countedAt === 0) await this.recount();
    else if (Date.now() - this.countedAt > this.ttlMs && !this.inFlight) void this.recount().catch(() => {});
    return this.total;
  }

  recount(): Promise<void> {
    this.inFlight ??= this.count().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async count(): Promise<void> {
    const changesBefore = this.changes;
    const plain = this.scriptDenied || !scriptsAllowed(this.redis);
    this.total = plain ? await this.countPipelined() : await this.countInRedis();
    // A change made while counting may not be in this total: keep it stale for the next get().
    this.countedAt = this.changes === changesBefore ? Date.now() : 1;
  }

  /** In windows of a few thousand seconds, each summed by a short script (~1 ms of Redis). */
  private async countInRedis(): Promise<number> {
    const redis = withScripts(this.redis);
    let sum = 0;
    for (let start = 0; ; start += SCRIPT_WINDOW) {
      let result: [number, number];
      try {
        result = (await redis.countDelayed(
          this.keys.delayedSchedule,
          start,
          start + SCRIPT_WINDOW - 1,
          this.keys.key('delayed:'),
        )) as unknown as [number, number];
      } catch (error) {
        // A read-only ACL user may not run scripts: count with plain reads from now on.
        if (!/NOPERM/.test(String(error))) throw error;
        this.scriptDenied = true;
        return this.countPipelined();
      }
      sum += result[0];
      if (result[1] < SCRIPT_WINDOW) return sum;
    }
  }

  private async countPipelined(): Promise<number> {
    let sum = 0;
    for (let start = 0; ; start += BATCH) {
      const seconds = await this.redis.zrange(this.keys.delayedSchedule, start, start + BATCH - 1);
      if (seconds.length === 0) break;
      const pipeline = this.redis.pipeline();
      for (const sec of seconds) pipeline.llen(this.keys.delayed(sec));
      for (const [, n] of (await pipeline.exec()) ?? []) sum += toCount(n);
      if (seconds.length < BATCH) break;
    }
    return sum;
  }
}
