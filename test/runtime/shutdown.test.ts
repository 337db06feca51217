import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './helpers.js';
import { type RuntimeRig, startRig } from './setup.js';

describe('shutdown', () => {
  let rig: RuntimeRig;
  beforeAll(async () => {
    rig = await startRig({
      'tasks/slow.js':
        "exports.slow = { name: 'slow', run(api, params, next) { setTimeout(next, 20000); } };\n",
    });
  });
  afterAll(async () => rig?.close());

  it('gives up on a job that outlasts the timeout: the job fails with the reason, workers deregister', async () => {
    await rig.engine.enqueue('slow', { id: 1 });
    await waitFor(() => rig.lines(/^slow \[\{"id":1\}\] started/).length === 1, 'slow to start');
    await rig.runtime.stop(300);
    expect(rig.lines(/^gave up waiting for 1 running job\(s\) after 300 ms$/)).toHaveLength(1);
    const client = rig.client;
    const failed = (await client.lrange('resque:failed', 0, -1)).map((s) => JSON.parse(s));
    expect(failed).toHaveLength(1);
    expect(failed[0].error).toBe('task "slow" was abandoned: the sandbox is shutting down');
    expect(await client.scard('resque:workers')).toBe(0);
    expect(await client.get('resque:resque_scheduler_leader_lock')).toBeNull();
  });
});
