import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskCatalog } from '../../src/runtime/catalog.js';
import { makeTaskDir, type TaskDir } from './helpers.js';

const task = (name: string, extra = '') =>
  `exports.${name.replace(/\W/g, '_')} = { name: '${name}', ${extra} run(api, params, next) { next(); } };\n`;

let dir: TaskDir | undefined;
afterEach(() => dir?.remove());

const names = (catalog: TaskCatalog) =>
  catalog
    .tasks()
    .map((t) => t.definition.name)
    .sort();

describe('TaskCatalog', () => {
  it('reads a Stellar project root: modules/<module>/tasks/**, .js .cjs and .mjs', async () => {
    dir = makeTaskDir({
      'modules/a/tasks/one.js': task('one'),
      'modules/a/tasks/nested/two.cjs': task('auth.two'),
      'modules/b/tasks/three.mjs': "export const three = { name: 'three', async run() { return 3; } };\n",
      'modules/b/lib/helper.js': 'exports.notATask = 1;\n',
      'modules/c/README.md': 'no tasks here',
    });
    const catalog = new TaskCatalog(dir.root);
    await catalog.loadAll();
    expect(catalog.loadErrors()).toEqual([]);
    expect(names(catalog)).toEqual(['auth.two', 'one', 'three']);
  });

  it('reads one module (tasks/**) and a plain folder of task files', async () => {
    dir = makeTaskDir({ 'tasks/x.js': task('x'), 'tasks/deep/y.js': task('y') });
    const asModule = new TaskCatalog(dir.root);
    await asModule.loadAll();
    expect(names(asModule)).toEqual(['x', 'y']);
    dir.remove();
    dir = makeTaskDir({ 'x.js': task('x'), 'sub/z.cjs': task('z'), 'node_modules/dep/index.js': 'throw 1' });
    const asFolder = new TaskCatalog(dir.root);
    await asFolder.loadAll();
    expect(names(asFolder)).toEqual(['x', 'z']);
    expect(asFolder.loadErrors()).toEqual([]);
  });

  it('reports every bad module as file: export: reason, and loads all the others', async () => {
    dir = makeTaskDir({
      'tasks/good.js': task('good'),
      'tasks/syntax.js': '// a missing comma\nexports.broken = { name: "broken" run() {} };\n',
      'tasks/throws.js': "\nthrow new Error('database not configured');\n",
      'tasks/norun.js': "exports.noRun = { name: 'noRun' };\nexports.notFn = { name: 'notFn', run: 42 };\n",
      'tasks/zdupe.js': task('good'),
      'tasks/twice.js': `${task('same')}exports.again = { name: 'same', run() {} };\n`,
      'tasks/esm-as-cjs.mjs': "exports.x = { name: 'x', run() {} };\n",
    });
    const catalog = new TaskCatalog(dir.root);
    await catalog.loadAll();
    expect(names(catalog)).toEqual(['good', 'same']);
    const errors = catalog.loadErrors();
    expect(errors).toContain(
      'tasks/zdupe.js: good: duplicate task name "good" (already defined in tasks/good.js: good)',
    );
    expect(errors).toContain('tasks/norun.js: noRun: run is required (a function)');
    expect(errors).toContain('tasks/norun.js: notFn: run must be a function');
    expect(errors).toContain('tasks/throws.js: (module): Error: database not configured (line 2)');
    expect(errors).toContain('tasks/twice.js: again: duplicate task name "same" (also export same)');
    expect(errors.find((e) => e.startsWith('tasks/syntax.js: (module): SyntaxError:'))).toMatch(
      /Unexpected identifier.*\(line 2\)/,
    );
    expect(errors.find((e) => e.startsWith('tasks/esm-as-cjs.mjs: (module): ReferenceError:'))).toMatch(
      /exports is not defined in ES module scope.*rename it to \.cjs/,
    );
    expect(errors).toHaveLength(7);
  });

  it('keeps the previous version of a file that fails on reload, and shows why', async () => {
    dir = makeTaskDir({ 'tasks/t.js': task('t', "description: 'v1',") });
    const catalog = new TaskCatalog(dir.root);
    await catalog.loadAll();
    const file = dir.write('tasks/t.js', 'exports.t = { name: "t", run( \n');
    const failed = await catalog.reload(file);
    expect(failed.status).toBe('kept-previous');
    expect(catalog.byName().get('t')?.definition.description).toBe('v1');
    expect(catalog.loadErrors()[0]).toMatch(/^tasks\/t\.js: \(module\): SyntaxError/);

    dir.write('tasks/t.js', task('t', "description: 'v2',"));
    expect((await catalog.reload(file)).status).toBe('loaded');
    expect(catalog.byName().get('t')?.definition.description).toBe('v2');
    expect(catalog.loadErrors()).toEqual([]);
  });

  it('forgets a deleted file, which frees its names for another file', async () => {
    dir = makeTaskDir({ 'tasks/a.js': task('shared'), 'tasks/b.js': task('shared') });
    const catalog = new TaskCatalog(dir.root);
    await catalog.loadAll();
    expect(catalog.loadErrors()).toHaveLength(1);
    expect(catalog.filesRefusedForDuplicates()).toEqual([`${dir.root}/tasks/b.js`]);
    rmSync(`${dir.root}/tasks/a.js`);
    const removed = await catalog.reload(`${dir.root}/tasks/a.js`);
    expect(removed).toMatchObject({ status: 'removed', tasks: ['shared'] });
    expect(catalog.tasks()).toEqual([]);
    expect((await catalog.reload(`${dir.root}/tasks/b.js`)).status).toBe('loaded');
    expect(catalog.loadErrors()).toEqual([]);
    expect(catalog.byName().get('shared')?.file).toBe(`${dir.root}/tasks/b.js`);
  });
});
