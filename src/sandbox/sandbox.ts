// Boots and stops the sandbox: embedded Redis on 127.0.0.1, the engine, the task runtime
// (workers, scheduler, periodic tasks, reload) and, for the bundled fixtures, the demo seeder.
// It never writes to stdout/stderr: the TUI owns the screen; everything goes to `log`.
import { readdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRedisTarget } from '../engine/connection.js';
import { type TaskDefinition, TaskEngine } from '../engine/tasks-api.js';
import { errorMessage, UsageError, UserFacingError } from '../errors.js';
import { importFresh } from '../runtime/import-file.js';
import { TaskRuntime } from '../runtime/runtime.js';
import { type EmbeddedRedis, startEmbeddedRedis } from './embedded-redis.js';
import { createLog, type LogEntry, type SandboxLog } from './log.js';

export type { LogEntry, SandboxLog };

export interface Sandbox {
  url: string;
  port: number;
  engine: TaskEngine;
  log: SandboxLog;
  tasks(): TaskDefinition[];
  loadErrors(): string[];
  stop(): Promise<void>;
}

export interface SandboxOptions {
  tasksDir?: string;
  port?: number;
  /** Run the demo seeder at start; default true with the bundled fixtures, which alone have one. */
  seed?: boolean;
  /** How long workers may take to finish their jobs at shutdown (default 10 s). */
  shutdownTimeoutMs?: number;
  /** A job that has not ended after this long fails (default 60 s). */
  jobTimeoutMs?: number;
}

/** The bundled demo modules: `fixtures/` beside src/ and dist/. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** A missing or unreadable --tasks directory is a usage error (exit 2), reported in one line. */
export function checkTasksDir(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--tasks ${dir}: ${code === 'ENOENT' ? 'no such directory' : errorMessage(error)}`);
  }
  if (!isDir) throw new UsageError(`--tasks ${dir}: not a directory`);
  try {
    readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--tasks ${dir}: cannot read it${code === 'EACCES' ? ' (permission denied)' : ''}`);
  }
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const usingFixtures = opts.tasksDir === undefined;
  const tasksDir = resolve(opts.tasksDir ?? FIXTURES_DIR);
  checkTasksDir(tasksDir);
  const shutdownTimeoutMs = opts.shutdownTimeoutMs ?? 10_000;
  const jobTimeoutMs = opts.jobTimeoutMs ?? 60_000;
  const log = createLog(2000);

  const redis: EmbeddedRedis = await startEmbeddedRedis({ port: opts.port });
  if (opts.port !== undefined && redis.port !== opts.port) {
    // redis-memory-server quietly retries on a random port when the one asked for is taken;
    // whoever asked for a port (an app's config, a script) needs that one, so say so instead.
    await redis.stop();
    throw new UserFacingError(`cannot use port ${opts.port}: it is already in use`);
  }
  let engine: TaskEngine | undefined;
  let runtime: TaskRuntime | undefined;
  // node-resque drops some promises on the floor when Redis goes away; in Node 20 one such
  // rejection would end the process (and the TUI with it). While the sandbox runs they are
  // logged instead.
  const onUnhandled = (reason: unknown) => {
    log.error(`unhandled rejection: ${errorMessage(reason)}`, { stack: (reason as Error)?.stack });
  };
  process.on('unhandledRejection', onUnhandled);
  // If the process exits without stop() (a second Ctrl-C, process.exit anywhere), Redis goes
  // at once rather than when redis-memory-server's killer next looks (every 2 s).
  const onExit = () => {
    if (redis.pid) {
      try {
        process.kill(redis.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', onExit);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.info('sandbox stopping');
      if (runtime) await runtime.stop(shutdownTimeoutMs).catch((e) => log.error(`stop: ${errorMessage(e)}`));
      if (engine) await engine.end().catch(() => undefined);
      await redis.stop();
      process.off('unhandledRejection', onUnhandled);
      process.off('exit', onExit);
      log.info('sandbox stopped');
    })();
    return stopping;
  };

  try {
    log.info(`redis-server ${redis.binary} listening on ${redis.url} (pid ${redis.pid ?? '?'})`);
    const target = parseRedisTarget(redis.url);
    engine = await TaskEngine.connect({ target });
    runtime = new TaskRuntime({
      engine,
      log,
      tasksDir,
      jobTimeoutMs,
      id: `sandbox-${hostname()}-${process.pid}`,
      config: {
        sandbox: true,
        redis: { url: redis.url, host: redis.host, port: redis.port, namespace: target.namespace },
        tasks: { dir: tasksDir, jobTimeoutMs, shutdownTimeoutMs },
      },
    });
    await runtime.start();
    if (opts.seed ?? usingFixtures) await seed(tasksDir, runtime, log);
  } catch (error) {
    await stop();
    throw error;
  }

  const rt = runtime;
  return {
    url: redis.url,
    port: redis.port,
    engine,
    log,
    tasks: () => rt.tasks(),
    loadErrors: () => rt.loadErrors(),
    stop,
  };
}

/** Runs `<tasksDir>/seed.js` (the fixtures have one) with the same api tasks get. */
async function seed(
  tasksDir: string,
  runtime: TaskRuntime,
  log: ReturnType<typeof createLog>,
): Promise<void> {
  const file = join(tasksDir, 'seed.js');
  try {
    statSync(file);
  } catch {
    return;
  }
  try {
    const { seed: run } = await importFresh(file);
    if (typeof run === 'function') await run(runtime.api);
  } catch (error) {
    log.error(`demo seeder failed: ${errorMessage(error)}`);
  }
}
