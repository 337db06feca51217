// Small display formatters shared by panes and the status line.
import { formatBytes as textFormatBytes } from '../text.js';

export function formatDuration(ms: number): string {
  const neg = ms < 0;
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  let out: string;
  if (d > 0) out = `${d}d${h}h`;
  else if (h > 0) out = `${h}h${String(m).padStart(2, '0')}m`;
  else if (m > 0) out = `${m}m${String(s).padStart(2, '0')}s`;
  else out = `${s}s`;
  return neg ? `-${out}` : out;
}

/** Bytes as `2.4MB` (the compact form of the text snapshot's `2.4 MB`). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  return textFormatBytes(n).replace(' ', '');
}

export function formatTime(at: number | null | undefined): string {
  if (at === null || at === undefined || !Number.isFinite(at)) return '?';
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "12s ago" / "in 3m04s". */
export function relative(at: number | null | undefined, now: number): string {
  if (at === null || at === undefined || !Number.isFinite(at)) return '?';
  const diff = at - now;
  return diff >= 0 ? `in ${formatDuration(diff)}` : `${formatDuration(-diff)} ago`;
}

export function formatCount(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : '?';
}

/** Pads or cuts to exactly `width` columns (ASCII-width approximation; Ink truncates the rest). */
export function padCell(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length > width) return width > 1 ? `${text.slice(0, width - 1)}…` : text.slice(0, width);
  return text.padEnd(width);
}
