// A windowed table: only the rows inside the visible window are turned into elements, so a list
// of 50,000 failed jobs costs the same to draw as a list of 20.
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { padCell } from '../format.js';
import type { Rows } from '../rows.js';
import { resolveIndex, type Selection, scrollTop } from '../selection.js';

export interface Column<T> {
  title: string;
  /** Fixed width, or 0 for "take what is left" (one such column per table). */
  width: number;
  get: (item: T) => string;
}

export interface TableProps<T> {
  rows: Rows<T>;
  columns: Column<T>[];
  selection: Selection;
  height: number;
  width: number;
  /** Row ids shown with a mark. */
  marks?: ReadonlyMap<string, unknown>;
  rowColor?: (item: T) => string | undefined;
  empty?: string;
  /** Hide the cursor (the logs pane scrolls without a selected row). */
  cursor?: boolean;
}

function widths<T>(columns: Column<T>[], total: number): number[] {
  const fixed = columns.reduce((sum, c) => sum + c.width, 0) + columns.length; // 1 space gap each
  return columns.map((c) => (c.width > 0 ? c.width : Math.max(8, total - fixed)));
}

export function Table<T>(props: TableProps<T>) {
  const { rows, columns, selection, height, width, marks, rowColor, cursor = true } = props;
  const w = widths(columns, width - 2);
  const line = (cells: string[]) => cells.map((c, i) => padCell(c, w[i])).join(' ');
  const index = resolveIndex(selection, rows.ids, rows.offset, rows.total);
  const top = scrollTop(selection.top, index, height, rows.total);
  const visible: ReactElement[] = [];
  for (let pos = top; pos < Math.min(rows.total, top + height); pos++) {
    const item = rows.items[pos - rows.offset];
    const id = rows.ids[pos - rows.offset];
    const selected = cursor && pos === index;
    const mark = id !== undefined && marks?.has(id) ? '*' : ' ';
    const full = item === undefined ? '  …loading' : `${mark} ${line(columns.map((c) => c.get(item)))}`;
    // Ink tokenizes every character it draws, each frame: trailing padding costs time and shows
    // nothing, except on the selected row whose highlight spans the width.
    const text = selected ? full : full.trimEnd();
    visible.push(
      <Text key={pos} wrap="truncate" inverse={selected} color={item ? rowColor?.(item) : 'gray'}>
        {text}
      </Text>,
    );
  }
  return (
    <Box flexDirection="column" height={height + 1} width={width}>
      <Text bold wrap="truncate">{`  ${line(columns.map((c) => c.title))}`}</Text>
      {rows.total === 0 ? <Text dimColor>{props.empty ?? '  (nothing here)'}</Text> : visible}
    </Box>
  );
}
