// Named Redis targets from the user's config file (`--context NAME`): url, namespace, read-only,
// a label and colour for the status line (a production badge), and `protected`, which makes the
// console ask for the context's name before any destructive action.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { errorMessage, UsageError } from './errors.js';

export interface RedisContext {
  name: string;
  url: string;
  namespace?: string;
  readOnly: boolean;
  label: string;
  color?: string;
  protected: boolean;
}

const COLORS = new Set([
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'gray',
  'grey',
]);

/** `$STELLAR_TASKS_TUI_CONTEXTS`, else `$XDG_CONFIG_HOME/stellar-tasks-tui/contexts.json`, else ~/.config/…. */
export function contextsPath(env: NodeJS.ProcessEnv): string {
  if (env.STELLAR_TASKS_TUI_CONTEXTS) return env.STELLAR_TASKS_TUI_CONTEXTS;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'stellar-tasks-tui', 'contexts.json');
}

function field<T>(obj: Record<string, unknown>, key: string, type: string, where: string): T | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== type) throw new UsageError(`${where}: "${key}" must be a ${type}`);
  return v as T;
}

function parseContext(name: string, raw: unknown, file: string): RedisContext {
  const where = `${file}: context "${name}"`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new UsageError(`${where}: must be an object`);
  const obj = raw as Record<string, unknown>;
  const url = field<string>(obj, 'url', 'string', where);
  if (!url) throw new UsageError(`${where}: "url" is required`);
  const color = field<string>(obj, 'color', 'string', where);
  if (color !== undefined && !COLORS.has(color) && !/^#[0-9a-f]{6}$/i.test(color)) {
    throw new UsageError(`${where}: "color" must be a colour name (${[...COLORS].join(', ')}) or #rrggbb`);
  }
  return {
    name,
    url,
    namespace: field<string>(obj, 'namespace', 'string', where),
    readOnly: field<boolean>(obj, 'readOnly', 'boolean', where) ?? false,
    label: field<string>(obj, 'label', 'string', where) ?? name,
    color,
    protected: field<boolean>(obj, 'protected', 'boolean', where) ?? false,
  };
}

/** Every context in the file; a missing file is an empty list, a malformed one a usage error. */
export function loadContexts(file: string): RedisContext[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UsageError(`cannot read contexts file ${file}: ${errorMessage(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`contexts file ${file} is not valid JSON: ${errorMessage(error)}`);
  }
  const contexts = (json as { contexts?: unknown })?.contexts;
  if (typeof contexts !== 'object' || contexts === null || Array.isArray(contexts)) {
    throw new UsageError(`contexts file ${file}: expected {"contexts": {"name": {"url": …}}}`);
  }
  return Object.entries(contexts).map(([name, raw]) => parseContext(name, raw, file));
}

export function findContext(contexts: RedisContext[], name: string, file: string): RedisContext {
  const found = contexts.find((c) => c.name === name);
  if (found) return found;
  const known = contexts.map((c) => c.name).join(', ');
  throw new UsageError(
    known
      ? `no context "${name}" in ${file} (known: ${known})`
      : `no context "${name}": ${file} defines none`,
  );
}
