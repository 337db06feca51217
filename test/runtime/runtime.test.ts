import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './helpers.js';
import { type RuntimeRig, startRig } from './setup.js';

const TASKS = {
  'tasks/callback.js': `
exports.cbOk = { name: 'cbOk', queue: 'cb', run(api, params, next) { setTimeout(() => next(null, params.n * 2), 10); } };
exports.cbFail = { name: 'cbFail', queue: 'cb', run(api, params, next) { next(new RangeError('cb went wrong')); } };
exports.twice = { name: 'twice', queue: 'cb', run(api, params, next) { next(); next(new Error('again')); } };
exports.hang = { name: 'hang', queue: 'cb', run(api, params, next) { /* never calls next */ } };
`,
  'tasks/async.mjs': `
export const asyncOk = { name: 'asyncOk', async run(api, params) { api.log('async ran ' + api.id, 'notice', { params }); return 'fine'; } };
export const asyncFail = { name: 'asyncFail', async run() { await null; throw new TypeError('async went wrong'); } };
`,
  'tasks/locked.js': `
exports.locked = {
  name: 'locked', queue: 'locks', plugins: ['JobLock'], pluginOptions: { JobLock: { lockTimeout: 77 } },
  run(api, params, next) { setTimeout(next, 600); },
};
`,
  'tasks/broken.js': 'exports.broken = { name: "broken", run() { return 1 } ;\n',
};

type Failed = {
  payload: { class: string; args: unknown[] };
  exception: string;
  error: string;
  backtrace: string[];
};

describe('TaskRuntime against a real Redis', () => {
  let rig: RuntimeRig;
  const failed = async (cls: string): Promise<Failed | undefined> =>
    (await rig.client.lrange('resque:failed', 0, -1))
      .map((s) => JSON.parse(s) as Failed)
      .find((f) => f.payload.class === cls);

  beforeAll(async () => {
    rig = await startRig(TASKS, { jobTimeoutMs: 400 });
  });
  afterAll(async () => rig?.close());

  it('reports the bad module with file and reason while the others run', async () => {
    expect(rig.runtime.loadErrors()).toEqual([
      expect.stringMatching(/^tasks\/broken\.js: \(module\): SyntaxError: .*\(line 1\)$/),
    ]);
    expect(
      rig.runtime
        .tasks()
        .map((t) => t.name)
        .sort(),
    ).toEqual(['asyncFail', 'asyncOk', 'cbFail', 'cbOk', 'hang', 'locked', 'twice']);
    expect(rig.lines(/workers listen on queues: cb, default, locks/)).toHaveLength(1);
  });

  it('runs callback and async tasks; failures keep their error and stack', async () => {
    const before = Number((await rig.client.get('resque:stat:processed')) ?? 0);
    await rig.engine.enqueue('cbOk', { n: 21 });
    await rig.engine.enqueue('asyncOk', { x: 1 });
    await rig.engine.enqueue('cbFail', { y: 2 });
    await rig.engine.enqueue('asyncFail');
    await waitFor(
      async () => Number(await rig.client.get('resque:stat:processed')) >= before + 2,
      'two successes',
    );
    const cbFail = await waitFor(() => failed('cbFail'), 'cbFail in the failed list');
    expect(cbFail.exception).toBe('RangeError');
    expect(cbFail.error).toBe('cb went wrong');
    expect(cbFail.payload.args).toEqual([{ y: 2 }]);
    expect(cbFail.backtrace.join('\n')).toMatch(/tasks\/callback\.js:\d+/);
    const asyncFail = await waitFor(() => failed('asyncFail'), 'asyncFail in the failed list');
    expect(asyncFail.exception).toBe('TypeError');
    expect(asyncFail.backtrace.join('\n')).toMatch(/tasks\/async\.mjs/);
    expect(rig.lines(/^cbOk \[\{"n":21\}\] done in \d+ ms$/)).toHaveLength(1);
    const logged = rig.lines(/^async ran test$/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'info', data: { params: { x: 1 } } });
  });

  it('reports a second next call, and fails a task that never calls next without wedging workers', async () => {
    await rig.engine.enqueue('twice');
    await waitFor(
      () => rig.lines(/task "twice" called next\(\) more than once/).length === 1,
      'double next report',
    );
    for (let i = 0; i < 3; i++) await rig.engine.enqueue('hang', { i });
    await rig.engine.enqueue('cbOk', { n: 1 });
    await waitFor(() => rig.lines(/^hang .* failed in/).length === 3, 'three timed-out hangs');
    await waitFor(() => rig.lines(/^cbOk \[\{"n":1\}\] done/).length === 1, 'cbOk after the hangs');
    const hang = await failed('hang');
    expect(hang?.error).toBe('task "hang" did not finish within 400 ms (did it forget to call next?)');
  });

  it('hands pluginOptions to node-resque', async () => {
    await rig.engine.enqueue('locked', { id: 1 });
    const key = 'resque:workerslock:locked:locks:[{"id":1}]';
    const ttl = await waitFor(async () => {
      const t = await rig.client.ttl(key);
      return Math.max(t, 0);
    }, 'the JobLock key');
    expect(ttl).toBeLessThanOrEqual(77);
    expect(ttl).toBeGreaterThan(60);
  });

  it('stops cleanly: workers unregistered, leader lock released', async () => {
    const client = rig.client;
    await waitFor(async () => (await client.get('resque:resque_scheduler_leader_lock')) !== null, 'a leader');
    expect(await client.scard('resque:workers')).toBeGreaterThan(0);
    await rig.runtime.stop(2000);
    expect(await client.get('resque:resque_scheduler_leader_lock')).toBeNull();
    expect(await client.scard('resque:workers')).toBe(0);
  });
});
