// Hosts the node-resque MultiWorker and Scheduler that run the sandbox's tasks, and turns
// their events into log lines. Workers listen on the explicit queues of the loaded tasks
// (never "*": such workers delete their own ping and stats on every idle poll).
import { hostname } from 'node:os';
import { type ConnectionOptions, type Jobs, MultiWorker, type ParsedJob, Scheduler } from 'node-resque';
import { errorMessage } from '../errors.js';
import type { WritableLog } from '../sandbox/log.js';
import { harden } from './harden.js';

export interface HostOptions {
  connection: ConnectionOptions;
  /** The engine's jobs map; workers copy it when they start, so additions are patched in. */
  jobs: Jobs;
  log: WritableLog;
  /** Worker and scheduler poll interval: a job is picked up within about this long. */
  pollMs?: number;
  minWorkers?: number;
  maxWorkers?: number;
  /** Called after every job that ran to the end, failed or not (recurrent tasks hook here). */
  onJobEnd?: (job: ParsedJob, ok: boolean) => void;
}

const describeJob = (job: ParsedJob | undefined) =>
  job ? `${job.class}${job.args && job.args.length > 0 ? ` ${JSON.stringify(job.args)}` : ''}` : '(no job)';

export class WorkerHost {
  private current?: MultiWorker;
  private readonly retiring = new Set<MultiWorker>();
  private scheduler?: Scheduler;
  private queues: string[] = [];
  private generation = 0;

  constructor(private readonly opts: HostOptions) {}

  get pollMs(): number {
    return this.opts.pollMs ?? 150;
  }

  async startScheduler(): Promise<void> {
    const { log } = this.opts;
    const scheduler = new Scheduler(
      {
        connection: this.opts.connection,
        name: `${hostname()}:${process.pid}:sandbox`,
        timeout: Math.max(100, this.pollMs),
      },
      this.opts.jobs,
    );
    scheduler.on('leader', () => log.info(`scheduler ${scheduler.name} is the leader`));
    scheduler.on('error', (error) => log.error(`scheduler error: ${errorMessage(error)}`));
    scheduler.on('cleanStuckWorker', (worker, _payload, delta) =>
      log.warn(`scheduler cleaned worker ${worker}, silent for ${delta} s`),
    );
    scheduler.on('transferredJob', (_ts, transferred) => {
      const job = transferred as unknown as ParsedJob; // typed as Job, but it is the payload
      log.info(`delayed ${describeJob(job)} is due: moved to queue ${job.queue}`, {
        class: job.class,
        queue: job.queue,
      });
    });
    await scheduler.connect();
    await scheduler.start();
    this.scheduler = scheduler;
  }

  /** Runs workers on exactly these queues; a different list replaces the workers. */
  async setQueues(queues: string[]): Promise<void> {
    const wanted = [...new Set(queues)].sort();
    if (this.current && wanted.join(',') === this.queues.join(',')) return;
    const previous = this.current;
    this.current = undefined;
    this.queues = wanted;
    if (wanted.length > 0) this.current = this.startWorkers(wanted);
    if (previous) {
      // The old workers finish what they run in the background while the new ones poll.
      this.retiring.add(previous);
      previous.stop().finally(() => this.retiring.delete(previous));
    }
    if (wanted.length > 0) this.opts.log.info(`workers listen on queues: ${wanted.join(', ')}`);
  }

  private startWorkers(queues: string[]): MultiWorker {
    const { log, onJobEnd } = this.opts;
    this.generation += 1;
    const name = this.generation === 1 ? hostname() : `${hostname()}~${this.generation}`;
    const mw = harden(
      new MultiWorker(
        {
          connection: this.opts.connection,
          name,
          queues,
          timeout: this.pollMs,
          checkTimeout: 200,
          minTaskProcessors: this.opts.minWorkers ?? 2,
          maxTaskProcessors: this.opts.maxWorkers ?? 5,
          // Development machines (and CI) stall now and then; do not shrink to one worker for it.
          maxEventLoopDelay: 250,
        },
        this.opts.jobs,
      ),
    );
    mw.on('job', (id, queue, job) =>
      log.info(`${describeJob(job)} started (queue ${queue}, worker ${id})`, {
        worker: id,
        queue,
        class: job.class,
        args: job.args,
      }),
    );
    mw.on('success', (id, queue, job, _result, duration) => {
      log.info(`${describeJob(job)} done in ${duration} ms`, {
        worker: id,
        queue,
        class: job.class,
        durationMs: duration,
      });
      onJobEnd?.(job, true);
    });
    mw.on('failure', (id, queue, job, failure, duration) => {
      log.error(
        `${describeJob(job)} failed in ${duration} ms: ${failure?.name ?? 'Error'}: ${errorMessage(failure)}`,
        {
          worker: id,
          queue,
          class: job.class,
          durationMs: duration,
          stack: failure?.stack,
        },
      );
      onJobEnd?.(job, false);
    });
    mw.on('reEnqueue', (id, queue, job, plugin) =>
      log.warn(`${describeJob(job)} put back by ${plugin} (already running elsewhere)`, {
        worker: id,
        queue,
        class: job.class,
      }),
    );
    mw.on('error', (error, id, queue, job) =>
      log.error(`worker ${id ?? '?'} error${job ? ` on ${describeJob(job)}` : ''}: ${errorMessage(error)}`, {
        queue,
      }),
    );
    mw.on('cleaning_worker', (id, worker, pid) =>
      log.warn(`worker ${id} cleaned old worker ${worker.name} (pid ${pid})`),
    );
    mw.start();
    return mw;
  }

  /** Makes a task added after the workers started known to them (they copied the jobs map). */
  patchJob(name: string): void {
    for (const mw of this.multiWorkers()) {
      for (const worker of mw.workers) {
        const job = this.opts.jobs[name];
        if (job) worker.jobs[name] = job;
        else delete worker.jobs[name];
      }
    }
  }

  private multiWorkers(): MultiWorker[] {
    return [...(this.current ? [this.current] : []), ...this.retiring];
  }

  /**
   * Stops the workers (each finishes its job), waiting at most timeoutMs; then `giveUp` is
   * called so running jobs can be failed, and we wait briefly for the workers to record it.
   * The scheduler stops last and releases the leader lock.
   */
  async stop(timeoutMs: number, giveUp: () => void): Promise<void> {
    const all = this.multiWorkers();
    this.current = undefined;
    const stopped = Promise.all(all.map((mw) => mw.stop()));
    if (!(await settlesWithin(stopped, timeoutMs))) {
      const running = all.reduce((n, mw) => n + mw.workers.filter((w) => w.working).length, 0);
      this.opts.log.warn(`gave up waiting for ${running} running job(s) after ${timeoutMs} ms`);
      giveUp();
      await settlesWithin(stopped, 3000);
    }
    if (this.scheduler) {
      await settlesWithin(this.scheduler.end(), 5000);
      this.scheduler = undefined;
    }
  }
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
