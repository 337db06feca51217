// The export/import line format: one JSON object per line that carries an entry's exact stored
// bytes. Valid UTF-8 goes in "stored" as a JSON string (readable, byte-exact once re-encoded);
// anything else goes in "storedBase64", so no byte is ever lost.
//
//   {"kind":"failed","stored":"<entry of the failed list>"}
//   {"kind":"job","queue":"<queue name>","stored":"<entry of queue:<name>>"}
import { parseFailed, parseJob } from './parse.js';
import type { FailedItem, JobPayload } from './types.js';

export type EntryKind = 'failed' | 'job';

export interface ExportEntry {
  kind: EntryKind;
  /** The queue a `job` line belongs to (the list it was read from). */
  queue?: string;
  /** Exact stored bytes. */
  stored: Buffer;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The stored bytes as text when they are valid UTF-8, else null. */
function utf8OrNull(bytes: Buffer): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * JSON text with DEL, C1 controls, line separators and bidi overrides escaped: JSON.stringify
 * leaves them raw, and a terminal showing the export may act on them. Same JSON value.
 */
export function terminalSafe(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** One NDJSON line (with its newline) for an entry. */
export function encodeEntry(entry: ExportEntry): string {
  const text = utf8OrNull(entry.stored);
  const line: Record<string, string> = { kind: entry.kind };
  if (entry.queue !== undefined) line.queue = entry.queue;
  if (text === null) line.storedBase64 = entry.stored.toString('base64');
  else line.stored = text;
  return `${terminalSafe(JSON.stringify(line))}\n`;
}

export type DecodedLine = { ok: true; entry: ExportEntry } | { ok: false; reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads one line of an export; never throws, says why a line cannot be used. */
export function decodeLine(line: string): DecodedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!isObject(value)) return { ok: false, reason: 'not a JSON object' };
  const { kind } = value;
  if (kind !== 'failed' && kind !== 'job') {
    return { ok: false, reason: `unknown kind ${JSON.stringify(kind ?? null)}` };
  }
  let stored: Buffer;
  if (typeof value.stored === 'string') stored = Buffer.from(value.stored, 'utf8');
  else if (typeof value.storedBase64 === 'string') stored = Buffer.from(value.storedBase64, 'base64');
  else return { ok: false, reason: `${kind} line without "stored"` };
  if (kind === 'failed') return { ok: true, entry: { kind, stored } };
  if (typeof value.queue !== 'string' || value.queue === '') {
    return { ok: false, reason: 'job line without a queue name' };
  }
  return { ok: true, entry: { kind, queue: value.queue, stored } };
}

function has(haystack: string | null | undefined, needle: string): boolean {
  return !!haystack && haystack.toLowerCase().includes(needle);
}

function argsText(args: unknown[]): string {
  try {
    return JSON.stringify(args);
  } catch {
    return '';
  }
}

/**
 * The `--filter` test: a case-insensitive substring of class, queue, args or error (and the
 * exception name, and the raw text of entries that are not jobs), as the TUI's `/` filter.
 */
export function entryMatcher(
  text: string | undefined,
): ((kind: EntryKind, stored: string) => boolean) | null {
  const needle = (text ?? '').trim().toLowerCase();
  if (!needle) return null;
  const item = (i: FailedItem | JobPayload, error: string | null, exception: string | null) =>
    has(i.class, needle) ||
    has(i.queue, needle) ||
    has(error, needle) ||
    has(exception, needle) ||
    has(argsText(i.args), needle) ||
    (i.class === null && has(i.raw, needle));
  return (kind, stored) => {
    if (kind === 'job') return item(parseJob(stored), null, null);
    const failed = parseFailed(stored);
    return item(failed, failed.error, failed.exception);
  };
}
