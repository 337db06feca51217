#!/usr/bin/env node
// Argument parsing and dispatch; the only file that reads process.argv and process.env.
// Commands are imported lazily so `snapshot` never loads Ink or React.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { contextsPath, findContext, loadContexts, type RedisContext } from './contexts.js';
import { maskSecret } from './engine/connection.js';
import { errorMessage, UsageError, UserFacingError } from './errors.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const MIN_REFRESH_MS = 250;

function intArg(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
      throw new InvalidArgumentError(`${name} must be a whole number`);
    }
    if (n < min) throw new InvalidArgumentError(`${name} must be at least ${min}`);
    if (n > max) throw new InvalidArgumentError(`${name} must be at most ${max}`);
    return n;
  };
}

const redisOption = () =>
  new Option('--redis <url>', 'Redis to monitor, redis:// or rediss:// (default: $REDIS_URL)');
// No commander default: a --context may name the namespace (see target()).
const namespaceOption = () => new Option('--namespace <ns>', 'resque key namespace (default: resque)');
const contextOption = () =>
  new Option('--context <name>', 'a named Redis target from the contexts file (see README: Contexts)');

/** What every command receives: parsed flags plus the environment values it may use. */
export interface CommonEnv {
  redisUrl?: string;
  env: NodeJS.ProcessEnv;
}

interface TargetFlags {
  redis?: string;
  namespace?: string;
  context?: string;
  readOnly?: boolean;
}

const pick = ({ redisUrl, namespace }: { redisUrl?: string; namespace: string }) => ({ redisUrl, namespace });

/** Where a command points: --context, then --redis / $REDIS_URL; explicit flags win over the context. */
function target(opts: TargetFlags): {
  redisUrl?: string;
  namespace: string;
  readOnly: boolean;
  context?: RedisContext;
} {
  if (opts.context !== undefined) {
    if (opts.redis !== undefined) throw new UsageError('--context and --redis cannot be used together');
    const file = contextsPath(process.env);
    const context = findContext(loadContexts(file), opts.context, file);
    return {
      redisUrl: context.url,
      namespace: opts.namespace ?? context.namespace ?? 'resque',
      readOnly: Boolean(opts.readOnly) || context.readOnly,
      context,
    };
  }
  return {
    redisUrl: opts.redis ?? (process.env.REDIS_URL || undefined),
    namespace: opts.namespace ?? 'resque',
    readOnly: Boolean(opts.readOnly),
  };
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
    .addOption(contextOption())
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
      const where = target(opts);
      // React's development build re-checks every render: about half the frame time.
      process.env.NODE_ENV ??= 'production';
      const { runTui } = await import('./commands/tui.js');
      exitCode = await runTui({
        redisUrl: where.redisUrl,
        namespace: where.namespace,
        tasksDir: opts.tasks,
        readOnly: where.readOnly,
        refreshMs: opts.refresh,
        context: where.context,
      });
    });

  program
    .command('snapshot')
    .description('print one snapshot of the queues, workers, locks and failures')
    .option('--json', 'print JSON (the contract in DESIGN.md) instead of a table', false)
    .addOption(redisOption())
    .addOption(namespaceOption())
    .addOption(contextOption())
    .option('--limit <n>', 'rows per list (delayed, failed)', intArg('--limit', 0, 10_000), 20)
    .action(async (opts) => {
      const { runSnapshot } = await import('./commands/snapshot.js');
      exitCode = await runSnapshot({
        ...pick(target(opts)),
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

  program
    .command('check')
    .description(
      'health check for cron, CI and monitoring: exit 0 when healthy, 1 with one line per broken rule',
    )
    .addOption(redisOption())
    .addOption(namespaceOption())
    .addOption(contextOption())
    .option('--max-failed <n>', 'most failed jobs allowed', intArg('--max-failed', 0))
    .option(
      '--max-overdue <seconds>',
      'how late the oldest due delayed job may be',
      intArg('--max-overdue', 0),
    )
    .option('--require-leader', 'a scheduler leader must exist', false)
    .option('--json', 'print the result as JSON', false)
    .action(async (opts) => {
      const { runCheck } = await import('./commands/check.js');
      exitCode = await runCheck({
        ...pick(target(opts)),
        maxFailed: opts.maxFailed,
        maxOverdueSeconds: opts.maxOverdue,
        requireLeader: opts.requireLeader,
        json: opts.json,
      });
    });

  program
    .command('failures')
    .description('group failed jobs by queue, class, exception and normalised error')
    .addOption(redisOption())
    .addOption(namespaceOption())
    .addOption(contextOption())
    .option('--json', 'print the groups as JSON', false)
    .action(async (opts) => {
      const { runFailures } = await import('./commands/failures.js');
      const { redisUrl, namespace } = target(opts);
      exitCode = await runFailures({ redisUrl, namespace, json: opts.json });
    });

  program
    .command('export')
    .description(
      "write failed entries (export failed) or a queue's jobs (export queue NAME) as NDJSON on stdout",
    )
    .argument('<what>', '"failed" or "queue"')
    .argument('[name]', 'the queue, with "queue"')
    .addOption(redisOption())
    .addOption(namespaceOption())
    .addOption(contextOption())
    .option('--filter <text>', 'only entries whose class, queue, args or error contain this text')
    .action(async (what: string, name: string | undefined, opts) => {
      const { runExport } = await import('./commands/export.js');
      exitCode = await runExport({
        what,
        queue: name,
        filter: opts.filter,
        ...pick(target(opts)),
      });
    });

  program
    .command('import')
    .description('re-enqueue the jobs of an NDJSON file written by export')
    .argument('<file>', 'the NDJSON file (- for stdin)')
    .addOption(redisOption())
    .addOption(namespaceOption())
    .addOption(contextOption())
    .option('--dry-run', 'say what would be enqueued, change nothing', false)
    .action(async (file: string, opts) => {
      const where = target(opts);
      // import writes: a read-only context refuses it (a dry run only reads the file).
      if (where.readOnly && !opts.dryRun) {
        throw new UsageError(`context "${where.context?.name}" is read-only: import would write to it`);
      }
      const { runImport } = await import('./commands/import.js');
      exitCode = await runImport({ file, dryRun: opts.dryRun, ...pick(where) });
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
