// Loads one task file fresh, the way Node itself would treat it: .cjs is CommonJS, .mjs is
// ESM, and .js follows the nearest package.json "type". CommonJS goes through require with
// its cache entry dropped; ESM through import() with a cache-busting query, because the
// ESM loader cannot forget a module (each reload leaks one copy: fine for development).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

export type ModuleKind = 'commonjs' | 'module';

export const TASK_EXTENSIONS = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts'];

/** True when this Node can import TypeScript by stripping types (22.6+ with the feature on). */
export function canImportTypeScript(): boolean {
  return Boolean((process.features as { typescript?: unknown }).typescript);
}

export function isTypeScript(file: string): boolean {
  return ['.ts', '.cts', '.mts'].includes(extname(file)) && !file.endsWith('.d.ts');
}

/** The package.json that decides how Node reads `file`, and the kind it implies. */
export function packageScope(file: string): { kind: ModuleKind; packageJson?: string } {
  let dir = dirname(file);
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const type = (JSON.parse(readFileSync(candidate, 'utf8')) as { type?: unknown }).type;
        return { kind: type === 'module' ? 'module' : 'commonjs', packageJson: candidate };
      } catch {
        return { kind: 'commonjs', packageJson: candidate };
      }
    }
    const parent = dirname(dir);
    // Node stops looking at a node_modules boundary as well as at the root.
    if (parent === dir || dir.endsWith(`${sep}node_modules`)) return { kind: 'commonjs' };
    dir = parent;
  }
}

export function moduleKind(file: string): ModuleKind {
  const ext = extname(file);
  if (ext === '.cjs' || ext === '.cts') return 'commonjs';
  if (ext === '.mjs' || ext === '.mts') return 'module';
  return packageScope(file).kind;
}

let generation = 0;

type Importer = (url: string) => Promise<unknown>;

// Node's own import(), out of reach of test runners that rewrite `import()` (vitest would
// evaluate task files its own way, not the way Node does). Inside such a runner a Function's
// import() has no loader; then the vm's main-context loader (Node 20.12+) is used instead.
const functionImport = new Function('url', 'return import(url)') as Importer;
let vmImport: Importer | undefined;

async function nativeImport(url: string): Promise<unknown> {
  if (vmImport) return vmImport(url);
  try {
    return await functionImport(url);
  } catch (error) {
    const loader = (vm.constants as unknown as Record<string, symbol | undefined>)
      ?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
    if ((error as { code?: string }).code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING' || !loader)
      throw error;
    vmImport = vm.runInThisContext('(url) => import(url)', {
      importModuleDynamically: loader as never,
    }) as Importer;
    return vmImport(url);
  }
}

/** Imports `file` afresh and returns its exports as a plain record. */
export async function importFresh(file: string): Promise<Record<string, unknown>> {
  if (moduleKind(file) === 'commonjs' && !isTypeScript(file)) {
    const require = createRequire(file);
    delete require.cache[file];
    const exported = require(file) as unknown;
    return exported !== null && (typeof exported === 'object' || typeof exported === 'function')
      ? (exported as Record<string, unknown>)
      : { default: exported };
  }
  generation += 1;
  const url = `${pathToFileURL(file).href}?reload=${generation}`;
  const namespace = (await nativeImport(url)) as Record<string, unknown>;
  return { ...namespace };
}

/** Drops CommonJS cache entries under `dir` so helpers a task file requires reload with it. */
export function purgeRequireCache(dir: string): void {
  const require = createRequire(join(dir, 'noop.js'));
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(prefix) && !key.includes(`${sep}node_modules${sep}`)) delete require.cache[key];
  }
}
