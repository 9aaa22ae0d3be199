import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { getRollupDir, getSnapshotDir, getStateFile } from '../../core/store/store-paths.ts';
import type { Git } from './git-runner.ts';

// Incidents a collector drafts itself end in "-auto.md"; people's incidents arrive by pull request.
const AUTO_INCIDENT_PATTERN = /-auto\.md$/;

/**
 * The files one source owns, relative to the data dir: its snapshots, rollups and state, plus
 * auto-drafted incidents. Publishing stages only these, so a collector never commits anything else.
 */
export async function listSourcePaths(dataDir: string, source: string): Promise<string[]> {
  const incidents = await readdir(path.join(dataDir, 'incidents')).catch(() => [] as string[]);
  return [
    getSnapshotDir(source),
    getRollupDir(source),
    getStateFile(source),
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
    const onDisk = await stat(path.join(git.dir, relativePath)).catch(() => undefined);
    const tracked = (await git.raw(['ls-files', '--', `:(literal)${relativePath}`])).trim() !== '';
    if (onDisk || tracked) known.push(`:(literal)${relativePath}`);
  }
  if (known.length === 0) return [];
  await git.raw(['add', '-A', '--', ...known]);
  const staged = await git.raw(['diff', '--cached', '--name-only', '--', ...known]);
  return staged.trim() === '' ? [] : known;
}

export function toPosix(relativePath: string): string {
  return relativePath.split(path.sep).join('/');
}
