// The failed job's detail as display lines: whole args (pretty JSON, never truncated), exception,
// error, full backtrace. Long lines are hard-wrapped here so the view only windows them.
import type { FailedItem } from '../../../engine/types.js';
import { formatTime, relative } from '../../format.js';
import { cleanMultiline, safeJson } from '../../sanitize.js';

export interface DetailLine {
  /** Line number: a stable React key while scrolling. */
  n: number;
  text: string;
  heading?: boolean;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const raw of cleanMultiline(text).split('\n')) {
    if (raw.length <= width) {
      out.push(raw);
      continue;
    }
    for (let i = 0; i < raw.length; i += width) out.push(raw.slice(i, i + width));
  }
  return out;
}

export function detailLines(item: FailedItem, width: number, now: number): DetailLine[] {
  const w = Math.max(10, width);
  const lines: Omit<DetailLine, 'n'>[] = [];
  const field = (label: string, value: string) => {
    for (const [i, t] of wrap(value, w - label.length - 1).entries()) {
      lines.push({ text: i === 0 ? `${label} ${t}` : `${' '.repeat(label.length)} ${t}` });
    }
  };
  const section = (title: string, body: string[]) => {
    lines.push({ text: '' }, { text: title, heading: true });
    for (const b of body) for (const t of wrap(b, w - 2)) lines.push({ text: `  ${t}` });
  };
  field('class    ', item.class ?? '(entry is not valid JSON)');
  field('queue    ', item.queue ?? '?');
  field('worker   ', item.worker ?? '?');
  field(
    'failed at',
    item.failedAt === null ? '?' : `${formatTime(item.failedAt)} (${relative(item.failedAt, now)})`,
  );
  field('exception', item.exception ?? '');
  section('error', [item.error ?? '']);
  section('args', [safeJson(item.args, 2)]);
  section('backtrace', item.backtrace.length > 0 ? item.backtrace : ['(none)']);
  if (item.raw !== undefined) section('stored entry', [item.raw]);
  return lines.map((l, n) => ({ ...l, n }));
}
