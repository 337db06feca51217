#!/usr/bin/env node
// Argument parsing and dispatch; the only file that reads process.argv and process.env.
// Commands are imported lazily so `snapshot` never loads Ink or React.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { maskSecret } from './engine/connection.js';
import { errorMessage, UsageError, UserFacingError } from './errors.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const MIN_REFRESH_MS = 250;

function intArg(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
      throw new InvalidArgumentError(`${name} must be a whole number`);
    }
    if (n < min) throw new InvalidArgumentError(`${name} must be at least ${min}`);
    if (n > max) throw new InvalidArgumentError(`${name} must be at most ${max}`);
    return n;
  };
}

const redisOption = () =>
  new Option('--redis <url>', 'Redis to monitor, redis:// or rediss:// (default: $REDIS_URL)');
const namespaceOption = () => new Option('--namespace <ns>', 'resque key namespace').default('resque');

/** What every command receives: parsed flags plus the environment values it may use. */
export interface CommonEnv {
  redisUrl?: string;
  env: NodeJS.ProcessEnv;
}

function redisFrom(opts: { redis?: string }): string | undefined {
  return opts.redis ?? (process.env.REDIS_URL || undefined);
}

let exitCode = 0;

function buildProgram(): Command {
  const program = new Command();
  program
    .name('stellar-tasks-tui')
    .description('A terminal console for node-resque task queues, with a local sandbox for task modules.')
    .version(pkg.version, '-v, --version')
    // Subcommands own their flags (snapshot --redis is snapshot's, not the TUI's).
    .enablePositionalOptions()
    .addOption(redisOption())
    .addOption(namespaceOption())
    .option('--tasks <dir>', 'task modules to run in the sandbox (default: the bundled fixtures)')
    .option('--read-only', 'never send a write command to Redis', false)
    .option(
      '--refresh <ms>',
      `refresh interval in ms (minimum ${MIN_REFRESH_MS})`,
      intArg('--refresh', MIN_REFRESH_MS),
      1000,
    )
    .exitOverride()
    .action(async (opts) => {
      // React's development build re-checks every render: about half the frame time.
      process.env.NODE_ENV ??= 'production';
      const { runTui } = await import('./commands/tui.js');
      exitCode = await runTui({
        redisUrl: redisFrom(opts),
        namespace: opts.namespace,
        tasksDir: opts.tasks,
        readOnly: opts.readOnly,
        refreshMs: opts.refresh,
      });
    });

  program
    .command('snapshot')
    .description('print one snapshot of the queues, workers, locks and failures')
    .option('--json', 'print JSON (the contract in DESIGN.md) instead of a table', false)
    .addOption(redisOption())
    .addOption(namespaceOption())
    .option('--limit <n>', 'rows per list (delayed, failed)', intArg('--limit', 0, 10_000), 20)
    .action(async (opts) => {
      const { runSnapshot } = await import('./commands/snapshot.js');
      exitCode = await runSnapshot({
        redisUrl: redisFrom(opts),
        namespace: opts.namespace,
        json: opts.json,
        limit: opts.limit,
      });
    });

  program
    .command('sandbox')
    .description('run the embedded Redis, task modules, workers and scheduler headless')
    .option('--tasks <dir>', 'task modules to run (default: the bundled fixtures)')
    .option('--port <n>', 'port for the embedded Redis (default: a free one)', intArg('--port', 1, 65535))
    .action(async (opts) => {
      const { runSandbox } = await import('./commands/sandbox.js');
      exitCode = await runSandbox({ tasksDir: opts.tasks, port: opts.port });
    });

  program
    .command('make-task')
    .description('write a new task module from a template')
    .argument('<name>', 'task name, e.g. sendEmail or auth.sessionValidation')
    .option('--module <m>', 'module to put it in', 'private')
    .option('--dir <dir>', 'project root', '.')
    .action(async (name: string, opts) => {
      const { runMakeTask } = await import('./commands/make-task.js');
      exitCode = await runMakeTask({ name, module: opts.module, dir: opts.dir });
    });

  for (const cmd of [program, ...program.commands]) {
    cmd.exitOverride();
    // One line per error, with the hint on the same line.
    cmd.configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) =>
        write(`stellar-tasks-tui: ${s.replace(/^error: /, '').trimEnd()} (see --help)\n`),
    });
  }
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its one-line message; help and version exit 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    const message = maskSecret(errorMessage(error));
    if (error instanceof UsageError) {
      process.stderr.write(`stellar-tasks-tui: ${message} (see --help)\n`);
      return 2;
    }
    if (error instanceof UserFacingError) {
      process.stderr.write(`stellar-tasks-tui: ${message}\n`);
      return 1;
    }
    process.stderr.write(`stellar-tasks-tui: unexpected error: ${message}\n`);
    return 1;
  }
}

// Exit explicitly once the command is done: a closed ioredis client can hold the event loop
// for seconds, and every command has finished its work (and its output) by now.
main(process.argv).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`stellar-tasks-tui: ${maskSecret(errorMessage(error))}\n`);
    process.exit(1);
  },
);
