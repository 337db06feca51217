// The built CLI on a real pseudo-terminal (util-linux `script`), recording every byte it writes,
// with the terminal's settings (`stty -g`) read before and after it in the same terminal.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export const hasScript = existsSync('/usr/bin/script');

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface PtyRun {
  code: number | null;
  /** What the program wrote to the terminal (stdout and stderr), \r\n turned into \n. */
  output: string;
  /** `stty -g` before and after the program, in its terminal. */
  sttyBefore: string;
  sttyAfter: string;
}

/**
 * Runs `argv` on a fresh pty with CI removed (Ink draws nothing interactive when CI is set);
 * `input` is typed into the terminal once the output matches `inputAfter`. Rejects after `timeoutMs`.
 */
export function runInPty(
  argv: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; inputAfter?: RegExp; timeoutMs?: number } = {},
): Promise<PtyRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', ...opts.env };
  delete env.CI;
  const cmd = `stty -g; echo '<<<'; ${argv.map(quote).join(' ')}; code=$?; echo '>>>'; stty -g; exit $code`;
  const child = spawn('script', ['-qec', cmd, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let raw = '';
  let typed = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    raw += chunk;
    if (opts.input !== undefined && !typed && opts.inputAfter?.test(raw)) {
      typed = true;
      child.stdin.write(opts.input);
    }
  });
  child.stderr.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${argv.join(' ')} did not end within ${opts.timeoutMs ?? 15_000} ms; output:\n${raw}`),
      );
    }, opts.timeoutMs ?? 15_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const text = raw.replace(/\r\n/g, '\n');
      const m = text.match(/^(.*)\n<<<\n([\s\S]*)>>>\n(.*)\n?$/);
      if (!m) {
        reject(new Error(`unexpected pty transcript:\n${JSON.stringify(text)}`));
        return;
      }
      resolve({ code, sttyBefore: m[1], output: m[2], sttyAfter: m[3] });
    });
  });
}
