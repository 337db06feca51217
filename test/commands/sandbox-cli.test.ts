import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Queue } from 'node-resque';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTaskDir, type TaskDir, waitFor } from '../runtime/helpers.js';
import { alive, CLI, type RunningSandbox, startCliSandbox } from './sandbox-helpers.js';

// A Stellar project the way a user has one: modules/<module>/tasks/*.js, CommonJS.
const PROJECT = {
  'modules/shop/tasks/orders.js': `
exports.processOrder = {
  name: 'processOrder', description: 'processes an order', queue: 'orders', frequency: 0,
  plugins: [], pluginOptions: {},
  run(api, params, next) { api.log('order ' + params.id + ' processed'); next(null, params.id); },
};
exports.refundOrder = {
  name: 'refundOrder', description: 'always fails', queue: 'orders', frequency: 0,
  plugins: [], pluginOptions: {},
  async run(api, params) { throw new Error('refund refused for ' + params.id); },
};
`,
  'modules/shop/tasks/heartbeat.js': `
exports.heartbeat = {
  name: 'heartbeat', description: 'periodic', queue: 'default', frequency: 1000,
  plugins: [], pluginOptions: {},
  run(api, params, next) { next(); },
};
`,
};

describe('stellar-tasks-tui sandbox', () => {
  let project: TaskDir | undefined;
  const running: RunningSandbox[] = [];
  afterAll(() => {
    for (const s of running) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    project?.remove();
  });

  it('prints REDIS_URL first, runs jobs another process enqueues, exits 0 on SIGTERM with no redis-server left', async () => {
    project = makeTaskDir(PROJECT);
    const sandbox = await startCliSandbox(['--tasks', project.root]);
    running.push(sandbox);
    const redis = new Redis(sandbox.url);
    try {
      // Loopback only.
      expect(await redis.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
      // Plain node-resque, as the user's app would enqueue.
      const queue = new Queue({ connection: { host: '127.0.0.1', port: sandbox.port } });
      await queue.connect();
      for (const id of [1, 2, 3]) await queue.enqueue('orders', 'processOrder', [{ id }]);
      await queue.enqueue('orders', 'refundOrder', [{ id: 9 }]);
      await queue.end();
      await waitFor(
        () => [1, 2, 3].every((id) => sandbox.stdout.some((l) => l.endsWith(`order ${id} processed`))),
        'three orders',
      );
      const failed = await waitFor(
        async () => (await redis.lrange('resque:failed', 0, -1))[0],
        'the refund failure',
      );
      expect(JSON.parse(failed)).toMatchObject({
        payload: { class: 'refundOrder' },
        error: 'refund refused for 9',
      });
      await waitFor(
        () => sandbox.stdout.filter((l) => / heartbeat started /.test(l)).length >= 3,
        'three heartbeats',
      );
      expect(Number(await redis.get('resque:stat:processed'))).toBeGreaterThanOrEqual(6);
    } finally {
      redis.disconnect();
    }
    sandbox.child.kill('SIGTERM');
    const { code } = await sandbox.exited;
    expect(code).toBe(0);
    expect(alive(sandbox.redisPid)).toBe(false);
    expect(sandbox.stdout.some((l) => / info {2}sandbox stopped$/.test(l))).toBe(true);
    expect(sandbox.stderr()).toBe('');
  });

  it('stops cleanly on SIGINT too', async () => {
    project ??= makeTaskDir(PROJECT);
    const sandbox = await startCliSandbox(['--tasks', project.root]);
    running.push(sandbox);
    await waitFor(() => sandbox.stdout.some((l) => / heartbeat done /.test(l)), 'a heartbeat');
    sandbox.child.kill('SIGINT');
    expect((await sandbox.exited).code).toBe(0);
    expect(alive(sandbox.redisPid)).toBe(false);
  });

  it('exits 130 on a second Ctrl-C without waiting for a long job, taking redis-server with it', async () => {
    project ??= makeTaskDir(PROJECT);
    project.write(
      'modules/shop/tasks/long.js',
      "exports.long = { name: 'long', run(api, p, next) { setTimeout(next, 60000); } };\n",
    );
    const sandbox = await startCliSandbox(['--tasks', project.root]);
    running.push(sandbox);
    const redis = new Redis(sandbox.url);
    await redis.rpush('resque:queue:default', JSON.stringify({ class: 'long', queue: 'default', args: [] }));
    redis.disconnect();
    await waitFor(() => sandbox.stdout.some((l) => / long started /.test(l)), 'the long job');
    sandbox.child.kill('SIGINT');
    await waitFor(() => sandbox.stdout.some((l) => /SIGINT: shutting down$/.test(l)), 'the first SIGINT');
    sandbox.child.kill('SIGINT');
    expect((await sandbox.exited).code).toBe(130);
    await waitFor(() => !alive(sandbox.redisPid), 'redis-server to go', 10_000, 100);
    rmSync(join(project.root, 'modules/shop/tasks/long.js'));
  });

  it('leaves no redis-server behind for long when killed with SIGKILL', async () => {
    project ??= makeTaskDir(PROJECT);
    const sandbox = await startCliSandbox(['--tasks', project.root]);
    running.push(sandbox);
    expect(alive(sandbox.redisPid)).toBe(true);
    sandbox.child.kill('SIGKILL');
    await sandbox.exited;
    // redis-memory-server's killer process checks its parent every 2 s.
    await waitFor(() => !alive(sandbox.redisPid), 'redis-server to go', 10_000, 200);
  });

  it('refuses a --port that is taken instead of quietly using another', async () => {
    project ??= makeTaskDir(PROJECT);
    const other = await startCliSandbox(['--tasks', project.root]);
    running.push(other);
    const r = spawnSync(
      process.execPath,
      [CLI, 'sandbox', '--tasks', project.root, '--port', String(other.port)],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`stellar-tasks-tui: cannot use port ${other.port}: it is already in use\n`);
    other.child.kill('SIGTERM');
    expect((await other.exited).code).toBe(0);
  });

  it('rejects a missing or unreadable --tasks directory with one line and exit 2', () => {
    for (const dir of ['/nonexistent/tasks', CLI]) {
      const r = spawnSync(process.execPath, [CLI, 'sandbox', '--tasks', dir], {
        encoding: 'utf8',
        timeout: 15_000,
      });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        /^stellar-tasks-tui: --tasks .*: (no such directory|not a directory) \(see --help\)\n$/,
      );
    }
  });
});
