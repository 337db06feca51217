// Render time of one Failed-pane frame over the seeded failed list: the rows the screen shows
// are read from Redis (windowed) and the whole app is rendered to a string by Ink, many times.
import { renderToString } from 'ink';
import type { Redis } from 'ioredis';
import { createEngineBackend } from '../src/commands/tui.js';
import { parseRedisTarget } from '../src/engine/connection.js';
import { App, listRows } from '../src/ui/App.js';
import type { ControlContext } from '../src/ui/control/context.js';
import { createUiStore } from '../src/ui/store.js';
import { percentiles } from './refresh.js';

const SIZE = { columns: 160, rows: 50 };

export async function renderFailedFrame(client: Redis) {
  const port = client.options.port ?? 6379;
  const backend = createEngineBackend(client, parseRedisTarget(`redis://127.0.0.1:${port}`), {
    readOnly: true,
    refreshMs: 1000,
  });
  const snapshot = await backend.snapshot({
    failedLimit: listRows(SIZE.rows),
    delayedLimit: listRows(SIZE.rows),
  });
  const store = createUiStore({ snapshot, pane: 'failed' });
  const control: ControlContext = { store, backend, refresh: () => undefined, quit: () => undefined };
  const frame = () => renderToString(<App control={control} size={SIZE} />, { columns: SIZE.columns });
  const first = frame();
  if (!first.includes(snapshot.failed.items[0]?.class ?? ''))
    throw new Error('frame does not show the failed rows');
  const samples: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    frame();
    samples.push(performance.now() - t);
  }
  return { failed: snapshot.failed.total, ms: percentiles(samples).p50, rows: snapshot.failed.items.length };
}
