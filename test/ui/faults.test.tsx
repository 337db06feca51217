// Redis faults seen from the console, with real redis-servers: killed and restarted on the same
// port (banner, stale data, recovery, no crash), and slow (one refresh in flight, keys still
// answered, the slow refresh shown). Also: the password never reaches the screen.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineBackend } from '../../src/commands/tui.js';
import { connectClient, parseRedisTarget } from '../../src/engine/connection.js';
import { resolveRedisBinary, startEmbeddedRedis } from '../../src/sandbox/embedded-redis.js';
import type { Backend } from '../../src/ui/backend.js';
import { type Harness, renderApp, waitFor } from './helpers.js';
import { failedEntry } from './redis-harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A plain redis-server on a fixed port, so it can be killed and started again on the same one. */
async function rawRedis(port: number): Promise<{ kill(): Promise<void> }> {
  const bin = resolveRedisBinary() ?? 'redis-server';
  const child = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise((r) => child.once('exit', r));
  const probe = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    retryStrategy: () => 50,
    maxRetriesPerRequest: 0,
  });
  probe.on('error', () => undefined);
  const deadline = Date.now() + 10_000;
  while ((await probe.ping().catch(() => null)) !== 'PONG') {
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  probe.disconnect();
  return {
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function consoleOn(
  url: string,
  wrap?: (b: Backend) => Backend,
): Promise<{ app: Harness; client: Redis }> {
  const target = parseRedisTarget(url, 'resque');
  const client = await connectClient(target, { persistent: true });
  client.on('error', () => undefined);
  cleanups.push(() => client.disconnect());
  const backend = createEngineBackend(client, target, { readOnly: false, refreshMs: 250 });
  const app = renderApp({ backend: wrap ? wrap(backend) : backend, refresher: { refreshMs: 250 } });
  cleanups.push(() => app.stop());
  return { app, client };
}

describe('Redis faults', () => {
  it('Redis killed: banner, last data kept and marked stale; restarted on the same port: recovers', async () => {
    const port = await freePort();
    let server = await rawRedis(port);
    cleanups.push(() => server.kill());
    const { app, client } = await consoleOn(`redis://127.0.0.1:${port}`);
    await client.rpush('resque:failed', failedEntry(1));
    await app.press('6');
    await app.until('boom 1');

    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    cleanups.push(() => {
      process.off('unhandledRejection', onRejection);
    });

    await server.kill();
    let f = await app.until('DISCONNECTED', 10_000);
    expect(f).toContain('data below is stale');
    expect(f).toContain('boom 1');
    // Keys still work while disconnected.
    await app.press('?');
    await app.until('Keys in Failed');
    await app.press('q');

    server = await rawRedis(port);
    // The restarted Redis is empty: the recovered console shows that, not the stale rows.
    f = await app.untilGone('DISCONNECTED', 20_000);
    await app.untilGone('boom 1', 5000);
    expect(app.store.getState().stale).toBe(false);
    expect(rejections).toEqual([]);
  });

  it('slow Redis: one refresh in flight, keys answered meanwhile, the slow refresh shown', async () => {
    const server = await startEmbeddedRedis({ args: ['--enable-debug-command', 'yes'] });
    cleanups.push(() => server.stop());
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    const { app } = await consoleOn(server.url, (b) => ({
      ...b,
      snapshot: async (w) => {
        calls++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await b.snapshot(w);
        } finally {
          inFlight--;
        }
      },
    }));
    await app.until(/last \d+ms/);
    const durations: number[] = [];
    app.store.subscribe((st) => {
      if (st.lastRefreshMs !== null) durations.push(st.lastRefreshMs);
    });
    const admin = await connectClient(parseRedisTarget(server.url), {});
    cleanups.push(() => admin.disconnect());
    const sleeping = admin.call('DEBUG', 'SLEEP', '3');
    await app.until(/refresh running \d\.\ds/, 3000);
    const callsDuring = calls;
    await app.press('2');
    await app.until(/queue\s+length/);
    await app.press('6');
    await app.until('failed at');
    await sleeping;
    // The slow refresh's duration was reported (the next one follows at once: kicks collapsed).
    await waitFor(() => durations.some((d) => d >= 1500), 'a slow refresh duration');
    expect(maxInFlight).toBe(1);
    // While Redis slept, no refreshes piled up behind the one in flight.
    expect(calls - callsDuring).toBeLessThanOrEqual(2);
  });

  it('the password appears nowhere on screen', async () => {
    const server = await startEmbeddedRedis({ args: ['--requirepass', 's3cret-pw'] });
    cleanups.push(() => server.stop());
    const { app } = await consoleOn(`redis://:s3cret-pw@127.0.0.1:${server.port}`);
    const f = await app.until(`redis://:***@127.0.0.1:${server.port}`);
    expect(f).not.toContain('s3cret-pw');
    await server.stop();
    const down = await app.until('DISCONNECTED', 10_000);
    expect(down).not.toContain('s3cret-pw');
  });
});
