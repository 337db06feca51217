// Two lines at the bottom: the context's badge (its label in its colour: a production badge), where
// we are connected (password masked by the backend), namespace, mode, read-only, refresh interval
// and the last refresh's duration; then the last action's result.
import { Text } from 'ink';
import { useControl, useUi } from '../context.js';
import { clean } from '../sanitize.js';
import { useNow } from '../useNow.js';

export function StatusLine() {
  const { backend } = useControl();
  const info = backend.info;
  const last = useUi((s) => s.lastRefreshMs);
  const since = useUi((s) => s.refreshingSince);
  const status = useUi((s) => s.status);
  const now = useNow(500);
  // A refresh taking longer than the interval is shown while it runs (slow Redis).
  const refresh =
    since !== null && now - since > info.refreshMs
      ? `refresh running ${((now - since) / 1000).toFixed(1)}s`
      : `last ${last === null ? '–' : `${last}ms`}`;
  // The URL goes last: a long host name is cut at the edge instead of hiding the rest.
  const conn = [
    info.mode === 'sandbox' ? 'sandbox' : 'remote',
    `ns ${clean(info.namespace)}`,
    info.readOnly ? 'READ-ONLY' : 'read-write',
    `every ${info.refreshMs}ms`,
    refresh,
    clean(info.display),
  ].join(' · ');
  const badge = info.context;
  return (
    <>
      <Text wrap="truncate">
        {badge ? <Text color={badge.color ?? 'white'} inverse bold>{` ${clean(badge.label)} `}</Text> : null}
        <Text dimColor>{` ${conn}`}</Text>
      </Text>
      <Text color={status?.error ? 'red' : 'green'} wrap="truncate">
        {status ? ` ${status.text}` : ' '}
      </Text>
    </>
  );
}
