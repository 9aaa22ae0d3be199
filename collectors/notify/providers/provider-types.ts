import type { AlertProviderOf, AlertProviderType } from '../../../core/model/alerts-schema.ts';
import type { Alert } from '../alert.ts';
import { type AttemptContext, type AttemptOutcome, type HttpRequest, sendHttp } from './http-request.ts';

/** A service alerts go to: one attempt at delivering one alert. Retries, deadline and outbox are the caller's. */
export interface ProviderDefinition<T extends AlertProviderType> {
  send: (alert: Alert, provider: AlertProviderOf<T>, context: AttemptContext) => Promise<AttemptOutcome>;
}

/** A provider that makes one HTTP request per alert; `buildRequest` is pure, so payloads are tested alone. */
export interface HttpProviderDefinition<T extends AlertProviderType> extends ProviderDefinition<T> {
  buildRequest: (alert: Alert, provider: AlertProviderOf<T>) => HttpRequest;
}

export function defineHttpProvider<T extends AlertProviderType>(
  buildRequest: HttpProviderDefinition<T>['buildRequest'],
  readRetryAfterMs?: (body: unknown) => number | undefined,
): HttpProviderDefinition<T> {
  return {
    buildRequest,
    send: (alert, provider, context) => sendHttp(buildRequest(alert, provider), context, readRetryAfterMs),
  };
}

/** Joins a base URL and a path without doubling or losing the slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
