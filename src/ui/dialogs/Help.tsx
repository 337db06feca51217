// Generated from the keymap, for the pane in view: what help says is what the keys do.
import { Box, Text, useInput } from 'ink';
import { useControl, useUi } from '../context.js';
import { helpFor } from '../keymap.js';
import { PANE_TITLES } from '../panes.js';
import { openOverlay } from '../store.js';

export function Help({ height }: { height: number }) {
  const ctx = useControl();
  const pane = useUi((s) => s.pane);
  useInput(() => openOverlay(ctx.store, null));
  const rows = helpFor(pane);
  const perColumn = Math.max(1, height - 3);
  const columns: (typeof rows)[] = [];
  for (let i = 0; i < rows.length; i += perColumn) columns.push(rows.slice(i, i + perColumn));
  return (
    <Box borderStyle="round" paddingX={1} flexDirection="column" height={height}>
      <Text bold>{`Keys in ${PANE_TITLES[pane]} (any key closes)`}</Text>
      <Box>
        {columns.map((col) => (
          <Box key={col[0].keys + col[0].does} flexDirection="column" marginRight={3} flexShrink={0}>
            {col.map((r) => (
              <Text key={r.keys + r.does} wrap="truncate">
                <Text bold color="cyan">
                  {r.keys.padEnd(10)}
                </Text>
                {r.does}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
