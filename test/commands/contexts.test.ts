// --context NAME: named Redis targets from the contexts file, as a user would configure them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContexts } from '../../src/contexts.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { cli, requireBuild } from './run-cli.js';

describe('contexts', () => {
  let redis: TestRedis;
  let admin: Redis;
  let file: string;
  const env = () => ({ STELLAR_TASKS_TUI_CONTEXTS: file });

  beforeAll(async () => {
    requireBuild();
    redis = await startTestRedis();
    admin = redis.client();
    await admin.call('ACL', 'SETUSER', 'ops', 'on', '>sekret', '~*', '+@all');
    await admin.rpush('other:queue:mail', '{"class":"send","queue":"mail","args":[]}');
    await admin.sadd('other:queues', 'mail');
    file = join(mkdtempSync(join(tmpdir(), 'stt-ctx-')), 'contexts.json');
    writeFileSync(
      file,
      JSON.stringify({
        contexts: {
          prod: {
            url: `redis://ops:sekret@127.0.0.1:${redis.port}`,
            namespace: 'other',
            readOnly: true,
            label: 'PRODUCTION',
            color: 'red',
            protected: true,
          },
          local: { url: redis.url },
        },
      }),
    );
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('points a command at the named target, namespace included', () => {
    const r = cli(['snapshot', '--json', '--context', 'prod'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.namespace).toBe('other');
    expect(s.queues).toEqual([{ name: 'mail', length: 1 }]);
    expect(r.stdout).not.toContain('sekret');
  });

  it('lets an explicit --namespace win over the context', () => {
    const r = cli(['snapshot', '--json', '--context', 'prod', '--namespace', 'resque'], { env: env() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).namespace).toBe('resque');
  });

  it('reads the fields with their defaults', () => {
    const [prod, local] = loadContexts(file);
    expect(prod).toMatchObject({
      name: 'prod',
      label: 'PRODUCTION',
      color: 'red',
      readOnly: true,
      protected: true,
    });
    expect(local).toMatchObject({ name: 'local', label: 'local', readOnly: false, protected: false });
  });

  it('rejects an unknown context, a bad file and --context with --redis: one line, exit 2', () => {
    const unknown = cli(['snapshot', '--context', 'staging'], { env: env() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no context "staging".*known: prod, local/);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);

    const both = cli(['snapshot', '--context', 'prod', '--redis', redis.url], { env: env() });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--context and --redis/);

    const bad = join(mkdtempSync(join(tmpdir(), 'stt-ctx-')), 'contexts.json');
    for (const text of [
      '{not json',
      '{"contexts": []}',
      '{"contexts": {"x": {"url": 5}}}',
      '{"contexts": {"x": {"url": "redis://h", "color": "mauve"}}}',
    ]) {
      writeFileSync(bad, text);
      const r = cli(['snapshot', '--context', 'x'], { env: { STELLAR_TASKS_TUI_CONTEXTS: bad } });
      expect(r.code, text).toBe(2);
      expect(r.stderr.trim().split('\n'), text).toHaveLength(1);
      expect(r.stderr, text).toContain(bad);
    }
  });
});
