// Undo: every remove and retry writes its exact entries to the journal first; undo restores
// what the journal saw acted on, and never what it did not.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Actions, ReadOnlyError } from '../../src/engine/actions.js';
import { Journal } from '../../src/engine/journal.js';
import { ResqueKeys } from '../../src/engine/keys.js';
import { failedEntry } from '../helpers/seed.js';
import { setupEngine } from './setup.js';

const ctx = setupEngine();
let journal: Journal;
let actions: Actions;

const entries = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => failedEntry('q', 'job', [from + i], `boom ${from + i}`));

beforeEach(() => {
  journal = new Journal(join(mkdtempSync(join(tmpdir(), 'stt-journal-')), 'journal.ndjson'));
  actions = new Actions(ctx.admin, new ResqueKeys('resque'), { readOnly: false, journal });
});

describe('undo', () => {
  it('writes the exact entries before acting and restores a single remove', async () => {
    const [a, b] = entries(2);
    await ctx.admin.rpush('resque:failed', a, b);
    expect(await actions.removeFailed(b)).toBe(true);
    const lines = readFileSync(journal.file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ phase: 'intent', op: 'remove', entries: [{ stored: b }] });
    expect(lines[1]).toMatchObject({ phase: 'done', acted: [0] });
    expect(await actions.undoLast()).toEqual({ op: 'remove', restored: 1, skipped: 0, unconfirmed: 0 });
    expect(await ctx.admin.lrange('resque:failed', 0, -1)).toEqual([a, b]);
    // Undone once: the next undo has nothing left.
    expect((await actions.undoLast()).op).toBeNull();
  });

  it('undoes a retry-all: jobs still queued go back to failed, ones a worker took are reported', async () => {
    const all = entries(300);
    await ctx.admin.rpush('resque:failed', ...all);
    const result = await actions.retryAllFailed({ batchSize: 50 });
    expect(result.done).toBe(300);
    expect(await ctx.admin.llen('resque:queue:q')).toBe(300);
    await ctx.admin.lpop('resque:queue:q', 10); // a worker took ten of them meanwhile
    const undo = await actions.undoLast();
    expect(undo).toEqual({ op: 'retry', restored: 290, skipped: 10, unconfirmed: 0 });
    expect(await ctx.admin.llen('resque:queue:q')).toBe(0);
    expect((await ctx.admin.lrange('resque:failed', 0, -1)).sort()).toEqual(all.slice(10).sort());
  });

  it('restores only what was acted on: entries another console removed first stay gone', async () => {
    const all = entries(5);
    await ctx.admin.rpush('resque:failed', ...all);
    await ctx.admin.lrem('resque:failed', 1, all[2]); // gone before our remove
    const result = await actions.removeFailedMany(all);
    expect(result.done).toBe(4);
    expect(await actions.undoLast()).toMatchObject({ restored: 4 });
    expect((await ctx.admin.lrange('resque:failed', 0, -1)).sort()).toEqual(
      [all[0], all[1], all[3], all[4]].sort(),
    );
  });

  it('never restores a batch whose outcome was not recorded (a crash between journal and Redis)', async () => {
    const [a, b] = entries(2);
    await ctx.admin.rpush('resque:failed', a, b);
    await actions.removeFailed(a);
    // A later operation whose process died after journaling its intent.
    const id = journal.newOperation();
    journal.intent(id, 'remove', 'resque', 0, [{ stored: b }]);
    const undo = await actions.undoLast();
    expect(undo).toEqual({ op: 'remove', restored: 0, skipped: 0, unconfirmed: 1 });
    expect(await ctx.admin.lrange('resque:failed', 0, -1)).toEqual([b]);
    // The operation before it is next.
    expect(await actions.undoLast()).toMatchObject({ op: 'remove', restored: 1 });
    expect((await ctx.admin.lrange('resque:failed', 0, -1)).sort()).toEqual([a, b].sort());
  });

  it('keeps operations of other namespaces apart', async () => {
    const other = new Actions(ctx.admin, new ResqueKeys('other'), { readOnly: false, journal });
    await ctx.admin.rpush('resque:failed', ...entries(1));
    await ctx.admin.rpush('other:failed', ...entries(1, 100));
    await actions.removeAllFailed();
    await other.removeAllFailed();
    expect(await actions.undoLast()).toMatchObject({ restored: 1 });
    expect(await ctx.admin.llen('resque:failed')).toBe(1);
    expect(await ctx.admin.llen('other:failed')).toBe(0);
  });

  it('stays bounded in size', async () => {
    const small = new Journal(journal.file, 20_000);
    const bounded = new Actions(ctx.admin, new ResqueKeys('resque'), { readOnly: false, journal: small });
    for (let round = 0; round < 20; round++) {
      await ctx.admin.rpush('resque:failed', ...entries(20, round * 20));
      await bounded.removeAllFailed();
    }
    expect(statSync(small.file).size).toBeLessThanOrEqual(20_000);
    expect(await bounded.undoLast()).toMatchObject({ op: 'remove', restored: 20 });
  });

  it('is refused in read-only mode', async () => {
    const ro = new Actions(ctx.admin, new ResqueKeys('resque'), { readOnly: true, journal });
    await expect(ro.undoLast()).rejects.toBeInstanceOf(ReadOnlyError);
  });
});
