// When a worker looks dead or stuck. node-resque pings every worker timeout (5 s by default);
// a minute without a ping is far past that. Workers on "*" delete their own ping, so no ping is
// not by itself a sign of death.
import type { WorkerInfo } from '../../engine/types.js';

export const STALE_HEARTBEAT_MS = 60_000;
export const LONG_JOB_MS = 10 * 60_000;

export function workerFlags(w: WorkerInfo, now: number): { stale: boolean; long: boolean } {
  const stale = w.pingAt !== null && now - w.pingAt > STALE_HEARTBEAT_MS;
  const long = w.job?.runAt != null && now - w.job.runAt > LONG_JOB_MS;
  return { stale, long };
}

/** `host:pid+id` -> host and pid. */
export function hostPid(name: string): { host: string; pid: string } {
  const i = name.lastIndexOf(':');
  if (i < 0) return { host: name, pid: '' };
  return { host: name.slice(0, i), pid: name.slice(i + 1).split('+')[0] };
}
