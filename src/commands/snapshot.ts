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

/**
 * JSON.stringify escapes C0 controls but writes DEL, C1 controls (U+009B is a CSI to some
 * terminals), line separators and bidi overrides raw. They can only occur inside strings, so
 * escaping them everywhere gives the same JSON value that no terminal will act on.
 */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
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
  const text = opts.json
    ? `${terminalSafeJson(toContractJson(snapshot))}\n`
    : renderSnapshotText(snapshot, target.display);
  // Wait until a pipe took it all: the caller may exit right after, cutting a big snapshot.
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(text, (error) => (error ? reject(error) : resolve())),
  );
  return 0;
}
