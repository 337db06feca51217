// Runs a directory of Stellar task modules against a TaskEngine: keeps the engine's jobs map
// and registry in step with the loaded files, hosts the workers and scheduler, keeps
// periodic tasks coming back, and reloads files as they change.
import type { Job, ParsedJob } from 'node-resque';
import type { TaskDefinition, TaskEngine } from '../engine/tasks-api.js';
import { errorMessage } from '../errors.js';
import type { WritableLog } from '../sandbox/log.js';
import { createTaskApi, type TaskApi } from './api.js';
import { type ReloadOutcome, TaskCatalog } from './catalog.js';
import { WorkerHost } from './host.js';
import type { LoadedTask } from './load-file.js';
import { Recurrence } from './recurrent.js';
import { paramsOf, runTask } from './run-adapter.js';
import { type TaskWatcher, watchTasks } from './watcher.js';

export interface RuntimeOptions {
  engine: TaskEngine;
  log: WritableLog;
  tasksDir: string;
  /** A run that has not ended after this long fails, so its worker moves on. */
  jobTimeoutMs: number;
  /** What tasks see as api.config, and api.id. */
  config: Record<string, unknown>;
  id: string;
  pollMs?: number;
  watch?: boolean;
}

export class TaskRuntime {
  readonly catalog: TaskCatalog;
  readonly api: TaskApi;
  private readonly host: WorkerHost;
  private readonly recurrence: Recurrence;
  private readonly current = new Map<string, LoadedTask>();
  private readonly abort = new AbortController();
  private watcher?: TaskWatcher;
  private reloading: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(private readonly opts: RuntimeOptions) {
    const { engine, log } = opts;
    this.catalog = new TaskCatalog(opts.tasksDir);
    this.recurrence = new Recurrence(engine.queue);
    this.api = createTaskApi({ id: opts.id, engine, config: opts.config, write: log.write });
    this.host = new WorkerHost({
      connection: engine.connectionOptions(),
      jobs: engine.jobs,
      log,
      pollMs: opts.pollMs,
      onJobEnd: (job) => this.afterRun(job),
    });
  }

  async start(): Promise<void> {
    const { log } = this.opts;
    const outcomes = await this.catalog.loadAll();
    for (const problem of this.catalog.loadErrors()) log.error(problem);
    const files = outcomes.filter((o) => o.status === 'loaded').length;
    log.info(`loaded ${this.catalog.tasks().length} task(s) from ${files} file(s) in ${this.opts.tasksDir}`);
    if (this.catalog.tasks().length === 0) log.warn(`no task found under ${this.opts.tasksDir}`);
    await this.host.startScheduler();
    await this.apply();
    if (this.opts.watch !== false) {
      this.watcher = watchTasks(
        this.opts.tasksDir,
        (changed) => {
          this.reload(changed).catch((error) => log.error(`reload failed: ${errorMessage(error)}`));
        },
        (message) => log.warn(message),
      );
    }
  }

  tasks(): TaskDefinition[] {
    return [...this.current.values()].map((t) => t.definition);
  }

  loadErrors(): string[] {
    return this.catalog.loadErrors();
  }

  /** Reloads these files (the watcher calls this; tests may too), one batch at a time. */
  reload(files: string[]): Promise<ReloadOutcome[]> {
    const run = this.reloading.then(() => this.reloadNow(files));
    this.reloading = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async reloadNow(files: string[]): Promise<ReloadOutcome[]> {
    const { log } = this.opts;
    const outcomes: ReloadOutcome[] = [];
    for (const file of files) outcomes.push(await this.catalog.reload(file));
    // A deleted or renamed task may free a name another file was refused for.
    if (outcomes.some((o) => o.status === 'removed' || o.status === 'loaded')) {
      for (const file of this.catalog.filesRefusedForDuplicates()) {
        if (!files.includes(file)) outcomes.push(await this.catalog.reload(file));
      }
    }
    for (const o of outcomes) {
      if (o.status === 'loaded') log.info(`reloaded ${o.file}: ${o.tasks.join(', ')}`);
      else if (o.status === 'removed' && o.tasks.length > 0)
        log.info(`${o.file} is gone; stopped ${o.tasks.join(', ')}`);
      else if (o.status === 'kept-previous') {
        log.error(`${o.file} failed to reload; its previous version keeps running`);
      }
      for (const problem of o.problems) log.error(problem);
    }
    await this.apply();
    return outcomes;
  }

  /** Brings the engine's jobs and registry, the workers' queues and the periodic tasks in line. */
  private async apply(): Promise<void> {
    const { engine } = this.opts;
    const next = this.catalog.byName();
    const before = new Map([...this.current].map(([name, t]) => [name, t.definition]));
    for (const [name, task] of next) {
      let job = engine.jobs[name] as Job<unknown> | undefined;
      const isNew = !job;
      if (!job) {
        job = this.makeJob(name);
        engine.jobs[name] = job;
      }
      // In place: workers hold the same job objects, so they see the new plugins at once.
      job.plugins = task.plugins;
      job.pluginOptions = task.definition.pluginOptions as Job<unknown>['pluginOptions'];
      this.current.set(name, task);
      engine.registry.set(name, task.definition);
      if (isNew) this.host.patchJob(name);
    }
    for (const name of [...this.current.keys()]) {
      if (next.has(name)) continue;
      this.current.delete(name);
      engine.registry.delete(name);
      delete engine.jobs[name];
      this.host.patchJob(name);
    }
    await this.host.setQueues(this.tasks().map((t) => t.queue));
    await this.applyPeriodic(before, next);
  }

  private async applyPeriodic(before: Map<string, TaskDefinition>, next: Map<string, LoadedTask>) {
    const { log } = this.opts;
    for (const [name, old] of before) {
      const now = next.get(name)?.definition;
      if (old.frequency > 0 && (!now || now.frequency === 0 || now.queue !== old.queue)) {
        await this.recurrence
          .clear(old)
          .catch((e) => log.error(`could not unschedule ${name}: ${errorMessage(e)}`));
        if (!now || now.frequency === 0) log.info(`${name} is no longer periodic`);
      }
    }
    for (const [name, task] of next) {
      const def = task.definition;
      const old = before.get(name);
      if (def.frequency === 0 || (old && old.frequency > 0 && old.queue === def.queue)) continue;
      if (def.frequency < 1000) {
        log.warn(
          `${name}: frequency ${def.frequency} ms is below resque's one-second resolution; it will run about once a second`,
        );
      }
      try {
        const queued = await this.recurrence.start(def);
        log.info(
          `${name} is periodic, every ${def.frequency} ms${queued ? ': enqueued now' : ' (already queued)'}`,
        );
      } catch (error) {
        log.error(`could not enqueue periodic ${name}: ${errorMessage(error)}`);
      }
    }
  }

  private makeJob(name: string): Job<unknown> {
    const runtime = this;
    return {
      plugins: [],
      pluginOptions: {},
      // `this` is the node-resque worker, as Stellar passes it to run().
      async perform(this: unknown, ...args: unknown[]) {
        const task = runtime.current.get(name);
        if (!task) throw new Error(`task "${name}" is no longer loaded`);
        return runTask(task.run, this, runtime.api, paramsOf(args), {
          name,
          timeoutMs: runtime.opts.jobTimeoutMs,
          report: runtime.opts.log,
          signal: runtime.abort.signal,
        });
      },
    };
  }

  /** A periodic task comes back `frequency` ms after each run, whether it failed or not. */
  private afterRun(job: ParsedJob): void {
    const def = this.opts.engine.registry.get(job.class);
    if (this.stopping || !def || !(def.frequency > 0) || job.queue !== def.queue) return;
    const { log } = this.opts;
    const now = Date.now();
    this.recurrence.next(def, now).then(
      // The scheduler moves second S from S - 0.5 s on: that is when the next run starts.
      (at) =>
        log.info(`${def.name} re-enqueued: next run in about ${((at - 500 - now) / 1000).toFixed(1)} s`, {
          class: def.name,
          at,
        }),
      (error) => log.error(`could not re-enqueue ${def.name}: ${errorMessage(error)}`),
    );
  }

  /** Workers finish their jobs, or after timeoutMs those jobs fail; then the scheduler stops. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.watcher?.close();
    await this.reloading;
    await this.host.stop(timeoutMs, () => this.abort.abort('the sandbox is shutting down'));
  }
}
