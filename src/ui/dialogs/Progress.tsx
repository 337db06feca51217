// A bulk action in progress; Esc asks it to stop between batches (nothing is lost).
import { Box, Text, useInput } from 'ink';
import { bar } from '../components/charts.js';
import { useControl, useUi } from '../context.js';

export function Progress({ width }: { width: number }) {
  const ctx = useControl();
  const o = useUi((s) => (s.overlay?.kind === 'progress' ? s.overlay : null));
  useInput((_input, key) => {
    const current = ctx.store.getState().overlay;
    if (key.escape && current?.kind === 'progress') current.cancel();
  });
  if (!o) return null;
  const pct = o.total > 0 ? Math.floor((o.done / o.total) * 100) : 0;
  return (
    <Box borderStyle="round" borderColor="cyan" paddingX={1} flexDirection="column">
      <Text wrap="truncate">{o.label}</Text>
      <Text wrap="truncate">
        {`${bar(o.done, o.total, Math.max(10, width - 30))} ${o.done}/${o.total} ${pct}%`}
      </Text>
      <Text dimColor>
        {o.cancelling ? 'cancelling after this batch…' : 'Esc cancels (finished batches stay done)'}
      </Text>
    </Box>
  );
}
