// The set of task files currently running and the problems of those that are not. A file
// that fails on reload keeps its previous version; its error stays visible until it is fixed.
import { existsSync } from 'node:fs';
import { findTaskFiles } from './discover.js';
import { purgeRequireCache } from './import-file.js';
import { displayPath, type LoadedTask, loadTaskFile } from './load-file.js';

export interface ReloadOutcome {
  file: string;
  /** What happened, for the log. */
  status: 'loaded' | 'removed' | 'kept-previous' | 'failed';
  tasks: string[];
  problems: string[];
}

export class TaskCatalog {
  private readonly active = new Map<string, LoadedTask[]>();
  private readonly problems = new Map<string, string[]>();

  constructor(readonly root: string) {}

  async loadAll(): Promise<ReloadOutcome[]> {
    const outcomes: ReloadOutcome[] = [];
    for (const file of findTaskFiles(this.root)) outcomes.push(await this.reload(file));
    return outcomes;
  }

  /** Loads (or reloads, or forgets a deleted) file and reports what changed. */
  async reload(file: string): Promise<ReloadOutcome> {
    const shown = displayPath(this.root, file);
    if (!existsSync(file)) {
      const had = this.active.get(file) ?? [];
      this.active.delete(file);
      this.problems.delete(file);
      return { file: shown, status: 'removed', tasks: had.map((t) => t.definition.name), problems: [] };
    }
    purgeRequireCache(this.root);
    const result = await loadTaskFile(file, this.root);
    const problems = [...result.problems];
    const tasks: LoadedTask[] = [];
    for (const task of result.tasks) {
      const owner = this.ownerOf(task.definition.name, file);
      if (owner) {
        problems.push(
          `${shown}: ${task.exportName}: duplicate task name "${task.definition.name}" ` +
            `(already defined in ${displayPath(this.root, owner.file)}: ${owner.exportName})`,
        );
      } else tasks.push(task);
    }
    const previous = this.active.get(file);
    if (previous && problems.length > 0) {
      this.problems.set(file, problems);
      return {
        file: shown,
        status: 'kept-previous',
        tasks: previous.map((t) => t.definition.name),
        problems,
      };
    }
    if (problems.length > 0) this.problems.set(file, problems);
    else this.problems.delete(file);
    if (tasks.length > 0) this.active.set(file, tasks);
    else this.active.delete(file);
    return {
      file: shown,
      status: tasks.length > 0 ? 'loaded' : 'failed',
      tasks: tasks.map((t) => t.definition.name),
      problems,
    };
  }

  private ownerOf(name: string, exceptFile: string): LoadedTask | undefined {
    for (const [file, tasks] of this.active) {
      if (file === exceptFile) continue;
      const found = tasks.find((t) => t.definition.name === name);
      if (found) return found;
    }
    return undefined;
  }

  tasks(): LoadedTask[] {
    return [...this.active.values()].flat();
  }

  byName(): Map<string, LoadedTask> {
    return new Map(this.tasks().map((t) => [t.definition.name, t]));
  }

  /** Files refused a task name another file held: worth retrying once that file lets go. */
  filesRefusedForDuplicates(): string[] {
    return [...this.problems]
      .filter(([, ps]) => ps.some((p) => p.includes(': duplicate task name ')))
      .map(([f]) => f);
  }

  loadErrors(): string[] {
    return [...this.problems.values()].flat();
  }
}
