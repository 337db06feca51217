// Text helpers shared by every output: nothing read from Redis may change the terminal, so
// control characters (ANSI escapes, OSC titles, bells, carriage returns) are removed first.

// ESC-introduced sequences (CSI, OSC up to BEL/ST, single-char escapes), then any other C0/C1
// control character except newline and tab (flattened by the callers that need it), and the
// bidi overrides that would reorder what follows them on the line (as ui/sanitize.ts does).
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|.)/gs;
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function stripControl(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '');
}

/** One display line: control characters removed, newlines and tabs as spaces, cut to `max`. */
export function oneLine(text: string, max = Number.POSITIVE_INFINITY): string {
  const flat = stripControl(text).replace(/[\n\t]+/g, ' ');
  if (flat.length <= max) return flat;
  // Never cut an emoji (a surrogate pair) in half: a lone half prints as garbage.
  let end = Math.max(0, max - 1);
  if (end > 0 && /[\ud800-\udbff]/.test(flat[end - 1])) end--;
  return `${flat.slice(0, end)}…`;
}

/** Compact JSON of args for a list row, bounded before stringifying huge values matters. */
export function argsPreview(args: unknown[], max = 80): string {
  let text: string;
  try {
    text = JSON.stringify(args) ?? '[]';
  } catch {
    text = '[unserialisable]';
  }
  return oneLine(text, max);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${n >= 10 || u === 0 ? Math.round(n) : n.toFixed(1)} ${units[u]}`;
}

/** A duration in ms as `3s`, `4m 10s`, `2h 5m`, `3d 4h`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
