// `snapshot [--json]`: one read of the picture, for scripts and CI. Must stay free of Ink/React.
import { connectClient, describeRedisError, parseRedisTarget } from '../engine/connection.js';
import { ResqueKeys } from '../engine/keys.js';
import { Monitor } from '../engine/monitor.js';
import type { Snapshot } from '../engine/types.js';
import { UsageError, UserFacingError } from '../errors.js';
import { renderSnapshotText } from './snapshot-text.js';

export interface SnapshotOptions {
  redisUrl?: string;
  namespace: string;
  json: boolean;
  limit: number;
}

/** DESIGN.md's JSON: internal helper fields (exact stored strings, indexes) are left out. */
export function toContractJson(s: Snapshot): unknown {
  return {
    ...s,
    delayed: { ...s.delayed, next: s.delayed.next.map(({ stored: _s, ...rest }) => rest) },
    failed: { ...s.failed, items: s.failed.items.map(({ stored: _s, index: _i, ...rest }) => rest) },
  };
}

/** Reads one snapshot from a URL with a client that fails fast (no retries). */
export async function readSnapshot(redisUrl: string, namespace: string, limit: number): Promise<Snapshot> {
  const target = parseRedisTarget(redisUrl, namespace);
  const redis = await connectClient(target, { connectTimeoutMs: 4000 });
  try {
    return await new Monitor(redis, new ResqueKeys(namespace)).snapshot({
      failedLimit: limit,
      delayedLimit: limit,
    });
  } catch (error) {
    throw new UserFacingError(describeRedisError(error, target));
  } finally {
    redis.disconnect();
  }
}

export async function runSnapshot(opts: SnapshotOptions): Promise<number> {
  if (!opts.redisUrl) throw new UsageError('snapshot needs a Redis: pass --redis URL or set REDIS_URL');
  const target = parseRedisTarget(opts.redisUrl, opts.namespace);
  const snapshot = await readSnapshot(opts.redisUrl, opts.namespace, opts.limit);
  process.stdout.write(
    opts.json
      ? `${JSON.stringify(toContractJson(snapshot), null, 2)}\n`
      : renderSnapshotText(snapshot, target.display),
  );
  return 0;
}
