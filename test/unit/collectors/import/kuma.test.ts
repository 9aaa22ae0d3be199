// What each Uptime Kuma monitor becomes; no secret of the backup ever reaches a check.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportInputError } from '../../../../collectors/import/import-types.ts';
import { importKuma } from '../../../../collectors/import/kuma.ts';
import { toExpectedStatus } from '../../../../collectors/import/kuma-monitor.ts';

const FIXTURE = new URL('../../../fixtures/import/kuma-backup.json', import.meta.url);

function importMonitors(...monitorList: Record<string, unknown>[]) {
  return importKuma(JSON.stringify({ version: '1.23.16', notificationList: [], monitorList }), 'backup.json');
}

describe('importKuma: one monitor per type', () => {
  const cases: { name: string; monitor: Record<string, unknown>; check: Record<string, unknown> }[] = [
    {
      name: 'http: interval and timeout in seconds, maxretries + 1 failures before down',
      monitor: {
        name: 'Web',
        type: 'http',
        url: 'https://example.org/',
        interval: 60,
        timeout: 48,
        maxretries: 1,
      },
      check: {
        id: 'web',
        type: 'http',
        url: 'https://example.org/',
        interval: '1m',
        timeout: '48s',
        retries: 0,
        failuresBeforeDown: 2,
      },
    },
    {
      name: 'keyword',
      monitor: { name: 'k', type: 'keyword', url: 'https://example.org/', keyword: 'Sign in' },
      check: { type: 'http', keyword: 'Sign in' },
    },
    {
      name: 'keyword inverted is forbiddenKeyword',
      monitor: {
        name: 'k',
        type: 'keyword',
        url: 'https://example.org/',
        keyword: 'Error',
        invertKeyword: true,
      },
      check: { type: 'http', forbiddenKeyword: 'Error' },
    },
    {
      name: 'json-query: a plain JSONata path is a JSON path; "42" the number',
      monitor: {
        name: 'j',
        type: 'json-query',
        url: 'https://example.org/',
        jsonPath: 'data.items[0].count',
        expectedValue: '42',
      },
      check: { type: 'http', json: [{ path: '$.data.items[0].count', equals: 42 }] },
    },
    {
      name: 'json-query with another operator is a condition',
      monitor: {
        name: 'j',
        type: 'json-query',
        url: 'https://example.org/',
        jsonPath: 'depth',
        expectedValue: '10',
        jsonPathOperator: '<',
      },
      check: { type: 'http', conditions: ['[BODY].depth < 10'] },
    },
    {
      name: 'port is tcp',
      monitor: { name: 'p', type: 'port', hostname: 'db.internal', port: 5432 },
      check: { type: 'tcp', host: 'db.internal', port: 5432 },
    },
    {
      name: 'ping with its count',
      monitor: { name: 'p', type: 'ping', hostname: '10.0.0.1', ping_count: 5 },
      check: { type: 'ping', host: '10.0.0.1', count: 5 },
    },
    {
      name: 'dns: server, port, record type',
      monitor: {
        name: 'd',
        type: 'dns',
        hostname: 'example.com',
        dns_resolve_server: '9.9.9.9',
        dns_resolve_type: 'AAAA',
        port: 5353,
      },
      check: {
        type: 'dns',
        name: 'd',
        server: '9.9.9.9',
        queryName: 'example.com',
        recordType: 'AAAA',
        port: 5353,
      },
    },
    {
      name: 'push is a heartbeat every interval',
      monitor: { name: 'Backup', type: 'push', pushToken: 'tok', interval: 3600, maxretries: 2 },
      check: { type: 'heartbeat', every: '1h' },
    },
    {
      name: 'docker',
      monitor: { name: 'n', type: 'docker', docker_container: 'nginx', docker_host: 1 },
      check: { type: 'docker', containers: ['nginx'] },
    },
    {
      name: 'grpc-keyword is a grpc health check',
      monitor: { name: 'g', type: 'grpc-keyword', grpcUrl: 'grpc.internal:50051', grpcEnableTls: true },
      check: { type: 'grpc', host: 'grpc.internal', port: 50051, tls: true },
    },
    {
      name: 'smtp with implicit TLS',
      monitor: { name: 's', type: 'smtp', hostname: 'smtp.example.org', port: 465, smtpSecurity: 'secure' },
      check: { type: 'smtp', host: 'smtp.example.org', port: 465, tls: 'implicit' },
    },
    {
      name: 'websocket-upgrade',
      monitor: { name: 'w', type: 'websocket-upgrade', url: 'wss://feed.example.org/', ignoreTls: true },
      check: { type: 'websocket', url: 'wss://feed.example.org/', insecure: true },
    },
    {
      name: 'system-service is a systemd check of that unit',
      monitor: { name: 'u', type: 'system-service', system_service_name: 'nginx.service' },
      check: { type: 'systemd', unit: 'nginx.service' },
    },
    {
      name: 'inactive is enabled: false',
      monitor: { name: 'off', type: 'http', url: 'https://example.org/', active: false },
      check: { enabled: false },
    },
  ];
  for (const { name, monitor, check } of cases) {
    it(name, () => {
      const result = importMonitors(monitor);
      expect(result.checks).toHaveLength(1);
      expect(result.checks[0]).toMatchObject(check);
    });
  }

  it('a push monitor gets no run interval or failure count (its interval is how often the job reports)', () => {
    const [check] = importMonitors({ name: 'b', type: 'push', interval: 60, maxretries: 3 }).checks;
    expect(check).not.toHaveProperty('interval');
    expect(check).not.toHaveProperty('failuresBeforeDown');
  });

  it('group monitors are groups, their children in them', () => {
    const result = importMonitors(
      { id: 1, name: 'Web', type: 'group' },
      { id: 2, name: 'Site', type: 'http', url: 'https://example.org/', parent: 1 },
      { id: 3, name: 'web', type: 'http', url: 'https://example.com/' },
    );
    expect(result.groups).toEqual([{ id: 'web', name: 'Web' }]);
    expect(result.checks.map((check) => [check.id, check.group])).toEqual([
      ['site', 'web'],
      ['web-2', undefined],
    ]);
  });

  it('upside-down monitors and types Vigil lacks are listed, not written', () => {
    const result = importMonitors(
      { name: 'Down', type: 'http', url: 'https://example.org/', upsideDown: true },
      { name: 'Broker', type: 'mqtt', hostname: 'mqtt' },
    );
    expect(result.checks).toEqual([]);
    expect(result.notMapped.map((item) => `${item.where}: ${item.reason}`)).toEqual([
      'monitorList[0] "Down" (line 1): upside-down mode (up while the target fails) has no Vigil equivalent; writing it would invert what it means',
      'monitorList[1] "Broker" (line 1): Uptime Kuma\'s mqtt monitors have no Vigil check type',
    ]);
  });
});

describe('importKuma: secrets become ${VAR}s', () => {
  it('database passwords, secret headers, basic auth and URL passwords', () => {
    const result = importMonitors(
      {
        name: 'Main DB',
        type: 'postgres',
        databaseConnectionString: 'postgres://app:pa55word@db:5432/app?sslpassword=x',
      },
      { name: 'Cache', type: 'redis', databaseConnectionString: 'redis://:pa55word@cache:6379' },
      {
        name: 'API',
        type: 'http',
        url: 'https://u:pa55word@api.example.org/',
        headers: '{"Authorization": "Bearer pa55word", "Accept": "text/plain"}',
      },
      {
        name: 'Basic',
        type: 'http',
        url: 'https://b.example.org/',
        authMethod: 'basic',
        basic_auth_user: 'mon',
        basic_auth_pass: 'pa55word',
      },
      {
        name: 'Form',
        type: 'http',
        url: 'https://c.example.org/',
        method: 'POST',
        body: '{"password":"pa55word"}',
      },
    );
    expect(JSON.stringify(result.checks)).not.toContain('pa55word');
    expect(result.checks[0]).toMatchObject({
      url: 'postgres://app@db:5432/app',
      password: '${MAIN_DB_PASSWORD}',
    });
    expect(result.checks[1]).toMatchObject({
      url: 'redis://cache:6379',
      password: '${CACHE_PASSWORD}',
      queues: [],
    });
    expect(result.checks[2]).toMatchObject({
      url: 'https://u:${API_URL_PASSWORD}@api.example.org/',
      headers: { Authorization: '${API_AUTHORIZATION}', Accept: 'text/plain' },
    });
    expect(result.checks[3]).toMatchObject({ url: 'https://mon:${BASIC_PASSWORD}@b.example.org/' });
    expect(result.checks[4]).toMatchObject({ body: '${FORM_BODY}' });
    expect(result.secrets.map((secret) => secret.name)).toEqual([
      'MAIN_DB_PASSWORD',
      'CACHE_PASSWORD',
      'API_URL_PASSWORD',
      'API_AUTHORIZATION',
      'BASIC_PASSWORD',
      'FORM_BODY',
    ]);
  });

  it('the fixture backup: nothing of its passwords, tokens or notification settings is written', () => {
    const result = importKuma(readFileSync(FIXTURE, 'utf8'), 'kuma-backup.json');
    const written = JSON.stringify([result.checks, result.notMapped, result.site]);
    for (const secret of ['hunter2', 's3cr3t-token', 'pa55word', 'Xk2bQ9sL1p', 'hooks.slack.com', 'sslmode'])
      expect(written).not.toContain(secret);
  });

  it('text of the backup that looks like a ${VAR} stays literal', () => {
    const [check] = importMonitors({
      name: 'x',
      type: 'keyword',
      url: 'https://example.org/',
      keyword: 'cost ${PRICE}',
    }).checks;
    expect(check).toMatchObject({ keyword: 'cost $${PRICE}' });
  });
});

describe('toExpectedStatus', () => {
  const cases: [unknown, (string | number)[] | undefined][] = [
    [['200-299'], ['2xx']],
    ['["200-299"]', ['2xx']],
    [
      ['200-204', '301'],
      [200, 201, 202, 203, 204, 301],
    ],
    [['200-399'], ['2xx', '3xx']],
    [['100-599'], ['1xx', '2xx', '3xx', '4xx', '5xx']],
    [undefined, ['2xx']],
    [['abc'], undefined],
  ];
  for (const [input, expected] of cases)
    it(JSON.stringify(input), () => expect(toExpectedStatus(input)).toEqual(expected));
});

describe('importKuma: unreadable input is FILE:LINE', () => {
  const cases = [
    { text: '{\n  "monitorList": [\n    {"name": }\n  ]\n}', message: /^backup\.json:3: not valid JSON/ },
    {
      text: '{"version": "1.23"}',
      message: /^backup\.json:1: expected an Uptime Kuma backup, a JSON object with "monitorList"/,
    },
    { text: '[1, 2]', message: /^backup\.json:1: expected an Uptime Kuma backup/ },
  ];
  for (const { text, message } of cases) {
    it(JSON.stringify(text), () => {
      expect(() => importKuma(text, 'backup.json')).toThrow(ImportInputError);
      expect(() => importKuma(text, 'backup.json')).toThrow(message);
    });
  }
});
