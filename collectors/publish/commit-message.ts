import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type SnapshotLine, StoredSnapshotLineSchema } from '../../core/model/index.ts';
import { getSnapshotDir, SNAPSHOT_FILE_PATTERN } from '../../core/store/store-paths.ts';

/**
 * "data(hpc-login): 2026-11-22T10:05Z — 41 up, 1 degraded, 0 down", from the source's newest
 * snapshot line, so `git log --oneline` reads as a status history.
 */
export function formatCommitMessage(source: string, line: SnapshotLine | undefined): string {
  if (!line) return `data(${source}): update`;
  const counts = { up: 0, degraded: 0, down: 0, maintenance: 0, unknown: 0 };
  for (const result of line.results) counts[result.status] += 1;
  const parts = [`${counts.up} up`, `${counts.degraded} degraded`, `${counts.down} down`];
  if (counts.maintenance > 0) parts.push(`${counts.maintenance} maintenance`);
  if (counts.unknown > 0) parts.push(`${counts.unknown} unknown`);
  return `data(${source}): ${line.t.slice(0, 16)}Z — ${parts.join(', ')}`;
}

/** The last readable line of the source's newest snapshot day file, if any. */
export async function readNewestSnapshotLine(
  dataDir: string,
  source: string,
): Promise<SnapshotLine | undefined> {
  const dir = path.join(dataDir, getSnapshotDir(source));
  const days = (await readdir(dir).catch(() => [] as string[]))
    .filter((name) => SNAPSHOT_FILE_PATTERN.test(name))
    .sort();
  for (const day of days.reverse()) {
    const lines = (await readFile(path.join(dir, day), 'utf8')).split('\n').filter(Boolean).reverse();
    for (const text of lines) {
      try {
        const parsed = StoredSnapshotLineSchema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
      } catch {
        // A torn last line (a collector killed mid-write) is skipped; the one before it counts.
      }
    }
  }
  return undefined;
}
