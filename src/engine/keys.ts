// The resque key layout in one place (see shared/RESQUE-FACTS.md). Every other module builds
// key names through this class so a namespace change or a layout fact is fixed once.

export class ResqueKeys {
  constructor(readonly namespace = 'resque') {}

  /** Full key name: `<namespace>:<part>:<part>…`. */
  key(...parts: string[]): string {
    return [this.namespace, ...parts].join(':');
  }

  /** Strips the namespace prefix from a full key name. */
  strip(fullKey: string): string {
    const prefix = `${this.namespace}:`;
    return fullKey.startsWith(prefix) ? fullKey.slice(prefix.length) : fullKey;
  }

  get queues(): string {
    return this.key('queues');
  }
  queue(name: string): string {
    return this.key('queue', name);
  }
  get delayedSchedule(): string {
    return this.key('delayed_queue_schedule');
  }
  /** `timestamp` is in unix seconds, as resque stores it. */
  delayed(timestampSec: number | string): string {
    return this.key(`delayed:${timestampSec}`);
  }
  timestamps(jobJson: string): string {
    return this.key(`timestamps:${jobJson}`);
  }
  get failed(): string {
    return this.key('failed');
  }
  stat(name: 'processed' | 'failed', worker?: string): string {
    return worker === undefined ? this.key('stat', name) : this.key('stat', name, worker);
  }
  get workers(): string {
    return this.key('workers');
  }
  /** `workerEntry` is a member of the `workers` set: `<name>:<queues>`. */
  workerJob(workerEntry: string): string {
    return this.key('worker', workerEntry);
  }
  workerStarted(workerEntry: string): string {
    return this.key('worker', workerEntry, 'started');
  }
  workerPing(name: string): string {
    return this.key('worker', 'ping', name);
  }
  get leaderLock(): string {
    return this.key('resque_scheduler_leader_lock');
  }
  /** SCAN patterns for the QueueLock and JobLock plugins' keys. */
  get queueLockPattern(): string {
    return this.key('lock:*');
  }
  /** Matches both kinds in one SCAN; callers keep only the two prefixes above. */
  get anyLockPattern(): string {
    return this.key('*lock:*');
  }
  get workerLockPattern(): string {
    return this.key('workerslock:*');
  }
}

/**
 * Splits a member of the `workers` set into name and queues. Worker names hold colons
 * (`host:pid+id`); node-resque takes the first two parts as the name and the rest as queues.
 */
export function splitWorkerEntry(entry: string): { name: string; queues: string } {
  const parts = entry.split(':');
  if (parts.length === 1) return { name: entry, queues: '' };
  if (parts.length === 2) return { name: parts[0], queues: parts[1] };
  return { name: `${parts[0]}:${parts[1]}`, queues: parts.slice(2).join(':') };
}
