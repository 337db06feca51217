// The seven panes, in tab order; the digit keys follow this order.
export const PANES = ['overview', 'queues', 'delayed', 'workers', 'locks', 'failed', 'logs'] as const;
export type PaneId = (typeof PANES)[number];

export const PANE_TITLES: Record<PaneId, string> = {
  overview: 'Overview',
  queues: 'Queues',
  delayed: 'Delayed',
  workers: 'Workers',
  locks: 'Locks',
  failed: 'Failed',
  logs: 'Logs',
};
