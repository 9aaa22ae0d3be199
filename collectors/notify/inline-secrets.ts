import { SECRET_FIELDS } from '../../core/model/alert-provider-schemas.ts';
import type { AlertProvider } from '../../core/model/alerts-schema.ts';

/** Where config values hold text read from the environment, as the config loader records them. */
export type InterpolatedPaths = readonly (readonly (string | number)[])[];

/**
 * The secret fields of `alerts.providers[index]` whose value was not itself interpolated from the
 * environment (a field merely containing some other variable's value counts as written in the file),
 * e.g. `routingKey` or `headers.authorization`.
 */
export function findInlineSecrets(
  provider: AlertProvider,
  index: number,
  interpolated: InterpolatedPaths,
): string[] {
  const record = provider as unknown as Record<string, unknown>;
  const fields: (string | number)[][] = [];
  for (const field of SECRET_FIELDS[provider.type] as readonly string[]) {
    const value = record[field];
    if (typeof value === 'string') fields.push([field]);
    // A map of secrets (the webhook's headers): each value is one.
    else if (value !== null && typeof value === 'object')
      for (const [key, item] of Object.entries(value))
        if (typeof item === 'string') fields.push([field, key]);
  }
  const isInterpolated = (field: readonly (string | number)[]) =>
    interpolated.some(
      (path) =>
        path.length === field.length + 3 &&
        path[0] === 'alerts' &&
        path[1] === 'providers' &&
        path[2] === index &&
        field.every((part, at) => path[at + 3] === part),
    );
  return fields.filter((field) => !isInterpolated(field)).map((field) => field.join('.'));
}
