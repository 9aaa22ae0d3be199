// The table `npm run bench` ends with: each measured target as Vigil / baseline / ratio, measured
// pairwise in the same run, and whether it is within its target. Benchmarks record rows as they
// measure; run-benchmarks.ts prints them all at the end. Prints figures; asserts nothing.

/** One measured target. */
export interface TargetRow {
  /** What was measured: "cold build, 200 components × 14 d". */
  measure: string;
  /** Vigil's figure, in words with its unit: "5.2 s", "18 KB gzip". */
  vigil: string;
  /** The baseline's figure measured in the same run, or "—" for an absolute target. */
  baseline: string;
  /** Vigil / baseline where there is a baseline: 1.7 prints as "1.70×". */
  ratio: number | undefined;
  /** The target as the issue states it: "≤ 4× baseline; ≤ 700 MiB". */
  target: string;
  /** Whether every part of the target holds; undefined when it could not be measured here. */
  met: boolean | undefined;
  /** Why it was not measured, or what else to know. */
  note?: string;
}

const rows: TargetRow[] = [];

/** Adds a row to the table printed at the end of the run. */
export function recordTarget(row: TargetRow): void {
  rows.push(row);
  const verdict = row.met === undefined ? 'not measured' : row.met ? 'within target' : 'MISSED';
  console.log(
    `  → ${row.measure}: ${row.vigil} vs ${row.baseline}${row.ratio === undefined ? '' : ` (${formatRatio(row.ratio)})`}; target ${row.target}: ${verdict}`,
  );
}

export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}

/** Every recorded row as one aligned table. */
export function formatTargetTable(recorded: readonly TargetRow[] = rows): string {
  const header = ['measure', 'Vigil', 'baseline', 'ratio', 'target', 'verdict'];
  const lines = recorded.map((row) => [
    row.measure,
    row.vigil,
    row.baseline,
    row.ratio === undefined ? '—' : formatRatio(row.ratio),
    row.target,
    (row.met === undefined ? 'not measured' : row.met ? 'ok' : 'MISSED') + (row.note ? ` (${row.note})` : ''),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] as string).length)),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] as number))
      .join('  ')
      .trimEnd();
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)].join('\n');
}

export function getTargetRows(): readonly TargetRow[] {
  return rows;
}

/**
 * Whether a benchmark group runs: all by default; `VIGIL_BENCH_ONLY=build,collector` runs only
 * those groups (names: collector, clusters, site, lighthouse, publish, isolation, build, front-page, growth, render, watch).
 */
export function isBenchSelected(group: string): boolean {
  const only = process.env.VIGIL_BENCH_ONLY;
  if (only === undefined || only.trim() === '') return true;
  return only.split(',').some((name) => name.trim() === group);
}
