// `u` against a real Redis through the production wiring: removes and retries are journaled in
// $STELLAR_TASKS_TUI_STATE_DIR, and undo brings back exactly the entries they took.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEngineBackend } from '../../src/commands/tui.js';
import { parseRedisTarget } from '../../src/engine/connection.js';
import { renderApp } from './helpers.js';
import { failedEntry, setupRedisUi } from './redis-harness.js';

let stateDir: string;
beforeEach(() => {
  // A fresh journal per test: createEngineBackend reads the variable when the console opens.
  stateDir = mkdtempSync(join(tmpdir(), 'stt-undo-'));
  process.env.STELLAR_TASKS_TUI_STATE_DIR = stateDir;
});

const ctx = setupRedisUi();

async function fillFailed(n: number): Promise<string[]> {
  const entries = Array.from({ length: n }, (_, i) => failedEntry(i));
  if (n > 0) await ctx.client.rpush('resque:failed', ...entries);
  return entries;
}

const failedList = () => ctx.client.lrange('resque:failed', 0, -1);

describe('undo (u)', () => {
  it('x + y removes one entry; u + y puts that exact entry back, journaled in the state dir', async () => {
    const entries = await fillFailed(3);
    const app = ctx.open();
    await app.press('6');
    await app.until('boom 2');
    await app.press('x');
    await app.until('Remove failed boom on default? [y/N]');
    await app.press('y');
    await app.until('removed boom on default');
    expect(await failedList()).toEqual([entries[0], entries[1]]);

    // The journal is a file in the state directory, holding the exact stored string.
    const journal = join(stateDir, 'journal.ndjson');
    expect(existsSync(journal)).toBe(true);
    const intent = JSON.parse(readFileSync(journal, 'utf8').split('\n')[0]);
    expect(intent).toMatchObject({ phase: 'intent', op: 'remove', entries: [{ stored: entries[2] }] });

    await app.press('u');
    await app.until('Undo the last remove of 1 failed job? [y/N]');
    // Nothing moves before the y.
    expect(await failedList()).toEqual([entries[0], entries[1]]);
    await app.press('y');
    await app.until('undo: 1 failed job back in the failed list');
    expect((await failedList()).sort()).toEqual([...entries].sort());

    // Undone once: the next u has nothing to offer and asks nothing.
    await app.press('u');
    await app.until('nothing to undo');
    expect(app.frame()).not.toContain('[y/N]');
    expect((await failedList()).sort()).toEqual([...entries].sort());
  });

  it('any key but y cancels an undo: nothing comes back', async () => {
    const entries = await fillFailed(2);
    const app = ctx.open();
    await app.press('6');
    await app.until('boom 1');
    await app.press('x');
    await app.until('[y/N]');
    await app.press('y');
    await app.until('removed boom on default');
    await app.press('u');
    await app.until('Undo the last remove of 1 failed job?');
    await app.press('n');
    await app.until('cancelled');
    expect(await failedList()).toEqual([entries[0]]);
  });

  it('R over many + u: every retried job still queued goes back to failed; taken ones are counted', async () => {
    const entries = await fillFailed(250);
    const app = ctx.open();
    await app.press('6');
    await app.until('boom 249');
    await app.press('R');
    await app.until('Retry all 250 failed jobs? [y/N]');
    await app.press('y');
    await app.until('retried 250 of 250', 10_000);
    expect(await ctx.client.llen('resque:failed')).toBe(0);
    expect(await ctx.client.llen('resque:queue:default')).toBe(250);
    // A worker takes ten of them before the undo.
    await ctx.client.lpop('resque:queue:default', 10);

    await app.press('u');
    await app.until('Undo the last retry of 250 jobs (back to the failed list)? [y/N]');
    await app.press('y');
    await app.until('undo: 240 jobs back in failed, 10 already taken by workers', 10_000);
    expect(await ctx.client.llen('resque:queue:default')).toBe(0);
    // The oldest ten (retried first, so first in the queue) were taken; the rest are back, exactly.
    expect((await failedList()).sort()).toEqual(entries.slice(10).sort());
  });

  it('X over many + u: all of them back', async () => {
    const entries = await fillFailed(120);
    const app = ctx.open();
    await app.press('6');
    await app.until('boom 119');
    await app.press('X');
    await app.until('Remove all 120 failed jobs? [y/N]');
    await app.press('y');
    await app.until('removed 120 of 120', 10_000);
    expect(await ctx.client.llen('resque:failed')).toBe(0);
    await app.press('u');
    await app.until('Undo the last remove of 120 failed jobs? [y/N]');
    await app.press('y');
    await app.until('undo: 120 failed jobs back in the failed list', 10_000);
    expect((await failedList()).sort()).toEqual([...entries].sort());
  });

  it('never undoes on one Redis what was done on another with the same namespace', async () => {
    const entries = await fillFailed(2);
    const app = ctx.open();
    await app.press('6');
    await app.until('boom 1');
    await app.press('x');
    await app.until('[y/N]');
    await app.press('y');
    await app.until('removed boom on default');
    app.stop();

    // Database 1 of the same server: another Redis as far as undo is concerned (same journal file).
    const url = `${ctx.redis.url}/1`;
    const client = new Redis(url);
    try {
      const other = renderApp({
        backend: createEngineBackend(client, parseRedisTarget(url, 'resque'), {
          readOnly: false,
          refreshMs: 250,
        }),
        refresher: { refreshMs: 250 },
      });
      try {
        await other.press('u');
        await other.until('nothing to undo');
        expect(await client.llen('resque:failed')).toBe(0);
      } finally {
        other.stop();
      }
    } finally {
      client.disconnect();
    }
    // Back on the first one, its remove is still there to undo.
    const again = ctx.open();
    await again.press('u');
    await again.until('Undo the last remove of 1 failed job?');
    await again.press('y');
    await again.until('undo: 1 failed job back');
    expect((await failedList()).sort()).toEqual([...entries].sort());
  });

  it('read-only refuses: no question, the engine says why, Redis is untouched', async () => {
    // A remove journaled by a read-write console first, so there would be something to undo.
    const entries = await fillFailed(2);
    const rw = ctx.open();
    await rw.press('6');
    await rw.until('boom 1');
    await rw.press('x');
    await rw.until('[y/N]');
    await rw.press('y');
    await rw.until('removed boom on default');
    rw.stop();

    const ro = ctx.open({ readOnly: true });
    await ro.press('6');
    await ro.until('boom 0');
    await ro.press('u');
    await ro.until('read-only: this console does not write to Redis');
    expect(ro.frame()).not.toContain('[y/N]');
    expect(await failedList()).toEqual([entries[0]]);
  });
});
