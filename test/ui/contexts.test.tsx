// Contexts in the console, against two real Redis servers through the production wiring
// (openSession, startConsole): the badge, the typed-name confirmation of a protected context,
// and `:ctx` listing and switching, which must end up showing the other server's data.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contextOptions, openSession, type TuiOptions } from '../../src/commands/tui.js';
import { type RunningConsole, startConsole } from '../../src/commands/tui-console.js';
import { findContext, loadContexts } from '../../src/contexts.js';
import { App } from '../../src/ui/App.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { KEY, waitFor } from './helpers.js';
import { failedEntry } from './redis-harness.js';

process.env.STELLAR_TASKS_TUI_STATE_DIR = mkdtempSync(join(tmpdir(), 'stt-ctx-state-'));

let a: TestRedis;
let b: TestRedis;
let adminA: Redis;
let adminB: Redis;
let file: string;

beforeAll(async () => {
  [a, b] = await Promise.all([startTestRedis(), startTestRedis()]);
  adminA = a.client();
  adminB = b.client();
  file = join(mkdtempSync(join(tmpdir(), 'stt-ctx-')), 'contexts.json');
  writeFileSync(
    file,
    JSON.stringify({
      contexts: {
        prod: { url: a.url, label: 'PRODUCTION', color: 'red', protected: true },
        staging: { url: b.url, namespace: 'stg', label: 'STAGING', color: 'yellow' },
        // Nothing listens on port 1: connecting fails.
        broken: { url: 'redis://127.0.0.1:1' },
      },
    }),
  );
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

beforeEach(async () => {
  await Promise.all([a.flush(), b.flush()]);
  await adminA.sadd('resque:queues', 'alphaq');
  await adminA.rpush('resque:queue:alphaq', '{"class":"alphaJob","queue":"alphaq","args":[]}');
  await adminB.sadd('stg:queues', 'betaq');
  await adminB.rpush('stg:queue:betaq', '{"class":"betaJob","queue":"betaq","args":[]}');
});

interface ConsoleUi {
  console: RunningConsole;
  frame(): string;
  press(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  until(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

let open: ConsoleUi[] = [];
afterEach(async () => {
  for (const ui of open) await ui.stop();
  open = [];
});

/** The console as `stellar-tasks-tui --context NAME` builds it, drawn by ink-testing-library. */
async function openConsole(name: string, over: Partial<TuiOptions> = {}): Promise<ConsoleUi> {
  const base: TuiOptions = { namespace: 'resque', readOnly: false, refreshMs: 250, ...over };
  const context = findContext(loadContexts(file), name, file);
  const opts = { ...contextOptions(base, context), readOnly: base.readOnly || context.readOnly };
  const session = await openSession(opts);
  let ink: ReturnType<typeof render> | undefined;
  const app = startConsole(session, {
    refreshMs: opts.refreshMs,
    quit: () => undefined,
    render: (control) => {
      const element = <App control={control} size={{ columns: 110, rows: 30 }} />;
      if (ink) ink.rerender(element);
      else ink = render(element);
    },
    loadContexts: () => loadContexts(file),
    openContext: (c) => openSession(contextOptions(base, c)),
  });
  const frame = () => ink?.lastFrame() ?? '';
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      ink?.stdin.write(k);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const ui: ConsoleUi = {
    console: app,
    frame,
    press,
    type: (text) => press(...text),
    until: (p, t = 4000) =>
      waitFor(
        () => (typeof p === 'string' ? frame().includes(p) : p.test(frame())) && frame(),
        `frame matching ${p}`,
        t,
      ).catch((e: Error) => {
        throw new Error(`${e.message}; last frame:\n${frame()}`);
      }),
    async stop() {
      app.stop();
      ink?.unmount();
      ink?.cleanup();
      await app.session().close();
    },
  };
  open.push(ui);
  return ui;
}

describe('contexts in the console', () => {
  it("shows the context's label as a badge in the status line", async () => {
    const ui = await openConsole('staging');
    const frame = await ui.until('STAGING');
    // The badge sits at the start of the connection line, padded like a label.
    expect(frame).toMatch(/^ STAGING {2}remote · ns stg/m);
    await ui.press('2');
    await ui.until('betaq');
  });

  it('protected: y alone does nothing, a wrong name does nothing, the exact name performs the action', async () => {
    const entries = [failedEntry(0), failedEntry(1)];
    await adminA.rpush('resque:failed', ...entries);
    const ui = await openConsole('prod');
    await ui.until('PRODUCTION');
    await ui.press('6');
    await ui.until('boom 1');
    await ui.press('x');
    await ui.until('type prod to confirm');
    await ui.press('y');
    await ui.until(/type prod to confirm: y/);
    await ui.press(KEY.enter);
    await ui.until('that is not "prod"');
    expect(await adminA.lrange('resque:failed', 0, -1)).toEqual(entries);
    await ui.press(KEY.backspace);
    await ui.type('prd');
    await ui.press(KEY.enter);
    await ui.until('that is not "prod"');
    expect(await adminA.lrange('resque:failed', 0, -1)).toEqual(entries);
    // Esc cancels with nothing written.
    await ui.press(KEY.esc);
    await ui.until('cancelled');
    expect(await adminA.lrange('resque:failed', 0, -1)).toEqual(entries);

    await ui.press('x');
    await ui.until('type prod to confirm');
    await ui.type('prod');
    await ui.press(KEY.enter);
    await ui.until('removed boom on default');
    expect(await adminA.lrange('resque:failed', 0, -1)).toEqual([entries[0]]);

    // Undo writes too: it asks for the name the same way.
    await ui.press('u');
    await ui.until('type prod to confirm');
    await ui.press('y');
    await ui.press(KEY.enter);
    await ui.until('that is not "prod"');
    expect(await adminA.lrange('resque:failed', 0, -1)).toEqual([entries[0]]);
    await ui.press(KEY.backspace);
    await ui.type('prod');
    await ui.press(KEY.enter);
    await ui.until('undo: 1 failed job back in the failed list');
    expect(await adminA.lrange('resque:failed', 0, -1)).toEqual(entries);
  });

  it('protected: enqueue (which asks nothing elsewhere) asks for the name too', async () => {
    const ui = await openConsole('prod');
    await ui.until('PRODUCTION');
    await ui.press('n');
    await ui.until('Enqueue a job');
    await ui.type('hello');
    await ui.press(KEY.enter);
    await ui.until('type prod to confirm');
    expect(await adminA.llen('resque:queue:default')).toBe(0);
    await ui.type('prod');
    await ui.press(KEY.enter);
    await ui.until('enqueued hello on default');
    expect(await adminA.llen('resque:queue:default')).toBe(1);
  });

  it('an unprotected context keeps the plain y confirmation', async () => {
    await adminB.rpush('stg:failed', failedEntry(5));
    const ui = await openConsole('staging');
    await ui.press('6');
    await ui.until('boom 5');
    await ui.press('x');
    await ui.until('Remove failed boom on default? [y/N]');
    await ui.press('y');
    await ui.until('removed boom on default');
    expect(await adminB.llen('stg:failed')).toBe(0);
  });

  it(':ctx lists the contexts; Enter on one switches to that server, same pane, its data', async () => {
    const ui = await openConsole('prod');
    await ui.press('2');
    await ui.until('alphaq');
    await ui.press(':');
    await ui.until('ctx lists contexts');
    await ui.type('ctx');
    await ui.press(KEY.enter);
    const list = await ui.until('Contexts');
    expect(list).toMatch(/● prod\s+ PRODUCTION .*protected/);
    expect(list).toMatch(/staging\s+ STAGING .*ns stg/);
    expect(list).toContain('broken');
    // The current one is selected; j picks staging.
    await ui.press('j', KEY.enter);
    await ui.until('switched to staging');
    const frame = await ui.until('betaq');
    expect(frame).not.toContain('alphaq');
    expect(frame).toContain('STAGING');
    expect(frame).not.toContain('PRODUCTION');
    // The old connection is closed, the new one is the session to close at the end.
    expect(ui.console.session().backend.info.context?.name).toBe('staging');
  });

  it(':ctx NAME switches back and forth; an unreachable or unknown context stays where it was', async () => {
    const ui = await openConsole('staging');
    await ui.press('2');
    await ui.until('betaq');
    await ui.press(':');
    await ui.type('ctx prod');
    await ui.press(KEY.enter);
    await ui.until('alphaq');
    await ui.until('PRODUCTION');

    await ui.press(':');
    await ui.type('ctx broken');
    await ui.press(KEY.enter);
    await ui.until(/cannot switch to broken: .*; still on prod/, 15_000);
    expect(ui.frame()).toContain('alphaq');
    expect(ui.frame()).toContain('PRODUCTION');
    expect(ui.console.session().backend.info.context?.name).toBe('prod');

    await ui.press(':');
    await ui.type('ctx nope');
    await ui.press(KEY.enter);
    await ui.until('cannot switch to nope: no context "nope" (known: prod, staging, broken)');

    // Still live on prod: new data there shows up.
    await adminA.sadd('resque:queues', 'gammaq');
    await ui.until('gammaq');

    await ui.press(':');
    await ui.type('ctx staging');
    await ui.press(KEY.enter);
    await ui.until('betaq');
    expect(ui.frame()).not.toContain('alphaq');
  });

  it('unknown commands say so and keep the line open', async () => {
    const ui = await openConsole('staging');
    await ui.press(':');
    await ui.type('frob');
    await ui.press(KEY.enter);
    await ui.until('unknown command :frob');
    await ui.press(KEY.esc);
    await waitFor(() => !ui.frame().includes('unknown command'), 'the line to close');
  });
});
