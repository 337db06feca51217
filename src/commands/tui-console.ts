// The running console around one backend at a time: its store, refresh loop and log feed, and
// `:ctx` switching, which connects to the new target first and only then swaps everything over
// (a fresh store, same pane) and closes the old connection. A failed connect changes nothing.
import type { RedisContext } from '../contexts.js';
import { parseRedisTarget } from '../engine/connection.js';
import { UserFacingError } from '../errors.js';
import type { Backend } from '../ui/backend.js';
import type { ControlContext } from '../ui/control/context.js';
import type { ContextEntry, ContextSwitcher } from '../ui/control/contexts.js';
import { type Refresher, startRefresher } from '../ui/refresher.js';
import { appendLog, createUiStore, setStatus, type UiStore } from '../ui/store.js';

export interface ConsoleSession {
  backend: Backend;
  close(): Promise<void>;
}

export interface ConsoleOptions {
  refreshMs: number;
  /** Draws the app for a control context: called at start and again after every switch. */
  render(control: ControlContext): void;
  quit(): void;
  /** The contexts file, read on each `:ctx`; absent: no contexts in this console. */
  loadContexts?: () => RedisContext[];
  /** Connects to a context (throws a one-line error on failure). */
  openContext?: (context: RedisContext) => Promise<ConsoleSession>;
  /** Why this console does not switch (e.g. the sandbox runs here), when it does not. */
  switchUnavailable?: string;
  /** After a switch: the session now on screen (the old one is already being closed). */
  onSwitch?: (session: ConsoleSession) => void;
}

export interface RunningConsole {
  control(): ControlContext;
  /** The session on screen now (the first one until a switch). */
  session(): ConsoleSession;
  /** Stops the refresh loop and the log feed; the caller closes session(). */
  stop(): void;
}

interface Live {
  session: ConsoleSession;
  store: UiStore;
  refresher: Refresher;
  unsubscribe?: () => void;
  control: ControlContext;
}

function entryOf(c: RedisContext): ContextEntry {
  const namespace = c.namespace ?? 'resque';
  let display: string;
  try {
    display = parseRedisTarget(c.url, namespace).display;
  } catch {
    display = '(invalid url)';
  }
  return {
    name: c.name,
    label: c.label,
    color: c.color,
    display,
    namespace,
    readOnly: c.readOnly,
    protected: c.protected,
  };
}

export function startConsole(first: ConsoleSession, opts: ConsoleOptions): RunningConsole {
  let stopped = false;
  let switching = false;

  const switcher: ContextSwitcher | undefined =
    opts.loadContexts && opts.openContext
      ? {
          unavailable: opts.switchUnavailable,
          list: () => opts.loadContexts!().map(entryOf),
          switchTo: async (name) => {
            if (opts.switchUnavailable) throw new UserFacingError(opts.switchUnavailable);
            if (switching) throw new UserFacingError('a switch is already under way');
            const contexts = opts.loadContexts!();
            const context = contexts.find((c) => c.name === name);
            if (!context) {
              const known = contexts.map((c) => c.name).join(', ');
              throw new UserFacingError(`no context "${name}"${known ? ` (known: ${known})` : ''}`);
            }
            switching = true;
            try {
              const next = await opts.openContext!(context);
              if (stopped) {
                // Quit while connecting: nothing to show it in.
                await next.close();
                return;
              }
              const old = live;
              detach(old);
              const { pane, bodyRows } = old.store.getState();
              live = attach(next, createUiStore({ pane, bodyRows }));
              setStatus(live.store, `switched to ${name}`);
              opts.render(live.control);
              opts.onSwitch?.(next);
              await old.session.close();
            } finally {
              switching = false;
            }
          },
        }
      : undefined;

  function attach(session: ConsoleSession, store: UiStore): Live {
    const refresher = startRefresher(store, session.backend, { refreshMs: opts.refreshMs });
    const logs = session.backend.logs;
    for (const entry of logs?.entries() ?? []) appendLog(store, entry);
    const unsubscribe = logs?.subscribe((entry) => appendLog(store, entry));
    const control: ControlContext = {
      store,
      backend: session.backend,
      refresh: () => refresher.kick(),
      quit: opts.quit,
      contexts: switcher,
    };
    return { session, store, refresher, unsubscribe, control };
  }

  function detach(l: Live): void {
    l.refresher.stop();
    l.unsubscribe?.();
  }

  let live = attach(first, createUiStore());
  opts.render(live.control);
  return {
    control: () => live.control,
    session: () => live.session,
    stop() {
      stopped = true;
      detach(live);
    },
  };
}
