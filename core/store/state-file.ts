import path from 'node:path';
import { SNAPSHOT_VERSION, type StateFile } from '../model/snapshot.ts';
import { StoredStateFileSchema } from '../model/stored-versions.ts';
import { type DataWarningHandler, warnOnConsole } from './data-warning.ts';
import { describeError, describeZodIssues, readTextIfExists } from './read-jsonl.ts';
import { assertUrlSafeSource, getStateFile } from './store-paths.ts';
import { writeFileAtomic } from './write-file-atomic.ts';

export { writeFileAtomic };

const RESET_NOTE = 'starting from an empty state (failure counts and rate counters begin again)';

export function createEmptyState(): StateFile {
  return { v: SNAPSHOT_VERSION, checks: {} };
}

/**
 * A source's collector state from data/state/<source>.json. State only smooths alerts and rates, so a
 * missing file is a first run and a corrupt one is a warning and a fresh start, never a failed run.
 */
export async function readStateFile(
  dataDir: string,
  source: string,
  onWarning: DataWarningHandler = warnOnConsole(dataDir),
): Promise<StateFile> {
  assertUrlSafeSource(source, 'readStateFile');
  const file = getStateFile(source);
  const text = await readTextIfExists(path.join(dataDir, file));
  if (text === undefined) return createEmptyState();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    onWarning({ file, message: `invalid JSON (${describeError(error)}); ${RESET_NOTE}` });
    return createEmptyState();
  }
  const parsed = StoredStateFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  onWarning({ file, message: `not a valid state file (${describeZodIssues(parsed.error)}); ${RESET_NOTE}` });
  return createEmptyState();
}

/** Writes data/state/<source>.json atomically, so a killed collector leaves the old state or the new. */
export async function writeStateFile(dataDir: string, source: string, state: StateFile): Promise<void> {
  assertUrlSafeSource(source, 'writeStateFile');
  await writeFileAtomic(path.join(dataDir, getStateFile(source)), `${JSON.stringify(state, null, 2)}\n`);
}
