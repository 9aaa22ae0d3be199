// `vigil import gatus`: a Gatus config.yaml (README "Configuration") as Vigil checks.
import type { Document, LineCounter } from 'yaml';
import { findLine } from '../../core/config/locate-issue.ts';
import { readYaml } from '../../core/config/read-yaml.ts';
import { isRecord } from '../../core/is-record.ts';
import { type Fields, mapGatusEndpoint } from './gatus-endpoint.ts';
import {
  createIdAllocator,
  isSecretHeader,
  parseGoDurationMs,
  protectUrlSecrets,
  quoted,
  toVariableName,
  toVigilDuration,
} from './import-helpers.ts';
import { type Importer, ImportInputError, type ImportResult, type NotMapped } from './import-types.ts';

/** Top-level Gatus keys Vigil has no setting for, and what to do instead. */
const TOP_LEVEL_NOT_MAPPED: Record<string, string> = {
  alerting:
    'alert providers are set up in alerts.providers, each secret as ${VAR} (docs/notifications.md); Gatus alerting settings are not carried over',
  storage: 'Vigil keeps history as JSON Lines in data/ (a git repository); there is nothing to configure',
  metrics: 'Vigil always writes /metrics.txt (Prometheus text format) with the site',
  web: 'Vigil builds a static site: serve dist/ with any web server, or `vigil watch --port N`',
  security: 'a static site has no login; put the web server or CDN in front of it',
  concurrency: 'set collect.concurrency in status.config.yaml (docs/configuration.md)',
  'disable-monitoring-lock': 'set collect.concurrency in status.config.yaml (docs/configuration.md)',
  'skip-invalid-config-update':
    'Vigil reads the config at every run; `vigil validate` checks it before it is merged',
  maintenance:
    'maintenance windows are files in data/incidents/ with kind: maintenance and an rrule (docs/incidents.md)',
  announcements: 'announcements are incident files in data/incidents/ (docs/incidents.md)',
  tunneling: 'Vigil has no SSH tunnels; run a collector inside that network instead (docs/multi-place.md)',
  suites: 'Vigil has no multi-step suites; each step could be an http check of its own',
  connectivity:
    'Vigil has no connectivity checker; a ping or dns check of the gateway with dependsOn holds the alerts instead',
  remote: 'Vigil reads no remote Gatus instances; run a collector there (docs/multi-place.md)',
};
const TOP_LEVEL_KNOWN = new Set([
  'endpoints',
  'external-endpoints',
  'ui',
  ...Object.keys(TOP_LEVEL_NOT_MAPPED),
]);

/** Endpoint keys taken over, and the ones left out with why. */
const ENDPOINT_NOT_MAPPED: Record<string, string> = {
  alerts: 'alerts are set up once in alerts.providers and apply to every check (docs/notifications.md)',
  'maintenance-windows':
    'maintenance windows are files in data/incidents/ with kind: maintenance (docs/incidents.md)',
  'extra-labels': 'Vigil metrics carry the check id and group, no custom labels',
  ui: "Vigil's pages show every result; there are no per-check display switches",
  store: 'suite context is not carried over',
  'always-run': 'suites are not carried over',
};
const ENDPOINT_USED = new Set([
  'name',
  'group',
  'url',
  'enabled',
  'interval',
  'conditions',
  'client',
  'dns',
  'ssh',
]);
const ENDPOINT_USED_BY_TYPE = new Set(['method', 'body', 'headers', 'graphql']);
const CLIENT_USED = new Set(['insecure', 'timeout', 'ignore-redirect']);

interface Source {
  file: string;
  document: Document;
  lineCounter: LineCounter;
}

/** Reads a Gatus config; every endpoint becomes a check or a line of the not-mapped report. */
export const importGatus: Importer = (text, file) => {
  const reading = readYaml(text);
  if (!reading.ok)
    throw new ImportInputError(
      `${file}:${reading.line ?? 1}${reading.column ? `:${reading.column}` : ''}: ${reading.message}`,
    );
  const source: Source = { file, document: reading.document, lineCounter: reading.lineCounter };
  const secrets: ImportResult['secrets'] = [];
  const root = convertEnvironment(reading.value, 'the config', secrets);
  if (!isRecord(root))
    throw new ImportInputError(
      `${file}:1: expected a Gatus config: a mapping with "endpoints", got ${describe(root)}`,
    );
  const endpoints = listAt(root, 'endpoints', source);
  const external = listAt(root, 'external-endpoints', source);
  if (endpoints.length + external.length === 0)
    throw new ImportInputError(
      `${file}:1: no endpoints: a Gatus config lists what it watches under "endpoints"`,
    );

  const result: ImportResult = { groups: [], checks: [], origins: [], notMapped: [], secrets };
  const lineOf = (path: (string | number)[]) => findLine(source.document, source.lineCounter, path);
  for (const [key, reason] of Object.entries(TOP_LEVEL_NOT_MAPPED))
    if (root[key] !== undefined)
      result.notMapped.push({ where: `${key} (line ${lineOf([key])})`, what: key, reason });
  for (const key of Object.keys(root).filter((name) => !TOP_LEVEL_KNOWN.has(name)))
    result.notMapped.push({
      where: `${key} (line ${lineOf([key])})`,
      what: key,
      reason: 'not a key Vigil knows from Gatus',
    });
  const site = readSite(root.ui, result.notMapped, lineOf);
  if (site !== undefined) result.site = site;

  const groupIds = new Map<string, string>();
  const allocateGroup = createIdAllocator();
  const groupOf = (name: unknown): string | undefined => {
    if (typeof name !== 'string' || name.trim() === '') return undefined;
    let id = groupIds.get(name);
    if (id === undefined) {
      id = allocateGroup(name, 'group');
      groupIds.set(name, id);
      result.groups.push({ id, name });
    }
    return id;
  };
  // Group ids first, so no check takes one.
  for (const endpoint of [...endpoints, ...external]) if (isRecord(endpoint)) groupOf(endpoint.group);
  const allocateId = createIdAllocator(groupIds.values());

  endpoints.forEach((endpoint, index) => {
    const where = describeWhere('endpoints', index, endpoint, lineOf);
    if (!isRecord(endpoint)) {
      result.notMapped.push({
        where,
        what: 'endpoint',
        reason: `expected a mapping, got ${describe(endpoint)}`,
      });
      return;
    }
    const check = mapEndpoint(endpoint, where, result.notMapped);
    if (check === undefined) return;
    const id = allocateId(String(endpoint.name ?? ''), 'endpoint');
    protectInlineSecrets(check, id, where, result.secrets);
    addCheck(result, { id, ...named(endpoint, groupOf), ...check }, where);
  });
  external.forEach((endpoint, index) => {
    const where = describeWhere('external-endpoints', index, endpoint, lineOf);
    if (!isRecord(endpoint)) {
      result.notMapped.push({
        where,
        what: 'external endpoint',
        reason: `expected a mapping, got ${describe(endpoint)}`,
      });
      return;
    }
    const check = mapExternalEndpoint(endpoint, where, result.notMapped);
    addCheck(
      result,
      { id: allocateId(String(endpoint.name ?? ''), 'heartbeat'), ...named(endpoint, groupOf), ...check },
      where,
    );
  });
  return result;
};

function mapEndpoint(endpoint: Fields, where: string, notMapped: NotMapped[]): Fields | undefined {
  if (isRecord(endpoint.headers))
    endpoint = {
      ...endpoint,
      headers: Object.fromEntries(
        Object.entries(endpoint.headers).map(([name, value]) => [name, String(value ?? '')]),
      ),
    };
  const conditions = readConditions(endpoint.conditions, where, notMapped);
  const mapping = mapGatusEndpoint(endpoint, conditions);
  const what = String(endpoint.name ?? 'endpoint');
  if ('reason' in mapping) {
    notMapped.push({ where, what, reason: mapping.reason });
    return undefined;
  }
  for (const note of mapping.notes) notMapped.push({ where, what, reason: note });
  const fields: Fields = { ...mapping.fields };
  const interval = readDuration(endpoint.interval, 'interval', where, notMapped);
  if (interval !== undefined) fields.interval = interval;
  const client = isRecord(endpoint.client) ? endpoint.client : {};
  const timeout = readDuration(client.timeout, 'client.timeout', where, notMapped);
  if (timeout !== undefined) fields.timeout = timeout;
  for (const key of Object.keys(client).filter((name) => !CLIENT_USED.has(name)))
    notMapped.push({
      where,
      what,
      reason: `client.${key} not carried over: Vigil checks have no such client setting`,
    });
  for (const [key, reason] of Object.entries(ENDPOINT_NOT_MAPPED))
    if (endpoint[key] !== undefined)
      notMapped.push({ where, what, reason: `${key} not carried over: ${reason}` });
  const type = fields.type;
  for (const key of Object.keys(endpoint)) {
    if (ENDPOINT_USED.has(key) || key in ENDPOINT_NOT_MAPPED) continue;
    if (ENDPOINT_USED_BY_TYPE.has(key)) {
      if (
        type !== 'http' &&
        (key === 'method' || key === 'graphql' || (key === 'headers' && type !== 'websocket'))
      )
        notMapped.push({
          where,
          what,
          reason: `${key} not carried over: it has no meaning for a ${type} check`,
        });
      continue;
    }
    notMapped.push({
      where,
      what,
      reason: `${key} not carried over: not an endpoint key Vigil knows from Gatus`,
    });
  }
  return fields;
}

/** external-endpoints are pushed to Gatus; in Vigil a job reports with `vigil heartbeat ID`. */
function mapExternalEndpoint(endpoint: Fields, where: string, notMapped: NotMapped[]): Fields {
  const what = String(endpoint.name ?? 'external endpoint');
  const heartbeat = isRecord(endpoint.heartbeat) ? endpoint.heartbeat : {};
  const everyMs = parseGoDurationMs(heartbeat.interval);
  const fields: Fields = { type: 'heartbeat', every: everyMs ? toVigilDuration(everyMs) : '1h' };
  if (!everyMs)
    notMapped.push({
      where,
      what,
      reason:
        'heartbeat.interval not set (Gatus never marks it late): written as every: 1h; set how often the job reports',
    });
  if (endpoint.token !== undefined)
    notMapped.push({
      where,
      what,
      reason:
        'token not carried over: the job reports with `vigil heartbeat ID` where the repository is, no token',
    });
  for (const key of ['alerts', 'maintenance-windows'])
    if (endpoint[key] !== undefined)
      notMapped.push({ where, what, reason: `${key} not carried over: ${ENDPOINT_NOT_MAPPED[key]}` });
  return fields;
}

/**
 * A credential written into the Gatus file itself (an Authorization header, a URL's password) is not
 * copied into a config that lives in git: it becomes a ${VAR}, listed with the others.
 */
function protectInlineSecrets(
  check: Fields,
  id: string,
  where: string,
  secrets: ImportResult['secrets'],
): void {
  if (isRecord(check.headers)) {
    for (const [name, value] of Object.entries(check.headers)) {
      if (!isSecretHeader(name) || typeof value !== 'string' || value.includes('${') || value === '')
        continue;
      const variable = toVariableName(id, name);
      check.headers[name] = `\${${variable}}`;
      secrets.push({
        name: variable,
        where: `${where}: its ${name} header, written in the Gatus file (not copied)`,
      });
    }
  }
  if (typeof check.url === 'string')
    check.url = protectUrlSecrets(check.url, {
      id,
      where,
      secrets,
      note: ', written in the Gatus file (not copied)',
    });
}

function named(endpoint: Fields, groupOf: (name: unknown) => string | undefined): Fields {
  const fields: Fields = {};
  if (typeof endpoint.name === 'string' && endpoint.name !== '') fields.name = endpoint.name;
  const group = groupOf(endpoint.group);
  if (group !== undefined) fields.group = group;
  if (endpoint.enabled === false) fields.enabled = false;
  return fields;
}

function addCheck(result: ImportResult, check: Fields, where: string): void {
  result.checks.push(check);
  result.origins?.push(where);
}

function readConditions(value: unknown, where: string, notMapped: NotMapped[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    notMapped.push({
      where,
      what: 'conditions',
      reason: `conditions dropped: expected a list, got ${describe(value)}`,
    });
    return [];
  }
  return value.flatMap((condition, index) => {
    if (typeof condition === 'string') return [condition];
    notMapped.push({
      where,
      what: 'conditions',
      reason: `conditions[${index}] dropped: expected text, got ${describe(condition)}`,
    });
    return [];
  });
}

function readDuration(
  value: unknown,
  key: string,
  where: string,
  notMapped: NotMapped[],
): string | undefined {
  if (value === undefined) return undefined;
  const ms = parseGoDurationMs(value);
  if (ms === undefined || ms <= 0) {
    notMapped.push({
      where,
      what: key,
      reason: `${key} ${JSON.stringify(value)} is not a duration; the default is used`,
    });
    return undefined;
  }
  return toVigilDuration(Math.max(ms, 1000));
}

function readSite(
  ui: unknown,
  notMapped: NotMapped[],
  lineOf: (path: (string | number)[]) => number | undefined,
): ImportResult['site'] {
  if (!isRecord(ui)) return undefined;
  const text = (key: string) =>
    typeof ui[key] === 'string' && ui[key] !== '' ? (ui[key] as string) : undefined;
  const site: NonNullable<ImportResult['site']> = {};
  const title = text('title') ?? text('dashboard-heading') ?? text('header');
  if (title !== undefined) site.title = title;
  const description = text('dashboard-subheading') ?? text('description');
  if (description !== undefined) site.description = description;
  const logo = text('logo');
  if (logo !== undefined) site.logo = logo;
  if (Array.isArray(ui.buttons))
    site.links = ui.buttons.flatMap((button) =>
      isRecord(button) && typeof button.name === 'string' && typeof button.link === 'string'
        ? [{ label: button.name, url: button.link }]
        : [],
    );
  const used = new Set([
    'title',
    'dashboard-heading',
    'header',
    'dashboard-subheading',
    'description',
    'logo',
    'buttons',
  ]);
  for (const key of Object.keys(ui).filter((name) => !used.has(name)))
    notMapped.push({
      where: `ui.${key} (line ${lineOf(['ui', key])})`,
      what: `ui.${key}`,
      reason:
        key === 'dark-mode'
          ? 'not carried over: Vigil pages follow the visitor’s light or dark setting'
          : 'not carried over: Vigil’s pages have no such setting (site settings: docs/configuration.md)',
    });
  return site;
}

function listAt(root: Record<string, unknown>, key: string, source: Source): unknown[] {
  const value = root[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  const line = findLine(source.document, source.lineCounter, [key]) ?? 1;
  throw new ImportInputError(
    `${source.file}:${line}: ${key}: expected a list of endpoints, got ${describe(value)}`,
  );
}

function describeWhere(
  list: string,
  index: number,
  endpoint: unknown,
  lineOf: (path: (string | number)[]) => number | undefined,
): string {
  const name = isRecord(endpoint) && endpoint.name !== undefined ? ` ${quoted(endpoint.name)}` : '';
  return `${list}[${index}]${name} (line ${lineOf([list, index])})`;
}

/**
 * Gatus expands `$VAR` and `${VAR}` from its environment and reads `$$` as a `$`: here each becomes
 * Vigil's `${VAR}` (listed in secrets), and a literal `${` is written `$${` so it stays literal.
 */
function convertEnvironment(value: unknown, where: string, secrets: ImportResult['secrets']): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /\$\$|\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g,
      (_whole, braced, bare, offset: number) => {
        const name = (braced ?? bare) as string | undefined;
        if (name === undefined) return /^\{[A-Za-z_]/.test(value.slice(offset + 2)) ? '$$' : '$';
        if (!secrets.some((secret) => secret.name === name)) secrets.push({ name, where });
        return `\${${name}}`;
      },
    );
  }
  if (Array.isArray(value))
    return value.map((item, index) => convertEnvironment(item, `${where}[${index}]`, secrets));
  if (isRecord(value))
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        convertEnvironment(item, where === 'the config' ? key : `${where}.${key}`, secrets),
      ]),
    );
  return value;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`.slice(0, 80);
}
