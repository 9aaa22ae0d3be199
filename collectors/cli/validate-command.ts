import { readBrandingFiles } from '../../core/config/branding-files.ts';
import { resolveConfigPath, resolveDataDir } from '../../core/config/config-paths.ts';
import { displayPath } from '../../core/config/display-path.ts';
import { loadConfig, neededBySite } from '../../core/config/load-config.ts';
import { countNoun } from '../../core/count-noun.ts';
import { validateIncidentFiles } from '../../core/incidents/validate-incidents.ts';
import { findIntervalWarnings } from '../../core/model/check-schedule.ts';
import { formatDurationMs } from '../../core/model/duration.ts';
import { describeMissingPageId, describeMissingSiteUrl } from '../../core/model/site-address.ts';
import { type DataWarning, formatDataWarning } from '../../core/store/data-warning.ts';
import { readRollups } from '../../core/store/read-rollups.ts';
import { findClockProblems, listSnapshotSources, readSnapshots } from '../../core/store/read-snapshots.ts';
import { readStateFile } from '../../core/store/state-file.ts';
import { EXIT } from './cli-error.ts';
import { parseFlags } from './parse-flags.ts';
import { requireDirectories } from './require-inputs.ts';

export const VALIDATE_HELP = `Usage: vigil validate [--config FILE] [--data DIR]

Checks the config, every incident file, every snapshot and rollup line (torn, invalid, from the future,
or in the wrong day file) and every state file; prints each problem with its file and line, and warns
(file and field) where an incident's status disagrees with its newest update.
Exit status: 0 all valid (warnings allowed), 1 problems found.`;

/** `vigil validate`: what a pull-request check runs. */
export async function validateCommand(args: string[]): Promise<number> {
  const flags = parseFlags('validate', args, { config: { type: 'string' }, data: { type: 'string' } });
  if (flags.help) {
    process.stdout.write(`${VALIDATE_HELP}\n`);
    return EXIT.ok;
  }
  const configPath = resolveConfigPath(flags.config);
  const dataDir = resolveDataDir(flags.data);
  await requireDirectories('validate', { data: dataDir });
  const { config } = await loadConfig({ path: configPath, needs: neededBySite });
  const problems: string[] = [];
  // The files site.css, site.favicon and site.socialImage name, beside the config.
  problems.push(...(await readBrandingFiles(config.site, configPath)).problems);
  const onWarning = (warning: DataWarning) => problems.push(formatDataWarning(warning, dataDir));
  const lines = await readSnapshots(dataDir, { onWarning });
  const rollups = await readRollups(dataDir, { onWarning });
  problems.push(
    ...(await findClockProblems(dataDir, Date.now())).map((warning) => formatDataWarning(warning, dataDir)),
  );
  for (const source of await listSnapshotSources(dataDir)) {
    await readStateFile(dataDir, source, onWarning);
  }
  const incidents = await validateIncidentFiles(dataDir, config);
  problems.push(...incidents.problems);
  for (const problem of problems) console.error(problem);
  // Warnings are printed but pass: the site builds, following the newest update.
  for (const warning of incidents.warnings) console.error(`warning: ${warning}`);
  // A check whose runs can outlast its interval still works (its runs fall behind): a warning.
  const intervalWarnings = findIntervalWarnings(config.checks, config.site, formatDurationMs);
  for (const warning of intervalWarnings) console.error(`warning: ${displayPath(configPath)}: ${warning}`);
  // What a site published without its address or page id gets wrong (site-address.ts): warnings, since
  // the shipped default config has neither and a local preview needs neither.
  const siteWarnings = [describeMissingSiteUrl(config.site), describeMissingPageId(config.site)].filter(
    (warning) => warning !== undefined,
  );
  for (const warning of siteWarnings) console.error(`warning: ${displayPath(configPath)}: ${warning}`);
  const warningCount = incidents.warnings.length + intervalWarnings.length + siteWarnings.length;
  console.log(
    `vigil validate: ${countNoun(config.checks.length, 'check')}; ${countNoun(incidents.incidents.length, 'incident file')} valid; ${countNoun(lines.length, 'snapshot line')} and ${countNoun(rollups.length, 'rollup line')} read; ${countNoun(problems.length, 'problem')}${warningCount === 0 ? '' : `, ${countNoun(warningCount, 'warning')}`}`,
  );
  return problems.length === 0 ? EXIT.ok : EXIT.invalidInput;
}
