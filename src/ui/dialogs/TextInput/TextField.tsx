import { Text } from 'ink';

/** A one-line field: label, value, a block cursor when focused. */
export function TextField(props: {
  label: string;
  value: string;
  focused: boolean;
  width: number;
  placeholder?: string;
}) {
  const { label, value, focused, width, placeholder } = props;
  const room = Math.max(4, width - label.length - 4);
  // Show the end of long values: that is where typing happens.
  const shown = value.length > room ? `…${value.slice(-(room - 1))}` : value;
  return (
    <Text wrap="truncate">
      <Text bold={focused} color={focused ? 'cyan' : undefined}>{`${focused ? '›' : ' '} ${label} `}</Text>
      {shown === '' && placeholder && !focused ? <Text dimColor>{placeholder}</Text> : shown}
      {focused ? <Text inverse> </Text> : null}
    </Text>
  );
}
