// A real redis-server per test file, through the same embedded helper the sandbox uses.
import { Redis } from 'ioredis';
import { type EmbeddedRedis, startEmbeddedRedis } from '../../src/sandbox/embedded-redis.js';

export interface TestRedis {
  server: EmbeddedRedis;
  url: string;
  port: number;
  /** A fresh client; closed by stop(). */
  client(): Redis;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const server = await startEmbeddedRedis();
  const clients: Redis[] = [];
  const admin = new Redis(server.port, server.host, { lazyConnect: false });
  clients.push(admin);
  return {
    server,
    url: server.url,
    port: server.port,
    client() {
      const c = new Redis(server.port, server.host);
      clients.push(c);
      return c;
    },
    async flush() {
      await admin.flushall();
    },
    async stop() {
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
      await server.stop();
    },
  };
}
