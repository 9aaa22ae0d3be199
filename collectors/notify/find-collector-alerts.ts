import { getSourceStaleAfterMs, isDataStale } from '../../core/history/freshness.ts';
import type { AlertProvider } from '../../core/model/alerts-schema.ts';
import { runsOn } from '../../core/model/check-places.ts';
import type { Config } from '../../core/model/index.ts';
import type { Alert } from './alert.ts';
import type { AlertState } from './alert-state.ts';
import { isCheckWanted, type ProviderAlert } from './find-check-alerts.ts';

export interface CollectorAlertInput {
  providers: readonly AlertProvider[];
  config: Pick<Config, 'checks' | 'sources' | 'site'>;
  /** The collector running now: it is plainly not silent. */
  source: string;
  /** When each other collector's newest run started (ms); undefined: it never ran. */
  newestRunMs: ReadonlyMap<string, number | undefined>;
  previous: AlertState['collectors'];
  now: Date;
}

/**
 * Another collector is silent when its newest run is older than its `silentAfter`, else the shortest
 * `staleAfter` of its checks (the one staleness rule, `core/history/freshness.ts`), and back when a
 * newer run arrives: the announcing collector tells (the heartbeat tells when every collector
 * stops). A collector that never ran is not silent, and the first evaluation is taken as known.
 */
export function findCollectorAlerts(input: CollectorAlertInput): {
  alerts: ProviderAlert[];
  collectors: NonNullable<AlertState['collectors']>;
} {
  const nowMs = input.now.getTime();
  const collectors: NonNullable<AlertState['collectors']> = {};
  const alerts: ProviderAlert[] = [];
  for (const source of input.config.sources) {
    if (source.id === input.source || source.enabled === false) continue;
    const newestMs = input.newestRunMs.get(source.id);
    const before = input.previous?.[source.id];
    const staleAfterMs =
      source.silentAfter ??
      getSourceStaleAfterMs(
        input.config.checks.filter((check) => runsOn(check, source.id)),
        input.config.site,
      );
    const isSilent = newestMs !== undefined && isDataStale(newestMs, staleAfterMs, nowMs);
    if (isSilent) collectors[source.id] = before ?? { silentSince: new Date(newestMs).toISOString() };
    if (input.previous === undefined || isSilent === (before !== undefined)) continue;
    const since = (before ?? collectors[source.id])?.silentSince ?? input.now.toISOString();
    const alert: Alert = {
      key: `vigil/collector/${source.id}/${since}`,
      event: isSilent ? 'collector.silent' : 'collector.back',
      action: isSilent ? 'trigger' : 'resolve',
      isReminder: false,
      severity: isSilent ? 'error' : 'info',
      site: input.config.site.title,
      title: `${input.config.site.title}: collector ${source.name ?? source.id} ${isSilent ? 'is silent' : 'is back'}`,
      text: isSilent
        ? `No run of ${source.name ?? source.id} since ${since}; its checks show No data until it reports again.`
        : `${source.name ?? source.id} reports again (silent since ${since}).`,
      subject: { kind: 'collector', id: source.id, name: source.name ?? source.id },
      at: input.now.toISOString(),
    };
    const itsChecks = input.config.checks.filter((check) => runsOn(check, source.id));
    for (const provider of input.providers) {
      if (!provider.events.includes(alert.event as never)) continue;
      const isWanted =
        (provider.checks === undefined && provider.groups === undefined) ||
        itsChecks.some((check) => isCheckWanted(provider, check));
      if (isWanted) alerts.push({ provider: provider.id, alert });
    }
  }
  return { alerts, collectors };
}
