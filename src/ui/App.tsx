// The root: layout (tabs, info line, pane or dialog, status), the size check, and the stores
// and backend injected for everything below.
import { Box, Text } from 'ink';
import { type ReactElement, useEffect } from 'react';
import { InfoLine } from './components/InfoLine.js';
import { StatusLine } from './components/StatusLine.js';
import { Tabs } from './components/Tabs.js';
import { UiProvider, useControl, useUi } from './context.js';
import type { ControlContext } from './control/context.js';
import { Confirm } from './dialogs/Confirm.js';
import { ContextList } from './dialogs/ContextList/ContextList.js';
import { EnqueueForm } from './dialogs/EnqueueForm/EnqueueForm.js';
import { FailedDetail } from './dialogs/FailedDetail/FailedDetail.js';
import { Help } from './dialogs/Help.js';
import { Progress } from './dialogs/Progress.js';
import { Prompt } from './dialogs/Prompt.js';
import { QueueJobs } from './dialogs/QueueJobs/QueueJobs.js';
import { SearchView } from './dialogs/Search/SearchView.js';
import { TriageView } from './dialogs/Triage/TriageView.js';
import { DelayedPane } from './panes/DelayedPane.js';
import { FailedPane } from './panes/FailedPane.js';
import { LocksPane } from './panes/LocksPane.js';
import { LogsPane } from './panes/LogsPane.js';
import { OverviewPane } from './panes/OverviewPane.js';
import { QueuesPane } from './panes/QueuesPane.js';
import type { PaneProps } from './panes/usePaneRows.js';
import { WorkersPane } from './panes/WorkersPane.js';
import type { PaneId } from './panes.js';
import { useMainKeys } from './useMainKeys.js';
import { type Size, useTerminalSize } from './useTerminalSize.js';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 15;
/** Tabs + info line above the pane, two status lines below. */
const CHROME_ROWS = 4;

const PANE_VIEWS: Record<PaneId, (p: PaneProps) => ReactElement | null> = {
  overview: OverviewPane,
  queues: QueuesPane,
  delayed: DelayedPane,
  workers: WorkersPane,
  locks: LocksPane,
  failed: FailedPane,
  logs: LogsPane,
};

/** Rows a list can show on a terminal of `rows` (the refresher reads only that many). */
export function listRows(rows: number): number {
  // One row short of the terminal (Ink redraws the whole screen on a full-height frame),
  // minus the chrome, minus the table header.
  return Math.max(1, rows - 1 - CHROME_ROWS - 1);
}

function Body({ width, height }: { width: number; height: number }) {
  const pane = useUi((s) => s.pane);
  const overlay = useUi((s) => s.overlay);
  const triage = useUi((s) => s.triage !== null);
  const search = useUi((s) => s.search !== null);
  // The triage and search views stand in for the pane, so dialogs (confirm, progress) sit under them.
  const Pane = search ? SearchView : triage ? TriageView : PANE_VIEWS[pane];
  switch (overlay?.kind) {
    case 'help':
      return <Help height={height} />;
    case 'detail':
      return <FailedDetail item={overlay.item} width={width} height={height} />;
    case 'queueJobs':
      return <QueueJobs queue={overlay.queue} width={width} height={height} />;
    case 'enqueue':
      return <EnqueueForm width={width} />;
    case 'contexts':
      return <ContextList width={width} height={height} />;
    default:
  }
  // Small dialogs sit under the pane, which shrinks to make room.
  const dialog =
    overlay?.kind === 'confirm' ? (
      <Confirm message={overlay.message} onYes={overlay.onYes} />
    ) : overlay?.kind === 'progress' ? (
      <Progress width={width} />
    ) : overlay?.kind === 'prompt' ? (
      <Prompt label={overlay.label} hint={overlay.hint} onSubmit={overlay.onSubmit} width={width} />
    ) : null;
  const dialogRows = overlay?.kind === 'progress' ? 5 : dialog ? 4 : 0;
  return (
    <Box flexDirection="column" height={height}>
      <Box height={height - dialogRows} overflow="hidden">
        <Pane width={width} height={height - dialogRows} />
      </Box>
      {dialog}
    </Box>
  );
}

function Screen({ size }: { size?: Size }) {
  const { columns, rows } = useTerminalSize(size);
  useMainKeys();
  const { store } = useControl();
  const bodyRows = useUi((s) => s.bodyRows);
  useEffect(() => {
    // The list height drives how many rows the refresher reads.
    if (bodyRows !== listRows(rows)) store.setState({ bodyRows: listRows(rows) });
  }, [rows, bodyRows, store]);
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    return (
      <Text color="yellow">
        {`terminal too small (${columns}x${rows}); need at least ${MIN_COLUMNS}x${MIN_ROWS} · q quits`}
      </Text>
    );
  }
  const height = rows - 1;
  return (
    <Box flexDirection="column" width={columns} height={height}>
      <Tabs />
      <InfoLine />
      <Body width={columns} height={height - CHROME_ROWS} />
      <StatusLine />
    </Box>
  );
}

export interface AppProps {
  control: ControlContext;
  /** Fixed terminal size (tests); otherwise the real terminal, following resizes. */
  size?: Size;
}

export function App({ control, size }: AppProps) {
  return (
    <UiProvider value={control}>
      <Screen size={size} />
    </UiProvider>
  );
}
