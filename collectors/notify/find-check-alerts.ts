import type { AlertProvider } from '../../core/model/alerts-schema.ts';
import type { Check, CheckResult, CheckStatus } from '../../core/model/index.ts';
import type { Alert } from './alert.ts';
import type { AlertState } from './alert-state.ts';

const WORDS: Record<CheckStatus, string> = {
  up: 'up',
  degraded: 'degraded',
  down: 'down',
  maintenance: 'in maintenance',
  unknown: 'without data',
};

/** Each check's judged status with since when and for how many runs, after this run's results. */
export function trackCheckStatuses(
  previous: AlertState['checks'],
  results: readonly Pick<CheckResult, 'id' | 'status'>[],
  at: string,
): AlertState['checks'] {
  const next = { ...previous };
  for (const result of results) {
    const before = previous[result.id];
    next[result.id] =
      before?.status === result.status
        ? { ...before, runs: before.runs + 1 }
        : { status: result.status, since: at, runs: 1 };
  }
  return next;
}

export interface CheckAlertInput {
  providers: readonly AlertProvider[];
  checks: readonly Check[];
  results: readonly CheckResult[];
  tracked: AlertState['checks'];
  open: AlertState['open'];
  at: string;
  site: string;
  pageUrlOf: (checkId: string) => string | undefined;
  /** The status of a parent named in `dependsOn`, wherever it runs; undefined when unknown. */
  statusOf: (checkId: string) => CheckStatus | undefined;
  /** Checks inside a maintenance window in progress: planned work pages nobody. */
  isInMaintenance?: (checkId: string) => boolean;
  /**
   * Whether this collector may open a NEW alert for the check (a multi-place check: only its
   * announcer); absent, always. Reminders and resolves of an alert it holds open still go out.
   */
  mayOpen?: (checkId: string) => boolean;
}

export interface ProviderAlert {
  provider: string;
  alert: Alert;
}

/**
 * The alerts each provider's rules ask for after this run, and the alerts left open. A down or
 * degraded check is announced once it has stayed so for `sendAfter` runs and none of the checks it
 * depends on is down (then it waits: it is announced if it is still down once they are back), again
 * every `remindEvery`, and resolved when it is up again. A check in maintenance (its own status, or
 * inside a maintenance window in progress) or without data changes nothing: no alert is sent for it
 * and its open alert stays open; still down once the window ends, it is told then.
 */
export function findCheckAlerts(input: CheckAlertInput): {
  alerts: ProviderAlert[];
  open: AlertState['open'];
} {
  const byId = new Map(input.checks.map((check) => [check.id, check]));
  const alerts: ProviderAlert[] = [];
  const open: AlertState['open'] = {};
  const atMs = Date.parse(input.at);
  for (const provider of input.providers) {
    const providerOpen = { ...input.open[provider.id] };
    for (const result of input.results) {
      const check = byId.get(result.id);
      if (check === undefined || !isCheckWanted(provider, check)) continue;
      const current = providerOpen[check.id];
      const tracked = input.tracked[check.id];
      const status = result.status;
      const make = (
        event: Alert['event'],
        action: Alert['action'],
        key: string,
        isReminder = false,
      ): ProviderAlert => ({
        provider: provider.id,
        alert: buildCheckAlert(input, check, result, { event, action, key, isReminder }),
      });
      if (status === 'down' || status === 'degraded') {
        if (input.isInMaintenance?.(check.id)) continue;
        if (current?.status === status) {
          if (
            provider.remindEvery !== undefined &&
            atMs - Date.parse(current.lastSentAt) >= provider.remindEvery
          ) {
            alerts.push(make(status, 'trigger', current.key, true));
            providerOpen[check.id] = { ...current, lastSentAt: input.at };
          }
          continue;
        }
        if (!provider.events.includes(status)) continue;
        if (current === undefined && input.mayOpen?.(check.id) === false) continue;
        if ((tracked?.runs ?? 1) < provider.sendAfter) continue;
        if (isHeld(check, input.statusOf)) continue;
        const key = current?.key ?? `vigil/check/${check.id}/${tracked?.since ?? input.at}`;
        alerts.push(make(status, 'trigger', key));
        providerOpen[check.id] = { status, key, lastSentAt: input.at };
      } else if (status === 'up' && current !== undefined) {
        if (provider.events.includes('recovered')) alerts.push(make('recovered', 'resolve', current.key));
        delete providerOpen[check.id];
      }
    }
    open[provider.id] = providerOpen;
  }
  return { alerts, open };
}

/** A provider without `checks` and `groups` hears of every check; with them, of the checks they name. */
export function isCheckWanted(
  provider: Pick<AlertProvider, 'checks' | 'groups'>,
  check: Pick<Check, 'id' | 'group'>,
): boolean {
  if (provider.checks === undefined && provider.groups === undefined) return true;
  return (
    (provider.checks?.includes(check.id) ?? false) ||
    (check.group !== undefined && (provider.groups?.includes(check.group) ?? false))
  );
}

function isHeld(check: Check, statusOf: CheckAlertInput['statusOf']): boolean {
  return (check.dependsOn ?? []).some((parent) => statusOf(parent) === 'down');
}

function buildCheckAlert(
  input: CheckAlertInput,
  check: Check,
  result: CheckResult,
  shape: Pick<Alert, 'event' | 'action' | 'key' | 'isReminder'>,
): Alert {
  const word = shape.event === 'recovered' ? 'up again' : WORDS[result.status];
  return {
    ...shape,
    severity: shape.event === 'down' ? 'critical' : shape.event === 'degraded' ? 'warning' : 'info',
    site: input.site,
    title: `${input.site}: ${check.name} is ${word}`,
    text: result.message || `${check.name} is ${word}`,
    subject: { kind: 'check', id: check.id, name: check.name, group: check.group },
    url: input.pageUrlOf(check.id),
    at: input.at,
  };
}
