// Finds the task files under --tasks. Three layouts are accepted: a Stellar project root
// (`modules/<module>/tasks/**`), one module (`tasks/**`), or a plain folder of task files.
import { readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { TASK_EXTENSIONS } from './import-file.js';

export type Layout = 'project' | 'module' | 'folder';

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function detectLayout(root: string): Layout {
  if (isDir(join(root, 'modules'))) return 'project';
  if (isDir(join(root, 'tasks'))) return 'module';
  return 'folder';
}

/** The directories whose files (recursively) are task files. */
export function taskRoots(root: string): string[] {
  const layout = detectLayout(root);
  if (layout === 'module') return [join(root, 'tasks')];
  if (layout === 'folder') return [root];
  const modules = join(root, 'modules');
  return readdirSync(modules, { withFileTypes: true })
    .filter((d) => d.isDirectory() && isDir(join(modules, d.name, 'tasks')))
    .map((d) => join(modules, d.name, 'tasks'))
    .sort();
}

function walk(dir: string, out: string[]): void {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    // Dependencies and dot-folders (.git, editor state) never hold the user's tasks.
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (isTaskFileName(entry.name)) out.push(path);
  }
}

export function isTaskFileName(name: string): boolean {
  return TASK_EXTENSIONS.includes(extname(name)) && !name.endsWith('.d.ts') && !name.startsWith('.');
}

/** Every task file under `root`, sorted so load order (and duplicate resolution) is stable. */
export function findTaskFiles(root: string): string[] {
  const out: string[] = [];
  for (const dir of taskRoots(root)) walk(dir, out);
  return out.sort();
}

/** True when `file` lies where a task file of `root` would be (used by the watcher). */
export function isUnderTaskRoots(root: string, file: string): boolean {
  return taskRoots(root).some((dir) => {
    const rel = relative(dir, file);
    return (
      rel !== '' &&
      !rel.startsWith('..') &&
      !rel.split(sep).some((p) => p.startsWith('.') || p === 'node_modules')
    );
  });
}
