import { formatIncidentProblems } from '../../core/incidents/format-problems.ts';
import { type LoadedIncident, validateIncidentFiles } from '../../core/incidents/validate-incidents.ts';
import { cacheAcrossRenders, cachePerBuild } from './build-cache.ts';
import { getClusterMaintenanceRecords } from './cluster-maintenance.ts';
import { getConfig } from './config.ts';

/**
 * Every valid incident file, drafts included, read once per build; any invalid file stops the build
 * with the same lines `vigil validate` prints, and its warnings are printed as warnings. No astro:content here, so the site model can use it.
 */
export const getIncidentRecords = cacheAcrossRenders(async ({ dataDir }): Promise<LoadedIncident[]> => {
  const config = await getConfig();
  const { incidents, problems, warnings } = await validateIncidentFiles(dataDir, config);
  if (problems.length > 0) throw new Error(formatIncidentProblems(problems));
  // The site follows the newest update either way; the author should still hear of the mismatch.
  for (const warning of warnings) console.warn(`vigil build: warning: ${warning}`);
  return incidents;
});

/**
 * The incidents people may see: every record without `draft: true`, then the maintenance reservations
 * of slurm and pbs checks (a written maintenance of the same check and window wins).
 */
export const getPublishedIncidentRecords = cachePerBuild(async (): Promise<LoadedIncident[]> => {
  const written = (await getIncidentRecords()).filter((record) => !record.incident.draft);
  return [...written, ...(await getClusterMaintenanceRecords(written))];
});
