// `n`: enqueue a job. Tab moves between fields, ↑/↓ on the task field picks a loaded task,
// Enter sends (only when valid), Esc cancels.
import { Box, Text, useInput } from 'ink';
import { useReducer } from 'react';
import { useControl } from '../../context.js';
import { confirmThen, runAction } from '../../control/run.js';
import { clean } from '../../sanitize.js';
import { openOverlay } from '../../store.js';
import { TextField } from '../TextInput/TextField.js';
import { FIELDS, type Field, formReducer, initialForm, validate } from './form.js';

const LABELS: Record<Field, string> = { task: 'task ', queue: 'queue', args: 'args ', delay: 'delay' };
const PLACEHOLDERS: Record<Field, string> = {
  task: 'task name (↑/↓ picks a loaded task)',
  queue: 'default',
  args: '[]',
  delay: 'none (seconds, or 30s / 5m / 1h)',
};

export function EnqueueForm({ width }: { width: number }) {
  const ctx = useControl();
  const tasks = ctx.backend.tasks?.() ?? [];
  const [state, dispatch] = useReducer(formReducer, undefined, initialForm);
  useInput((input, key) => {
    if (key.escape) return openOverlay(ctx.store, null);
    if (key.tab) return dispatch({ type: 'focus', delta: key.shift ? -1 : 1 });
    if (key.upArrow || key.downArrow) {
      if (state.focus === 'task' && tasks.length > 0) {
        return dispatch({ type: 'pickTask', delta: key.upArrow ? -1 : 1, tasks });
      }
      return dispatch({ type: 'focus', delta: key.upArrow ? -1 : 1 });
    }
    if (key.return) {
      const { input: job, errors } = validate(state.values);
      if (!job) return dispatch({ type: 'submitted', errors });
      openOverlay(ctx.store, null);
      const when = job.delayMs ? ` in ${Math.round(job.delayMs / 1000)}s` : '';
      // Asks nothing, except on a protected context (the name typed out, like every write).
      confirmThen(
        ctx,
        `Enqueue ${job.class} on ${job.queue}${when}?`,
        () =>
          runAction(ctx, async () => {
            await ctx.backend.actions.enqueue(job);
            return `enqueued ${job.class} on ${job.queue}${when}`;
          }),
        { onlyIfProtected: true },
      );
      return;
    }
    dispatch({ type: 'key', input, key });
  });
  return (
    <Box borderStyle="round" borderColor="cyan" paddingX={1} flexDirection="column" width={width}>
      <Text bold>Enqueue a job</Text>
      {FIELDS.map((f) => (
        <Box key={f} flexDirection="column">
          <TextField
            label={LABELS[f]}
            value={state.values[f]}
            focused={state.focus === f}
            width={width - 4}
            placeholder={PLACEHOLDERS[f]}
          />
          {state.errors[f] ? (
            <Text color="red" wrap="truncate">{`        ${clean(state.errors[f] ?? '')}`}</Text>
          ) : null}
        </Box>
      ))}
      {tasks.length > 0 ? (
        <Text dimColor wrap="truncate">{`tasks: ${tasks.map((t) => clean(t.name)).join(', ')}`}</Text>
      ) : null}
      <Text dimColor>Tab next field · Enter enqueue · Esc cancel</Text>
    </Box>
  );
}
