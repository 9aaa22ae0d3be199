import { stat } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../../core/config/display-path.ts';
import { describeFileError } from '../../core/config/file-error.ts';
import { formatIncidentProblems } from '../../core/incidents/format-problems.ts';
import type { Config } from '../../core/model/index.ts';
import { UsageError } from './cli-error.ts';

const FLAG_OF = { data: '--data DIR (or $VIGIL_DATA)', out: '--out DIR' } as const;

/**
 * Refuses, before any work, a data or output directory that cannot be one: a path that is a file, or
 * lies under a file. One that does not exist yet is fine (the command creates it).
 */
export async function requireDirectories(
  command: string,
  dirs: Partial<Record<keyof typeof FLAG_OF, string | undefined>>,
  { dataFolders = true }: { dataFolders?: boolean } = {},
): Promise<void> {
  for (const [kind, dir] of Object.entries(dirs) as [keyof typeof FLAG_OF, string | undefined][]) {
    if (dir === undefined) continue;
    const problem = await findProblem(dir);
    if (problem === undefined) continue;
    const name = kind === 'data' ? 'data directory' : 'output directory';
    throw new UsageError(`vigil ${command}: ${name} ${displayPath(dir)}: ${problem}; give ${FLAG_OF[kind]}`);
  }
  if (dirs.data !== undefined && dataFolders) await requireDataFolders(command, dirs.data);
}

/**
 * The folders of data/ that commands list: one that is a file would stop them in the middle. Not for
 * collect, which writes there: a snapshots/ it cannot write is "nothing could be written" (exit 2).
 */
const DATA_FOLDERS = ['incidents', 'snapshots', 'rollups'] as const;

async function requireDataFolders(command: string, dataDir: string): Promise<void> {
  for (const name of DATA_FOLDERS) {
    const folder = path.join(dataDir, name);
    const problem = await findProblem(folder);
    if (problem === undefined) continue;
    throw new UsageError(
      `vigil ${command}: ${displayPath(folder)}: ${problem}; it holds the ${name} files (move the file away)`,
    );
  }
}

async function findProblem(dir: string): Promise<string | undefined> {
  try {
    return (await stat(dir)).isDirectory() ? undefined : 'is a file, not a directory';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : describeFileError(error);
  }
}

/**
 * Every incident file checked before the site is built, so a bad one is the lines `vigil validate`
 * prints and exit 1, not an error out of the middle of an Astro build.
 */
export async function requireValidIncidents(dataDir: string, config: Config): Promise<void> {
  // Loaded only here: commands that read no incidents (heartbeat, collect) do not load rrule.
  const { validateIncidentFiles } = await import('../../core/incidents/validate-incidents.ts');
  const { problems } = await validateIncidentFiles(dataDir, config);
  if (problems.length > 0) throw new UsageError(formatIncidentProblems(problems));
}
