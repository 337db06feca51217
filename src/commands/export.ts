// `export failed [--filter TEXT]` / `export queue NAME`: the entries of a list as NDJSON on
// stdout (format in src/engine/ndjson.ts), oldest first, exact stored bytes. Reads in LRANGE
// windows so a 50,000-entry list never costs Redis more than one window at a time, and waits for
// stdout to drain so a slow reader holds back the reads instead of filling memory.
import type { Redis } from 'ioredis';
import { connectClient, describeRedisError, parseRedisTarget } from '../engine/connection.js';
import { ResqueKeys } from '../engine/keys.js';
import { type EntryKind, encodeEntry, entryMatcher } from '../engine/ndjson.js';
import { UsageError, UserFacingError } from '../errors.js';

export interface ExportOptions {
  what: string;
  queue?: string;
  filter?: string;
  redisUrl?: string;
  namespace: string;
}

export const EXPORT_WINDOW = 1000;

interface Source {
  kind: EntryKind;
  key: string;
  queue?: string;
  label: string;
}

function sourceOf(opts: ExportOptions, keys: ResqueKeys): Source {
  if (opts.what === 'failed') {
    if (opts.queue !== undefined) throw new UsageError('export failed takes no queue name');
    return { kind: 'failed', key: keys.failed, label: 'failed entries' };
  }
  if (opts.what === 'queue') {
    if (!opts.queue) throw new UsageError('export queue needs a queue name: export queue NAME');
    return { kind: 'job', key: keys.queue(opts.queue), queue: opts.queue, label: `jobs of ${opts.queue}` };
  }
  throw new UsageError(`export what? "${opts.what}": expected "failed" or "queue NAME"`);
}

function drainedOrGone(out: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const event of ['drain', 'close', 'error']) out.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'error']) out.once(event, done);
  });
}

/** Writes to stdout, waiting for it to drain; false once the reader has gone (EPIPE). */
class Output {
  private closed = false;
  private failure: Error | null = null;
  constructor(private readonly out: NodeJS.WriteStream) {
    out.on('error', (error: NodeJS.ErrnoException) => {
      this.closed = true;
      if (error.code !== 'EPIPE') this.failure = error;
    });
  }

  async write(chunk: string): Promise<boolean> {
    if (!this.closed && chunk && !this.out.write(chunk)) {
      await drainedOrGone(this.out);
    }
    if (this.failure) throw new UserFacingError(`cannot write the export: ${this.failure.message}`);
    return !this.closed;
  }

  async flush(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => this.out.write('', () => resolve()));
  }
}

function progress(enabled: boolean) {
  return (done: number, total: number, matched: number, filtered: boolean) => {
    if (!enabled) return;
    const tail = filtered ? `, ${matched} matched` : '';
    process.stderr.write(`\r\x1b[Kexport: read ${done} of ${total}${tail}`);
  };
}

async function exportList(redis: Redis, source: Source, opts: ExportOptions): Promise<number> {
  const total = await redis.llen(source.key);
  if (total === 0 && source.queue !== undefined) {
    const known = await redis.sismember(new ResqueKeys(opts.namespace).queues, source.queue);
    if (!known) throw new UserFacingError(`no queue "${source.queue}" in namespace ${opts.namespace}`);
  }
  const matches = entryMatcher(opts.filter);
  const tty = process.stderr.isTTY === true;
  const report = progress(tty);
  const out = new Output(process.stdout);
  let read = 0;
  let written = 0;
  // Entries appended while we read (new failures) are left for the next export; a list others
  // shorten from the head meanwhile (workers, retries) may shift windows: not a point in time.
  while (read < total) {
    const end = Math.min(read + EXPORT_WINDOW, total) - 1;
    const window = await redis.lrangeBuffer(source.key, read, end);
    if (window.length === 0) break;
    read += window.length;
    let chunk = '';
    for (const stored of window) {
      if (matches && !matches(source.kind, stored.toString('utf8'))) continue;
      chunk += encodeEntry({ kind: source.kind, queue: source.queue, stored });
      written++;
    }
    if (!(await out.write(chunk))) break;
    report(read, total, written, matches !== null);
  }
  await out.flush();
  if (tty) process.stderr.write(`\r\x1b[Kexported ${written} ${source.label} (read ${read} of ${total})\n`);
  return 0;
}

export async function runExport(opts: ExportOptions): Promise<number> {
  const keys = new ResqueKeys(opts.namespace);
  const source = sourceOf(opts, keys);
  if (!opts.redisUrl) throw new UsageError('export needs a Redis: pass --redis URL or set REDIS_URL');
  const target = parseRedisTarget(opts.redisUrl, opts.namespace);
  const redis = await connectClient(target, { connectTimeoutMs: 4000 });
  try {
    return await exportList(redis, source, opts);
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError(describeRedisError(error, target));
  } finally {
    redis.disconnect();
  }
}
