// y runs the action; any other key cancels (k9s style: only an explicit `y` writes).
// On a protected context (overlay.typeName) `y` is just a letter: only the context's name typed
// out exactly, then Enter, runs the action; a wrong name runs nothing; Esc cancels.
import { Box, Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import { useControl, useUi } from '../context.js';
import { clean } from '../sanitize.js';
import { openOverlay, setStatus } from '../store.js';
import { TextField } from './TextInput/TextField.js';
import { editText } from './TextInput/textInput.js';

export function Confirm({ message }: { message: string; onYes: () => void }) {
  const ctx = useControl();
  const overlay = useUi((s) => s.overlay);
  const typeName = overlay?.kind === 'confirm' ? overlay.typeName : undefined;
  const [typed, setTyped] = useState('');
  const [wrong, setWrong] = useState(false);
  // A new question starts empty (React may reuse this dialog for the next confirmation).
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on a new overlay object only
  useEffect(() => {
    setTyped('');
    setWrong(false);
  }, [overlay]);
  const cancel = () => {
    openOverlay(ctx.store, null);
    setStatus(ctx.store, 'cancelled');
  };
  useInput((input, key) => {
    const o = ctx.store.getState().overlay;
    if (o?.kind !== 'confirm') return;
    if (o.typeName !== undefined) {
      if (key.escape) return cancel();
      if (key.return) {
        if (typed === o.typeName) o.onYes();
        else setWrong(true);
        return;
      }
      const next = editText(typed, input, key);
      if (next !== undefined) {
        setTyped(next);
        setWrong(false);
      }
      return;
    }
    if (input === 'y' || input === 'Y') {
      o.onYes();
    } else {
      cancel();
    }
  });
  if (typeName !== undefined) {
    const name = clean(typeName);
    return (
      <Box borderStyle="round" borderColor="red" paddingX={1} flexDirection="column">
        <Text wrap="truncate">
          {message}{' '}
          {wrong ? (
            <Text color="red" bold>{`that is not "${name}"`}</Text>
          ) : (
            <Text dimColor>Enter confirms · Esc cancels</Text>
          )}
        </Text>
        <TextField
          label={`protected context: type ${name} to confirm:`}
          value={typed}
          focused
          width={name.length * 2 + 48}
        />
      </Box>
    );
  }
  return (
    <Box borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text wrap="wrap">
        {message} <Text bold>[y/N]</Text>
      </Text>
    </Box>
  );
}
