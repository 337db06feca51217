// Text from Redis is untrusted: nothing in it may move the cursor, retitle the terminal or change
// colours. Everything drawn from a snapshot goes through clean()/preview() first.

// Whole escape sequences first (CSI, OSC up to BEL/ST, other ESC x), so their printable tails
// ("[31m") do not survive as noise; then every remaining C0/C1 control and bidi override.
const ESCAPES =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One display line: escapes removed, tabs and newlines turned into spaces. */
export function clean(text: string): string {
  return text
    .replace(ESCAPES, '')
    .replace(CONTROLS, '')
    .replace(/[\t\n]/g, ' ');
}

/** Keeps newlines (for the detail view, which splits lines itself). */
export function cleanMultiline(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '').replace(/\t/g, '  ');
}

/** Max characters of a value kept for list cells: a 1 MB args array must not reach the layout. */
export const PREVIEW_CHARS = 300;

export function truncate(text: string, max = PREVIEW_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const previewCache = new WeakMap<object, string>();

/** Compact JSON for a list cell, truncated, cleaned; cached per object (snapshots are immutable). */
export function preview(value: unknown, max = PREVIEW_CHARS): string {
  if (value !== null && typeof value === 'object') {
    const hit = previewCache.get(value);
    if (hit !== undefined) return hit;
    const out = clean(truncate(safeJson(value), max));
    previewCache.set(value, out);
    return out;
  }
  return clean(truncate(typeof value === 'string' ? value : safeJson(value), max));
}

const fullCache = new WeakMap<object, string>();

/** Whole compact JSON (for filtering); cached per object. */
export function fullJson(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const hit = fullCache.get(value);
    if (hit !== undefined) return hit;
    const out = safeJson(value);
    fullCache.set(value, out);
    return out;
  }
  return safeJson(value);
}

export function safeJson(value: unknown, indent?: number): string {
  try {
    return JSON.stringify(value, null, indent) ?? String(value);
  } catch {
    return String(value);
  }
}
