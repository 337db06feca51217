// Enter on a queue: its jobs from the head, a page at a time. j/k or PgUp/PgDn page; Esc back.
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { useControl, useUi } from '../../context.js';
import { openSearch } from '../../control/search.js';
import { formatCount } from '../../format.js';
import { Command, commandFor } from '../../keymap.js';
import { clean, preview } from '../../sanitize.js';
import { openOverlay } from '../../store.js';
import { useQueuePage } from './useQueuePage.js';

export function QueueJobs({ queue, width, height }: { queue: string; width: number; height: number }) {
  const ctx = useControl();
  const pane = useUi((s) => s.pane);
  const limit = Math.max(1, height - 2);
  const [offset, setOffset] = useState(0);
  const page = useQueuePage(ctx.backend, queue, offset, limit);
  useInput((input, key) => {
    const command = commandFor(input, key, pane);
    const last = Math.max(0, Math.floor((page.total - 1) / limit) * limit);
    if (command === Command.Back || command === Command.Quit) openOverlay(ctx.store, null);
    else if (command === Command.PageDown || command === Command.Down)
      setOffset((o) => Math.min(last, o + limit));
    else if (command === Command.PageUp || command === Command.Up) setOffset((o) => Math.max(0, o - limit));
    else if (command === Command.Top) setOffset(0);
    else if (command === Command.Bottom) setOffset(last);
    else if (command === Command.Search) {
      // Search the whole queue in Redis, not just this page.
      openOverlay(ctx.store, null);
      openSearch(ctx, { kind: 'queue', name: queue });
    }
  });
  const end = offset + page.items.length;
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text inverse wrap="truncate">
        {` queue ${clean(queue)} · jobs ${page.total === 0 ? 0 : offset + 1}-${end} of ${formatCount(page.total)}${page.loading ? ' · loading…' : ''} · PgUp/PgDn · Ctrl-F search · Esc back `}
      </Text>
      {page.error ? <Text color="red">{clean(page.error)}</Text> : null}
      <Text bold wrap="truncate">{`${'#'.padStart(8)}  ${'class'.padEnd(24)} args`}</Text>
      {page.items.map((job) => (
        <Text key={job.index} wrap="truncate">
          {`${String(job.index).padStart(8)}  ${clean(job.class ?? '(not JSON)').padEnd(24)} ${
            job.class === null ? preview(job.raw ?? '') : preview(job.args)
          }`}
        </Text>
      ))}
    </Box>
  );
}
