// Ctrl-F: search a whole list in Redis. The query input, then the matches streaming into a
// windowed table under a "scanned N of M · K matches" meter. Shown in place of the pane, so
// confirmations and the bulk progress bar sit under it.
import { Box, Text, useInput } from 'ink';
import { Table } from '../../components/Table.js';
import { useControl, useUi } from '../../context.js';
import { searchCommand, searchInput } from '../../control/search.js';
import { commandFor } from '../../keymap.js';
import type { PaneProps } from '../../panes/usePaneRows.js';
import { TextField } from '../TextInput/TextField.js';
import { editText } from '../TextInput/textInput.js';
import { header, inputHint, matchColumns, matchRows } from './searchState.js';

export function SearchView({ width, height }: PaneProps) {
  const ctx = useControl();
  const v = useUi((s) => s.search);
  const active = useUi((s) => s.overlay === null && s.search !== null);
  const typing = v?.phase === 'input';
  // Header line (+ input and hint while typing) + table header: the rest are match rows.
  const page = Math.max(1, height - (typing ? 4 : 2));
  useInput(
    (input, key) => {
      const s = ctx.store.getState().search;
      if (!s) return;
      if (s.phase === 'input') {
        if (key.return) searchInput(ctx, 'enter');
        else if (key.escape) searchInput(ctx, 'escape');
        else if (key.tab) searchInput(ctx, 'tab');
        else {
          const text = editText(s.query, input, key);
          if (text !== undefined) searchInput(ctx, { text });
        }
        return;
      }
      // The keys of the Failed pane (r, x, R, X, Enter, Ctrl-F…); queue results refuse r / x.
      const command = commandFor(input, key, 'failed');
      if (command) searchCommand(ctx, command, page);
    },
    { isActive: active },
  );
  if (!v) return null;
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text inverse wrap="truncate">
        {header(v)}
      </Text>
      {typing ? (
        <>
          <TextField label={`${v.mode}:`} value={v.query} focused width={width} />
          <Text color={v.error ? 'red' : undefined} dimColor={!v.error} wrap="truncate">
            {`  ${inputHint(v)}`}
          </Text>
        </>
      ) : null}
      <Table
        rows={matchRows(v)}
        columns={matchColumns(v.target)}
        selection={v.selection}
        height={page}
        width={width}
        cursor={!typing}
        empty={v.phase === 'scanning' ? '  no matches yet…' : v.phase === 'done' ? '  no matches' : ' '}
      />
    </Box>
  );
}
