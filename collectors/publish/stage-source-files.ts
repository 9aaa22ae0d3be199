import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { getRollupDir, getSnapshotDir, getStateFile } from '../../core/store/store-paths.ts';
import { TEMP_FILE_PATTERN } from '../../core/store/write-file-atomic.ts';
import { getAlertStateFile } from '../notify/alert-state.ts';
import type { Git } from './git-runner.ts';

// Incidents a collector drafts itself end in "-auto.md"; people's incidents arrive by pull request.

/** Temp files (".<name>.<pid>-<hex>.tmp", left by a killed atomic write) under the given paths, as paths like them. */
async function findTempFiles(root: string, relativePaths: readonly string[]): Promise<string[]> {
  const temps: string[] = [];
  for (const relativePath of relativePaths) {
    const entries = await readdir(path.join(root, relativePath), {
      recursive: true,
      withFileTypes: true,
    }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || !TEMP_FILE_PATTERN.test(entry.name)) continue;
      temps.push(toPosix(path.relative(root, path.join(entry.parentPath, entry.name))));
    }
  }
  return temps;
}

/** A file, or a folder with at least one file below it (git refuses a pathspec of an empty folder). */
async function holdsFiles(target: string): Promise<boolean> {
  const info = await stat(target).catch(() => undefined);
  if (info === undefined) return false;
  if (!info.isDirectory()) return true;
  const entries = await readdir(target, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.some((entry) => entry.isFile() && !TEMP_FILE_PATTERN.test(entry.name));
}

const AUTO_INCIDENT_PATTERN = /-auto\.md$/;

/**
 * The files one source owns, relative to the data dir: its snapshots, rollups, state and alert state, plus
 * auto-drafted incidents. Publishing stages only these, so a collector never commits anything else.
 */
export async function listSourcePaths(dataDir: string, source: string): Promise<string[]> {
  const incidents = await readdir(path.join(dataDir, 'incidents')).catch(() => [] as string[]);
  return [
    getSnapshotDir(source),
    getRollupDir(source),
    getStateFile(source),
    // Open alerts and the outbox travel with the data, so a collector on a fresh clone goes on.
    getAlertStateFile(source),
    ...incidents.filter((name) => AUTO_INCIDENT_PATTERN.test(name)).map((name) => `incidents/${name}`),
  ];
}

/**
 * Stages additions, changes and deletions (retention removes old days) under the source's paths,
 * given relative to the checkout. Returns the paths that exist or are tracked (git refuses a
 * pathspec that matches nothing, such as a source with no rollups yet) when any of them changed.
 */
export async function stageSourceFiles(git: Git, pathsInCheckout: readonly string[]): Promise<string[]> {
  const known: string[] = [];
  for (const relativePath of pathsInCheckout.map(toPosix)) {
    const onDisk = await holdsFiles(path.join(git.dir, relativePath));
    const tracked = (await git.raw(['ls-files', '--', `:(literal)${relativePath}`])).trim() !== '';
    if (onDisk || tracked) known.push(`:(literal)${relativePath}`);
  }
  if (known.length === 0) return [];
  await git.raw(['add', '-A', '--', ...known]);
  // A temp file of a killed atomic write is never committed (and one committed before goes).
  const temps = await findTempFiles(git.dir, pathsInCheckout.map(toPosix));
  if (temps.length > 0) {
    await git.raw([
      'rm',
      '--cached',
      '--quiet',
      '--ignore-unmatch',
      '--',
      ...temps.map((t) => `:(literal)${t}`),
    ]);
  }
  const staged = await git.raw(['diff', '--cached', '--name-only', '--', ...known]);
  return staged.trim() === '' ? [] : known;
}

export function toPosix(relativePath: string): string {
  return relativePath.split(path.sep).join('/');
}
