import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { INCIDENTS_DIR, toIncidentSlug } from '../../core/incidents/incident-file.ts';
import { expandAffectedId } from '../../core/incidents/status-overlay.ts';
import { validateIncidentFiles } from '../../core/incidents/validate-incidents.ts';
import type { Config, IncidentImpact } from '../../core/model/index.ts';
import type { DataWarningHandler } from '../../core/store/data-warning.ts';
import { readStateFile, writeStateFile } from '../../core/store/state-file.ts';
import { findIncidentChanges, type IncidentChange } from './find-incident-changes.ts';
import { buildIncidentPayload } from './incident-payload.ts';
import { type Notice, postNotices, type Severity } from './notify-webhooks.ts';
import type { PostOptions } from './post-webhook.ts';

/**
 * The one source whose collector announces incidents and maintenance: `publish.incidentsFrom`, else
 * the first enabled source. Every collector reads the same files, so only one may speak, or a
 * maintenance on four networks' collectors would be announced four times.
 */
export function getIncidentAnnouncer(config: Pick<Config, 'publish' | 'sources' | 'defaultSource'>): string {
  return (
    config.publish.incidentsFrom ??
    config.sources.find((source) => source.enabled !== false)?.id ??
    config.defaultSource
  );
}

/**
 * Planned work reaches webhooks from `minSeverity: maintenance` on, whatever its impact; an
 * incident as the status its impact gives components (minor: degraded, major and critical: down),
 * and one of impact none only webhooks that want everything.
 */
export const SEVERITY_BY_IMPACT = {
  none: 'maintenance',
  minor: 'degraded',
  major: 'down',
  critical: 'down',
} as const satisfies Record<IncidentImpact, Severity>;

export interface NotifyIncidentOptions {
  dataDir: string;
  config: Config;
  /** The collector running now; only the announcer goes on. */
  source: string;
  now: Date;
  /** One line per delivery problem; callers redact. */
  log: (line: string) => void;
  onWarning?: DataWarningHandler;
  retryDelayMs?: PostOptions['retryDelayMs'];
  /** The run's budget for notifications. */
  signal?: AbortSignal;
  /** Told what is now announced, right after it is recorded in the state file (vigil watch keeps the state in memory). */
  onAnnounced?: (announced: string[]) => void;
}

/**
 * After a collect run, on the announcing source only: tells the webhooks which incidents and
 * maintenance started or ended since its previous run, and records what is announced in the
 * source's state file first, so a run killed while posting never announces the same thing twice.
 * Returns the changes announced.
 */
export async function notifyIncidentChanges(options: NotifyIncidentOptions): Promise<IncidentChange[]> {
  const { config, dataDir } = options;
  if (config.publish.webhooks.length === 0 || options.source !== getIncidentAnnouncer(config)) return [];
  // Problems with incident files are `vigil validate`'s and the build's to report, not every run's.
  const { incidents } = await validateIncidentFiles(dataDir, config);
  const state = await readStateFile(dataDir, options.source, options.onWarning);
  const found = findIncidentChanges(
    incidents,
    state.announcedIncidents,
    options.now,
    await listIncidentSlugs(dataDir),
  );
  const unchanged =
    state.announcedIncidents !== undefined &&
    state.announcedIncidents.join('\n') === found.announced.join('\n');
  if (!unchanged) {
    await writeStateFile(dataDir, options.source, { ...state, announcedIncidents: found.announced });
    options.onAnnounced?.(found.announced);
  }
  if (found.changes.length === 0) return [];
  const names = new Map<string, string>([
    ...config.groups.map((group) => [group.id, group.name] as const),
    ...config.checks.map((check) => [check.id, check.name] as const),
  ]);
  const notices = found.changes.map(
    (change): Notice => ({
      label: `${change.kind} ${change.slug} ${change.event}`,
      severity: change.kind === 'maintenance' ? 'maintenance' : SEVERITY_BY_IMPACT[change.impact],
      groups: listAffectedGroups(change, config),
      payload: (format) =>
        buildIncidentPayload(format, change, {
          siteTitle: config.site.title,
          names,
          pageUrl: getIncidentPageUrl(config, change.slug),
        }),
    }),
  );
  await postNotices({
    webhooks: config.publish.webhooks,
    notices,
    log: options.log,
    ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return found.changes;
}

/** The groups an entry touches: groups it names, and the groups of checks it names; undefined: site-wide. */
export function listAffectedGroups(
  change: Pick<IncidentChange, 'affected'>,
  config: Pick<Config, 'checks' | 'groups'>,
): string[] | undefined {
  if (change.affected.length === 0) return undefined;
  const groups = new Set<string>();
  for (const id of change.affected) {
    if (config.groups.some((group) => group.id === id)) groups.add(id);
    for (const checkId of expandAffectedId(id, config)) {
      const group = config.checks.find((check) => check.id === checkId)?.group;
      if (group !== undefined) groups.add(group);
    }
  }
  return [...groups];
}

function getIncidentPageUrl(config: Config, slug: string): string | undefined {
  if (config.site.url === undefined) return undefined;
  const base = config.site.base.endsWith('/') ? config.site.base : `${config.site.base}/`;
  return new URL(`${base}incidents/${slug}/`, config.site.url).href;
}

async function listIncidentSlugs(dataDir: string): Promise<Set<string>> {
  const names = await readdir(path.join(dataDir, INCIDENTS_DIR)).catch(() => [] as string[]);
  return new Set(names.filter((name) => name.endsWith('.md')).map(toIncidentSlug));
}
