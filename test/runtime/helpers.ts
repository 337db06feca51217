// Shared by the runtime and sandbox tests: wait on a condition with a deadline (no fixed
// sleeps), and write throwaway task directories.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export async function waitFor<T>(
  probe: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface TaskDir {
  root: string;
  write(relative: string, content: string): string;
  remove(): void;
}

export function makeTaskDir(files: Record<string, string> = {}): TaskDir {
  const root = mkdtempSync(join(tmpdir(), 'stt-tasks-'));
  const write = (relative: string, content: string) => {
    const path = join(root, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  };
  // Hermetic: without its own package.json, a stray one above the temp dir (a "type": "module"
  // in /tmp, say) would decide how Node reads the .js files here.
  write('package.json', '{}');
  for (const [rel, content] of Object.entries(files)) write(rel, content);
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}
