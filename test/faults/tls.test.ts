// Passwords and TLS against real servers: redis://user:pass@ and rediss:// (a redis-server with a
// throwaway CA and certificate made here by openssl) work for snapshot and the console; a wrong
// password, an untrusted or mismatched certificate, TLS against a plain port and the reverse each
// give one readable line and exit 1; the password shows nowhere (output, errors, screen).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, processesWithArgs, Tmux } from '../e2e/tmux.js';
import { cliAsync, type Run } from '../helpers/cli-async.js';
import { hasScript, runInPty } from '../helpers/pty.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { failedEntry } from '../helpers/seed.js';

const hasTmux = existsSync('/usr/bin/tmux') || existsSync('/usr/local/bin/tmux');
const PASSWORD = 'Pw-s3cret-9f2c';
const WRONG = 'Wrong-pw-77ab';

/** The built CLI on pipes, with no extra CA unless a test gives one. */
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  cliAsync(args, { NODE_EXTRA_CA_CERTS: '', ...env });

/** Exit 1 with exactly one line on stderr matching `pattern`, no stack, no password. */
function expectOneLineFailure(r: Run, pattern: RegExp, what: string): void {
  expect(r.code, `${what}: ${r.stderr}`).toBe(1);
  expect(r.stdout, what).toBe('');
  expect(r.stderr, what).toMatch(/^stellar-tasks-tui: [^\n]+\n$/);
  expect(r.stderr, what).toMatch(pattern);
  expect(r.stderr, what).not.toMatch(/\n\s+at |Warning/);
  expect(r.stderr, what).not.toContain(PASSWORD);
  expect(r.stderr, what).not.toContain(WRONG);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function seed(admin: Redis): Promise<void> {
  await admin.call('ACL', 'SETUSER', 'app', 'on', `>${PASSWORD}`, '~*', '+@all');
  await admin.sadd('resque:queues', 'default');
  await admin.rpush(
    'resque:queue:default',
    ...[1, 2, 3].map((n) => JSON.stringify({ class: 'sayHello', queue: 'default', args: [n] })),
  );
  await admin.rpush('resque:failed', failedEntry('mail', 'sendEmail', [{ to: 'x' }], 'smtp down over tls'));
  await admin.set('resque:stat:processed', '17');
}

describe('passwords on plain redis://', () => {
  let redis: TestRedis;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    redis = await startTestRedis();
    await seed(redis.client());
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('snapshot: the right password works, a wrong one is one line; neither is printed', async () => {
    const [right, wrong] = await Promise.all([
      cli(['snapshot', '--json', '--redis', `redis://app:${PASSWORD}@127.0.0.1:${redis.port}`]),
      cli(['snapshot', '--redis', `redis://app:${WRONG}@127.0.0.1:${redis.port}`]),
    ]);
    expect(right.stderr).toBe('');
    expect(right.code).toBe(0);
    expect(JSON.parse(right.stdout).queues).toEqual([{ name: 'default', length: 3 }]);
    expect(right.stdout).not.toContain(PASSWORD);
    expectOneLineFailure(
      wrong,
      new RegExp(
        `^stellar-tasks-tui: Redis at redis://app:\\*\\*\\*@127\\.0\\.0\\.1:${redis.port} refused the credentials`,
      ),
      'wrong password',
    );
  });

  it.runIf(hasScript)(
    'the console with a wrong password: one line, exit 1, nothing drawn, terminal unchanged',
    async () => {
      const r = await runInPty([
        process.execPath,
        CLI,
        '--redis',
        `redis://app:${WRONG}@127.0.0.1:${redis.port}`,
      ]);
      expect(r.code).toBe(1);
      // Everything it wrote to the terminal: that one line, not one escape sequence.
      expect(r.output).toBe(
        `stellar-tasks-tui: Redis at redis://app:***@127.0.0.1:${redis.port} refused the credentials (wrong user or password)\n`,
      );
      expect(r.sttyAfter).toBe(r.sttyBefore);
    },
  );
});

describe('TLS (rediss://) against redis-server with a throwaway CA', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let serverLog = '';
  let tlsPort: number;
  let plainPort: number;
  let admin: Redis;
  let caPem: string;
  const sessions: Tmux[] = [];
  const withCa = () => ({ NODE_EXTRA_CA_CERTS: caPem });

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    dir = mkdtempSync(join(tmpdir(), 'stt-tls-'));
    caPem = join(dir, 'ca.pem');
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=stt-test-ca',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
    );
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
    );
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    ssl(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      'ext.cnf',
      '-out',
      'server.pem',
    );

    tlsPort = await freePort();
    plainPort = await freePort();
    // Debian's redis-server 7 is built with TLS; a build without it refuses the tls-* options.
    server = spawn(
      'redis-server',
      [
        '--bind', // 127.0.0.2 is loopback too, but not in the certificate
        '127.0.0.1',
        '127.0.0.2',
        '--port',
        String(plainPort),
        '--tls-port',
        String(tlsPort),
        '--tls-cert-file',
        join(dir, 'server.pem'),
        '--tls-key-file',
        join(dir, 'server.key'),
        '--tls-ca-cert-file',
        caPem,
        '--tls-auth-clients',
        'no',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`redis-server with TLS not ready in 10 s:\n${serverLog}`)),
        10_000,
      );
      const onData = (d: Buffer) => {
        serverLog += d.toString();
        if (/Ready to accept connections/.test(serverLog)) {
          clearTimeout(timer);
          resolve();
        }
      };
      server?.stdout?.on('data', onData);
      server?.stderr?.on('data', onData);
      server?.on('exit', (code) => {
        clearTimeout(timer);
        reject(
          new Error(`redis-server exited (${code}) before it was ready; TLS support missing?\n${serverLog}`),
        );
      });
    });
    await ready;
    admin = new Redis({ host: '127.0.0.1', port: tlsPort, tls: { ca: readFileSync(caPem) } });
    await seed(admin);
  });

  afterAll(async () => {
    for (const t of sessions) t.kill();
    await admin?.quit().catch(() => admin.disconnect());
    if (server && server.exitCode === null) {
      const gone = new Promise((r) => server?.once('exit', r));
      server.kill('SIGKILL');
      await gone;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('snapshot --json over rediss:// works with the CA from NODE_EXTRA_CA_CERTS, by IP or host name, with a password', async () => {
    const [byIp, byName] = await Promise.all([
      cli(['snapshot', '--json', '--redis', `rediss://127.0.0.1:${tlsPort}`], withCa()),
      cli(['snapshot', '--json', '--redis', `rediss://app:${PASSWORD}@localhost:${tlsPort}`], withCa()),
    ]);
    for (const r of [byIp, byName]) {
      // Not even a warning (Node warns about an IP address given as the TLS server name).
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const s = JSON.parse(r.stdout);
      expect(s.queues).toEqual([{ name: 'default', length: 3 }]);
      expect(s.stats.processed).toBe(17);
      expect(s.failed.items[0].error).toBe('smtp down over tls');
      expect(r.stdout).not.toContain(PASSWORD);
    }
  });

  it('refusals are one readable line each: untrusted CA, wrong host, wrong password, TLS/plain mix-ups', async () => {
    const [noCa, wrongHost, wrongPass, plainToTls, tlsToPlain] = await Promise.all([
      cli(['snapshot', '--json', '--redis', `rediss://app:${PASSWORD}@127.0.0.1:${tlsPort}`]),
      cli(['snapshot', '--redis', `rediss://127.0.0.2:${tlsPort}`], withCa()),
      cli(['snapshot', '--redis', `rediss://app:${WRONG}@127.0.0.1:${tlsPort}`], withCa()),
      cli(['snapshot', '--redis', `redis://127.0.0.1:${tlsPort}`], withCa()),
      cli(['snapshot', '--redis', `rediss://127.0.0.1:${plainPort}`], withCa()),
    ]);
    expectOneLineFailure(
      noCa,
      new RegExp(
        `^stellar-tasks-tui: TLS: cannot verify the certificate of Redis at rediss://app:\\*\\*\\*@127\\.0\\.0\\.1:${tlsPort} \\(self-signed certificate in certificate chain\\).*NODE_EXTRA_CA_CERTS`,
      ),
      'no CA',
    );
    expectOneLineFailure(
      wrongHost,
      /TLS: the certificate of Redis at rediss:\/\/127\.0\.0\.2:\d+ is not for this host name/,
      'wrong host',
    );
    expectOneLineFailure(
      wrongPass,
      /Redis at rediss:\/\/app:\*\*\*@127\.0\.0\.1:\d+ refused the credentials/,
      'wrong password',
    );
    expectOneLineFailure(
      plainToTls,
      /closed the connection at once \(if it expects TLS, use rediss:\/\/\)/,
      'redis:// to TLS',
    );
    expectOneLineFailure(tlsToPlain, /timed out \(rediss:\/\/ needs a TLS port/, 'rediss:// to plain');
  });

  it.runIf(hasScript)(
    'the console without the CA: one line, exit 1, nothing drawn, terminal unchanged',
    async () => {
      const r = await runInPty(
        [process.execPath, CLI, '--redis', `rediss://app:${PASSWORD}@127.0.0.1:${tlsPort}`],
        {
          env: { NODE_EXTRA_CA_CERTS: '' },
        },
      );
      expect(r.code).toBe(1);
      expect(r.output).toMatch(
        /^stellar-tasks-tui: TLS: cannot verify the certificate of Redis at rediss:\/\/app:\*\*\*@[^\n]+\n$/,
      );
      expect(r.output).not.toContain(PASSWORD);
      expect(r.sttyAfter).toBe(r.sttyBefore);
    },
  );

  it.runIf(hasTmux)(
    'the console over rediss:// with a password: shows data, survives losing its credentials, never shows the password',
    { timeout: 60_000 },
    async () => {
      const url = `rediss://app:${PASSWORD}@localhost:${tlsPort}`;
      const tmux = new Tmux(120, 30);
      sessions.push(tmux);
      tmux.start(['node', CLI, '--redis', url, '--refresh', '250'], withCa());
      const screens: string[] = [];
      const until = async (check: (s: string) => boolean, what: string) => {
        const s = await tmux.until(check, what);
        screens.push(s);
        return s;
      };
      await until(
        (s) => /processed 17/.test(s) && s.includes(`rediss://app:***@localhost:${tlsPort}`),
        'first frame over TLS',
      );
      tmux.keys('6');
      await until((s) => s.includes('smtp down over tls'), 'failed pane');

      // The password changes under it and its connection is cut: the reconnect is refused.
      await admin.call('ACL', 'SETUSER', 'app', 'resetpass', `>${WRONG}`);
      await admin.call('CLIENT', 'KILL', 'USER', 'app');
      await until((s) => s.includes('DISCONNECTED'), 'disconnected banner');
      // Back to the old password: it recovers by itself.
      await admin.call('ACL', 'SETUSER', 'app', 'resetpass', `>${PASSWORD}`);
      await admin.rpush(
        'resque:queue:default',
        JSON.stringify({ class: 'sayHello', queue: 'default', args: [4] }),
      );
      tmux.keys('2');
      await until((s) => !s.includes('DISCONNECTED') && /default\s+4/.test(s), 'recovered');

      tmux.keys('q');
      const last = await until((s) => /EXIT=\d+/.test(s), 'exit');
      expect(last).toContain('EXIT=0');
      expect(processesWithArgs(CLI, url)).toEqual([]);
      for (const s of screens) {
        expect(s).not.toContain(PASSWORD);
        expect(s).not.toContain(WRONG);
      }
    },
  );
});
