import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { countNoun } from '../../core/count-noun.ts';
import { mapFormerIds } from '../../core/history/former-ids.ts';
import { getStaleAfterMs, isDataStale } from '../../core/history/freshness.ts';
import { INCIDENTS_DIR, toIncidentSlug } from '../../core/incidents/incident-file.ts';
import { buildStatusOverlay } from '../../core/incidents/status-overlay.ts';
import { validateIncidentFiles } from '../../core/incidents/validate-incidents.ts';
import type { AlertProvider } from '../../core/model/alerts-schema.ts';
import { getCheckPlaces, isMultiPlace, runsOn } from '../../core/model/check-places.ts';
import type { Check, CheckResult, CheckStatus, Config } from '../../core/model/index.ts';
import { type Redact, redactDeep } from '../../core/redact/redact.ts';
import type { DataWarningHandler } from '../../core/store/data-warning.ts';
import { readStateFile } from '../../core/store/state-file.ts';
import { isTempFileOf, removeStaleTempFiles } from '../../core/store/write-file-atomic.ts';
import { findNewestRunTime } from '../store/newest-run-time.ts';
import type { Alert } from './alert.ts';
import {
  type AlertState,
  type OutboxEntry,
  readAlertState,
  renameAlertStateChecks,
  writeAlertState,
} from './alert-state.ts';
import { getAlertStateFile } from './alert-state-file.ts';
import { type DeliveryOptions, deliverAlert } from './deliver-alert.ts';
import { findCheckAlerts, type ProviderAlert, trackCheckStatuses } from './find-check-alerts.ts';
import { findCollectorAlerts } from './find-collector-alerts.ts';
import { findIncidentAlerts } from './find-incident-alerts.ts';
import { findInlineSecrets, type InterpolatedPaths } from './inline-secrets.ts';
import {
  handOverPlaceAlerts,
  judgeRunPlaces,
  judgeStoredPlaces,
  type PlaceGate,
  readPlaceAlerts,
  readPlaceStates,
} from './place-gate.ts';

/** The one source whose collector announces incidents and maintenance, so several never send it twice. */
export function getAlertAnnouncer(
  config: Pick<Config, 'alerts' | 'publish' | 'sources' | 'defaultSource'>,
): string {
  return (
    config.alerts.incidentsFrom ??
    config.publish.incidentsFrom ??
    config.sources.find((source) => source.enabled !== false)?.id ??
    config.defaultSource
  );
}

export interface SendAlertsOptions {
  config: Config;
  dataDir: string;
  source: string;
  /** This run's checks and judged results. */
  checks: readonly Check[];
  results: readonly CheckResult[];
  /** When the run started. */
  at: Date;
  /** Where config values were interpolated from the environment: a provider whose secret field is not one of them is refused. */
  interpolated: InterpolatedPaths;
  redact: Redact;
  /** One line per delivery. */
  log: (line: string) => void;
  onWarning: DataWarningHandler;
  /** The run's budget for side work; the alert deadline is within it. */
  signal?: AbortSignal;
  now?: () => Date;
  delivery?: Pick<DeliveryOptions, 'backoffBaseMs' | 'random' | 'registry'>;
  /**
   * This run's multi-place checks judged by quorum (collect judges once for alerts, webhooks and
   * drafts); absent, sendAlerts judges them itself.
   */
  places?: PlaceGate;
}

export interface SendAlertsSummary {
  sent: number;
  queued: number;
  dropped: number;
}

/**
 * After a run: works out what each provider's rules ask for, puts it in the outbox behind whatever
 * earlier runs could not send, saves that (so a run killed while sending loses nothing), then
 * delivers each provider's queue in order within `alerts.deadline`, stopping a provider's queue at its
 * first failure so a resolve never overtakes its trigger. Never throws for a provider.
 */
export async function sendAlerts(options: SendAlertsOptions): Promise<SendAlertsSummary> {
  const { config, log } = options;
  const now = options.now ?? (() => new Date());
  const summary: SendAlertsSummary = { sent: 0, queued: 0, dropped: 0 };
  const providers = listUsableProviders(config.alerts.providers, options.interpolated, log);
  // Temp files of this source's earlier runs killed while writing the alert state.
  const stateFile = getAlertStateFile(options.source);
  await removeStaleTempFiles(path.join(options.dataDir, path.dirname(stateFile)), (name) =>
    isTempFileOf(name, path.basename(stateFile)),
  );
  const state = renameAlertStateChecks(
    await readAlertState(options.dataDir, options.source, options.onWarning),
    mapFormerIds(config.checks),
  );
  // A multi-place check's judged status is tracked even without providers: webhooks and incident
  // drafts read how long it has held.
  if (
    config.alerts.providers.length === 0 &&
    state.outbox.length === 0 &&
    !options.checks.some((check) => isMultiPlace(check))
  )
    return summary;
  const next = await findAlerts(options, providers, state);
  // A provider configured but refused this run (its secret written in the file) keeps its open
  // alerts and its outbox for the run that can use it again.
  const refused = new Set(
    config.alerts.providers
      .map((provider) => provider.id)
      .filter((id) => !providers.some((provider) => provider.id === id)),
  );
  const atMs = now().getTime();
  const outbox: OutboxEntry[] = [];
  for (const entry of [...state.outbox, ...next.alerts.map((item) => toEntry(item, atMs))]) {
    if (!providers.some((provider) => provider.id === entry.provider) && !refused.has(entry.provider)) {
      log(
        `vigil alert: ${entry.provider}: ${describeAlert(entry.alert)} dropped: no such provider in alerts.providers any more`,
      );
      summary.dropped += 1;
    } else if (atMs - entry.queuedAtMs > config.alerts.outboxMaxAge) {
      log(
        `vigil alert: ${entry.provider}: ${describeAlert(entry.alert)} dropped: not delivered within alerts.outboxMaxAge after ${entry.attempts} attempts`,
      );
      summary.dropped += 1;
    } else outbox.push(entry);
  }
  const open = { ...next.state.open };
  for (const id of refused) if (state.open[id] !== undefined) open[id] = state.open[id];
  const saved: AlertState = redactDeep({ ...next.state, open, outbox }, options.redact);
  await writeAlertState(options.dataDir, options.source, saved);
  if (outbox.length === 0) return summary;

  const deadlineAtMs = atMs + config.alerts.deadline;
  const deadline = AbortSignal.timeout(config.alerts.deadline);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const delivery: DeliveryOptions = { ...options.delivery, signal, deadlineAtMs, now };
  const left = await Promise.all(
    providers.map(async (provider) => {
      const queue = outbox.filter((entry) => entry.provider === provider.id);
      const kept: OutboxEntry[] = [];
      for (const [index, entry] of queue.entries()) {
        if (kept.length > 0 || (entry.notBeforeMs ?? 0) > now().getTime()) {
          kept.push(entry);
          continue;
        }
        const outcome = await deliverAlert(provider, entry.alert as Alert, delivery);
        const attempts = entry.attempts + outcome.attempts;
        const label = `${provider.id}: ${describeAlert(entry.alert)}`;
        if (outcome.status === 'sent') {
          log(`vigil alert: ${label} sent (${countNoun(outcome.attempts, 'attempt')})`);
          summary.sent += 1;
        } else if (!outcome.isRetryable) {
          log(
            `vigil alert: ${label} dropped: ${outcome.reason} (not worth retrying; check the provider's settings)`,
          );
          summary.dropped += 1;
        } else {
          const later = queue.length - index - 1;
          log(
            `vigil alert: ${label} not sent after ${countNoun(attempts, 'attempt')}: ${outcome.reason}; kept in the outbox for the next run${later > 0 ? ` with ${later} after it` : ''}`,
          );
          kept.push({
            ...entry,
            attempts,
            ...(outcome.notBeforeMs !== undefined ? { notBeforeMs: outcome.notBeforeMs } : {}),
          });
        }
      }
      return kept;
    }),
  );
  const remaining = [...outbox.filter((entry) => refused.has(entry.provider)), ...left.flat()];
  summary.queued = remaining.length;
  await writeAlertState(options.dataDir, options.source, {
    ...saved,
    outbox: redactDeep(remaining, options.redact),
  });
  return summary;
}

async function findAlerts(
  options: SendAlertsOptions,
  providers: readonly AlertProvider[],
  state: AlertState,
) {
  const { config } = options;
  const at = options.at.toISOString();
  const site = config.site.title;
  // A multi-place check alerts on its judged status, and only from its announcer: one place's
  // outage pages nobody, and three places never page three times.
  const places =
    options.places ??
    (await judgeRunPlaces({
      config,
      dataDir: options.dataDir,
      source: options.source,
      checks: options.checks,
      results: options.results,
      at: options.at,
      tracked: state.checks,
      onWarning: options.onWarning,
    }));
  const tracked = trackCheckStatuses(state.checks, places.results, at);
  // A parent holds its children's alerts only on a status of now: this run's result, or another
  // collector's state no older than the parent's staleAfter. A frozen "down" holds nothing.
  const statusById = new Map<string, CheckStatus>(places.results.map((result) => [result.id, result.status]));
  for (const [id, status] of await readParentStatuses(options, statusById)) statusById.set(id, status);
  // Problems with incident files are `vigil validate`'s and the build's to report, not every run's.
  const { incidents: loaded } =
    providers.length > 0 ? await validateIncidentFiles(options.dataDir, config) : { incidents: [] };
  const overlay = buildStatusOverlay(
    loaded.map((record) => record.incident),
    config,
    options.at.getTime(),
  );
  // Every result goes in: a collector resolves (and reminds of) the alerts it holds open even when
  // another place speaks for the check now; only a NEW trigger is the announcer's. An announcer
  // taking over adopts the open alert of the place before it (one outage, one page, one resolve),
  // and a place that is no longer the announcer hands its open alert back to the one holding it.
  const placeOpens =
    places.judgements.size > 0
      ? await readPlaceAlerts(
          config,
          options.dataDir,
          [...new Set(options.checks.flatMap((check) => getCheckPlaces(check)))].filter(
            (source) => source !== options.source,
          ),
          options.onWarning,
        )
      : new Map();
  const checkAlerts = findCheckAlerts({
    providers,
    checks: options.checks,
    results: places.results,
    mayOpen: places.speaksFor,
    tracked,
    open: handOverPlaceAlerts(places, state.open, placeOpens, providers),
    at,
    site,
    pageUrlOf: (id) => getPageUrl(config, `components/${id}/`),
    statusOf: (id) => statusById.get(id),
    isInMaintenance: (id) => overlay.getStatus(id, 'down') === 'maintenance',
  });
  // The resolves of multi-place checks are remembered, so a place back after a hand-over does not
  // resolve the same alert again.
  let resolved = state.resolved;
  for (const { provider, alert } of checkAlerts.alerts) {
    if (alert.action !== 'resolve' || !places.judgements.has(alert.subject.id)) continue;
    resolved = {
      ...resolved,
      [provider]: { ...resolved?.[provider], [alert.subject.id]: { key: alert.key, at } },
    };
  }
  let incidents = state.incidents;
  let collectors = state.collectors;
  let incidentAlerts: ProviderAlert[] = [];
  if (options.source === getAlertAnnouncer(config) && providers.length > 0) {
    const found = findIncidentAlerts({
      providers,
      config,
      incidents: loaded,
      presentSlugs: await listIncidentSlugs(options.dataDir),
      announced: state.incidents,
      now: options.at,
      site,
      pageUrlOf: (slug) => getPageUrl(config, `incidents/${slug}/`),
    });
    incidents = found.announced;
    incidentAlerts = found.alerts;
    const silence = findCollectorAlerts({
      providers,
      config,
      source: options.source,
      newestRunMs: await readNewestRuns(options),
      previous: state.collectors,
      now: options.at,
    });
    collectors = silence.collectors;
    incidentAlerts.push(...silence.alerts);
  }
  return {
    alerts: [...checkAlerts.alerts, ...incidentAlerts],
    state: {
      ...state,
      checks: tracked,
      open: checkAlerts.open,
      ...(resolved ? { resolved } : {}),
      ...(incidents ? { incidents } : {}),
      ...(collectors ? { collectors } : {}),
    },
  };
}

// A provider whose secret is written in the file is not used: the file is in git.
function listUsableProviders(
  providers: readonly AlertProvider[],
  interpolated: InterpolatedPaths,
  log: (line: string) => void,
) {
  return providers.filter((provider, index) => {
    const inline = findInlineSecrets(provider, index, interpolated);
    for (const field of inline)
      log(
        `vigil alert: ${provider.id}: not used: alerts.providers[${provider.id}].${field} is written in the config file; put it in the environment and write "\${VARIABLE}" there`,
      );
    return inline.length === 0;
  });
}

/**
 * A parent named in `dependsOn` that another collector runs is judged by the status that collector's
 * newest run left in its state file (data/ is shared through git).
 */
async function readParentStatuses(
  options: SendAlertsOptions,
  known: ReadonlyMap<string, CheckStatus>,
): Promise<Map<string, CheckStatus>> {
  const statuses = new Map<string, CheckStatus>();
  const parents = new Set(
    options.checks.flatMap((check) => check.dependsOn ?? []).filter((id) => !known.has(id)),
  );
  // A multi-place parent run elsewhere: judged from its places' state files.
  const multi = options.config.checks.filter(
    (check) => parents.has(check.id) && isMultiPlace(check) && !runsOn(check, options.source),
  );
  if (multi.length > 0) {
    const places = multi.flatMap((check) => check.sources ?? []);
    const states = await readPlaceStates(options.config, options.dataDir, places, options.onWarning);
    for (const check of multi) {
      const { verdict } = judgeStoredPlaces(check, states, options.config.site, options.at.getTime());
      if (verdict.status !== 'unknown') statuses.set(check.id, verdict.status);
      parents.delete(check.id);
    }
  }
  const sources = new Set(
    options.config.checks
      .filter((check) => parents.has(check.id) && check.source !== options.source)
      .map((check) => check.source),
  );
  for (const source of sources) {
    const state = await readStateFile(options.dataDir, source, options.onWarning);
    const updatedMs = state.updatedAt === undefined ? Number.NaN : Date.parse(state.updatedAt);
    for (const id of parents) {
      const parent = options.config.checks.find((check) => check.id === id && check.source === source);
      const status = state.checks[id]?.lastStatus;
      if (parent === undefined || status === undefined || !Number.isFinite(updatedMs)) continue;
      if (isDataStale(updatedMs, getStaleAfterMs(parent, options.config.site), options.at.getTime()))
        continue;
      statuses.set(id, status);
    }
  }
  return statuses;
}

async function readNewestRuns(options: SendAlertsOptions): Promise<Map<string, number | undefined>> {
  const newest = new Map<string, number | undefined>();
  for (const source of options.config.sources) {
    if (source.id === options.source || source.enabled === false) continue;
    // Each line's time from its head (findNewestRunTime), not every line of the day parsed.
    newest.set(source.id, (await findNewestRunTime(options.dataDir, source.id))?.t);
  }
  return newest;
}

function toEntry(item: ProviderAlert, atMs: number): OutboxEntry {
  return {
    provider: item.provider,
    alert: item.alert as OutboxEntry['alert'],
    queuedAtMs: atMs,
    attempts: 0,
  };
}

function describeAlert(alert: Pick<Alert, 'subject' | 'event' | 'isReminder'>): string {
  return `${alert.subject.id} ${alert.event}${alert.isReminder ? ' (reminder)' : ''}`;
}

export function getPageUrl(config: Pick<Config, 'site'>, pagePath: string): string | undefined {
  if (config.site.url === undefined) return undefined;
  const base = config.site.base.endsWith('/') ? config.site.base : `${config.site.base}/`;
  return new URL(`${base}${pagePath}`, config.site.url).href;
}

async function listIncidentSlugs(dataDir: string): Promise<Set<string>> {
  const names = await readdir(path.join(dataDir, INCIDENTS_DIR)).catch(() => [] as string[]);
  return new Set(names.filter((name) => name.endsWith('.md')).map(toIncidentSlug));
}
