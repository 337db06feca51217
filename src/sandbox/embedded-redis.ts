// Starts a redis-server on 127.0.0.1 through redis-memory-server. The binary is resolved at
// run time (the package's postinstall download is disabled): REDISMS_SYSTEM_BINARY, then
// redis-server / valkey-server on PATH, then redis-memory-server's own download/build.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { RedisMemoryServer } from 'redis-memory-server';
import { errorMessage, UserFacingError } from '../errors.js';

export interface EmbeddedRedis {
  host: string;
  port: number;
  url: string;
  pid: number | undefined;
  binary: string;
  stop(): Promise<void>;
}

export interface EmbeddedRedisOptions {
  port?: number;
  /** Extra redis-server arguments, e.g. ['--save', '']. */
  args?: string[];
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The system binary to use, or undefined to let redis-memory-server download/build one. */
export function resolveRedisBinary(): string | undefined {
  const fromEnv = process.env.REDISMS_SYSTEM_BINARY;
  if (fromEnv) return fromEnv;
  return findOnPath('redis-server') ?? findOnPath('valkey-server');
}

const HOW_TO_FIX =
  'no redis-server available: install one (apt-get install redis-server, or valkey-server), ' +
  'set REDISMS_SYSTEM_BINARY to its path, or allow redis-memory-server to download and build Redis';

export async function startEmbeddedRedis(options: EmbeddedRedisOptions = {}): Promise<EmbeddedRedis> {
  const systemBinary = resolveRedisBinary();
  const args = [
    '--save',
    '',
    '--appendonly',
    'no',
    // A Redis outlives a SIGKILLed parent unless something stops it: redis-memory-server's
    // killer process (checks every 2 s) does that. Binding to loopback keeps it private.
    ...(options.args ?? []),
  ];
  const server = new RedisMemoryServer({
    autoStart: false,
    instance: { ip: '127.0.0.1', port: options.port ?? null, args },
    binary: systemBinary ? { systemBinary } : {},
    // Its own process group: a Ctrl-C in the terminal (SIGINT to the foreground group) must
    // reach only us, so workers can finish against a live Redis before we stop it.
    spawn: { detached: true },
  });
  try {
    await server.start();
  } catch (error) {
    const message = errorMessage(error);
    if (!systemBinary) throw new UserFacingError(`${HOW_TO_FIX} (${message.split('\n')[0]})`);
    throw new UserFacingError(`could not start ${systemBinary}: ${message.split('\n')[0]}`);
  }
  const info = server.getInstanceInfo();
  if (!info) throw new UserFacingError('redis-server did not start');
  const host = info.ip;
  const port = info.port;
  let stopped = false;
  return {
    host,
    port,
    url: `redis://${host}:${port}`,
    pid: info.childProcess?.pid,
    binary: systemBinary ?? 'redis-memory-server download',
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
