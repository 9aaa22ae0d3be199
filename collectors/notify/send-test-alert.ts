import type { AlertProvider } from '../../core/model/alerts-schema.ts';
import type { Config } from '../../core/model/index.ts';
import type { Alert } from './alert.ts';
import { type DeliveryOptions, type DeliveryOutcome, deliverAlert } from './deliver-alert.ts';
import { findInlineSecrets, type InterpolatedPaths } from './inline-secrets.ts';
import { getPageUrl } from './send-alerts.ts';

/** Builds the alert `vigil notify test` sends: harmless, and saying where it came from. */
export function buildTestAlert(
  config: Pick<Config, 'site'>,
  provider: Pick<AlertProvider, 'id' | 'type'>,
  now: Date,
): Alert {
  return {
    key: `vigil/test/${provider.id}/${now.toISOString()}`,
    event: 'test',
    action: 'info',
    isReminder: false,
    severity: 'info',
    site: config.site.title,
    title: `${config.site.title}: test alert for ${provider.id}`,
    text: `This is a test from Vigil (vigil notify test ${provider.id}): alerts of type ${provider.type} reach you. Nothing is wrong.`,
    subject: { kind: 'test', id: provider.id, name: provider.id },
    url: getPageUrl(config, ''),
    at: now.toISOString(),
  };
}

export type TestAlertOutcome =
  | DeliveryOutcome
  | { status: 'unknown-provider'; known: string[] }
  | { status: 'inline-secret'; fields: string[] };

/** Sends one test alert through a provider of the config, with the same retries and deadline as a run. */
export async function sendTestAlert(
  config: Config,
  providerId: string,
  interpolated: InterpolatedPaths,
  options: Partial<Pick<DeliveryOptions, 'backoffBaseMs' | 'registry'>> & { now?: () => Date } = {},
): Promise<TestAlertOutcome> {
  const index = config.alerts.providers.findIndex((candidate) => candidate.id === providerId);
  const provider = config.alerts.providers[index];
  if (provider === undefined)
    return { status: 'unknown-provider', known: config.alerts.providers.map((candidate) => candidate.id) };
  const fields = findInlineSecrets(provider, index, interpolated);
  if (fields.length > 0) return { status: 'inline-secret', fields };
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const delivery = {
    ...options,
    signal: AbortSignal.timeout(config.alerts.deadline),
    deadlineAtMs: startedAt.getTime() + config.alerts.deadline,
    now,
  };
  const alert = buildTestAlert(config, provider, startedAt);
  const sent = await deliverAlert(provider, alert, delivery);
  if (sent.status !== 'sent' || !OPENS_AN_INCIDENT.has(provider.type)) return sent;
  // A paging service opened an incident for the test: close it again, so nobody is left paged.
  const closed = await deliverAlert(provider, { ...alert, action: 'resolve' }, delivery);
  if (closed.status === 'sent') return { status: 'sent', attempts: sent.attempts + closed.attempts };
  return {
    ...closed,
    isRetryable: false,
    reason: `the test alert was delivered, but closing it again failed (${closed.reason}): close it by hand`,
  };
}

/** Providers where a test alert opens an incident someone is paged for until it is resolved. */
const OPENS_AN_INCIDENT: ReadonlySet<AlertProvider['type']> = new Set(['pagerduty', 'opsgenie']);
