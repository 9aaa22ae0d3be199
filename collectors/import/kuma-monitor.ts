// One Uptime Kuma monitor (server/model/monitor.js toJSON, as its backup holds it) as a Vigil check's
// type-specific fields. Secrets in it (passwords, tokens, credentials in URLs) become ${VAR}s.
import { isRecord } from '../../core/is-record.ts';
import {
  isSecretHeader,
  keepLiteral,
  protectUrlSecrets,
  splitHostPort,
  toVariableName,
  toVigilDuration,
} from './import-helpers.ts';

export type Fields = Record<string, unknown>;

export interface MonitorContext {
  /** The check id this monitor gets: the ${VAR}s are named after it. */
  id: string;
  /** Where it is in the backup, for the secrets list. */
  where: string;
  secrets: { name: string; where: string }[];
  /** What of this monitor was not carried over, each a sentence. */
  notes: string[];
}

export type MonitorMapping = { fields: Fields } | { reason: string };

/** Monitor types Kuma has that Vigil has no check for. */
const NO_VIGIL_TYPE = new Set([
  'real-browser',
  'steam',
  'gamedig',
  'mqtt',
  'kafka-producer',
  'sqlserver',
  'mongodb',
  'radius',
  'tailscale-ping',
  'oracledb',
  'rabbitmq',
  'snmp',
  'ntp',
  'manual',
  'globalping',
  'pm2',
]);

const SECURITY_TO_TLS: Record<string, string> = {
  secure: 'implicit',
  starttls: 'starttls',
  nostarttls: 'none',
};

export function mapKumaMonitor(monitor: Fields, context: MonitorContext): MonitorMapping {
  const type = String(monitor.type ?? '');
  if (NO_VIGIL_TYPE.has(type)) return { reason: `Uptime Kuma's ${type} monitors have no Vigil check type` };
  switch (type) {
    case 'http':
    case 'keyword':
    case 'json-query':
      return mapHttp(monitor, type, context);
    case 'port': {
      const port = toPort(monitor.port);
      if (!text(monitor.hostname) || port === undefined)
        return { reason: 'a port monitor needs hostname and port' };
      return { fields: { type: 'tcp', host: keepLiteral(text(monitor.hostname) as string), port } };
    }
    case 'ping': {
      if (!text(monitor.hostname)) return { reason: 'a ping monitor needs a hostname' };
      const fields: Fields = { type: 'ping', host: keepLiteral(text(monitor.hostname) as string) };
      const count = Number(monitor.ping_count);
      if (Number.isInteger(count) && count >= 1 && count <= 20 && count !== 3) fields.count = count;
      if (
        monitor.packetSize !== undefined &&
        monitor.packetSize !== null &&
        Number(monitor.packetSize) !== 56
      )
        context.notes.push(
          `packetSize ${String(monitor.packetSize)} not carried over: the ping check sends the default size`,
        );
      return { fields };
    }
    case 'dns':
      return mapDns(monitor, context);
    case 'push':
      context.notes.push(
        'pushToken not carried over: the job reports with `vigil heartbeat ID` instead of calling the push URL',
      );
      return {
        fields: {
          type: 'heartbeat',
          every: toVigilDuration(Math.max(1, Math.round(Number(monitor.interval) || 60)) * 1000),
        },
      };
    case 'docker': {
      const container = text(monitor.docker_container);
      if (!container) return { reason: 'a docker monitor needs docker_container' };
      if (monitor.docker_host !== undefined && monitor.docker_host !== null)
        context.notes.push(
          `docker_host ${String(monitor.docker_host)} not carried over: the backup holds only its number; the check reads the local Docker socket (set socketPath)`,
        );
      return { fields: { type: 'docker', containers: [keepLiteral(container)] } };
    }
    case 'postgres':
    case 'mysql':
    case 'redis':
      return mapDatabase(monitor, type, context);
    case 'grpc-keyword':
      return mapGrpc(monitor, context);
    case 'smtp': {
      const port = toPort(monitor.port);
      if (!text(monitor.hostname)) return { reason: 'an smtp monitor needs a hostname' };
      const fields: Fields = { type: 'smtp', host: keepLiteral(text(monitor.hostname) as string) };
      if (port !== undefined) fields.port = port;
      const tls = SECURITY_TO_TLS[String(monitor.smtpSecurity ?? 'starttls')];
      if (tls !== undefined && tls !== 'starttls') fields.tls = tls;
      if (monitor.ignoreTls === true) fields.insecure = true;
      return { fields };
    }
    case 'system-service': {
      // Kuma asks the service manager of the machine it runs on; so does a systemd check, on its collector.
      const unit = text(monitor.system_service_name)?.trim();
      if (!unit) return { reason: 'a system-service monitor needs system_service_name' };
      return { fields: { type: 'systemd', unit: keepLiteral(unit) } };
    }
    case 'websocket-upgrade': {
      if (!text(monitor.url)) return { reason: 'a websocket-upgrade monitor needs a url' };
      const fields: Fields = { type: 'websocket', url: withUrlSecret(text(monitor.url) as string, context) };
      if (monitor.ignoreTls === true) fields.insecure = true;
      return { fields };
    }
    default:
      return { reason: `"${type}" is not a monitor type Vigil knows from Uptime Kuma` };
  }
}

function mapHttp(monitor: Fields, type: string, context: MonitorContext): MonitorMapping {
  const url = text(monitor.url);
  if (!url) return { reason: `a ${type} monitor needs a url` };
  const fields: Fields = { type: 'http', url: withUrlSecret(url, context) };
  const method = text(monitor.method)?.toUpperCase();
  if (method !== undefined && method !== 'GET') fields.method = method;
  const headers = readHeaders(monitor.headers, context);
  if (Object.keys(headers).length > 0) fields.headers = headers;
  const body = text(monitor.body);
  if (body !== undefined) {
    if (/password|passwd|secret|token|api[-_]?key|credential/i.test(body)) {
      const name = toVariableName(context.id, 'body');
      context.secrets.push({ name, where: `${context.where}: its request body, which names a credential` });
      fields.body = `\${${name}}`;
    } else fields.body = keepLiteral(body);
  }
  const expected = toExpectedStatus(monitor.accepted_statuscodes);
  if (expected === undefined)
    context.notes.push('accepted_statuscodes not readable; the default 2xx is used');
  else if (!(expected.length === 1 && expected[0] === '2xx')) fields.expectedStatus = expected;
  const redirects = Number(monitor.maxredirects);
  if (Number.isInteger(redirects) && redirects >= 0) {
    if (redirects === 0) fields.followRedirects = false;
    else if (redirects !== 5) fields.maxRedirects = Math.min(redirects, 20);
  }
  if (monitor.ignoreTls === true || monitor.ignoreTls === 1) fields.insecure = true;
  const auth = text(monitor.authMethod);
  if (auth === 'basic' && text(monitor.basic_auth_user)) {
    const name = toVariableName(context.id, 'password');
    context.secrets.push({
      name,
      where: `${context.where}: the basic-auth password of ${String(monitor.basic_auth_user)}`,
    });
    const parsed = URL.parse(url);
    if (parsed !== null) {
      parsed.username = encodeURIComponent(text(monitor.basic_auth_user) as string);
      parsed.password = 'PASSWORD_PLACEHOLDER';
      fields.url = keepLiteral(parsed.href).replace('PASSWORD_PLACEHOLDER', `\${${name}}`);
    }
  } else if (auth !== undefined && auth !== 'basic' && auth !== 'none' && auth !== '')
    context.notes.push(
      `authMethod ${auth} not carried over: the http check sends basic auth (user:password in the URL) or headers only`,
    );
  if (type === 'keyword') {
    const keyword = text(monitor.keyword);
    if (keyword === undefined) return { reason: 'a keyword monitor needs a keyword' };
    fields[monitor.invertKeyword === true || monitor.invertKeyword === 1 ? 'forbiddenKeyword' : 'keyword'] =
      keepLiteral(keyword);
  }
  if (type === 'json-query') addJsonQuery(monitor, fields, context);
  return { fields };
}

/**
 * json-query's jsonPath is a JSONata expression; a plain path (`status`, `data.items[0].id`) is the
 * same as Vigil's `$.…` path. Kuma compares the value as text with expectedValue, so "42", "true" and
 * "null" are written as the JSON values they stand for.
 */
function addJsonQuery(monitor: Fields, fields: Fields, context: MonitorContext): void {
  const expression = text(monitor.jsonPath)
    ?.trim()
    .replace(/^\$\.?/, '');
  const expected =
    monitor.expectedValue === undefined || monitor.expectedValue === null
      ? undefined
      : String(monitor.expectedValue);
  if (expression === undefined || expected === undefined) {
    context.notes.push('jsonPath or expectedValue missing: written as a plain http check');
    return;
  }
  if (!/^[A-Za-z_][\w-]*(\[\d+\])*(\.[A-Za-z_][\w-]*(\[\d+\])*)*$/.test(expression)) {
    context.notes.push(
      `jsonPath ${JSON.stringify(monitor.jsonPath)} not carried over: only plain paths (a.b[0].c) map onto Vigil's JSON paths, not JSONata expressions; written as a plain http check`,
    );
    return;
  }
  const operator = text(monitor.jsonPathOperator) ?? '==';
  if (operator === '==') {
    fields.json = [{ path: `$.${expression}`, equals: toJsonValue(expected) }];
    return;
  }
  if (['!=', '<', '<=', '>', '>='].includes(operator)) {
    fields.conditions = [`[BODY].${expression} ${operator} ${keepLiteral(expected)}`];
    return;
  }
  context.notes.push(
    `jsonPathOperator ${JSON.stringify(operator)} not carried over: written as a plain http check`,
  );
}

function mapDns(monitor: Fields, context: MonitorContext): MonitorMapping {
  const name = text(monitor.hostname);
  if (!name) return { reason: 'a dns monitor needs the hostname to resolve' };
  const servers = (text(monitor.dns_resolve_server) ?? '1.1.1.1').split(',').map((server) => server.trim());
  const fields: Fields = {
    type: 'dns',
    server: keepLiteral(servers[0] as string),
    queryName: keepLiteral(name),
  };
  if (servers.length > 1)
    context.notes.push(`only the first of the dns_resolve_server list (${servers.join(', ')}) is asked`);
  const port = toPort(monitor.port);
  if (port !== undefined && port !== 53) fields.port = port;
  const recordType = text(monitor.dns_resolve_type)?.toUpperCase();
  if (recordType !== undefined && recordType !== 'A') fields.recordType = recordType;
  if (Array.isArray(monitor.conditions) && monitor.conditions.length > 0)
    context.notes.push(
      "conditions not carried over: write them as the dns check's expect or conditions (docs/check-types.md)",
    );
  return { fields };
}

/** A connection string's password never reaches the config: it becomes `password: ${VAR}`. */
function mapDatabase(monitor: Fields, type: string, context: MonitorContext): MonitorMapping {
  const connection = text(monitor.databaseConnectionString);
  const parsed = connection === undefined ? null : URL.parse(connection);
  if (parsed === null)
    return {
      reason: `the ${type} connection string is not a URL (${type}://user:password@host:port/db), so it is not copied: it may hold a password`,
    };
  const fields: Fields = { type };
  if (parsed.password !== '') {
    const name = toVariableName(context.id, 'password');
    context.secrets.push({ name, where: `${context.where}: the password of its connection string` });
    fields.password = `\${${name}}`;
    parsed.password = '';
  }
  parsed.search = ''; // query options may carry credentials too (sslpassword, …)
  fields.url = keepLiteral(parsed.href);
  if (connection?.includes('?'))
    context.notes.push(
      "the connection string's ?options are not carried over (they may hold credentials); add what you need",
    );
  if (type === 'redis') fields.queues = [];
  if (text(monitor.databaseQuery) !== undefined)
    context.notes.push(
      'databaseQuery not carried over: the check runs SELECT 1; named metric queries go in queries (docs/check-types.md)',
    );
  return { fields };
}

function mapGrpc(monitor: Fields, context: MonitorContext): MonitorMapping {
  const address = splitHostPort(String(monitor.grpcUrl ?? '').replace(/^grpcs?:\/\//, ''));
  if (address?.port === undefined) return { reason: 'a grpc-keyword monitor needs grpcUrl as host:port' };
  const fields: Fields = { type: 'grpc', host: keepLiteral(address.host), port: address.port };
  if (monitor.grpcEnableTls === true || monitor.grpcEnableTls === 1) fields.tls = true;
  context.notes.push(
    `grpcServiceName/grpcMethod/keyword not carried over: the Vigil check asks the standard grpc.health.v1 Health/Check of the server (it must implement it)`,
  );
  return { fields };
}

/** Kuma's headers: a JSON object as text; a credential's value becomes a ${VAR}. */
function readHeaders(value: unknown, context: MonitorContext): Record<string, string> {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return {};
    try {
      parsed = JSON.parse(value);
    } catch {
      context.notes.push('headers not carried over: they are not a JSON object');
      return {};
    }
  }
  if (!isRecord(parsed)) return {};
  const headers: Record<string, string> = {};
  for (const [name, item] of Object.entries(parsed)) {
    if (isSecretHeader(name)) {
      const variable = toVariableName(context.id, name);
      context.secrets.push({ name: variable, where: `${context.where}: its ${name} header` });
      headers[name] = `\${${variable}}`;
    } else headers[name] = keepLiteral(String(item));
  }
  return headers;
}

/** A URL's credentials (password, a token as user name, secret query parameters) become ${VAR}s; the rest is kept literal. */
function withUrlSecret(url: string, context: MonitorContext): string {
  return protectUrlSecrets(
    url,
    { id: context.id, where: context.where, secrets: context.secrets },
    keepLiteral,
  );
}

/** ["200-299", "301"] → ["2xx", 301]: whole hundreds as classes, other ranges code by code. */
export function toExpectedStatus(value: unknown): (string | number)[] | undefined {
  let list: unknown = value ?? ['200-299'];
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list);
    } catch {
      list = [list];
    }
  }
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const codes = new Set<number>();
  for (const item of list) {
    const match = /^\s*(\d{3})\s*(?:-\s*(\d{3}))?\s*$/.exec(String(item));
    if (!match) return undefined;
    const from = Number(match[1]);
    const to = Number(match[2] ?? match[1]);
    for (let code = Math.max(from, 100); code <= Math.min(to, 599); code += 1) codes.add(code);
  }
  const expected: (string | number)[] = [];
  for (let hundred = 1; hundred <= 5; hundred += 1) {
    const inClass = [...codes].filter((code) => Math.floor(code / 100) === hundred).sort((a, b) => a - b);
    if (inClass.length === 100) expected.push(`${hundred}xx`);
    else expected.push(...inClass);
  }
  return expected.length > 0 ? expected : undefined;
}

function toJsonValue(text: string): string | number | boolean | null {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(text) && Number.isFinite(Number(text))) return Number(text);
  return keepLiteral(text);
}

function toPort(value: unknown): number | undefined {
  const port = Number(value);
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
