// Asks for one value (e.g. the age for `C`); the caller validates it and may answer an error.
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { useControl } from '../context.js';
import { openOverlay } from '../store.js';
import { TextField } from './TextInput/TextField.js';
import { editText } from './TextInput/textInput.js';

export function Prompt(props: {
  label: string;
  hint?: string;
  onSubmit: (v: string) => string | undefined;
  width: number;
}) {
  const ctx = useControl();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  useInput((input, key) => {
    if (key.escape) return openOverlay(ctx.store, null);
    if (key.return) return setError(props.onSubmit(value));
    setValue((v) => editText(v, input, key) ?? v);
  });
  return (
    <Box borderStyle="round" borderColor="cyan" paddingX={1} flexDirection="column">
      <TextField label={`${props.label}:`} value={value} focused width={props.width - 4} />
      {error ? (
        <Text color="red">{error}</Text>
      ) : (
        <Text dimColor>{`${props.hint ?? ''}  Enter ok · Esc cancel`}</Text>
      )}
    </Box>
  );
}
