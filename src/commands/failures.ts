// `failures [--json]`: the failed list grouped by queue, class, exception and normalised error,
// largest group first. Must stay free of Ink/React. The list is read in windows; a progress meter
// goes to stderr only when stderr is a terminal (stdout stays clean for pipes).
import { connectClient, describeRedisError, parseRedisTarget } from '../engine/connection.js';
import { ResqueKeys } from '../engine/keys.js';
import { type TriageGroup, type TriageResult, triageFailed } from '../engine/triage.js';
import type { FailedItem } from '../engine/types.js';
import { UsageError, UserFacingError } from '../errors.js';
import { oneLine } from '../text.js';

export interface FailuresOptions {
  redisUrl?: string;
  namespace: string;
  json: boolean;
}

/** The sample as JSON: the parsed entry with its exact stored string (the read position is left out). */
function sampleJson({ index: _i, ...rest }: FailedItem): Omit<FailedItem, 'index'> {
  return rest;
}

export function failuresJson(r: TriageResult): unknown {
  return {
    total: r.total,
    scanned: r.scanned,
    groups: r.groups.map((g) => ({
      key: g.key,
      queue: g.queue,
      class: g.class,
      exception: g.exception,
      error: g.error,
      count: g.count,
      firstSeen: g.firstSeen,
      lastSeen: g.lastSeen,
      sample: sampleJson(g.sample),
    })),
  };
}

function time(at: number | null): string {
  if (at === null) return '?';
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A readable table; the error column is last and cut to `width` when one is given (a terminal). */
export function renderFailuresText(r: TriageResult, where: string, width?: number): string {
  const out = [
    `failed jobs at ${where}: ${r.total} in ${r.groups.length} group${r.groups.length === 1 ? '' : 's'}`,
  ];
  if (r.groups.length === 0) return `${out.join('\n')}\n`;
  const row = (g: TriageGroup) => [
    String(g.count),
    oneLine(g.queue ?? '?', 24),
    oneLine(g.class ?? '(not JSON)', 32),
    oneLine(g.exception ?? '', 24),
    time(g.firstSeen),
    time(g.lastSeen),
    oneLine(g.error),
  ];
  const rows = [
    ['count', 'queue', 'class', 'exception', 'first seen', 'last seen', 'error'],
    ...r.groups.map(row),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((cells) => cells[c].length)));
  out.push('');
  for (const cells of rows) {
    let line = cells
      .map((cell, c) => (c === 0 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
    if (width && line.length > width) line = `${line.slice(0, Math.max(0, width - 1))}…`;
    out.push(line);
  }
  return `${out.join('\n')}\n`;
}

export async function runFailures(opts: FailuresOptions): Promise<number> {
  if (!opts.redisUrl) throw new UsageError('failures needs a Redis: pass --redis URL or set REDIS_URL');
  const target = parseRedisTarget(opts.redisUrl, opts.namespace);
  const redis = await connectClient(target, { connectTimeoutMs: 4000 });
  const meter = process.stderr.isTTY === true;
  let result: TriageResult;
  try {
    result = await triageFailed(redis, new ResqueKeys(opts.namespace), {
      onProgress: meter
        ? (scanned, total) => process.stderr.write(`\r\x1b[Kscanned ${scanned} of ${total} failed jobs`)
        : undefined,
    });
  } catch (error) {
    throw new UserFacingError(describeRedisError(error, target));
  } finally {
    if (meter) process.stderr.write('\r\x1b[K');
    redis.disconnect();
  }
  process.stdout.write(
    opts.json
      ? `${JSON.stringify(failuresJson(result), null, 2)}\n`
      : renderFailuresText(result, target.display, process.stdout.isTTY ? process.stdout.columns : undefined),
  );
  return 0;
}
