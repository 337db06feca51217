// Locks come from a SCAN over the whole keyspace, too costly for every refresh: the cache scans
// in the background (COUNT 1000) at most every `ttlMs` and serves TTLs counted down locally.
import type { Redis } from 'ioredis';
import type { ResqueKeys } from './keys.js';
import type { LockInfo } from './types.js';

// Large enough that a scan of a big keyspace is a few dozen round trips; each call still
// blocks Redis for only about a millisecond.
export const SCAN_COUNT = 5000;

/** Every key matching a pattern, with SCAN COUNT ≥ 1000 (never KEYS). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}

interface CachedLock {
  key: string;
  kind: 'queue' | 'worker';
  /** Epoch ms the lock expires, or null without expiry. */
  expiresAt: number | null;
}

/** Lock caches per client, so a lock deleted through Actions disappears from every monitor at once. */
const cachesByClient = new WeakMap<Redis, Set<WeakRef<LockCache>>>();

/** Drops a deleted lock (key without namespace) from every cache reading `namespace` over `redis`. */
export function forgetLock(redis: Redis, namespace: string, key: string): void {
  const caches = cachesByClient.get(redis);
  if (!caches) return;
  for (const ref of caches) {
    const cache = ref.deref();
    if (!cache) caches.delete(ref);
    else if (cache.namespace === namespace) cache.forget(key);
  }
}

export class LockCache {
  private locks: CachedLock[] = [];
  private scannedAt = 0;
  private inFlight?: Promise<void>;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ResqueKeys,
    private readonly ttlMs = 5000,
  ) {
    let caches = cachesByClient.get(redis);
    if (!caches) {
      caches = new Set();
      cachesByClient.set(redis, caches);
    }
    caches.add(new WeakRef(this));
  }

  get namespace(): string {
    return this.keys.namespace;
  }

  /** Current locks; starts a background rescan when the cache is stale (first call waits). */
  async get(now = Date.now()): Promise<LockInfo[]> {
    if (this.scannedAt === 0) await this.rescan();
    else if (now - this.scannedAt > this.ttlMs && !this.inFlight) void this.rescan().catch(() => {});
    return this.locks
      .map((l) => ({
        key: l.key,
        kind: l.kind,
        ttlSeconds: l.expiresAt === null ? -1 : Math.max(0, Math.ceil((l.expiresAt - now) / 1000)),
      }))
      .filter((l) => l.ttlSeconds !== 0);
  }

  /** Forget a lock now (after deleting it) instead of waiting for the next scan. */
  forget(key: string): void {
    this.locks = this.locks.filter((l) => l.key !== key);
  }

  invalidate(): void {
    this.scannedAt = 0;
  }

  rescan(): Promise<void> {
    this.inFlight ??= this.scan().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async scan(): Promise<void> {
    // One pass over the keyspace for both kinds (`lock:` and `workerslock:`), classified here.
    const queuePrefix = this.keys.key('lock:');
    const workerPrefix = this.keys.key('workerslock:');
    type Found = { full: string; kind: 'queue' | 'worker' };
    const all = (await scanKeys(this.redis, this.keys.anyLockPattern)).flatMap((full): Found[] =>
      full.startsWith(queuePrefix)
        ? [{ full, kind: 'queue' as const }]
        : full.startsWith(workerPrefix)
          ? [{ full, kind: 'worker' as const }]
          : [],
    );
    const pipeline = this.redis.pipeline();
    for (const l of all) pipeline.pttl(l.full);
    const ttls = all.length > 0 ? ((await pipeline.exec()) ?? []) : [];
    const now = Date.now();
    this.locks = all
      .map((l, i) => {
        const ttl = Number(ttls[i]?.[1] ?? -2);
        return {
          key: this.keys.strip(l.full),
          kind: l.kind,
          expiresAt: ttl >= 0 ? now + ttl : ttl === -1 ? null : -1,
        };
      })
      .filter((l) => l.expiresAt !== -1)
      .sort((a, b) => a.key.localeCompare(b.key));
    this.scannedAt = now;
  }
}
