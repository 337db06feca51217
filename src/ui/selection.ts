// Pure list-selection logic: selection is tracked by row identity so it stays on the same job when
// rows are added above it, and falls back to the old position when that job is gone.

export interface Selection {
  /** Identity of the selected row (see rows.ts), or null before anything was selected. */
  id: string | null;
  /** Absolute position (fallback when the id is gone). */
  index: number;
  /** First visible row. */
  top: number;
}

export const EMPTY_SELECTION: Selection = { id: null, index: 0, top: 0 };

export function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}

/**
 * Where the selection is now. `ids` are the loaded rows, which start at absolute position
 * `offset` of a list of `total` rows (windowed lists load only part of it).
 */
export function resolveIndex(sel: Selection, ids: readonly string[], offset: number, total: number): number {
  if (total <= 0) return 0;
  if (sel.id !== null) {
    const at = ids.indexOf(sel.id);
    if (at >= 0) return offset + at;
  }
  return clamp(sel.index, 0, total - 1);
}

/** Keeps `index` inside the visible window [top, top + height). */
export function scrollTop(top: number, index: number, height: number, total: number): number {
  if (height <= 0) return 0;
  let t = top;
  if (index < t) t = index;
  if (index >= t + height) t = index - height + 1;
  return clamp(t, 0, Math.max(0, total - height));
}

/** Moves to `index` and records the identity of the row there when it is loaded. */
export function moveTo(
  index: number,
  prevTop: number,
  ids: readonly string[],
  offset: number,
  total: number,
  height: number,
): Selection {
  const i = total <= 0 ? 0 : clamp(index, 0, total - 1);
  const id = ids[i - offset] ?? null;
  return { id, index: i, top: scrollTop(prevTop, i, height, total) };
}
