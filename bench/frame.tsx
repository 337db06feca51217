// Render time of one Failed-pane frame over the seeded failed list, in a live Ink app: each
// sample is a new snapshot (read windowed from Redis) put in the store, timed until Ink has
// written the frame.
import { renderToString } from 'ink';
import { render } from 'ink-testing-library';
import type { Redis } from 'ioredis';
import { createEngineBackend } from '../src/commands/tui.js';
import { parseRedisTarget } from '../src/engine/connection.js';
import { App, listRows } from '../src/ui/App.js';
import type { ControlContext } from '../src/ui/control/context.js';
import { createUiStore } from '../src/ui/store.js';
import { percentiles } from './refresh.js';

/** A common terminal size (tmux's default is smaller still); the bench also reports 160x50. */
export const SIZES = [
  { columns: 120, rows: 40 },
  { columns: 160, rows: 50 },
];

export async function renderFailedFrame(client: Redis, SIZE = SIZES[0]) {
  const port = client.options.port ?? 6379;
  const backend = createEngineBackend(client, parseRedisTarget(`redis://127.0.0.1:${port}`), {
    readOnly: true,
    refreshMs: 1000,
  });
  const window = { failedLimit: listRows(SIZE.rows), delayedLimit: listRows(SIZE.rows) };
  const snapshots = await Promise.all(Array.from({ length: 101 }, () => backend.snapshot(window)));
  const store = createUiStore({ snapshot: snapshots[0], pane: 'failed' });
  const control: ControlContext = { store, backend, refresh: () => undefined, quit: () => undefined };
  const first = renderToString(<App control={control} size={SIZE} />, { columns: SIZE.columns });
  if (!first.includes(snapshots[0].failed.items[0]?.class ?? ''))
    throw new Error('frame shows no failed rows');

  // ink-testing-library runs Ink in debug mode (every render written at once, no throttle)
  // with a fake terminal for stdin and stdout.
  const ink = render(<App control={control} size={SIZE} />);
  const screen = {
    get frames() {
      return ink.frames.length;
    },
    get last() {
      return ink.lastFrame() ?? '';
    },
  };
  const samples: number[] = [];
  for (const snapshot of snapshots.slice(1)) {
    const before = screen.frames;
    const t = performance.now();
    store.setState({ snapshot });
    const deadline = Date.now() + 2000;
    while (screen.frames === before && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    if (screen.frames === before)
      throw new Error(`no frame written (${screen.frames} frames so far): ${screen.last.slice(0, 3000)}`);
    samples.push(performance.now() - t);
  }
  ink.unmount();
  return {
    failed: snapshots[0].failed.total,
    ms: percentiles(samples).p50,
    visibleRows: snapshots[0].failed.items.length,
  };
}
