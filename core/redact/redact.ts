const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi;
const MASK = '***';

export type Redact = (text: string) => string;

/**
 * Masks interpolated secrets and URL passwords in text. Longer secrets go first so a secret that
 * contains a shorter one is masked whole.
 */
export function createRedactor(secrets: readonly string[]): Redact {
  const ordered = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return (text) => {
    let redacted = text.replace(URL_CREDENTIALS, `$1${MASK}@`);
    for (const secret of ordered) redacted = redacted.split(secret).join(MASK);
    return redacted;
  };
}

/** Applies a redactor to every string inside a JSON-like value (messages, details, metric names). */
export function redactDeep<T>(value: T, redact: Redact): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redact(key), redactDeep(item, redact)]),
    ) as T;
  }
  return value;
}
