// The built CLI in a real terminal (tmux) against a redis-server filled by plain node-resque:
// go to Failed, retry one, check Redis; quit with q, check exit 0, the terminal restored and no
// process left. And a smoke test of the sandbox mode.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Queue } from 'node-resque';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { CLI, descendants, processesWithArgs, redisServersOnPort, Tmux } from './tmux.js';

const hasTmux = existsSync('/usr/bin/tmux') || existsSync('/usr/local/bin/tmux');

describe.runIf(hasTmux)('tui end to end', () => {
  let redis: TestRedis;
  const sessions: Tmux[] = [];
  const session = () => {
    const t = new Tmux(120, 40);
    sessions.push(t);
    return t;
  };

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    redis = await startTestRedis();
  });
  afterAll(async () => {
    for (const t of sessions) t.kill();
    await redis?.stop();
  });

  it('retries one failed job from the Failed pane and quits cleanly with q', async () => {
    const queue = new Queue({ connection: { host: '127.0.0.1', port: redis.port, namespace: 'resque' } });
    await queue.connect();
    await queue.enqueue('default', 'sayHello', [{ to: 'world' }]);
    const failedAt = new Date().toString();
    const failure = (n: number) =>
      JSON.stringify({
        worker: 'host:1+1',
        queue: 'mail',
        payload: { class: 'sendEmail', queue: 'mail', args: [{ n }] },
        exception: 'Error',
        error: `smtp down ${n}`,
        backtrace: ['Error: smtp down', '    at perform (send.js:3:9)'],
        failed_at: failedAt,
      });
    // As node-resque's worker writes failures: RPUSH, so the newest is last.
    const client = redis.client();
    await client.rpush('resque:failed', failure(1), failure(2), failure(3));
    await queue.end();

    const tmux = session();
    tmux.start(['node', CLI, '--redis', redis.url, '--refresh', '250']);
    await tmux.until(
      (s) => /1 Overview/.test(s) && /remote · ns resque .* redis:\/\/127\.0\.0\.1/.test(s),
      'first frame',
    );
    tmux.keys('6');
    await tmux.until((s) => s.includes('smtp down 3') && s.includes('smtp down 1'), 'failed pane');
    // Second row, newest first: failure 2.
    tmux.keys('j');
    await new Promise((r) => setTimeout(r, 100));
    tmux.keys('r');
    await tmux.until((s) => s.includes('Retry sendEmail on mail? [y/N]'), 'confirmation');
    tmux.keys('y');
    await tmux.until((s) => s.includes('retried sendEmail on mail'), 'status line');

    expect(await client.lrange('resque:failed', 0, -1)).toEqual([failure(1), failure(3)]);
    expect(await client.lrange('resque:queue:mail', 0, -1)).toEqual([
      JSON.stringify({ class: 'sendEmail', queue: 'mail', args: [{ n: 2 }] }),
    ]);
    expect(await client.lrange('resque:queue:default', 0, -1)).toHaveLength(1);

    tmux.keys('q');
    const screen = await tmux.until((s) => /EXIT=\d+/.test(s), 'exit');
    expect(screen).toContain('EXIT=0');
    // Back on the normal screen: what was there before, none of the console.
    expect(screen).toContain('BEFORE-TUI');
    expect(screen).not.toContain('1 Overview');
    expect(descendants(tmux.panePid())).toEqual([]);
    expect(processesWithArgs(CLI, redis.url)).toEqual([]);
  });

  it('sandbox mode shows live data and q stops it, leaving no redis-server behind', async () => {
    const tmux = session();
    tmux.start(['node', CLI], { REDIS_URL: undefined });
    const first = await tmux.until(
      (s) =>
        /1 Overview/.test(s) && /sandbox · .* redis:\/\/127\.0\.0\.1:\d+/.test(s) && /processed \d/.test(s),
      'first sandbox frame',
      30_000,
    );
    const port = first.match(/sandbox · .* redis:\/\/127\.0\.0\.1:(\d+)/)?.[1];
    expect(port).toBeDefined();
    expect(redisServersOnPort(port ?? '')).not.toEqual([]);
    tmux.keys('7');
    await tmux.until((s) => /time\s+level\s+message/.test(s), 'logs pane');
    tmux.keys('q');
    const screen = await tmux.until((s) => /EXIT=\d+/.test(s), 'exit', 30_000);
    expect(screen).toContain('EXIT=0');
    expect(screen).not.toContain('1 Overview');
    expect(descendants(tmux.panePid())).toEqual([]);
    expect(redisServersOnPort(port ?? '')).toEqual([]);
  });

  it('follows resizes: too small says so, big enough draws again', async () => {
    const tmux = session();
    tmux.start(['node', CLI, '--redis', redis.url, '--namespace', 'resize-test']);
    await tmux.until((s) => /1 Overview/.test(s), 'first frame');
    tmux.resize(50, 12);
    await tmux.until((s) => s.includes('terminal too small (50x12)'), 'too-small message');
    tmux.resize(100, 30);
    await tmux.until((s) => /1 Overview/.test(s) && !s.includes('too small'), 'redraw');
    tmux.keys('q');
    expect(await tmux.until((s) => /EXIT=\d+/.test(s), 'exit')).toContain('EXIT=0');
  });

  it('SIGTERM restores the terminal and exits', async () => {
    const tmux = session();
    tmux.start(['node', CLI, '--redis', redis.url, '--namespace', 'sigterm-test']);
    await tmux.until((s) => /1 Overview/.test(s), 'first frame');
    const [pid] = processesWithArgs(CLI, 'sigterm-test');
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGTERM');
    const screen = await tmux.until((s) => /EXIT=\d+/.test(s), 'exit');
    expect(screen).toContain('EXIT=143');
    expect(screen).toContain('BEFORE-TUI');
    expect(screen).not.toContain('1 Overview');
    expect(processesWithArgs(CLI, 'sigterm-test')).toEqual([]);
  });
});

describe('tui without a terminal', () => {
  it('prints the text snapshot and exits 0 instead of failing on raw mode', async () => {
    const redis = await startTestRedis();
    try {
      await redis
        .client()
        .rpush('resque:queue:default', JSON.stringify({ class: 'a', queue: 'default', args: [] }));
      await redis.client().sadd('resque:queues', 'default');
      const env = { ...process.env };
      delete env.CI;
      const r = spawnSync(process.execPath, [CLI, '--redis', redis.url], {
        encoding: 'utf8',
        env,
        timeout: 20_000,
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`snapshot of ${redis.url}`);
      expect(r.stdout).toMatch(/default\s+1/);
      expect(r.stdout).not.toContain('\u001b[?1049h');
    } finally {
      await redis.stop();
    }
  });
});
