import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './helpers.js';
import { type RuntimeRig, startRig } from './setup.js';

// `tick` fails on every other run: a periodic task must come back after its own failure.
const TASKS = {
  'tasks/tick.js': `
let runs = 0;
exports.tick = {
  name: 'tick', frequency: 1000,
  run(api, params, next) {
    runs += 1;
    if (runs % 2 === 0) return next(new Error('tick failure ' + runs));
    next();
  },
};
exports.fast = { name: 'fast', queue: 'fast', frequency: 300, async run() {} };
`,
};

describe('periodic tasks', () => {
  let rig: RuntimeRig;
  beforeAll(async () => {
    rig = await startRig(TASKS);
  });
  afterAll(async () => rig?.close());

  const starts = (name: string) =>
    rig.log
      .entries()
      .filter((e) => e.message.startsWith(`${name} started (`))
      .map((e) => e.at);

  it('recur about once per frequency, after failures too, one copy at a time', async () => {
    expect(rig.lines(/^fast: frequency 300 ms is below resque's one-second resolution/)).toHaveLength(1);
    const client = rig.client;
    let maxCopies = 0;
    await waitFor(
      async () => {
        // Queued plus delayed copies of tick: never more than one.
        const queued = (await client.lrange('resque:queue:default', 0, -1)).filter((j) =>
          j.includes('"tick"'),
        ).length;
        const delayed = (await rig.engine.queue.scheduledAt('default', 'tick', [])).length;
        maxCopies = Math.max(maxCopies, queued + delayed);
        return starts('tick').length >= 6;
      },
      'six runs of tick',
      15_000,
    );
    expect(maxCopies).toBeLessThanOrEqual(1);
    const tickStarts = starts('tick');
    const gaps = tickStarts.slice(1).map((t, i) => t - tickStarts[i]);
    // About once a second: never a burst, never a long pause (generous for a loaded machine).
    for (const gap of gaps) {
      expect(gap).toBeGreaterThan(500);
      expect(gap).toBeLessThan(2500);
    }
    expect(rig.lines(/^tick failed in \d+ ms: Error: tick failure \d+$/).length).toBeGreaterThanOrEqual(2);
    expect(Number(await client.get('resque:stat:failed'))).toBeGreaterThanOrEqual(2);
    // The sub-second task runs about once a second, not in bursts.
    const fastStarts = starts('fast');
    expect(fastStarts.length).toBeGreaterThanOrEqual(3);
    for (const [i, t] of fastStarts.slice(1).entries()) expect(t - fastStarts[i]).toBeGreaterThan(500);
  });

  it('stop being periodic when their file says so, and their scheduled copy goes', async () => {
    rig.dir.write('tasks/tick.js', "exports.tick = { name: 'tick', async run() {} };\n");
    await waitFor(() => rig.lines(/^tick is no longer periodic$/).length === 1, 'the reload', 5000).catch(
      (e) => {
        console.log(
          rig.log
            .entries()
            .slice(-30)
            .map((x) => x.message)
            .join('\n'),
        );
        throw e;
      },
    );
    expect(await rig.engine.queue.scheduledAt('default', 'tick', [])).toEqual([]);
    expect(rig.runtime.tasks().find((t) => t.name === 'tick')?.frequency).toBe(0);
  });
});
