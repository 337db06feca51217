// `stellar-tasks-tui` (no subcommand): the console. Builds the UI's backend from the engine
// (a remote Redis, or the sandbox booted here), runs Ink in the alternate screen, and tears
// everything down on every way out. Without a terminal it prints one text snapshot instead.
import { type Instance, render } from 'ink';
import type { Redis } from 'ioredis';
import { createElement } from 'react';
import { contextsPath, loadContexts, type RedisContext } from '../contexts.js';
import { Actions } from '../engine/actions.js';
import {
  connectClient,
  describeRedisError,
  parseRedisTarget,
  type RedisTarget,
} from '../engine/connection.js';
import { defaultJournalPath, type Journal } from '../engine/journal.js';
import { ResqueKeys } from '../engine/keys.js';
import { Monitor } from '../engine/monitor.js';
import { forbidScripts } from '../engine/scripts.js';
import { type SearchOptions, searchList } from '../engine/search.js';
import { triageFailed } from '../engine/triage.js';
import { errorMessage, UserFacingError } from '../errors.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { App } from '../ui/App.js';
import type { Backend, BackendActions, TriageOptions } from '../ui/backend.js';
import { enterTerminal, exitCodeFor } from '../ui/terminal.js';
import { journalScope, ScopedJournal } from './scoped-journal.js';
import { renderSnapshotText } from './snapshot-text.js';
import { startConsole } from './tui-console.js';

export interface TuiOptions {
  redisUrl?: string;
  namespace: string;
  tasksDir?: string;
  readOnly: boolean;
  refreshMs: number;
  /** The named target from the contexts file, when --context picked one. */
  context?: RedisContext;
}

interface Session {
  backend: Backend;
  close(): Promise<void>;
}

/** Engine errors reach the screen as one masked line; the engine's own messages pass as they are. */
function masked<T extends object>(target: RedisTarget, obj: T): T {
  return new Proxy(obj, {
    get(o, prop, receiver) {
      const v = Reflect.get(o, prop, receiver);
      if (typeof v !== 'function') return v;
      return async (...args: unknown[]) => {
        try {
          return await v.apply(o, args);
        } catch (error) {
          if (error instanceof UserFacingError) throw error;
          throw new UserFacingError(describeRedisError(error, target));
        }
      };
    },
  });
}

/** The UI's backend over a connected client: the production wiring, also used by the UI tests. */
export function createEngineBackend(
  redis: Redis,
  target: RedisTarget,
  opts: Pick<TuiOptions, 'readOnly' | 'refreshMs' | 'context'> & {
    /** Where removes and retries are journaled for undo; default: the user's state directory. */
    journal?: Journal;
  },
  sandbox?: Sandbox,
): Backend {
  const keys = new ResqueKeys(target.namespace);
  // Read-only: plain reads only, not even a reading script (the delayed total counts without one).
  if (opts.readOnly) forbidScripts(redis);
  const monitor = masked(target, new Monitor(redis, keys));
  // Read-only writes nothing, not even the local undo journal. Keyed by server: `u` after a
  // context switch never undoes on this Redis what was done on another.
  const journal = opts.readOnly
    ? undefined
    : (opts.journal ?? new ScopedJournal(defaultJournalPath(process.env), journalScope(target)));
  const actions = new Actions(redis, keys, { readOnly: opts.readOnly, jobs: sandbox?.engine.jobs, journal });
  const context = opts.context;
  return {
    info: {
      display: target.display,
      namespace: target.namespace,
      mode: sandbox ? 'sandbox' : 'remote',
      readOnly: opts.readOnly,
      refreshMs: opts.refreshMs,
      context: context && {
        name: context.name,
        label: context.label,
        color: context.color,
        protected: context.protected,
      },
    },
    snapshot: async (w) => {
      // The monitor turns per-command errors into zeros (right for WRONGTYPE or NOPERM on one
      // key), so a lost connection would read as an empty Redis: check the link itself.
      const lost = () => new UserFacingError(describeRedisError(new Error('Connection is closed'), target));
      if (redis.status !== 'ready') throw lost();
      const snapshot = await monitor.snapshot(w);
      if (redis.status !== 'ready') throw lost();
      return snapshot;
    },
    queueJobs: (q, offset, limit) => monitor.queueJobs(q, offset, limit),
    actions: masked<BackendActions>(target, actions),
    triage: masked(target, { run: (o: TriageOptions) => triageFailed(redis, keys, o) }).run,
    search: masked(target, { run: (o: SearchOptions) => searchList(redis, keys, o) }).run,
    logs: sandbox?.log,
    tasks: sandbox
      ? () => sandbox.tasks().map((t) => ({ name: t.name, queue: t.queue, frequency: t.frequency }))
      : undefined,
  };
}

/**
 * What `:ctx NAME` connects with: the context's url, namespace and read-only flag; --read-only
 * given on the command line keeps every context read-only. Never the sandbox.
 */
export function contextOptions(base: TuiOptions, context: RedisContext): TuiOptions {
  const flagReadOnly = base.readOnly && !base.context?.readOnly;
  return {
    redisUrl: context.url,
    namespace: context.namespace ?? 'resque',
    readOnly: flagReadOnly || context.readOnly,
    refreshMs: base.refreshMs,
    context,
  };
}

/** Switching away would stop the sandbox's workers and its Redis with all their data. */
export const SANDBOX_NO_SWITCH =
  'the sandbox runs in this console: :ctx switches only a console started on a Redis (--redis, --context)';

export async function openSession(opts: TuiOptions): Promise<Session> {
  let sandbox: Sandbox | undefined;
  let url = opts.redisUrl;
  if (!url) {
    const { startSandbox } = await import('../sandbox/sandbox.js');
    sandbox = await startSandbox({ tasksDir: opts.tasksDir });
    url = sandbox.url;
  }
  const target = parseRedisTarget(url, opts.namespace);
  let redis: Redis;
  try {
    redis = await connectClient(target, { persistent: true, name: 'stellar-tasks-tui' });
  } catch (error) {
    await sandbox?.stop();
    throw error;
  }
  // An unhandled 'error' event would crash the process; the refresher reports the outage.
  redis.on('error', () => undefined);
  return {
    backend: createEngineBackend(redis, target, opts, sandbox),
    async close() {
      redis.disconnect();
      await sandbox?.stop();
    },
  };
}

async function runInteractive(
  session: Session,
  opts: TuiOptions,
  onSwitch: (session: Session) => void,
): Promise<number> {
  const term = enterTerminal();
  let ink: Instance | undefined;
  const app = startConsole(session, {
    refreshMs: opts.refreshMs,
    quit: () => term.end({ kind: 'quit' }),
    // A switch (:ctx) hands the app a new control context: same Ink instance, new store and backend.
    render: (control) => {
      const element = createElement(App, { control });
      if (ink) ink.rerender(element);
      else ink = render(element, { exitOnCtrlC: false, patchConsole: true });
    },
    loadContexts: () => loadContexts(contextsPath(process.env)),
    openContext: (context) => openSession(contextOptions(opts, context)),
    switchUnavailable: session.backend.info.mode === 'sandbox' ? SANDBOX_NO_SWITCH : undefined,
    onSwitch,
  });
  const reason = await term.ended;
  app.stop();
  ink?.unmount();
  ink?.cleanup();
  term.restore();
  if (reason.kind === 'error') {
    process.stderr.write(`stellar-tasks-tui: unexpected error: ${errorMessage(reason.error)}\n`);
  }
  return exitCodeFor(reason);
}

export async function runTui(opts: TuiOptions): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const session = await openSession(opts);
  // :ctx may swap the session; whichever is on screen at the end is the one to close.
  let current = session;
  let code: number;
  try {
    if (!interactive) {
      // No terminal (a pipe, a CI log): one readable snapshot instead of "Raw mode is not supported".
      const snapshot = await session.backend.snapshot({ failedLimit: 20, delayedLimit: 20 });
      process.stdout.write(renderSnapshotText(snapshot, session.backend.info.display));
      code = 0;
    } else {
      code = await runInteractive(session, opts, (next) => {
        current = next;
      });
    }
  } finally {
    await current.close();
  }
  // Safety net: if a stray handle kept the loop alive, leave anyway (the timer itself doesn't).
  setTimeout(() => process.exit(code), 3000).unref();
  return code;
}
