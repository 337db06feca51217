// Fills a Redis the way real clients do: plain node-resque for jobs, plus entries other
// clients wrote by hand. Shared by the snapshot, TUI and fault tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { Queue } from 'node-resque';

export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function failedEntry(queue: string, klass: string, args: unknown[], error: string, ageMs = 0): string {
  return JSON.stringify({
    worker: 'host:1234+1',
    queue,
    payload: { class: klass, queue, args },
    exception: 'Error',
    error,
    backtrace: [`Error: ${error}`, '    at perform (job.js:1:1)'],
    failed_at: new Date(Date.now() - ageMs).toString(),
  });
}

export interface Seeded {
  queue: Queue;
  worker?: ChildProcess;
  stop(): Promise<void>;
}

/** Queues, delayed jobs, failed entries (some foreign), a QueueLock lock. */
export async function seedBasics(port: number, admin: Redis): Promise<Seeded> {
  const jobs = { locked: { plugins: ['QueueLock'], perform: async () => undefined } };
  const queue = new Queue({ connection: { host: '127.0.0.1', port } }, jobs);
  queue.on('error', () => {});
  await queue.connect();
  for (let i = 0; i < 3; i++) await queue.enqueue('default', 'sayHello', [i]);
  await queue.enqueue('mail', 'sendEmail', [{ to: 'a@example.com' }]);
  await queue.enqueue('mail', 'locked', ['x']); // QueueLock writes resque:lock:locked:mail:["x"]
  await queue.enqueueIn(60_000, 'default', 'later', [1]);
  await queue.enqueueIn(120_000, 'mail', 'later', [2]);
  await queue.enqueueIn(120_000, 'mail', 'later', [3]);
  await admin.rpush('resque:failed', failedEntry('default', 'flaky', [1], 'boom 1', 3000));
  await admin.rpush('resque:failed', failedEntry('mail', 'sendEmail', [{ to: 'b' }], 'smtp down', 2000));
  // Another client: other spacing and key order.
  await admin.rpush(
    'resque:failed',
    '{ "queue": "default", "error": "other client", "payload": { "args": [7], "queue": "default", "class": "foreign" }, "worker": "w", "exception": "E", "backtrace": null, "failed_at": "2026-01-02T03:04:05Z" }',
  );
  await admin.rpush('resque:failed', 'not json at all');
  await admin.incrby('resque:stat:processed', 42);
  await admin.incrby('resque:stat:failed', 4);
  return { queue, stop: () => queue.end() };
}

/** A real worker process (plain node-resque) busy on a JobLock job; resolves once it works. */
export async function startBusyWorker(port: number, queue: Queue, admin: Redis): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./slow-worker.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, String(port), 'slow'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await queue.enqueue('slow', 'slowJob', ['long']);
  await waitFor(async () => (await admin.keys('resque:worker:*:slow')).length > 0, 15_000);
  return child;
}
