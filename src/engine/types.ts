// The snapshot: plain, JSON-serialisable data shared by `snapshot --json` and the TUI.
// Shape is a contract (shared/DESIGN.md): fields may be added, never renamed.

export interface JobPayload {
  class: string | null;
  queue: string | null;
  args: unknown[];
  /** The exact stored string; set when the entry is not valid JSON (then class is null). */
  raw?: string;
}

export interface QueueInfo {
  name: string;
  length: number;
}

export interface DelayedJob {
  /** Due time in epoch ms. */
  at: number;
  queue: string | null;
  class: string | null;
  args: unknown[];
  raw?: string;
  /** Exact stored string in the `delayed:<sec>` list (for atomic actions); not in DESIGN, added. */
  stored?: string;
}

export interface WorkerJob {
  queue: string | null;
  class: string | null;
  args: unknown[];
  runAt: number | null;
}

export interface WorkerInfo {
  name: string;
  queues: string[];
  status: 'working' | 'idle';
  job: WorkerJob | null;
  pingAt: number | null;
  /** Member of the `workers` set (`name:queues`), needed to clean it. Added field. */
  entry?: string;
  /** Epoch ms the worker registered (`…:started`), when known. Added field. */
  startedAt?: number | null;
}

export interface LockInfo {
  /** Key without the namespace, e.g. `lock:sayHello:default:[]`. */
  key: string;
  kind: 'queue' | 'worker';
  ttlSeconds: number;
}

export interface FailedItem {
  queue: string | null;
  class: string | null;
  args: unknown[];
  exception: string | null;
  error: string | null;
  backtrace: string[];
  failedAt: number | null;
  worker: string | null;
  /** Set when the entry is not valid JSON. */
  raw?: string;
  /** Exact stored string (what removal and retry target). Added field. */
  stored?: string;
  /** Index in the failed list at read time (0 = oldest). Added field. */
  index?: number;
}

export interface Snapshot {
  namespace: string;
  takenAt: number;
  redis: { version: string; usedMemoryBytes: number; connectedClients: number };
  stats: { processed: number; failed: number };
  leader: string | null;
  queues: QueueInfo[];
  delayed: { total: number; timestamps: number; next: DelayedJob[] };
  workers: WorkerInfo[];
  locks: LockInfo[];
  failed: { total: number; items: FailedItem[] };
}
