// node-resque's MultiWorker has two failure paths that hurt a long-running sandbox when Redis
// misbehaves: a failed periodic check (e.g. adding a worker while Redis is unreachable) is an
// unhandled rejection, which ends a Node 20 process; and a worker whose end() throws leaves
// stop() waiting forever. These patches report both as 'error' events and carry on.
import type { MultiWorker, Worker } from 'node-resque';

interface Internals {
  running: boolean;
  workers: Worker[];
  stopInProcess: boolean;
  eventLoopDelay: number;
  checkTimer: NodeJS.Timeout | null;
  options: { checkTimeout?: number };
  checkWorkers(): Promise<{ verb: string; eventLoopDelay: number }>;
  checkWrapper(): Promise<void>;
  cleanupWorker(worker: Worker): Promise<void>;
}

/** Stops a worker that could not end cleanly: its timers, then its connection. */
function forceEnd(worker: Worker): void {
  worker.running = false;
  for (const timer of [worker.pollTimer, worker.endTimer]) if (timer) clearTimeout(timer);
  if (worker.pingTimer) clearInterval(worker.pingTimer);
  worker.queueObject?.connection?.redis?.disconnect();
}

export function harden(mw: MultiWorker): MultiWorker {
  const m = mw as unknown as Internals;
  const check = m.checkWorkers.bind(mw);
  m.checkWorkers = async () => {
    if (m.running || m.workers.length === 0) return check();
    // Stopping: like node-resque's "--" step, but a worker that fails to end is forced.
    m.stopInProcess = true;
    await Promise.all(
      m.workers.map(async (worker) => {
        try {
          await worker.end();
        } catch (error) {
          mw.emit('error', error, worker.id);
          forceEnd(worker);
        }
        await m.cleanupWorker(worker);
      }),
    );
    m.workers = [];
    m.stopInProcess = false;
    return { verb: '--', eventLoopDelay: m.eventLoopDelay };
  };
  m.checkWrapper = async () => {
    if (m.checkTimer) clearTimeout(m.checkTimer);
    try {
      const { verb, eventLoopDelay } = await m.checkWorkers();
      mw.emit('multiWorkerAction', verb, eventLoopDelay);
    } catch (error) {
      mw.emit('error', error);
    }
    m.checkTimer = setTimeout(() => void m.checkWrapper(), m.options.checkTimeout ?? 500);
  };
  return mw;
}
