// Sandbox throughput: no-op jobs processed by the sandbox runtime against a bare node-resque
// MultiWorker with the same worker settings, each on its own fresh embedded Redis.
import { Redis } from 'ioredis';
import { MultiWorker } from 'node-resque';
import { startEmbeddedRedis } from '../src/sandbox/embedded-redis.js';

const NOOP_DIR = new URL('./noop-tasks/', import.meta.url).pathname;

/**
 * The built sandbox (dist/), as users run it: under tsx the source carries esbuild's keepNames
 * wrappers on every call, which cost several percent of this figure by themselves.
 */
async function builtSandbox(): Promise<typeof import('../src/sandbox/sandbox.js')> {
  return import(new URL('../dist/sandbox/sandbox.js', import.meta.url).href);
}

async function enqueueNoops(redis: Redis, n: number): Promise<void> {
  await redis.sadd('resque:queues', 'bench');
  for (let i = 0; i < n; i += 1000) {
    const values = Array.from({ length: Math.min(1000, n - i) }, (_, j) =>
      JSON.stringify({ class: 'noop', queue: 'bench', args: [i + j] }),
    );
    await redis.rpush('resque:queue:bench', ...values);
  }
}

/** Enqueues n jobs and waits until stat:processed grew by n; returns jobs/s. */
async function drain(redis: Redis, n: number): Promise<{ rate: number; ok: boolean }> {
  const before = Number((await redis.get('resque:stat:processed')) ?? 0);
  const t = performance.now();
  await enqueueNoops(redis, n);
  const deadline = Date.now() + 300_000;
  let processed = 0;
  while (Date.now() < deadline) {
    processed = Number((await redis.get('resque:stat:processed')) ?? 0) - before;
    if (processed >= n) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - t) / 1000;
  const failed = Number((await redis.get('resque:stat:failed')) ?? 0);
  return { rate: Math.round(processed / seconds), ok: processed === n && failed === 0 };
}

export async function sandboxRate(n: number) {
  const { startSandbox } = await builtSandbox();
  const sandbox = await startSandbox({ tasksDir: NOOP_DIR, seed: false });
  const redis = new Redis(sandbox.port, '127.0.0.1');
  try {
    return await drain(redis, n);
  } finally {
    redis.disconnect();
    await sandbox.stop();
  }
}

export async function bareRate(n: number) {
  const server = await startEmbeddedRedis();
  const redis = new Redis(server.port, server.host);
  // The same settings the sandbox's host uses (src/runtime/host.ts), minus everything else.
  const mw = new MultiWorker(
    {
      connection: { host: server.host, port: server.port },
      queues: ['bench'],
      timeout: 150,
      checkTimeout: 200,
      minTaskProcessors: 2,
      maxTaskProcessors: 5,
      maxEventLoopDelay: 250,
    },
    { noop: { perform: async () => undefined } },
  );
  mw.on('error', () => {});
  mw.start();
  try {
    return await drain(redis, n);
  } finally {
    await mw.end();
    redis.disconnect();
    await server.stop();
  }
}

/**
 * Rounds alternate bare and sandbox so drift on the machine hits both alike; the medians are
 * compared (single runs of either vary by ±15% here).
 */
export async function measureSandboxThroughput(jobs: number, rounds = 3) {
  const bare: number[] = [];
  const sandbox: number[] = [];
  let ok = true;
  for (let i = 0; i < rounds; i++) {
    const b = await bareRate(jobs);
    const s = await sandboxRate(jobs);
    bare.push(b.rate);
    sandbox.push(s.rate);
    ok &&= b.ok && s.ok;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ratio = median(sandbox) / median(bare);
  return {
    jobs,
    rounds,
    sandbox: median(sandbox),
    bare: median(bare),
    ratio,
    ok,
    samples: { bare, sandbox },
  };
}
