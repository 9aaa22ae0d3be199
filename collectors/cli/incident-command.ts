import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { resolveConfigPath, resolveDataDir } from '../../core/config/config-paths.ts';
import { displayPath } from '../../core/config/display-path.ts';
import { loadConfig, neededBySite } from '../../core/config/load-config.ts';
import { splitIncidentFile } from '../../core/incidents/incident-file.ts';
import {
  buildIncidentFileName,
  describeBodyPlaceholder,
  type IncidentDraft,
  renderIncidentFile,
  slugifyTitle,
} from '../../core/incidents/incident-template.ts';
import { checkIncidentData } from '../../core/incidents/validate-incidents.ts';
import {
  type Config,
  IncidentDateSchema,
  IncidentImpactSchema,
  IncidentKindSchema,
} from '../../core/model/index.ts';
import { EXIT, UsageError } from './cli-error.ts';
import { parseFlags } from './parse-flags.ts';
import { requireDirectories } from './require-inputs.ts';

export const INCIDENT_HELP = `Usage: vigil incident new --title TEXT --affected ID,… [--kind maintenance --start TIME --end TIME] [--impact LEVEL] [--config FILE] [--data DIR]

Writes data/incidents/<YYYY-MM-DD>-<slug>.md from a template, checked against the config; never overwrites.
  --title TEXT      headline shown on the site
  --affected IDS    check or group ids from the config, comma-separated
  --kind KIND       incident (default) or maintenance
  --impact LEVEL    none, minor (default), major or critical
  --start TIME      ISO 8601 with a time zone, e.g. 2026-11-22T14:00:00Z (default: now; required for maintenance)
  --end TIME        planned end (required for maintenance)
  --config FILE     config file (default: status.config.yaml, or $VIGIL_CONFIG)
  --data DIR        data directory (default: data, or $VIGIL_DATA)
Then edit the file, commit it and open a pull request; docs/incidents.md explains every field.`;

/** `vigil incident new`: a correctly named, valid incident file for people who do not remember the fields. */
export async function incidentCommand(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === undefined || subcommand === '--help' || subcommand === '-h') {
    process.stdout.write(`${INCIDENT_HELP}\n`);
    return subcommand === undefined ? EXIT.invalidInput : EXIT.ok;
  }
  if (subcommand !== 'new') {
    throw new UsageError(`vigil incident: unknown subcommand "${subcommand}"; expected "new"`);
  }
  const flags = parseFlags('incident new', rest, {
    title: { type: 'string' },
    affected: { type: 'string' },
    kind: { type: 'string' },
    impact: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    config: { type: 'string' },
    data: { type: 'string' },
  });
  if (flags.help) {
    process.stdout.write(`${INCIDENT_HELP}\n`);
    return EXIT.ok;
  }
  const configPath = resolveConfigPath(flags.config);
  const dataDir = resolveDataDir(flags.data);
  await requireDirectories('incident new', { data: dataDir });
  const { config } = await loadConfig({ path: configPath, needs: neededBySite });
  const draft = buildDraft(flags, new Date(), config);
  const text = renderIncidentFile(draft, describeBodyPlaceholder(draft.kind));
  // Valid by construction: the file is read back exactly as `vigil validate` and the build will read it.
  const { problems } = checkIncidentData(splitIncidentFile(text).frontmatter, config);
  if (problems.length > 0) {
    throw new UsageError(`vigil incident new: the file would be invalid:\n  ${problems.join('\n  ')}`);
  }
  const fileName = buildIncidentFileName(draft.start, slugifyTitle(draft.title));
  const filePath = path.join(dataDir, 'incidents', fileName);
  await writeNewFile(filePath, text);
  console.log(`vigil incident new: wrote ${displayPath(filePath)}`);
  return EXIT.ok;
}

function buildDraft(
  flags: Partial<Record<'title' | 'affected' | 'kind' | 'impact' | 'start' | 'end', string>>,
  now: Date,
  config: Pick<Config, 'checks' | 'groups'>,
): IncidentDraft {
  const title = flags.title?.trim();
  if (!title)
    throw new UsageError('vigil incident new: --title is required, e.g. --title "Login node unreachable"');
  const kind = parseOption('--kind', IncidentKindSchema, flags.kind ?? 'incident');
  const impact = parseOption(
    '--impact',
    IncidentImpactSchema,
    flags.impact ?? (kind === 'maintenance' ? 'none' : 'minor'),
  );
  const affected = (flags.affected ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (kind === 'maintenance' && (flags.start === undefined || flags.end === undefined)) {
    throw new UsageError(
      'vigil incident new: a maintenance needs --start and --end, e.g. --start 2026-11-22T08:00:00Z --end 2026-11-22T12:00:00Z',
    );
  }
  const nowIso = now.toISOString();
  const start = flags.start === undefined ? nowIso : parseOption('--start', IncidentDateSchema, flags.start);
  const end = flags.end === undefined ? undefined : parseOption('--end', IncidentDateSchema, flags.end);
  const nameOf = (id: string) =>
    config.checks.find((check) => check.id === id)?.name ??
    config.groups.find((group) => group.id === id)?.name ??
    id;
  const names = affected.map(nameOf).join(', ') || 'the service';
  const update =
    kind === 'maintenance'
      ? { at: nowIso, status: 'scheduled' as const, text: `Maintenance of ${names} is scheduled.` }
      : {
          at: nowIso,
          status: 'investigating' as const,
          text: `We are investigating problems with ${names}.`,
        };
  return {
    title,
    kind,
    impact,
    status: update.status,
    affected,
    start,
    end,
    updates: [update],
  };
}

function parseOption<T>(
  flag: string,
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: string,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new UsageError(`vigil incident new: ${flag}: ${result.error.issues[0]?.message ?? 'invalid value'}`);
}

async function writeNewFile(filePath: string, text: string): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true });
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(filePath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(
        `vigil incident new: ${filePath} already exists; edit it, or choose another --title`,
      );
    }
    throw error;
  }
  try {
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
}
