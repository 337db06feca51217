// Enter on a failed job: everything about it, scrollable; Esc goes back to the list.
import { Box, Text, useInput } from 'ink';
import { useMemo, useState } from 'react';
import type { FailedItem } from '../../../engine/types.js';
import { useControl, useUi } from '../../context.js';
import { Command, commandFor } from '../../keymap.js';
import { openOverlay } from '../../store.js';
import { detailLines } from './detailLines.js';
import { scroll } from './scroll.js';

export function FailedDetail({ item, width, height }: { item: FailedItem; width: number; height: number }) {
  const ctx = useControl();
  const pane = useUi((s) => s.pane);
  const lines = useMemo(() => detailLines(item, width - 2, Date.now()), [item, width]);
  const [top, setTop] = useState(0);
  const body = Math.max(1, height - 1);
  useInput((input, key) => {
    const command = commandFor(input, key, pane);
    if (command === Command.Back || command === Command.Quit || command === Command.Open) {
      return openOverlay(ctx.store, null);
    }
    if (command) setTop((t) => scroll(t, command, lines.length, body));
  });
  const end = Math.min(lines.length, top + body);
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text inverse wrap="truncate">
        {` failed job · lines ${top + 1}-${end} of ${lines.length} · j/k PgUp/PgDn g/G scroll · Esc back `}
      </Text>
      {lines.slice(top, end).map((l) => (
        <Text key={l.n} bold={l.heading} color={l.heading ? 'cyan' : undefined} wrap="truncate">
          {l.text === '' ? ' ' : l.text}
        </Text>
      ))}
    </Box>
  );
}
