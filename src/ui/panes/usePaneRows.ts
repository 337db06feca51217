// The rows and selection of one pane, from the store.
import { useUi } from '../context.js';
import type { PaneId } from '../panes.js';
import { type AnyRows, rowsFor } from '../rows.js';

export function usePaneRows<R extends AnyRows>(pane: PaneId) {
  const snapshot = useUi((s) => s.snapshot);
  const failedOffset = useUi((s) => s.failedOffset);
  const delayedOffset = useUi((s) => s.delayedOffset);
  const logs = useUi((s) => s.logs);
  const filter = useUi((s) => s.filters[pane]);
  const selection = useUi((s) => s.selections[pane]);
  const rows = rowsFor(pane, { snapshot, failedOffset, delayedOffset, logs }, filter) as R;
  return { rows, selection, snapshot };
}

export interface PaneProps {
  width: number;
  /** Lines for the pane, table header included. */
  height: number;
}
