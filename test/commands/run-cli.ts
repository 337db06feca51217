// Runs the built CLI (dist/cli.js) as users do, for the check/export/import tests.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

export function requireBuild(): void {
  if (!existsSync(CLI)) throw new Error('dist/cli.js missing: run npm run build first');
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function cli(
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; stdoutFd?: number } = {},
): CliResult {
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, REDIS_URL: '', ...options.env },
    stdio: ['pipe', options.stdoutFd ?? 'pipe', 'pipe'],
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - started };
}

/** `INFO commandstats` as command -> calls. */
export function commandCalls(info: string): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[m[1]] = Number(m[2]);
  return calls;
}
