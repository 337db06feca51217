import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFresh, moduleKind } from '../../src/runtime/import-file.js';

const dir = mkdtempSync(join(tmpdir(), 'stt-import-'));
// Hermetic against a stray package.json above the temp dir.
writeFileSync(join(dir, 'package.json'), '{}');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('importFresh', () => {
  it('reads .cjs, .mjs and .js the way Node does, and sees edits on reload', async () => {
    const cjs = join(dir, 'a.cjs');
    const mjs = join(dir, 'b.mjs');
    writeFileSync(cjs, 'exports.v = 1;');
    writeFileSync(mjs, 'export const v = 1;');
    expect((await importFresh(cjs)).v).toBe(1);
    expect((await importFresh(mjs)).v).toBe(1);
    writeFileSync(cjs, 'exports.v = 2;');
    writeFileSync(mjs, 'export const v = 2;');
    expect((await importFresh(cjs)).v).toBe(2);
    expect((await importFresh(mjs)).v).toBe(2);
  });

  it('follows the nearest package.json type for .js', async () => {
    const sub = join(dir, 'esm');
    rmSync(sub, { recursive: true, force: true });
    mkdirSync(sub);
    writeFileSync(join(sub, 'package.json'), '{"type":"module"}');
    writeFileSync(join(sub, 'c.js'), 'export const v = 3;');
    writeFileSync(join(dir, 'd.js'), 'exports.v = 4;');
    expect(moduleKind(join(sub, 'c.js'))).toBe('module');
    expect(moduleKind(join(dir, 'd.js'))).toBe('commonjs');
    expect((await importFresh(join(sub, 'c.js'))).v).toBe(3);
    expect((await importFresh(join(dir, 'd.js'))).v).toBe(4);
  });
});
