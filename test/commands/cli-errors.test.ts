import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsync, type Run } from '../helpers/cli-async.js';
import { hasScript, runInPty } from '../helpers/pty.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const SECRET = 'Cli-s3cret-31x';
const isRoot = process.getuid?.() === 0;

const cli = cliAsync;

/** Runs every case at once and checks each. */
async function expectUsageErrors(cases: Case[]): Promise<void> {
  const runs = await Promise.all(cases.map((c) => cli(c.args, c.env)));
  for (const [i, r] of runs.entries()) expectUsageError(r, cases[i]);
}

interface Case {
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** The whole stderr line after "stellar-tasks-tui: ". */
  message: RegExp;
}

let dir: string;
const loop = () => join(dir, 'loop-a');
const locked = () => join(dir, 'locked');

/** The console's bad inputs (no subcommand). */
const consoleCases = (): Case[] => [
  { args: ['--bogus'], message: /^unknown option '--bogus' \(see --help\)$/ },
  { args: ['--redis'], message: /^option '--redis <url>' argument missing \(see --help\)$/ },
  {
    args: ['--redis', 'not a url'],
    message: /^invalid Redis URL "not a url": expected redis:\/\/host.* \(see --help\)$/,
  },
  {
    args: ['--redis', 'http://example.com'],
    message:
      /^invalid Redis URL "http:\/\/example\.com": scheme must be redis:\/\/ or rediss:\/\/ \(see --help\)$/,
  },
  {
    args: ['--redis', `redis://admin:${SECRET}@127.0.0.1:99999`],
    message: /^invalid Redis URL "redis:\/\/admin:\*\*\*@127\.0\.0\.1:99999": .* \(see --help\)$/,
  },
  {
    args: [],
    env: { REDIS_URL: `redis://admin:${SECRET}@127.0.0.1/notadb` },
    message:
      /^invalid Redis URL "redis:\/\/admin:\*\*\*@127\.0\.0\.1\/notadb": database must be a number \(see --help\)$/,
  },
  {
    args: ['--refresh', '100'],
    message:
      /^option '--refresh <ms>' argument '100' is invalid\. --refresh must be at least 250 \(see --help\)$/,
  },
  { args: ['--refresh', 'fast'], message: /--refresh must be a whole number \(see --help\)$/ },
  {
    args: ['--tasks', '/nonexistent/tasks'],
    message: /^--tasks \/nonexistent\/tasks: no such directory \(see --help\)$/,
  },
  { args: ['--tasks', CLI], message: /^--tasks .*cli\.js: not a directory \(see --help\)$/ },
  // Unreadable for everyone, root included: a symbolic link loop.
  {
    args: ['--tasks', loop()],
    message: /^--tasks .*loop-a: .*(too many symbolic links|ELOOP).* \(see --help\)$/,
  },
  ...(isRoot
    ? []
    : [
        {
          args: ['--tasks', locked()],
          message: /^--tasks .*locked: cannot read it \(permission denied\) \(see --help\)$/,
        },
      ]),
  { args: ['--read-only', '--tasks', '/nonexistent/tasks'], message: /no such directory \(see --help\)$/ },
  {
    args: ['--namespace', 'has space', '--redis', 'redis://127.0.0.1:1'],
    message: /^invalid namespace "has space" \(see --help\)$/,
  },
];

function expectUsageError(r: Run, c: Case): void {
  const what = [...Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${v}`), ...c.args].join(' ');
  expect(r.code, what).toBe(2);
  expect(r.stdout, what).toBe('');
  expect(r.stderr, what).toMatch(/^stellar-tasks-tui: [^\n]+\n$/);
  expect(r.stderr.replace(/^stellar-tasks-tui: /, '').trimEnd(), what).toMatch(c.message);
  expect(r.stderr, what).not.toContain(SECRET);
}

describe('bad input on the command line', () => {
  let redis: TestRedis;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    dir = mkdtempSync(join(tmpdir(), 'stt-cli-errors-'));
    symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
    symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
    mkdirSync(locked());
    chmodSync(locked(), 0o000);
    redis = await startTestRedis();
  });
  afterAll(async () => {
    if (dir) {
      chmodSync(locked(), 0o700);
      rmSync(dir, { recursive: true, force: true });
    }
    await redis?.stop();
  });

  it('the console (stdout a pipe): one line on stderr, exit 2, nothing on stdout', async () => {
    await expectUsageErrors(consoleCases());
  });

  it.runIf(hasScript)(
    'the console on a terminal: the one line is all it writes, no escape sequence, terminal settings unchanged',
    async () => {
      const runs = await Promise.all(
        consoleCases().map(async (c) => ({
          c,
          r: await runInPty([process.execPath, CLI, ...c.args], { env: { REDIS_URL: '', ...c.env } }),
        })),
      );
      for (const { c, r } of runs) {
        const what = c.args.join(' ');
        expect(r.code, what).toBe(2);
        expect(r.output, what).toMatch(/^stellar-tasks-tui: [^\n\u001b]+\n$/);
        expect(r.output.replace(/^stellar-tasks-tui: /, '').trimEnd(), what).toMatch(c.message);
        expect(r.sttyAfter, what).toBe(r.sttyBefore);
      }
    },
  );

  it.runIf(hasScript)(
    'control: on the same pty a good start does enter the alternate screen (and leaves it on q)',
    async () => {
      const r = await runInPty([process.execPath, CLI, '--redis', redis.url], {
        env: { REDIS_URL: '' },
        input: 'q',
        inputAfter: /1 Overview/,
      });
      expect(r.code).toBe(0);
      expect(r.output).toContain('\u001b[?1049h');
      expect(r.output).toContain('\u001b[?1049l');
      expect(r.sttyAfter).toBe(r.sttyBefore);
    },
  );

  it('sandbox: an unreadable --tasks directory and an unknown flag', async () => {
    const cases: Case[] = [
      {
        args: ['sandbox', '--tasks', loop()],
        message: /^--tasks .*loop-a: .*(too many symbolic links|ELOOP).* \(see --help\)$/,
      },
      { args: ['sandbox', '--bogus'], message: /^unknown option '--bogus' \(see --help\)$/ },
      { args: ['sandbox', '--port', '70000'], message: /--port must be at most 65535 \(see --help\)$/ },
      ...(isRoot
        ? []
        : [
            {
              args: ['sandbox', '--tasks', locked()],
              message: /^--tasks .*locked: cannot read it \(permission denied\) \(see --help\)$/,
            },
          ]),
    ];
    await expectUsageErrors(cases);
  });

  it('snapshot --limit -1 (and other out-of-range limits)', async () => {
    const cases: Case[] = [
      {
        args: ['snapshot', '--limit', '-1', '--redis', redis.url],
        message:
          /^option '--limit <n>' argument '-1' is invalid\. --limit must be at least 0 \(see --help\)$/,
      },
      {
        args: ['snapshot', '--limit=-1', '--redis', redis.url],
        message: /--limit must be at least 0 \(see --help\)$/,
      },
      {
        args: ['snapshot', '--limit', '1.5', '--redis', redis.url],
        message: /--limit must be a whole number \(see --help\)$/,
      },
      {
        args: ['snapshot', '--limit', '10001', '--redis', redis.url],
        message: /--limit must be at most 10000 \(see --help\)$/,
      },
    ];
    await expectUsageErrors(cases);
  });

  it('make-task: a name that cannot be a task name, and a missing name', async () => {
    const cwd = mkdtempSync(join(dir, 'project-'));
    const cases: Case[] = [
      {
        args: ['make-task', 'not-a-name', '--dir', cwd],
        message: /^invalid task name "not-a-name": .* \(see --help\)$/,
      },
      { args: ['make-task'], message: /^missing required argument 'name' \(see --help\)$/ },
    ];
    await expectUsageErrors(cases);
  });
});
