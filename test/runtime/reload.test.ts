import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './helpers.js';
import { type RuntimeRig, startRig } from './setup.js';

const version = (v: string) =>
  `exports.greet = { name: 'greet', description: '${v}', run(api, params, next) { api.log('greet ${v} ' + params.to); next(); } };\n`;

describe('reloading task files', () => {
  let rig: RuntimeRig;
  beforeAll(async () => {
    rig = await startRig({ 'tasks/greet.js': version('v1') });
  });
  afterAll(async () => rig?.close());

  const runGreet = async (to: string) => {
    await rig.engine.enqueue('greet', { to });
    return waitFor(() => rig.lines(new RegExp(`^greet v\\d ${to}$`))[0]?.message, `greet ${to}`);
  };

  it('picks up an edited file', async () => {
    expect(await runGreet('a')).toBe('greet v1 a');
    rig.dir.write('tasks/greet.js', version('v2'));
    await waitFor(() => rig.engine.registry.get('greet')?.description === 'v2', 'the reload');
    expect(await runGreet('b')).toBe('greet v2 b');
  });

  it('keeps the previous version when the edit breaks the file, and shows the error', async () => {
    rig.dir.write('tasks/greet.js', "exports.greet = { name: 'greet', run: 'not a function' };\n");
    await waitFor(() => rig.runtime.loadErrors().length > 0, 'the failed reload');
    expect(rig.runtime.loadErrors()).toEqual(['tasks/greet.js: greet: run must be a function']);
    expect(rig.lines(/^tasks\/greet\.js failed to reload; its previous version keeps running$/)).toHaveLength(
      1,
    );
    expect(await runGreet('c')).toBe('greet v2 c');
    rig.dir.write('tasks/greet.js', version('v3'));
    await waitFor(() => rig.runtime.loadErrors().length === 0, 'the fixed reload');
    expect(await runGreet('d')).toBe('greet v3 d');
  });

  it('runs a task added in a new file on a new queue, and forgets a deleted file', async () => {
    rig.dir.write(
      'tasks/more/extra.mjs',
      "export const extra = { name: 'extra', queue: 'extra', async run(api) { api.log('extra ran'); } };\n",
    );
    await waitFor(() => rig.engine.registry.has('extra'), 'the new task');
    await waitFor(
      () => rig.lines(/^workers listen on queues: default, extra$/).length === 1,
      'workers on extra',
    );
    await rig.engine.enqueue('extra');
    await waitFor(() => rig.lines(/^extra ran$/).length === 1, 'extra to run');
    rmSync(join(rig.dir.root, 'tasks/more/extra.mjs'));
    await waitFor(() => !rig.engine.registry.has('extra'), 'extra to go');
    expect(rig.engine.jobs.extra).toBeUndefined();
    expect(rig.runtime.tasks().map((t) => t.name)).toEqual(['greet']);
  });

  it('gives a task name to the file that was refused it once the holder is deleted', async () => {
    rig.dir.write('tasks/dup-a.js', "exports.dup = { name: 'dup', description: 'a', async run() {} };\n");
    await waitFor(() => rig.engine.registry.get('dup')?.description === 'a', 'dup from a');
    rig.dir.write('tasks/dup-b.js', "exports.dup = { name: 'dup', description: 'b', async run() {} };\n");
    await waitFor(() => rig.runtime.loadErrors().length === 1, 'the refusal');
    expect(rig.runtime.loadErrors()[0]).toBe(
      'tasks/dup-b.js: dup: duplicate task name "dup" (already defined in tasks/dup-a.js: dup)',
    );
    rmSync(join(rig.dir.root, 'tasks/dup-a.js'));
    await waitFor(() => rig.engine.registry.get('dup')?.description === 'b', 'dup from b');
    expect(rig.runtime.loadErrors()).toEqual([]);
  });
});
