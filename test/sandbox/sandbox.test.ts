import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { waitFor } from '../runtime/helpers.js';

describe('sandbox with the bundled fixtures', () => {
  let sandbox: Sandbox;
  let redis: Redis;

  const written: string[] = [];

  beforeAll(async () => {
    // The TUI owns the screen: starting the sandbox must not print anything.
    const spies = [vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write')];
    try {
      sandbox = await startSandbox({ shutdownTimeoutMs: 2000 });
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      for (const spy of spies) {
        // (empty writes come from the test runner itself)
        written.push(...spy.mock.calls.map((c) => String(c[0])).filter((t) => t !== ''));
        spy.mockRestore();
      }
    }
    redis = new Redis(sandbox.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await sandbox?.stop();
  });

  it('loads every fixture and runs each of them, printing nothing itself', async () => {
    expect(written).toEqual([]);
    expect(sandbox.loadErrors()).toEqual([]);
    expect(sandbox.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    const names = sandbox
      .tasks()
      .map((t) => t.name)
      .sort();
    expect(names).toEqual([
      'chargeFlakyCard',
      'generateReport',
      'rebuildSearchIndex',
      'sayHello',
      'sendNotificationEmail',
      'sendResetPasswordEmail',
    ]);
    const done = new Set<string>();
    const failed = new Set<string>();
    const seen = () => {
      for (const e of sandbox.log.entries()) {
        const cls = (e.data as { class?: string } | undefined)?.class;
        if (!cls) continue;
        if (/ done in /.test(e.message)) done.add(cls);
        if (/ failed in /.test(e.message)) failed.add(cls);
      }
      return done;
    };
    // The seeder's delayed notification is due 5 s after start.
    await waitFor(
      () => names.every((n) => seen().has(n)),
      `every fixture to succeed (done: ${[...done]})`,
      20_000,
    );
    expect(failed.has('chargeFlakyCard')).toBe(true);
    const failedEntries = (await redis.lrange('resque:failed', 0, -1)).map((s) => JSON.parse(s));
    const flaky = failedEntries.find((f) => f.payload.class === 'chargeFlakyCard');
    expect(flaky.exception).toBe('PaymentDeclinedError');
    expect(flaky.backtrace.join('\n')).toMatch(/flaky\.js:\d+/);
  });
});

describe('startSandbox input checks', () => {
  it('rejects a missing --tasks directory as a usage error before starting anything', async () => {
    const error = await startSandbox({ tasksDir: '/nonexistent/dir' }).catch((e) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('--tasks /nonexistent/dir: no such directory');
  });
});
