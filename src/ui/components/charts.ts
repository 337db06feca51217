// Text charts for the overview: sparklines from counter deltas and proportional bars.
import type { Sample } from '../store.js';

const TICKS = '▁▂▃▄▅▆▇█';

/** Per-second rates between consecutive samples; counter resets (a flushed Redis) count as 0. */
export function rates(history: Sample[], field: 'processed' | 'failed'): number[] {
  const out: number[] = [];
  for (let i = 1; i < history.length; i++) {
    const dt = (history[i].at - history[i - 1].at) / 1000;
    const d = history[i][field] - history[i - 1][field];
    out.push(dt > 0 && d > 0 ? d / dt : 0);
  }
  return out;
}

export function sparkline(values: number[], width: number): string {
  const tail = values.slice(-Math.max(0, width));
  const max = Math.max(0, ...tail);
  return tail
    .map((v) =>
      max <= 0 ? TICKS[0] : TICKS[Math.min(TICKS.length - 1, Math.round((v / max) * (TICKS.length - 1)))],
    )
    .join('');
}

export function bar(value: number, max: number, width: number): string {
  if (width <= 0) return '';
  const n = max > 0 ? Math.round((value / max) * width) : 0;
  return '█'.repeat(Math.min(width, Math.max(value > 0 ? 1 : 0, n))).padEnd(width, '·');
}
