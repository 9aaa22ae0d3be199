import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AlertProviderOf } from '../../../core/model/alerts-schema.ts';
import { type Alert, formatAlertPlain } from '../alert.ts';
import type { AttemptContext, AttemptOutcome } from './http-request.ts';
import type { ProviderDefinition } from './provider-types.ts';

type EmailProvider = AlertProviderOf<'email'>;

const DEFAULT_PORT = { tls: 465, starttls: 587, none: 25 } as const;

/** The message for one alert: a trigger starts a thread (Message-ID from the alert's key), the rest reply to it. */
export function buildEmailMessage(alert: Alert, provider: Pick<EmailProvider, 'from' | 'to'>) {
  const threadId = `<vigil-${createHash('sha256').update(alert.key).digest('hex').slice(0, 32)}@vigil.invalid>`;
  const isThreadStart = alert.action === 'trigger' && !alert.isReminder;
  const ownId = `<vigil-${createHash('sha256').update(`${alert.key}\n${alert.event}\n${alert.at}`).digest('hex').slice(0, 32)}@vigil.invalid>`;
  const prefix = alert.action === 'resolve' ? '[Resolved] ' : alert.isReminder ? '[Reminder] ' : '';
  return {
    from: provider.from,
    to: provider.to,
    subject: `${prefix}${alert.title}`,
    text: `${formatAlertPlain(alert)}${formatUpdates(alert)}\n\n-- \n${alert.site} · ${alert.event} · ${alert.at}\n`,
    messageId: isThreadStart ? threadId : ownId,
    ...(isThreadStart ? {} : { inReplyTo: threadId, references: [threadId] }),
    headers: { 'X-Vigil-Event': alert.event, 'X-Vigil-Key': alert.key, 'Auto-Submitted': 'auto-generated' },
  };
}

/** An incident's updates, newest first, as a mailing list's readers expect the whole story in each message. */
function formatUpdates(alert: Pick<Alert, 'updates'>): string {
  const updates = alert.updates ?? [];
  if (updates.length === 0) return '';
  const lines = [...updates]
    .reverse()
    .map(
      (update) =>
        `${update.at.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')} · ${update.status}\n${update.text.trim()}`,
    );
  return `\n\nUpdates (newest first):\n\n${lines.join('\n\n')}`;
}

/**
 * Email through SMTP (nodemailer): `starttls` requires the upgrade (never falls back to plain text),
 * `tls` speaks TLS from the first byte; certificates are always verified (a private CA through
 * `caFile`). A 4xx reply or a lost connection is worth another try; a 5xx reply is not.
 */
export const emailProvider: ProviderDefinition<'email'> = {
  send: async (alert, provider, context) => {
    // Loaded on first use: most runs send no email, and every run starts faster without it.
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport({
      host: provider.host,
      port: provider.port ?? DEFAULT_PORT[provider.security],
      secure: provider.security === 'tls',
      requireTLS: provider.security === 'starttls',
      ignoreTLS: provider.security === 'none',
      ...(provider.username ? { auth: { user: provider.username, pass: provider.password ?? '' } } : {}),
      tls: provider.caFile ? { ca: await readFile(provider.caFile, 'utf8') } : {},
      connectionTimeout: context.timeoutMs,
      greetingTimeout: context.timeoutMs,
      socketTimeout: context.timeoutMs,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    try {
      await raceDeadline(transport.sendMail(buildEmailMessage(alert, provider)), context);
      return { ok: true, status: 250 };
    } catch (error) {
      return describeSmtpError(error, context);
    } finally {
      transport.close();
    }
  },
};

function raceDeadline<T>(sending: Promise<T>, context: AttemptContext): Promise<T> {
  const limit = AbortSignal.any([AbortSignal.timeout(context.timeoutMs), context.signal]);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(Object.assign(new Error('aborted'), { code: 'ABORTED' }));
    limit.addEventListener('abort', onAbort, { once: true });
    sending.then(resolve, reject).finally(() => limit.removeEventListener('abort', onAbort));
  });
}

function describeSmtpError(error: unknown, context: AttemptContext): AttemptOutcome {
  const details = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: string;
    responseCode?: number;
    response?: string;
    message?: string;
  };
  if (details.code === 'ABORTED') {
    return {
      ok: false,
      reason: context.signal.aborted ? 'out of time for alerts' : `timed out after ${context.timeoutMs} ms`,
      isRetryable: true,
    };
  }
  const code = details.responseCode;
  const reason =
    code !== undefined
      ? `SMTP ${details.response ?? code}`
      : `${details.code ?? 'SMTP'}: ${details.message ?? String(error)}`;
  // EAUTH and a 5xx reply are permanent until someone fixes the config; 4xx replies are "try later".
  const isRetryable =
    code !== undefined ? code < 500 : details.code !== 'EAUTH' && details.code !== 'EENVELOPE';
  return { ok: false, reason: reason.slice(0, 200), isRetryable };
}
