import { Box, Text } from 'ink';
import { bar, rates, sparkline } from '../components/charts.js';
import { useUi } from '../context.js';
import { formatBytes, formatCount, formatDuration, padCell } from '../format.js';
import { clean } from '../sanitize.js';
import { useNow } from '../useNow.js';
import type { PaneProps } from './usePaneRows.js';

const rate = (values: number[]) => (values.length > 0 ? values[values.length - 1] : 0).toFixed(1);

export function OverviewPane({ width, height }: PaneProps) {
  const snapshot = useUi((s) => s.snapshot);
  const history = useUi((s) => s.history);
  const delayedOffset = useUi((s) => s.delayedOffset);
  const now = useNow();
  if (!snapshot) return <Text dimColor>waiting for the first snapshot…</Text>;
  const chart = Math.max(10, width - 28);
  const processed = rates(history, 'processed');
  const failed = rates(history, 'failed');
  const working = snapshot.workers.filter((w) => w.status === 'working').length;
  const oldest = delayedOffset === 0 ? snapshot.delayed.next[0] : undefined;
  const lateMs = oldest && oldest.at <= now ? now - oldest.at : 0;
  const dueWithoutLeader = !snapshot.leader && lateMs > 0;
  // Rows left for queue bars after the fixed lines above them.
  const queueRows = Math.max(0, height - 9);
  const queues = [...snapshot.queues].sort((a, b) => b.length - a.length);
  const max = Math.max(0, ...queues.map((q) => q.length));
  const nameWidth = Math.min(24, Math.max(8, ...queues.map((q) => q.name.length)));
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        {`processed ${formatCount(snapshot.stats.processed)}   failed ${formatCount(snapshot.stats.failed)}   failed list ${formatCount(snapshot.failed.total)}`}
      </Text>
      <Text wrap="truncate">
        {`processed/s ${rate(processed).padStart(7)}  `}
        <Text color="green">{sparkline(processed, chart)}</Text>
      </Text>
      <Text wrap="truncate">
        {`failed/s    ${rate(failed).padStart(7)}  `}
        <Text color="red">{sparkline(failed, chart)}</Text>
      </Text>
      <Text wrap="truncate">
        {`delayed ${formatCount(snapshot.delayed.total)}`}
        {lateMs > 0 ? (
          <Text color="yellow">{`   oldest due job is ${formatDuration(lateMs)} late`}</Text>
        ) : (
          ''
        )}
      </Text>
      <Text wrap="truncate">
        {`workers ${working} working / ${snapshot.workers.length - working} idle   leader `}
        {snapshot.leader ? (
          clean(snapshot.leader)
        ) : (
          <Text color={dueWithoutLeader ? 'red' : 'gray'}>
            {dueWithoutLeader ? 'NONE: delayed jobs are due and no scheduler is moving them' : 'none'}
          </Text>
        )}
      </Text>
      <Text wrap="truncate">
        {`redis ${clean(snapshot.redis.version)}   memory ${formatBytes(snapshot.redis.usedMemoryBytes)}   clients ${snapshot.redis.connectedClients}`}
      </Text>
      <Text bold>queues</Text>
      {queues.length === 0 ? <Text dimColor> (none)</Text> : null}
      {queues.slice(0, queueRows).map((q) => (
        <Text key={q.name} wrap="truncate">
          {`  ${padCell(clean(q.name), nameWidth)} ${formatCount(q.length).padStart(9)} ${bar(q.length, max, Math.max(5, width - nameWidth - 16))}`}
        </Text>
      ))}
      {queues.length > queueRows && queueRows > 0 ? (
        <Text dimColor>{`  … ${queues.length - queueRows} more in the Queues pane`}</Text>
      ) : null}
    </Box>
  );
}
