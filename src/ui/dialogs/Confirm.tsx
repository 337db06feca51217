// y runs the action; any other key cancels (k9s style: only an explicit `y` writes).
import { Box, Text, useInput } from 'ink';
import { useControl } from '../context.js';
import { openOverlay, setStatus } from '../store.js';

export function Confirm({ message }: { message: string; onYes: () => void }) {
  const ctx = useControl();
  useInput((input) => {
    const o = ctx.store.getState().overlay;
    if (o?.kind !== 'confirm') return;
    if (input === 'y' || input === 'Y') {
      o.onYes();
    } else {
      openOverlay(ctx.store, null);
      setStatus(ctx.store, 'cancelled');
    }
  });
  return (
    <Box borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text wrap="wrap">
        {message} <Text bold>[y/N]</Text>
      </Text>
    </Box>
  );
}
