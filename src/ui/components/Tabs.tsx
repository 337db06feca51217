import { Text } from 'ink';
import { useUi } from '../context.js';
import { PANE_TITLES, PANES } from '../panes.js';

/** The pane tabs with their digit keys; the current one highlighted. */
export function Tabs() {
  const pane = useUi((s) => s.pane);
  return (
    <Text wrap="truncate">
      {PANES.map((p, i) => (
        <Text key={p} inverse={p === pane} bold={p === pane}>
          {` ${i + 1} ${PANE_TITLES[p]} `}
        </Text>
      ))}
      <Text dimColor> ? help</Text>
    </Text>
  );
}
