// Refresh cost: our snapshot against the picture users build today from node-resque's Queue
// methods (the way ah-resque-ui builds its pages), on the same data.
import type { Redis } from 'ioredis';
import { Queue } from 'node-resque';
import { ResqueKeys } from '../src/engine/keys.js';
import { Monitor } from '../src/engine/monitor.js';

export interface Timing {
  p50: number;
  p95: number;
  runs: number;
}

export function percentiles(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { p50: at(0.5), p95: at(0.95), runs: samples.length };
}

async function totalCommands(admin: Redis): Promise<number> {
  const info = await admin.info('stats');
  return Number(info.match(/total_commands_processed:(\d+)/)?.[1] ?? 0);
}

/** Commands Redis processed during `fn`, not counting the two INFO calls that measure it. */
export async function countCommands(admin: Redis, fn: () => Promise<unknown>): Promise<number> {
  const before = await totalCommands(admin);
  await fn();
  const after = await totalCommands(admin);
  return after - before - 1;
}

const WINDOW = { failedLimit: 50, delayedLimit: 50 };

export async function measureOurs(client: Redis, admin: Redis, runs: number) {
  // Caches (locks, delayed total) are warmed, then held for the measurement: their background
  // rescans are measured on their own below.
  const monitor = new Monitor(client, new ResqueKeys('resque'), {
    lockCacheMs: 3_600_000,
    delayedTotalCacheMs: 3_600_000,
  });
  const warmStart = performance.now();
  await monitor.snapshot(WINDOW);
  const coldMs = performance.now() - warmStart;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await monitor.snapshot(WINDOW);
    samples.push(performance.now() - t);
  }
  const commands = await countCommands(admin, () => monitor.snapshot(WINDOW));
  const lockScan = await timeAndCount(admin, () => monitor.locks.rescan());
  return { timing: percentiles(samples), commands, coldMs, lockScan };
}

async function timeAndCount(admin: Redis, fn: () => Promise<unknown>) {
  const t = performance.now();
  const commands = await countCommands(admin, fn);
  return { ms: performance.now() - t, commands };
}

/** ah-resque-ui's overview, queues, workers, locks, delayed (first page) and failed pages. */
async function baselineRefresh(queue: Queue): Promise<void> {
  const queues = await queue.queues();
  for (const q of queues) await queue.length(q);
  await queue.allWorkingOn();
  await queue.stats();
  await queue.locks();
  const timestamps = (await queue.timestamps()).sort((a, b) => a - b).slice(0, 50);
  for (const t of timestamps) await queue.delayedAt(t);
  const n = await queue.failedCount();
  await queue.failed(Math.max(0, n - 50), n - 1);
}

export async function measureBaseline(port: number, admin: Redis, runs: number) {
  // node-resque's defaults, as users run it today (scanCount 10).
  const queue = new Queue({ connection: { host: '127.0.0.1', port } });
  queue.on('error', () => {});
  await queue.connect();
  try {
    const samples: number[] = [];
    let commands = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      commands = await countCommands(admin, () => baselineRefresh(queue));
      samples.push(performance.now() - t);
    }
    return { timing: percentiles(samples), commands };
  } finally {
    await queue.end();
  }
}
