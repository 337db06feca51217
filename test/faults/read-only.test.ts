// --read-only against a Redis user that may only read (ACL SETUSER ro on >pw ~* +@read): snapshot
// works, the console starts and shows every pane, every action key says "read-only", and Redis
// receives no write command: nothing write-flagged in the ACL log (every denied command lands
// there) and nothing write-flagged seen by a MONITOR connection (every executed command).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, processesWithArgs, Tmux } from '../e2e/tmux.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { failedEntry } from '../helpers/seed.js';

const hasTmux = existsSync('/usr/bin/tmux') || existsSync('/usr/local/bin/tmux');
const EXTRA_DELAYED = 300;
const WORKER = 'ro-host:4242+1';

interface AclEntry {
  reason: string;
  object: string;
  command: string;
}

/** ACL LOG entries as {reason, object, command}; `command` is what the client ran (subcommand as a|b). */
async function aclLog(admin: Redis): Promise<AclEntry[]> {
  const raw = (await admin.call('ACL', 'LOG', '1000')) as unknown[][];
  return raw.map((flat) => {
    const e = new Map<string, string>();
    for (let i = 0; i < flat.length; i += 2) e.set(String(flat[i]), String(flat[i + 1]));
    const reason = e.get('reason') ?? '';
    const object = e.get('object') ?? '';
    const fromClient = e.get('client-info')?.match(/\bcmd=(\S+)/)?.[1] ?? '';
    return { reason, object, command: (reason === 'command' ? object : fromClient).toLowerCase() };
  });
}

/** Commands that can change data: write-flagged in COMMAND INFO, or scripts and transactions. */
async function writeCommands(admin: Redis, names: Iterable<string>): Promise<string[]> {
  const writes: string[] = [];
  for (const name of new Set(names)) {
    if (/^(eval|evalsha|fcall|multi|exec)$/.test(name)) {
      writes.push(name);
      continue;
    }
    const [info] = (await admin.call('COMMAND', 'INFO', name)) as [unknown[] | null];
    if (!info) throw new Error(`COMMAND INFO knows no "${name}"`);
    if ((info[2] as string[]).includes('write')) writes.push(name);
  }
  return writes;
}

async function seed(admin: Redis): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const job = (klass: string, queue: string, args: unknown[]) =>
    JSON.stringify({ class: klass, queue, args });
  const p = admin.pipeline();
  p.sadd('resque:queues', 'default', 'mail');
  p.rpush('resque:queue:default', job('sayHello', 'default', [1]), job('sayHello', 'default', [2]));
  p.rpush('resque:queue:mail', job('sendEmail', 'mail', [{ to: 'a' }]));
  // More scheduled seconds than one screen: the total is counted beyond the window.
  for (let i = 0; i < EXTRA_DELAYED; i++) {
    const at = now + 3600 + i;
    p.zadd('resque:delayed_queue_schedule', at, String(at));
    p.rpush(`resque:delayed:${at}`, job('laterJob', 'default', [i]));
  }
  p.rpush('resque:failed', failedEntry('default', 'flaky', [1], 'boom one', 3000));
  p.rpush('resque:failed', failedEntry('mail', 'sendEmail', [{ to: 'b' }], 'smtp down', 2000));
  p.sadd('resque:workers', `${WORKER}:mail`);
  p.set(
    `resque:worker:${WORKER}:mail`,
    JSON.stringify({
      run_at: new Date().toString(),
      queue: 'mail',
      payload: JSON.parse(job('slowJob', 'mail', [])),
      worker: WORKER,
    }),
  );
  p.set(`resque:worker:ping:${WORKER}`, JSON.stringify({ time: now, name: WORKER, queues: 'mail' }));
  p.set('resque:lock:sendEmail:mail:[{"to":"a"}]', String(now + 600), 'EX', 600);
  p.set('resque:stat:processed', '42');
  p.set('resque:stat:failed', '2');
  await p.exec();
}

describe.runIf(hasTmux)('read-only against a read-only ACL user', () => {
  let redis: TestRedis;
  let admin: Redis;
  let url: string;
  const sessions: Tmux[] = [];

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    redis = await startTestRedis();
    admin = redis.client();
    await seed(admin);
    // Exactly this: read commands on every key, nothing else (no INFO, no scripts, no CLIENT).
    await admin.call('ACL', 'SETUSER', 'ro', 'on', '>pw', '~*', '+@read');
    url = `redis://ro:pw@127.0.0.1:${redis.port}`;
  });
  afterAll(async () => {
    for (const t of sessions) t.kill();
    await redis?.stop();
  });

  it('snapshot --json works with the read-only user: right numbers, version unknown', async () => {
    const r = spawnSync(process.execPath, [CLI, 'snapshot', '--json', '--redis', url], {
      encoding: 'utf8',
      env: { ...process.env, REDIS_URL: '' },
      timeout: 15_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.redis.version).toBe('unknown (INFO not permitted)');
    expect(s.stats).toEqual({ processed: 42, failed: 2 });
    expect(s.queues).toEqual([
      { name: 'default', length: 2 },
      { name: 'mail', length: 1 },
    ]);
    expect(s.delayed.total).toBe(EXTRA_DELAYED);
    expect(s.delayed.timestamps).toBe(EXTRA_DELAYED);
    expect(s.failed.total).toBe(2);
    expect(s.failed.items.map((f: { error: string }) => f.error)).toEqual(['smtp down', 'boom one']);
    expect(s.workers).toHaveLength(1);
    expect(s.workers[0]).toMatchObject({ name: WORKER, status: 'working', queues: ['mail'] });
    expect(s.locks).toEqual([
      expect.objectContaining({ key: 'lock:sendEmail:mail:[{"to":"a"}]', kind: 'queue' }),
    ]);
    expect(r.stdout).not.toContain('ro:pw');
  });

  it('the console starts, shows every pane, refuses every action, and Redis receives no write', {
    timeout: 90_000,
  }, async () => {
    await admin.call('ACL', 'LOG', 'RESET');
    const monitorClient = new Redis(redis.port, '127.0.0.1');
    const monitor = await monitorClient.monitor();
    const seen: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      seen.push(String(args[0]).toLowerCase());
    });

    const tmux = new Tmux(120, 40);
    sessions.push(tmux);
    tmux.start(['node', CLI, '--read-only', '--refresh', '250', '--redis', url]);
    const first = await tmux.until(
      (s) => /1 Overview/.test(s) && /READ-ONLY/.test(s) && /processed 42/.test(s),
      'first frame',
    );
    expect(first).toContain('redis://ro:***@127.0.0.1');
    expect(first).not.toContain('ro:pw');

    // Every pane shows its data.
    await tmux.until(
      (s) =>
        s.includes(`delayed ${EXTRA_DELAYED}`) &&
        s.includes('unknown (INFO not permitted)') &&
        /failed list 2/.test(s) &&
        /workers 1 working/.test(s),
      'overview numbers',
    );
    tmux.keys('2');
    await tmux.until((s) => /default\s+2/.test(s) && /mail\s+1/.test(s), 'queues pane');
    tmux.keys('3');
    await tmux.until((s) => s.includes('laterJob') && s.includes('[0]'), 'delayed pane');
    tmux.keys('4');
    await tmux.until((s) => /ro-host\s+4242\s+mail\s+working\s+slowJob/.test(s), 'workers pane');
    tmux.keys('5');
    await tmux.until((s) => s.includes('lock:sendEmail:mail'), 'locks pane');
    tmux.keys('6');
    await tmux.until((s) => s.includes('smtp down') && s.includes('boom one'), 'failed pane');

    // The first action key here; the status line keeps its last message, so every other key
    // gets a console of its own (side by side), each waiting for its pane's data first.
    tmux.keys('r');
    expect(
      await tmux.until((s) => s.includes('read-only: this console does not write to Redis'), 'r refused'),
    ).not.toContain('[y/N]');
    const ready: Record<string, (s: string) => boolean> = {
      '1': (s) => /processed 42/.test(s),
      '2': (s) => /default\s+2/.test(s),
      '3': (s) => s.includes('laterJob'),
      '4': (s) => /ro-host\s+4242/.test(s),
      '5': (s) => s.includes('lock:sendEmail:mail'),
      '6': (s) => s.includes('smtp down'),
    };
    const refused = async (pane: string, ...keys: string[]) => {
      const what = `${keys.join(' ')} on pane ${pane}`;
      const t = new Tmux(120, 40);
      sessions.push(t);
      t.start(['node', CLI, '--read-only', '--redis', url]);
      await t.until((s) => /1 Overview/.test(s), `first frame (${what})`, 20_000);
      t.keys(pane);
      await t.until((s) => ready[pane](s), `pane ${pane} data (${what})`, 20_000);
      for (const k of keys) t.keys(k);
      const screen = await t.until(
        (s) => s.includes('read-only: this console does not write to Redis'),
        `read-only refusal for ${what}`,
        20_000,
      );
      expect(screen, what).not.toContain('[y/N]');
      t.keys('q');
      expect(await t.until((s) => /EXIT=\d+/.test(s), `exit (${what})`), what).toContain('EXIT=0');
    };
    await Promise.all([
      refused('6', 'x'),
      refused('6', 'R'),
      refused('6', 'X'),
      refused('6', 'Space', 'r'),
      refused('2', 'x'),
      refused('3', 'e'),
      refused('3', 'x'),
      refused('4', 'c'),
      refused('4', 'C'),
      refused('5', 'x'),
      refused('1', 'n'),
      refused('6', 'u'),
    ]);

    tmux.keys('q');
    const last = await tmux.until((s) => /EXIT=\d+/.test(s), 'exit');
    expect(last).toContain('EXIT=0');
    expect(processesWithArgs(CLI, url)).toEqual([]);
    await monitorClient.quit();

    // Nothing changed, nothing write-flagged was denied or executed.
    expect(await admin.llen('resque:failed')).toBe(2);
    expect(await admin.llen('resque:queue:default')).toBe(2);
    expect(await admin.exists('resque:connection_test_key')).toBe(0);
    const denied = await aclLog(admin);
    expect(denied.filter((e) => e.reason !== 'command' && e.reason !== 'key')).toEqual([]);
    expect(
      await writeCommands(
        admin,
        denied.map((e) => e.command),
      ),
    ).toEqual([]);
    expect(seen).toContain('lrange');
    expect(await writeCommands(admin, seen)).toEqual([]);
  });
});
