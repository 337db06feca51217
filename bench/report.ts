// Prints the benchmark's table: figure, target, and whether the target is met.

export interface Row {
  what: string;
  value: string;
  target: string;
  /** Speed target met (shown only). */
  ok?: boolean;
  /** Correctness check (fails the run when false). */
  correct?: boolean;
}

export function printTable(rows: Row[], small: boolean): void {
  const w1 = Math.max(...rows.map((r) => r.what.length));
  const w2 = Math.max(...rows.map((r) => r.value.length));
  const lines = rows.map((r) => {
    const mark = r.ok === undefined ? '' : r.ok ? 'met' : 'MISSED';
    return `${r.what.padEnd(w1)}  ${r.value.padEnd(w2)}  ${r.target.padEnd(26)} ${mark}`.trimEnd();
  });
  process.stdout.write(
    `${small ? 'small run (targets apply to the full run only)\n' : ''}${lines.join('\n')}\n`,
  );
}
