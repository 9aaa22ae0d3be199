// One Gatus endpoint's address and conditions as a Vigil check's type-specific fields.
import { isRecord } from '../../core/is-record.ts';
import { splitHostPort } from './import-helpers.ts';

export type Fields = Record<string, unknown>;
/** The type-specific fields of the check, or why the endpoint has no Vigil equivalent; notes list what was left out. */
export type EndpointMapping = { fields: Fields; notes: string[] } | { reason: string };

/** The metric a `[RESPONSE_TIME]` condition limits, for the types whose conditions Vigil does not compile. */
const RESPONSE_METRIC: Record<string, string> = {
  ping: 'rttAvgMs',
  tls: 'handshakeMs',
  smtp: 'connectMs',
  websocket: 'connectMs',
  grpc: 'latencyMs',
};

/**
 * Gatus picks an endpoint's type from `dns:` and the URL's scheme (config/endpoint/endpoint.go Type());
 * the same order here. http, tcp and dns checks take `conditions` as they are (the config loader
 * compiles them); the other types get theirs translated into fields, or listed.
 */
export function mapGatusEndpoint(endpoint: Fields, conditions: string[]): EndpointMapping {
  const url = typeof endpoint.url === 'string' ? endpoint.url.trim() : '';
  const scheme = /^([a-z]+):\/\//i.exec(url)?.[1]?.toLowerCase();
  const rest = url.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  const notes: string[] = [];
  if (endpoint.dns !== undefined && endpoint.dns !== null) return mapDns(endpoint, url, conditions);
  if (url === '') return { reason: 'no url; Gatus needs one for every endpoint' };
  switch (scheme) {
    case 'http':
    case 'https':
      return { fields: mapHttp(endpoint, url, conditions, notes), notes };
    case 'tcp': {
      const address = splitHostPort(rest);
      if (address?.port === undefined)
        return { reason: `expected tcp://host:port, got ${JSON.stringify(url)}` };
      if (typeof endpoint.body === 'string' && endpoint.body !== '')
        notes.push('body not carried over: a Vigil tcp check sends nothing before it reads');
      return {
        fields: { type: 'tcp', host: address.host, port: address.port, ...withConditions(conditions) },
        notes,
      };
    }
    case 'udp':
      return { reason: 'udp:// endpoints have no Vigil check type (UDP has no connection to prove)' };
    case 'sctp':
      return { reason: 'sctp:// endpoints have no Vigil check type' };
    case 'icmp':
      return translated('ping', { type: 'ping', host: rest.replace(/^\[|\]$/g, '') }, conditions);
    case 'tls':
    case 'starttls': {
      const address = splitHostPort(rest);
      if (address?.port === undefined)
        return { reason: `expected ${scheme}://host:port, got ${JSON.stringify(url)}` };
      const fields: Fields =
        scheme === 'tls'
          ? { type: 'tls', host: address.host, port: address.port }
          : // Gatus's starttls:// speaks SMTP (client.CanPerformStartTLS uses net/smtp).
            { type: 'smtp', host: address.host, port: address.port, tls: 'starttls' };
      if (isInsecure(endpoint)) fields.insecure = true;
      if (scheme === 'tls' && typeof endpoint.body === 'string' && endpoint.body !== '')
        notes.push('body not carried over: a Vigil tls check sends nothing after the handshake');
      return withNotes(translated(fields.type as string, fields, conditions), notes);
    }
    case 'ws':
    case 'wss': {
      const fields: Fields = { type: 'websocket', url };
      if (isRecordOfStrings(endpoint.headers) && Object.keys(endpoint.headers).length > 0)
        fields.headers = endpoint.headers;
      if (typeof endpoint.body === 'string' && endpoint.body !== '') fields.send = endpoint.body;
      if (isInsecure(endpoint)) fields.insecure = true;
      return translated('websocket', fields, conditions);
    }
    case 'grpc':
    case 'grpcs': {
      const address = splitHostPort(rest);
      if (address?.port === undefined)
        return { reason: `expected ${scheme}://host:port, got ${JSON.stringify(url)}` };
      const fields: Fields = { type: 'grpc', host: address.host, port: address.port };
      if (scheme === 'grpcs') fields.tls = true;
      if (isInsecure(endpoint)) fields.insecure = true;
      return translated('grpc', fields, conditions);
    }
    case 'ssh':
      return mapSsh(endpoint, rest, conditions);
    default:
      return {
        reason: `${scheme === undefined ? 'a URL without a scheme' : `${scheme}:// endpoints`} have no Vigil check type`,
      };
  }
}

function mapHttp(endpoint: Fields, url: string, conditions: string[], notes: string[]): Fields {
  const fields: Fields = { type: 'http', url };
  if (typeof endpoint.method === 'string' && endpoint.method.toUpperCase() !== 'GET')
    fields.method = endpoint.method.toUpperCase();
  const headers = isRecordOfStrings(endpoint.headers) ? { ...endpoint.headers } : {};
  let body = typeof endpoint.body === 'string' && endpoint.body !== '' ? endpoint.body : undefined;
  // graphql: true wraps the body in {"query": …} and sends it as JSON (Gatus's own rule).
  if (endpoint.graphql === true && body !== undefined) {
    body = JSON.stringify({ query: body });
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
      headers['Content-Type'] = 'application/json';
  }
  if (Object.keys(headers).length > 0) fields.headers = headers;
  if (body !== undefined) {
    fields.body = body;
    if (/\[(ENDPOINT_[A-Z]+|LOCAL_ADDRESS|RANDOM_STRING_\d+|CONTEXT)\]/.test(body))
      notes.push(
        'its body uses Gatus placeholders ([ENDPOINT_NAME], [RANDOM_STRING_N], …), which Vigil sends as written',
      );
  }
  if (isInsecure(endpoint)) fields.insecure = true;
  const client = isRecord(endpoint.client) ? endpoint.client : {};
  if (client['ignore-redirect'] === true) fields.followRedirects = false;
  Object.assign(fields, withConditions(conditions));
  return fields;
}

function mapDns(endpoint: Fields, url: string, conditions: string[]): EndpointMapping {
  const dns = isRecord(endpoint.dns) ? endpoint.dns : {};
  const name = dns['query-name'];
  if (typeof name !== 'string' || name === '') return { reason: 'dns.query-name is missing' };
  const server = splitHostPort(url.replace(/^[a-z]+:\/\//i, ''));
  if (server === undefined)
    return { reason: `expected the DNS server's address in url, got ${JSON.stringify(url)}` };
  const fields: Fields = { type: 'dns', server: server.host, queryName: name };
  if (server.port !== undefined && server.port !== 53) fields.port = server.port;
  if (typeof dns['query-type'] === 'string' && dns['query-type'] !== 'A')
    fields.recordType = dns['query-type'].toUpperCase();
  return { fields: { ...fields, ...withConditions(conditions) }, notes: [] };
}

/** ssh:// without credentials is Gatus's banner check; with them it runs a command, which Vigil's tcp check does not. */
function mapSsh(endpoint: Fields, rest: string, conditions: string[]): EndpointMapping {
  const address = splitHostPort(rest);
  if (address === undefined) return { reason: `expected ssh://host[:port], got ${JSON.stringify(rest)}` };
  const notes: string[] = [];
  const ssh = isRecord(endpoint.ssh) ? endpoint.ssh : {};
  if (['username', 'password', 'private-key'].some((key) => typeof ssh[key] === 'string' && ssh[key] !== ''))
    notes.push(
      'ssh login and command not carried over: the Vigil check reads the SSH banner only; a command over SSH is a command check (docs/check-types.md)',
    );
  const kept: string[] = [];
  for (const condition of conditions) {
    if (/\[(STATUS|BODY)\]/.test(condition))
      notes.push(
        `condition ${JSON.stringify(condition)} dropped: it reads the SSH command's result, which is not run`,
      );
    else kept.push(condition);
  }
  const fields: Fields = { type: 'tcp', host: address.host, port: address.port ?? 22, banner: 'SSH-' };
  return { fields: { ...fields, ...withConditions(kept) }, notes };
}

/** Conditions of the types that do not take `conditions`, as their own fields; the rest listed. */
function translated(type: string, fields: Fields, conditions: string[]): EndpointMapping {
  const notes: string[] = [];
  const thresholds: Record<string, Record<string, number>> = {};
  for (const condition of conditions) {
    const text = condition.replace(/\s+/g, ' ').trim();
    if (/^\[CONNECTED\] == true$/i.test(text)) continue; // every Vigil probe is down when it cannot connect
    if (type === 'grpc' && /^\[BODY\]\.status == SERVING$/.test(text)) continue; // SERVING is what up means
    const responseTime = /^\[RESPONSE_TIME\] (<|<=) (\d+(?:\.\d+)?)$/.exec(text);
    const metric = RESPONSE_METRIC[type];
    if (responseTime && metric !== undefined) {
      thresholds[metric] = { downAbove: Number(responseTime[2]) };
      continue;
    }
    const certificate = /^\[CERTIFICATE_EXPIRATION\] (>|>=) (\S+)$/.exec(text);
    const certificateMs = certificate ? parseCertificateMs(certificate[2] as string) : undefined;
    if (certificateMs !== undefined && (type === 'tls' || type === 'smtp')) {
      thresholds.certDaysLeft = { downBelow: Math.round((certificateMs / 86_400_000) * 100) / 100 };
      continue;
    }
    const pattern = /^\[BODY\] == pat\(\*([^*?]+)\*\)$/.exec(text);
    if (pattern && type === 'websocket') {
      fields.expect = pattern[1];
      continue;
    }
    notes.push(`condition ${JSON.stringify(condition)} dropped: a Vigil ${type} check has no equivalent`);
  }
  if (Object.keys(thresholds).length > 0) fields.thresholds = thresholds;
  return { fields, notes };
}

function parseCertificateMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(h|m|s)?$/.exec(text);
  if (!match) return undefined;
  const unit = match[2] === 'm' ? 60_000 : match[2] === 's' ? 1000 : 3_600_000;
  return Number(match[1]) * unit;
}

function withNotes(mapping: EndpointMapping, notes: string[]): EndpointMapping {
  return 'fields' in mapping ? { ...mapping, notes: [...notes, ...mapping.notes] } : mapping;
}

function withConditions(conditions: string[]): Fields {
  return conditions.length > 0 ? { conditions } : {};
}

function isInsecure(endpoint: Fields): boolean {
  return isRecord(endpoint.client) && endpoint.client.insecure === true;
}

function isRecordOfStrings(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((item) => typeof item === 'string');
}
