import { SECRET_FIELDS } from '../../core/model/alert-provider-schemas.ts';
import type { AlertProvider } from '../../core/model/alerts-schema.ts';

/** The secret fields of a provider whose value holds nothing interpolated from the environment. */
export function findInlineSecrets(provider: AlertProvider, secrets: readonly string[]): string[] {
  const fields: readonly string[] = SECRET_FIELDS[provider.type];
  return fields.filter((field) => {
    const value = (provider as unknown as Record<string, unknown>)[field];
    return (
      typeof value === 'string' && !secrets.some((secret) => secret.length > 0 && value.includes(secret))
    );
  });
}
