// The one redaction module: every line, log, error and page that shows text a secret may be in goes
// through it. Three rules, the same everywhere: URL userinfo (a password, or a lone user name that is
// often a token), the values of query parameters named like credentials, and every value that was
// interpolated from the environment (`${VAR}`).

const MASK = '***';
// scheme://userinfo@ — the userinfo stops at the first character a URL's authority cannot hold.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@'"<>]+)@/gi;
// Names that mark their value as a credential: a URL's query parameters (`?token=`), and the words
// of a name (`apiKey`, `DB_PASSWORD`) wherever one is judged (isSecretName).
const SECRET_NAMES = [
  'access_token',
  'api_key',
  'apikey',
  'auth',
  'key',
  'password',
  'passwd',
  'pwd',
  'secret',
  'sig',
  'signature',
  'token',
];
const SECRET_QUERY_PARAM = new RegExp(`([?&](?:${SECRET_NAMES.join('|')})=)[^&#\\s'"<>]*`, 'gi');
// Words that name a credential in a name, besides those a query parameter is masked for.
const SECRET_WORDS = new Set([
  ...SECRET_NAMES,
  'credential',
  'passphrase',
  'cookie',
  'bearer',
  'jwt',
  'pw',
  'dsn',
  'connection_string',
]);
// Besides those, in a column name: `pass` is a legacy schema's password column, but a fact named
// "Pass rate" is not a secret, so only columns (whose values nobody wrote by hand) mask it.
const SECRET_COLUMN_WORDS = new Set([...SECRET_WORDS, 'pass']);

export type Redact = (text: string) => string;

/**
 * Masks the secrets URLs carry, wherever they appear in text: `https://user:***@host`,
 * `https://***@host` (a lone user name may be a token), `?token=***`. The rest stays as written.
 */
export function redactUrls(text: string): string {
  // Userinfo needs an `@`, a credential parameter an `=`: most text has neither (every result's message).
  const hasAt = text.includes('@');
  if (!hasAt && !text.includes('=')) return text;
  if (!hasAt) return text.replace(SECRET_QUERY_PARAM, `$1${MASK}`);
  const withoutUserinfo = text.replace(URL_USERINFO, (_match, scheme: string, userinfo: string) => {
    const colonAt = userinfo.indexOf(':');
    return `${scheme}${colonAt === -1 ? MASK : `${userinfo.slice(0, colonAt)}:${MASK}`}@`;
  });
  return withoutUserinfo.replace(SECRET_QUERY_PARAM, `$1${MASK}`);
}

/**
 * True when a name (a config key, a column) says its value is a credential: one of its words, or two
 * adjacent ones joined (`api key`), is a secret's name — `apiKey`, `DB_PASSWORD`, `Auth token`,
 * `access-tokens`, `db_pw`, `DSN`, `connection_string` — the names whose query parameters
 * redactUrls masks, and a few more.
 */
export function isSecretName(name: string): boolean {
  return hasSecretWord(name, SECRET_WORDS);
}

/** True when a SQL column's name says its values are credentials: isSecretName's words and `pass` (`user_pass`). */
export function isSecretColumnName(name: string): boolean {
  return hasSecretWord(name, SECRET_COLUMN_WORDS);
}

function hasSecretWord(name: string, secretWords: ReadonlySet<string>): boolean {
  const words = name
    .slice(0, 200)
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  return words.some((word, index) => {
    const pair = index + 1 < words.length ? `${word}_${words[index + 1]}` : '';
    return [word, word.replace(/s$/, ''), pair, pair.replace(/s$/, '')].some((candidate) =>
      secretWords.has(candidate),
    );
  });
}

/** One URL, as it may be shown or stored. */
export const redactUrl: Redact = redactUrls;

/**
 * Masks URL secrets and every given secret (values read from the environment, passwords). Longer
 * secrets go first so a secret that contains a shorter one is masked whole.
 */
export function createRedactor(secrets: readonly (string | undefined)[]): Redact {
  const ordered = [...new Set(secrets)]
    .filter((secret): secret is string => secret !== undefined && secret.length > 0)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let redacted = redactUrls(text);
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
