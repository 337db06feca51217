// The number of delayed jobs needs an LLEN per scheduled second: exact and inline when the whole
// schedule is already on screen, otherwise counted in the background and cached.
import type { Redis } from 'ioredis';
import type { ResqueKeys } from './keys.js';
import { toCount } from './parse.js';

const BATCH = 1000;

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
    let sum = 0;
    for (let start = 0; ; start += BATCH) {
      const seconds = await this.redis.zrange(this.keys.delayedSchedule, start, start + BATCH - 1);
      if (seconds.length === 0) break;
      const pipeline = this.redis.pipeline();
      for (const sec of seconds) pipeline.llen(this.keys.delayed(sec));
      for (const [, n] of (await pipeline.exec()) ?? []) sum += toCount(n);
      if (seconds.length < BATCH) break;
    }
    this.total = sum;
    this.countedAt = Date.now();
  }
}
