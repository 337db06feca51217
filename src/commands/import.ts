// `import FILE [--dry-run]`: re-enqueues an export (src/engine/ndjson.ts). Failed entries go back
// to their queue as the job node-resque would enqueue ({"class","queue","args"}); job lines are
// pushed with their exact stored bytes to their queue. Lines are read as a stream and written in
// MULTI batches, so a large file never sits in memory and each batch lands whole or not at all.
// Unusable lines are reported and skipped; --dry-run reads the file only and never connects.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Redis } from 'ioredis';
import { connectClient, describeRedisError, parseRedisTarget } from '../engine/connection.js';
import { ResqueKeys } from '../engine/keys.js';
import { decodeLine, type ExportEntry } from '../engine/ndjson.js';
import { encodeJob, parseFailed } from '../engine/parse.js';
import { errorMessage, UsageError, UserFacingError } from '../errors.js';

export interface ImportOptions {
  file: string;
  dryRun: boolean;
  redisUrl?: string;
  namespace: string;
}

export const IMPORT_BATCH = 500;
const REASONS_SHOWN = 10;

interface Push {
  queue: string;
  value: Buffer | string;
}

/** What an export line puts in which queue, or why it cannot be imported. */
export function planEntry(entry: ExportEntry): Push | { reason: string } {
  if (entry.kind === 'job') return { queue: entry.queue!, value: entry.stored };
  const text = entry.stored.toString('utf8');
  const item = parseFailed(text);
  if (item.class === null) {
    let json = true;
    try {
      JSON.parse(text);
    } catch {
      json = false;
    }
    return { reason: json ? 'failed entry without class' : 'failed entry is not JSON' };
  }
  if (!item.queue) return { reason: 'failed entry without queue' };
  return { queue: item.queue, value: encodeJob(item.queue, item.class, item.args) };
}

async function openInput(file: string): Promise<NodeJS.ReadableStream> {
  if (file === '-') return process.stdin;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new UsageError(`cannot read ${file}: it is a directory`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : errorMessage(error)}`);
  }
  const stream = createReadStream(file);
  // An unreadable file (EACCES) fails on open: surface that as the usage error it is.
  await new Promise<void>((resolve, reject) => {
    stream.once('ready', () => resolve());
    stream.once('error', (error) => reject(new UsageError(`cannot read ${file}: ${errorMessage(error)}`)));
  });
  return stream;
}

class Tally {
  readonly perQueue = new Map<string, number>();
  readonly skipped: string[] = [];
  jobs = 0;
  lastLine = 0;

  add(batch: Push[]): void {
    for (const p of batch) this.perQueue.set(p.queue, (this.perQueue.get(p.queue) ?? 0) + 1);
    this.jobs += batch.length;
  }

  describe(dryRun: boolean): string {
    const queues = [...this.perQueue].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const where = queues.length > 0 ? ` (${queues.map(([q, n]) => `${q} ${n}`).join(', ')})` : '';
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    let text = `${dryRun ? 'dry run: would import' : 'imported'} ${plural(this.jobs, 'job')} into ${plural(queues.length, 'queue')}${where}`;
    if (this.skipped.length > 0) {
      const shown = this.skipped.slice(0, REASONS_SHOWN).join(', ');
      const more =
        this.skipped.length > REASONS_SHOWN ? `, and ${this.skipped.length - REASONS_SHOWN} more` : '';
      text += `; skipped ${this.skipped.length}: ${shown}${more}`;
    }
    return dryRun ? `${text}; nothing written` : text;
  }
}

/** One MULTI per batch: queue names registered, jobs appended in file order per queue. */
async function writeBatch(redis: Redis, keys: ResqueKeys, batch: Push[]): Promise<void> {
  const byQueue = new Map<string, (Buffer | string)[]>();
  for (const p of batch) {
    const list = byQueue.get(p.queue);
    if (list) list.push(p.value);
    else byQueue.set(p.queue, [p.value]);
  }
  const multi = redis.multi().sadd(keys.queues, ...byQueue.keys());
  for (const [queue, values] of byQueue) multi.rpush(keys.queue(queue), ...values);
  const results = await multi.exec();
  const failure = results?.find(([error]) => error)?.[0];
  if (!results || failure) throw failure ?? new Error('the batch was not applied');
}

export async function runImport(opts: ImportOptions): Promise<number> {
  if (!opts.dryRun && !opts.redisUrl) {
    throw new UsageError('import needs a Redis: pass --redis URL or set REDIS_URL (or use --dry-run)');
  }
  const target = opts.redisUrl ? parseRedisTarget(opts.redisUrl, opts.namespace) : null;
  const input = await openInput(opts.file);
  const keys = new ResqueKeys(opts.namespace);
  const redis = opts.dryRun || !target ? null : await connectClient(target, { connectTimeoutMs: 4000 });
  const tally = new Tally();
  let batch: Push[] = [];
  let lineNo = 0;
  const soFar = () => `imported ${tally.jobs} jobs before that (through line ${tally.lastLine})`;
  const flush = async () => {
    if (batch.length === 0) return;
    if (redis && target) {
      try {
        await writeBatch(redis, keys, batch);
      } catch (error) {
        throw new UserFacingError(`${describeRedisError(error, target)}; ${soFar()}`);
      }
    }
    tally.add(batch);
    tally.lastLine = lineNo;
    batch = [];
  };
  try {
    for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      lineNo++;
      if (line.trim() === '') continue;
      const decoded = decodeLine(line);
      const plan = decoded.ok ? planEntry(decoded.entry) : decoded;
      if ('reason' in plan) tally.skipped.push(`line ${lineNo}: ${plan.reason}`);
      else {
        batch.push(plan);
        if (batch.length >= IMPORT_BATCH) await flush();
      }
    }
    await flush();
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError(`cannot read ${opts.file}: ${errorMessage(error)}; ${soFar()}`);
  } finally {
    redis?.disconnect();
  }
  process.stdout.write(`${tally.describe(opts.dryRun)}\n`);
  return 0;
}
