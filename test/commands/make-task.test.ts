import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskCatalog } from '../../src/runtime/catalog.js';
import { makeTaskDir, type TaskDir, waitFor } from '../runtime/helpers.js';
import { startRig } from '../runtime/setup.js';
import { CLI } from './sandbox-helpers.js';

function makeTask(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'make-task', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let project: TaskDir | undefined;
afterEach(() => project?.remove());

describe('stellar-tasks-tui make-task', () => {
  it('writes modules/private/tasks/NAME.js, which loads and runs in the sandbox runtime', async () => {
    project = makeTaskDir();
    const r = makeTask(project.root, 'sendWelcome');
    expect(r).toEqual({ code: 0, stdout: 'created modules/private/tasks/sendWelcome.js\n', stderr: '' });
    const content = readFileSync(join(project.root, 'modules/private/tasks/sendWelcome.js'), 'utf8');
    const rig = await startRig({ 'modules/private/tasks/sendWelcome.js': content });
    try {
      expect(rig.runtime.loadErrors()).toEqual([]);
      expect(rig.runtime.tasks()).toMatchObject([{ name: 'sendWelcome', queue: 'default', frequency: 0 }]);
      await rig.engine.enqueue('sendWelcome', { to: 'ada' });
      await waitFor(() => rig.lines(/^sendWelcome \[\{"to":"ada"\}\] done in/).length === 1, 'the job');
      expect(rig.lines(/^sendWelcome ran with \{"to":"ada"\}$/)).toHaveLength(1);
    } finally {
      await rig.close();
    }
  });

  it('takes dotted names and --module/--dir, and writes ESM where Node reads .js as ESM', async () => {
    project = makeTaskDir({ 'package.json': '{"type":"module"}' });
    const r = makeTask('/', 'auth.sessionValidation', '--module', 'auth', '--dir', project.root);
    expect(r.code).toBe(0);
    const file = join(project.root, 'modules/auth/tasks/auth.sessionValidation.js');
    expect(readFileSync(file, 'utf8')).toMatch(/^export const authSessionValidation = \{/m);
    const catalog = new TaskCatalog(project.root);
    await catalog.loadAll();
    expect(catalog.loadErrors()).toEqual([]);
    expect(catalog.tasks().map((t) => t.definition.name)).toEqual(['auth.sessionValidation']);
  });

  it('refuses to overwrite an existing task file', () => {
    project = makeTaskDir();
    expect(makeTask(project.root, 'once').code).toBe(0);
    const file = join(project.root, 'modules/private/tasks/once.js');
    writeFileSync(file, '// edited by hand\n');
    const again = makeTask(project.root, 'once');
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      'stellar-tasks-tui: modules/private/tasks/once.js already exists; not overwriting it\n',
    );
    expect(readFileSync(file, 'utf8')).toBe('// edited by hand\n');
  });

  it('rejects names that cannot be task names with one line and exit 2, writing nothing', () => {
    project = makeTaskDir();
    for (const name of [
      '1st',
      'has space',
      'a..b',
      '../escape',
      'x/y',
      'semi;colon',
      '.hidden',
      'trailing.',
    ]) {
      const r = makeTask(project.root, name);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(
        /^stellar-tasks-tui: invalid task name ".*": use letters, digits.*\(see --help\)\n$/,
      );
    }
    const badModule = makeTask(project.root, 'ok', '--module', '../up');
    expect(badModule.code).toBe(2);
    expect(badModule.stderr).toMatch(/^stellar-tasks-tui: invalid module name "\.\.\/up"/);
    const noDir = makeTask(project.root, 'ok', '--dir', join(project.root, 'missing'));
    expect(noDir.code).toBe(2);
    expect(readdirSync(project.root)).toEqual(['package.json']); // only the helper's own
    expect(existsSync(join(project.root, 'modules'))).toBe(false);
  });
});
