// `npm run bench [-- --small]`: seeds an embedded Redis, measures, prints a table with each
// target beside its figure and writes bench/results.json. Targets are shown, never asserted;
// --small (about 10k jobs) runs in npm test to prove the harness and its correctness checks.
import { writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { startEmbeddedRedis } from '../src/sandbox/embedded-redis.js';
import { measureBaseline, measureOurs } from './refresh.js';
import { printTable, type Row } from './report.js';
import { measureRetryAll } from './retry-all.js';
import { seed, sizeFor } from './seed.js';
import { measureSandboxThroughput } from './throughput.js';
import { measureColdStart, measureFrame, measureRss } from './tui.js';

const small = process.argv.includes('--small');
// As the CLI does for the console (src/cli.ts): React's production build.
process.env.NODE_ENV ??= 'production';
const fullScale = small ? 0.01 : 1;
const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

async function main(): Promise<number> {
  const started = performance.now();
  const redis = await startEmbeddedRedis({ args: ['--maxmemory', '0'] });
  const client = new Redis(redis.port, redis.host);
  const admin = new Redis(redis.port, redis.host);
  const rows: Row[] = [];
  const results: Record<string, unknown> = { small, startedAt: new Date().toISOString() };
  try {
    // Growth: one tenth first, then grow the same data set to full size.
    const tenth = sizeFor(fullScale / 10);
    const full = sizeFor(fullScale);
    log(`seeding one tenth (${tenth.queued} queued, ${tenth.delayed} delayed, ${tenth.failed} failed)`);
    let t = performance.now();
    await seed(client, tenth);
    const seedTenthS = (performance.now() - t) / 1000;
    const oursTenth = await measureOurs(client, admin, 50);

    log('growing to full size');
    t = performance.now();
    await seed(
      client,
      {
        ...full,
        queued: full.queued - tenth.queued,
        delayed: full.delayed - tenth.delayed,
        failed: full.failed - tenth.failed,
        delayedSeconds: full.delayedSeconds - tenth.delayedSeconds,
      },
      {
        queued: tenth.queued,
        delayed: tenth.delayed,
        failed: tenth.failed,
        delayedSeconds: tenth.delayedSeconds,
        workers: 1,
      },
    );
    const seedFullS = seedTenthS + (performance.now() - t) / 1000;
    log(`seeded in ${seedFullS.toFixed(1)} s; measuring refresh`);
    const ours = await measureOurs(client, admin, 50);
    log('measuring the node-resque baseline (whole-keyspace scans; slow by design)');
    const baseline = await measureBaseline(redis.port, admin, small ? 5 : 3);
    const ratio = baseline.timing.p50 / ours.timing.p50;

    rows.push(
      { what: 'refresh p50 (full size)', value: `${ours.timing.p50.toFixed(1)} ms`, target: '' },
      {
        what: 'refresh p95 (full size)',
        value: `${ours.timing.p95.toFixed(1)} ms`,
        target: '<= 25 ms',
        ok: ours.timing.p95 <= 25,
      },
      {
        what: 'commands per refresh (full / tenth)',
        value: `${ours.commands} / ${oursTenth.commands}`,
        target: 'equal',
        ok: ours.commands === oursTenth.commands,
      },
      { what: 'refresh p95 (one tenth)', value: `${oursTenth.timing.p95.toFixed(1)} ms`, target: '' },
      {
        what: 'lock cache rescan (every 5 s, background)',
        value: `${ours.lockScan.ms.toFixed(0)} ms, ${ours.lockScan.commands} cmds`,
        target: '',
      },
      {
        what: 'baseline refresh p50 (node-resque)',
        value: `${baseline.timing.p50.toFixed(0)} ms, ${baseline.commands} cmds`,
        target: '',
      },
      { what: 'baseline / ours (p50)', value: `${ratio.toFixed(0)}x`, target: '>= 50x', ok: ratio >= 50 },
    );
    Object.assign(results, {
      seedSeconds: seedFullS,
      refresh: { full: ours, tenth: oursTenth },
      baseline,
      ratio,
    });

    log('measuring the TUI frame and RSS');
    const frames = await measureFrame(client);
    for (const frame of frames) {
      rows.push({
        what: `Failed pane frame, ${frame.failed} failed, ${frame.columns}x${frame.rows}`,
        value: `${frame.ms.toFixed(1)} ms`,
        target: '<= 16 ms',
        ok: frame.ms <= 16,
      });
    }
    const rss = await measureRss(redis.url, small ? 5_000 : 60_000);
    rows.push({
      what: `TUI RSS after ${rss.seconds} s`,
      value: rss.mb === null ? 'n/a' : `${rss.mb.toFixed(0)} MB`,
      target: '<= 150 MB',
      ok: rss.mb !== null && rss.mb <= 150,
    });
    const cold = await measureColdStart(redis.url);
    rows.push(
      {
        what: 'snapshot --json cold start',
        value: `${cold.snapshotMs.toFixed(0)} ms`,
        target: '<= 300 ms',
        ok: cold.snapshotMs <= 300,
      },
      {
        what: 'sandbox TUI first full frame',
        value: cold.firstFrameMs === null ? 'n/a' : `${cold.firstFrameMs.toFixed(0)} ms`,
        target: '<= 1500 ms',
        ok: cold.firstFrameMs !== null && cold.firstFrameMs <= 1500,
      },
    );
    Object.assign(results, { frames, rss, cold });

    log('retry-all through the bulk path');
    const retry = await measureRetryAll(client);
    rows.push({
      what: `retry all ${retry.jobs} failed`,
      value: `${retry.jobsPerSecond} jobs/s (${retry.detail})`,
      target: '>= 20000 jobs/s, none lost',
      ok: retry.ok && retry.jobsPerSecond >= 20_000,
      correct: retry.ok,
    });
    results.retryAll = retry;

    log('sandbox throughput against bare node-resque');
    const throughput = await measureSandboxThroughput(small ? 1_000 : 20_000, small ? 1 : 3);
    rows.push({
      what: `sandbox throughput (${throughput.jobs} no-op jobs)`,
      value: `${throughput.sandbox} vs ${throughput.bare} jobs/s = ${throughput.ratio.toFixed(2)}x`,
      target: '>= 0.9x bare',
      ok: throughput.ratio >= 0.9,
      correct: throughput.ok,
    });
    results.throughput = throughput;
  } finally {
    client.disconnect();
    admin.disconnect();
    await redis.stop();
  }
  results.totalSeconds = (performance.now() - started) / 1000;
  printTable(rows, small);
  if (!small)
    writeFileSync(
      new URL('./results.json', import.meta.url),
      `${JSON.stringify({ rows, results }, null, 2)}\n`,
    );
  // Correctness checks fail the run (in CI too); speed targets never do.
  const broken = rows.filter((r) => r.correct === false);
  for (const r of broken) process.stderr.write(`bench: correctness check failed: ${r.what}: ${r.value}\n`);
  return broken.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
