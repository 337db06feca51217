// `:ctx`: the named contexts from the contexts file. j/k (↑/↓) pick one, Enter switches to it,
// Esc or q closes. The current one is marked; protected and read-only ones say so.
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { errorMessage } from '../../../errors.js';
import { useControl } from '../../context.js';
import { type ContextEntry, switchContext } from '../../control/contexts.js';
import { clean } from '../../sanitize.js';
import { openOverlay } from '../../store.js';

function load(list: (() => ContextEntry[]) | undefined): { entries: ContextEntry[]; error?: string } {
  try {
    return { entries: list?.() ?? [] };
  } catch (error) {
    return { entries: [], error: clean(errorMessage(error)) };
  }
}

export function ContextList({ width, height }: { width: number; height: number }) {
  const ctx = useControl();
  const [{ entries, error }] = useState(() => load(ctx.contexts && (() => ctx.contexts!.list())));
  const current = ctx.backend.info.context?.name;
  const [index, setIndex] = useState(() =>
    Math.max(
      0,
      entries.findIndex((e) => e.name === current),
    ),
  );
  useInput((input, key) => {
    if (key.escape || input === 'q') return openOverlay(ctx.store, null);
    if (key.upArrow || input === 'k') return setIndex((i) => Math.max(0, i - 1));
    if (key.downArrow || input === 'j') return setIndex((i) => Math.min(entries.length - 1, i + 1));
    if (key.return) {
      const chosen = entries[index];
      if (!chosen) return;
      openOverlay(ctx.store, null);
      void switchContext(ctx, chosen.name);
    }
  });
  const nameWidth = Math.max(4, ...entries.map((e) => e.name.length));
  const labelWidth = Math.max(5, ...entries.map((e) => e.label.length + 2));
  const rows = entries.slice(0, Math.max(1, height - 4));
  const note = error ?? ctx.contexts?.unavailable;
  return (
    <Box
      borderStyle="round"
      borderColor="cyan"
      paddingX={1}
      flexDirection="column"
      height={height}
      width={width}
    >
      <Text bold wrap="truncate">
        {'Contexts · j/k pick · Enter switch · Esc close'}
      </Text>
      {note ? (
        <Text color={error ? 'red' : 'yellow'} wrap="truncate">
          {note}
        </Text>
      ) : null}
      {entries.length === 0 && !error ? (
        <Text dimColor wrap="truncate">
          no contexts defined (see README: Contexts)
        </Text>
      ) : null}
      {rows.map((e, i) => {
        const flags = [
          `ns ${clean(e.namespace)}`,
          e.readOnly ? 'read-only' : '',
          e.protected ? 'protected' : '',
          clean(e.display),
        ]
          .filter(Boolean)
          .join(' · ');
        return (
          <Text key={e.name} wrap="truncate" inverse={i === index}>
            {`${e.name === current ? '●' : ' '} ${clean(e.name).padEnd(nameWidth)} `}
            <Text color={e.color ?? 'white'} inverse={i !== index} bold>
              {` ${clean(e.label)} `}
            </Text>
            {`${' '.repeat(Math.max(1, labelWidth - e.label.length - 1))}${flags}`}
          </Text>
        );
      })}
    </Box>
  );
}
