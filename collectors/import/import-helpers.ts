// Small pieces every importer needs: ids, durations, addresses and secret placeholders in Vigil's terms.
import { RESERVED_IDS } from '../../core/model/reserved-ids.ts';
import { toId } from '../init/write-init-config.ts';

/**
 * Hands out URL-safe ids, unique in order: "API" → api, the next "API" → api-2; never a reserved id
 * or one already taken (the groups' ids, so a check never shares an id with a group).
 */
export function createIdAllocator(
  taken: Iterable<string> = [],
): (wanted: string, fallback?: string) => string {
  const used = new Set<string>([...RESERVED_IDS, ...taken]);
  return (wanted, fallback = 'check') => {
    const base = toId(wanted) || toId(fallback) || 'check';
    let id = base;
    for (let suffix = 2; used.has(id); suffix += 1) id = `${base}-${suffix}`;
    used.add(id);
    return id;
  };
}

const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** Milliseconds as the one-unit duration Vigil's config reads: 90000 → "90s", 3600000 → "1h". */
export function toVigilDuration(durationMs: number): string {
  for (const [unit, size] of UNITS)
    if (durationMs >= size && durationMs % size === 0) return `${durationMs / size}${unit}`;
  return `${Math.round(durationMs)}ms`;
}

const GO_UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go duration ("1h30m", "30s", "1.5h", "500ms") in milliseconds; undefined when it is not one. */
export function parseGoDurationMs(text: unknown): number | undefined {
  if (typeof text === 'number' && Number.isFinite(text)) return text / 1e6; // yaml.v3 reads a bare number as nanoseconds
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g))
    total += Number(match[1]) * (GO_UNIT_MS[match[2] as string] ?? 0);
  return total;
}

/** "host:port", "[::1]:53" or "host" into its parts; undefined when the port is not a TCP/UDP port. */
export function splitHostPort(text: string): { host: string; port?: number } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^:/\s]+)(?::(\d+))?$/.exec(text);
  const match = bracketed ?? plain;
  if (!match) return /^[0-9a-f:]+$/i.test(text) && text.includes(':') ? { host: text } : undefined;
  const host = match[1] as string;
  if (match[2] === undefined) return { host };
  const port = Number(match[2]);
  return port >= 1 && port <= 65535 ? { host, port } : undefined;
}

/** An environment variable name from words: ("main-db", "password") → MAIN_DB_PASSWORD. */
export function toVariableName(...words: string[]): string {
  const name = words
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[A-Z_]/.test(name) ? name : `V_${name}`;
}

/**
 * A URL from a foreign file with its credentials as ${VAR}s, each listed in `secrets`: the password,
 * a user name given alone (a token: https://TOKEN@host/) and query parameters named like secrets
 * (?api_key=…). Parts already written as ${VAR} stay; `keepText` is applied to the rest (keepLiteral
 * for a file whose `${` means nothing). A URL with no credential is returned as written.
 */
export function protectUrlSecrets(
  url: string,
  input: { id: string; where: string; secrets: { name: string; where: string }[]; note?: string },
  keepText: (text: string) => string = (text) => text,
): string {
  const parsed = URL.parse(url);
  if (parsed === null) return keepText(url);
  const markers: [string, string][] = [];
  const hide = (words: string[], what: string): string => {
    const variable = toVariableName(input.id, ...words);
    const marker = `vigilsecret${markers.length}x`;
    markers.push([marker, `\${${variable}}`]);
    input.secrets.push({ name: variable, where: `${input.where}: ${what}${input.note ?? ''}` });
    return marker;
  };
  const isVariable = (text: string) => /\$(%7B|\{)/i.test(text);
  if (parsed.password !== '' && !isVariable(parsed.password))
    parsed.password = hide(['url', 'password'], 'the password in its URL');
  else if (parsed.password === '' && parsed.username !== '' && !isVariable(parsed.username))
    parsed.username = hide(['url', 'user', 'token'], 'the user name (a token) in its URL');
  for (const [name, value] of [...parsed.searchParams])
    if (isSecretHeader(name) && value !== '' && !value.includes('${'))
      parsed.searchParams.set(name, hide(['url', name], `its ${name} URL parameter`));
  if (markers.length === 0) return keepText(url);
  let text = keepText(parsed.href);
  for (const [marker, variable] of markers) text = text.replace(marker, variable);
  return text;
}

/** Text from a foreign file kept literal in Vigil's config: its `${` would otherwise read the environment. */
export function keepLiteral(text: string): string {
  return text.replaceAll('${', () => '$${');
}

/** Header names whose values are credentials: written as `${VAR}`, never copied. */
export function isSecretHeader(name: string): boolean {
  return /authorization|cookie|token|secret|api[-_]?key|password|auth/i.test(name);
}

/** Quotes a source name in a report line: endpoints[3] "api". */
export function quoted(text: unknown): string {
  return JSON.stringify(
    typeof text === 'string' ? text.replace(/[\p{Cc}]+/gu, ' ').slice(0, 120) : String(text),
  );
}
