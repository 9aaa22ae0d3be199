import { z } from 'zod';
import {
  type RollupLine,
  RollupLineSchema,
  SNAPSHOT_VERSION,
  type SnapshotLine,
  SnapshotLineSchema,
  type StateFile,
  StateFileSchema,
} from './snapshot.ts';

// Stored data outlives the Vigil that wrote it. New fields are additive (readers ignore what they do
// not know, and every new field is optional or defaulted); a change that is not additive bumps
// SNAPSHOT_VERSION and adds the old version's reader here, which upgrades its lines to the current
// shape. test/unit/core/store/stored-lines.test.ts reads the lines each version wrote.

type Readers<T> = Readonly<Record<number, z.ZodType<T>>>;

const SNAPSHOT_LINE_READERS: Readers<SnapshotLine> = { 1: SnapshotLineSchema };
const ROLLUP_LINE_READERS: Readers<RollupLine> = { 1: RollupLineSchema };
const STATE_FILE_READERS: Readers<StateFile> = { 1: StateFileSchema };

/** A schema that reads a stored value of any known version `v` with that version's reader. */
function readAnyVersion<T>(readers: Readers<T>): z.ZodType<T> {
  return z.unknown().transform((value, ctx): T => {
    const version = (value as { v?: unknown } | null)?.v;
    const reader = typeof version === 'number' ? readers[version] : undefined;
    if (reader === undefined) {
      const message =
        typeof version === 'number' && version > SNAPSHOT_VERSION
          ? `written by a newer Vigil (format v${version}; this one reads up to v${SNAPSHOT_VERSION}); upgrade Vigil to read it`
          : `unknown format version ${JSON.stringify(version)} (known: ${Object.keys(readers).join(', ')})`;
      ctx.issues.push({ code: 'custom', path: ['v'], message, input: value });
      return z.NEVER;
    }
    const parsed = reader.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      ctx.issues.push({ code: 'custom', path: issue.path, message: issue.message, input: value });
    }
    return z.NEVER;
  });
}

/** A snapshot line as stored by any Vigil: read as the current SnapshotLine. */
export const StoredSnapshotLineSchema = readAnyVersion(SNAPSHOT_LINE_READERS);
/** A rollup line as stored by any Vigil. */
export const StoredRollupLineSchema = readAnyVersion(ROLLUP_LINE_READERS);
/** A state file as stored by any Vigil. */
export const StoredStateFileSchema = readAnyVersion(STATE_FILE_READERS);
