// A plain node-resque worker in its own process, for tests that need a real working worker.
// usage: node slow-worker.mjs <port> <queue> [jobMs]
import { Worker } from 'node-resque';

const [port, queue, jobMs = '60000'] = process.argv.slice(2);
const jobs = {
  slowJob: {
    plugins: ['JobLock'],
    pluginOptions: { JobLock: { reEnqueue: false } },
    perform: () => new Promise((resolve) => setTimeout(resolve, Number(jobMs))),
  },
};
const worker = new Worker(
  { connection: { host: '127.0.0.1', port: Number(port) }, queues: [queue], timeout: 50 },
  jobs,
);
worker.on('error', () => {});
await worker.connect();
await worker.start();
process.stdout.write(`READY ${worker.name}\n`);
