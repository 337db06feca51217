// `stellar-tasks-tui make-task NAME [--module M] [--dir DIR]`: Stellar's `makeTask`. Writes
// DIR/modules/M/tasks/NAME.js from a template that loads and runs as it is, in the module
// syntax Node will read that file with (nearest package.json "type").
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { errorMessage, UsageError, UserFacingError } from '../errors.js';
import { packageScope } from '../runtime/import-file.js';

export interface MakeTaskOptions {
  name: string;
  module: string;
  dir: string;
}

// JavaScript identifiers joined by dots (`auth.sessionValidation`): a valid resque class name,
// a safe file name, and something a person can type in api.tasks.enqueue().
const TASK_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const MODULE_NAME = /^[A-Za-z0-9_][\w.-]*$/;

/** Echoes user input into an error without letting it change the terminal. */
const shown = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

export function checkTaskName(name: string): void {
  if (!TASK_NAME.test(name) || name.length > 100) {
    throw new UsageError(
      `invalid task name ${shown(name)}: use letters, digits, _ and $, not starting with a digit, ` +
        'with dots between parts (e.g. sendEmail or auth.sessionValidation)',
    );
  }
}

/** The template: callback style, like the seed's examples; loads and runs unchanged. */
export function template(name: string, kind: 'commonjs' | 'module'): string {
  const body = `{
  name: '${name}',
  description: 'Describe what ${name} does',
  queue: 'default',
  // > 0 makes the task periodic: run every \`frequency\` ms, with no params.
  frequency: 0,
  plugins: [],
  pluginOptions: {},
  run(api, params, next) {
    // params is what was enqueued: api.tasks.enqueue('${name}', { ... })
    api.log(\`${name} ran with \${JSON.stringify(params)}\`);
    // next(error) fails the job; next(null, result) ends it.
    next(null, { ok: true });
  },
};
`;
  const id = name.replace(/\.(.)/g, (_m, c: string) => c.toUpperCase());
  return kind === 'module'
    ? `// Task ${name}. Enqueue it with api.tasks.enqueue('${name}', params).\nexport const ${id} = ${body}`
    : `// Task ${name}. Enqueue it with api.tasks.enqueue('${name}', params).\nexports['${name}'] = ${body}`;
}

export async function runMakeTask(opts: MakeTaskOptions): Promise<number> {
  checkTaskName(opts.name);
  if (!MODULE_NAME.test(opts.module) || opts.module.includes('..')) {
    throw new UsageError(`invalid module name ${shown(opts.module)}: use letters, digits, _, - and .`);
  }
  const root = resolve(opts.dir);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new UsageError(`--dir ${opts.dir}: no such directory`);
  const tasksDir = join(root, 'modules', opts.module, 'tasks');
  const file = join(tasksDir, `${opts.name}.js`);
  const display = relative(process.cwd(), file) || file;
  if (existsSync(file)) throw new UserFacingError(`${display} already exists; not overwriting it`);
  try {
    mkdirSync(tasksDir, { recursive: true });
    // 'wx' refuses to overwrite even if the file appeared since the check above.
    writeFileSync(file, template(opts.name, packageScope(file).kind), { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UserFacingError(`${display} already exists; not overwriting it`);
    throw new UserFacingError(`cannot write ${display}: ${errorMessage(error)}`);
  }
  process.stdout.write(`created ${display}\n`);
  return 0;
}
