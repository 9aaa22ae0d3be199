import type { RollupLine, SnapshotLine, StateFile } from '../model/snapshot.ts';

/** Renamed checks: each id a check had before (`formerIds`) → its id now. */
export type FormerIds = ReadonlyMap<string, string>;

/** The renames a config declares, so history stored under an old id stays with its check. */
export function mapFormerIds(checks: readonly { id: string; formerIds?: readonly string[] }[]): FormerIds {
  const renames = new Map<string, string>();
  for (const check of checks) for (const former of check.formerIds ?? []) renames.set(former, check.id);
  return renames;
}

/** Snapshot lines with the results of renamed checks under their id now; unchanged lines are kept as they are. */
export function renameSnapshotResults(lines: SnapshotLine[], renames: FormerIds): SnapshotLine[] {
  if (renames.size === 0) return lines;
  return lines.map((line) =>
    line.results.some((result) => renames.has(result.id))
      ? {
          ...line,
          results: line.results.map((result) => ({ ...result, id: renames.get(result.id) ?? result.id })),
        }
      : line,
  );
}

/** Rollup lines of renamed checks under their id now. */
export function renameRollups(lines: RollupLine[], renames: FormerIds): RollupLine[] {
  if (renames.size === 0) return lines;
  return lines.map((line) => {
    const id = renames.get(line.id);
    return id === undefined ? line : { ...line, id };
  });
}

/** Collector state of a renamed check carried over to its id now (failure counts, rate counters). */
export function renameStateChecks(state: StateFile, renames: FormerIds): StateFile {
  if (renames.size === 0) return state;
  const checks = { ...state.checks };
  for (const [former, id] of renames) {
    const previous = checks[former];
    if (previous === undefined) continue;
    delete checks[former];
    checks[id] ??= previous;
  }
  return { ...state, checks };
}
