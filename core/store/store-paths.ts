import { ID_PATTERN } from '../model/checks/base-check.ts';

// Layout of data/, as paths relative to the data dir with "/" separators (path.join accepts them).
export const SNAPSHOT_FILE_PATTERN = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;
export const ROLLUP_FILE_PATTERN = /^(\d{4}-\d{2})\.jsonl$/;

export function getSnapshotDir(source: string): string {
  return `snapshots/${source}`;
}

export function getSnapshotFile(source: string, day: string): string {
  return `snapshots/${source}/${day}.jsonl`;
}

export function getRollupDir(source: string): string {
  return `rollups/${source}`;
}

export function getRollupFile(source: string, month: string): string {
  return `rollups/${source}/${month}.jsonl`;
}

export function getStateFile(source: string): string {
  return `state/${source}.json`;
}

/** A source names folders and files, so anything but a URL-safe id could escape data/ or break URLs. */
export function assertUrlSafeSource(source: string, caller: string): void {
  if (ID_PATTERN.test(source)) return;
  throw new Error(
    `${caller}: source ${JSON.stringify(source)} is not a URL-safe id; it names data/snapshots/<source>/, ` +
      'so use lower-case letters, digits, "-" or "_", starting with a letter or digit (e.g. "login-node-1")',
  );
}

/**
 * A heartbeat check's newest report, written by `vigil heartbeat ID` on the collector's host. Local
 * input to that collector, like its lock file: publishing never stages it (see stage-source-files.ts).
 */
export function getHeartbeatFile(checkId: string): string {
  return `heartbeats/${checkId}.json`;
}
