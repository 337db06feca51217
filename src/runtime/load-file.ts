// Loads one task file and validates every export. Problems come back as
// `file: export: what is wrong`, the file relative to the --tasks directory.
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorMessage } from '../errors.js';
import { canImportTypeScript, importFresh, isTypeScript, packageScope } from './import-file.js';
import { type ValidTask, validateTask } from './validate.js';

export interface LoadedTask extends ValidTask {
  file: string;
  exportName: string;
}

export interface FileResult {
  tasks: LoadedTask[];
  problems: string[];
  /** The file could not be imported at all (syntax error, throw at import, …). */
  failed: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/** Where in the file a load error points, when its stack says so. */
function lineOf(error: unknown, file: string): string {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  for (const where of [file, pathToFileURL(file).href]) {
    const at = stack.indexOf(`${where}:`);
    if (at >= 0) {
      const line = /^:(\d+)/.exec(stack.slice(at + where.length));
      if (line) return ` (line ${line[1]})`;
    }
  }
  return '';
}

function describeLoadError(error: unknown, file: string): string {
  const name = error instanceof Error ? error.name : 'Error';
  let text = `${name}: ${errorMessage(error).split('\n')[0]}${lineOf(error, file)}`;
  if (/(exports|require|module) is not defined in ES module scope/.test(text)) {
    const scope = packageScope(file).packageJson;
    text += `; Node reads this file as ESM${scope ? ` because of ${scope}` : ''}: rename it to .cjs or use export`;
  }
  return text;
}

/** The exports of a module that are tasks: every named export, and a default export's. */
function taskExports(exported: Record<string, unknown>): Array<[string, unknown]> {
  const entries: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(exported)) {
    if (key === '__esModule') continue;
    if (key === 'default' && isObject(value) && !('run' in value) && !('name' in value)) {
      // `export default { taskA: {...}, taskB: {...} }`
      for (const [inner, task] of Object.entries(value)) entries.push([inner, task]);
    } else entries.push([key, value]);
  }
  return entries;
}

export async function loadTaskFile(file: string, root: string): Promise<FileResult> {
  const shown = relative(root, file) || file;
  if (isTypeScript(file) && !canImportTypeScript()) {
    return {
      tasks: [],
      failed: true,
      problems: [
        `${shown}: (module): TypeScript needs Node 22.6+ (type stripping) or a build step; compile it to .js`,
      ],
    };
  }
  let exported: Record<string, unknown>;
  try {
    exported = await importFresh(file);
  } catch (error) {
    return { tasks: [], failed: true, problems: [`${shown}: (module): ${describeLoadError(error, file)}`] };
  }
  const result: FileResult = { tasks: [], problems: [], failed: false };
  const entries = taskExports(exported);
  if (entries.length === 0) result.problems.push(`${shown}: (module): exports no task`);
  for (const [exportName, value] of entries) {
    const { task, problems } = validateTask(value);
    for (const p of problems) result.problems.push(`${shown}: ${exportName}: ${p}`);
    if (!task) continue;
    const twin = result.tasks.find((t) => t.definition.name === task.definition.name);
    if (twin) {
      result.problems.push(
        `${shown}: ${exportName}: duplicate task name "${task.definition.name}" (also export ${twin.exportName})`,
      );
      continue;
    }
    result.tasks.push({ ...task, file, exportName });
  }
  return result;
}

export function displayPath(root: string, file: string): string {
  return relative(root, file) || file;
}
