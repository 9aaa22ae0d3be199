// What each Gatus endpoint becomes (table-driven over small configs in Gatus's README style).
import { describe, expect, it } from 'vitest';
import { importGatus } from '../../../../collectors/import/gatus.ts';
import { ImportInputError } from '../../../../collectors/import/import-types.ts';

function importEndpoint(yaml: string) {
  return importGatus(`endpoints:\n${yaml}`, 'config.yaml');
}

describe('importGatus: one endpoint per type', () => {
  const cases: { name: string; yaml: string; check: Record<string, unknown> }[] = [
    {
      name: 'https with conditions, headers, method, body',
      yaml: `  - name: API
    url: https://api.example.org/health
    method: post
    headers: { X-Id: 7 }
    body: '{"a":1}'
    conditions: ["[STATUS] == 200", "[RESPONSE_TIME] < 300"]`,
      check: {
        id: 'api',
        name: 'API',
        type: 'http',
        url: 'https://api.example.org/health',
        method: 'POST',
        headers: { 'X-Id': '7' },
        body: '{"a":1}',
        conditions: ['[STATUS] == 200', '[RESPONSE_TIME] < 300'],
      },
    },
    {
      name: 'graphql wraps the body as Gatus does',
      yaml: `  - name: gql
    url: http://localhost:8080/playground
    method: POST
    graphql: true
    body: "{ users { id } }"
    conditions: ["[STATUS] == 200"]`,
      check: {
        type: 'http',
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"query":"{ users { id } }"}',
      },
    },
    {
      name: 'client settings: insecure, ignore-redirect, timeout; interval in Go form',
      yaml: `  - name: site
    url: https://example.org
    interval: 1m30s
    client: { insecure: true, ignore-redirect: true, timeout: 5s }
    conditions: ["[STATUS] == 200"]`,
      check: { insecure: true, followRedirects: false, timeout: '5s', interval: '90s' },
    },
    {
      name: 'icmp:// is ping; [RESPONSE_TIME] becomes a threshold, [CONNECTED] is implied',
      yaml: `  - name: ping
    url: icmp://example.org
    conditions: ["[CONNECTED] == true", "[RESPONSE_TIME] < 200"]`,
      check: { type: 'ping', host: 'example.org', thresholds: { rttAvgMs: { downAbove: 200 } } },
    },
    {
      name: 'dns: the server from url, the question from dns:',
      yaml: `  - name: dns
    url: "8.8.8.8:5353"
    dns: { query-name: example.com, query-type: MX }
    conditions: ["[DNS_RCODE] == NOERROR"]`,
      check: {
        type: 'dns',
        server: '8.8.8.8',
        port: 5353,
        queryName: 'example.com',
        recordType: 'MX',
        conditions: ['[DNS_RCODE] == NOERROR'],
      },
    },
    {
      name: 'tcp://',
      yaml: `  - name: redis
    url: tcp://127.0.0.1:6379
    conditions: ["[CONNECTED] == true"]`,
      check: { type: 'tcp', host: '127.0.0.1', port: 6379, conditions: ['[CONNECTED] == true'] },
    },
    {
      name: 'tls:// with a certificate condition in days',
      yaml: `  - name: ldaps
    url: tls://ldap.example.com:636
    conditions: ["[CONNECTED] == true", "[CERTIFICATE_EXPIRATION] > 48h"]`,
      check: {
        type: 'tls',
        host: 'ldap.example.com',
        port: 636,
        thresholds: { certDaysLeft: { downBelow: 2 } },
      },
    },
    {
      name: 'starttls:// is smtp with STARTTLS',
      yaml: `  - name: mail
    url: starttls://smtp.example.com:587
    conditions: ["[CONNECTED] == true"]`,
      check: { type: 'smtp', host: 'smtp.example.com', port: 587, tls: 'starttls' },
    },
    {
      name: 'wss:// is websocket: body sent, pat(*text*) expected',
      yaml: `  - name: ws
    url: wss://echo.example.org/
    body: status
    conditions: ["[CONNECTED] == true", "[BODY] == pat(*served by*)"]`,
      check: { type: 'websocket', url: 'wss://echo.example.org/', send: 'status', expect: 'served by' },
    },
    {
      name: 'grpcs:// is grpc with tls; SERVING is what up means',
      yaml: `  - name: grpc
    url: grpcs://grpc.example.com:443
    conditions: ["[CONNECTED] == true", "[BODY].status == SERVING"]`,
      check: { type: 'grpc', host: 'grpc.example.com', port: 443, tls: true },
    },
    {
      name: 'ssh:// is a tcp banner check on port 22',
      yaml: `  - name: ssh
    url: ssh://login.example.com
    conditions: ["[CONNECTED] == true"]`,
      check: { type: 'tcp', host: 'login.example.com', port: 22, banner: 'SSH-' },
    },
  ];
  for (const { name, yaml, check } of cases) {
    it(name, () => {
      const result = importEndpoint(yaml);
      expect(result.checks).toHaveLength(1);
      expect(result.checks[0]).toMatchObject(check);
    });
  }

  it('conditions on a translated type that have no equivalent are listed, not silently lost', () => {
    const result = importEndpoint(`  - name: ping
    url: icmp://example.org
    conditions: ["[IP] == 127.0.0.1"]`);
    expect(result.checks[0]).not.toHaveProperty('conditions');
    expect(result.notMapped.map((item) => item.reason)).toContain(
      'condition "[IP] == 127.0.0.1" dropped: a Vigil ping check has no equivalent',
    );
  });
});

describe('importGatus: what is not mapped says where and why', () => {
  it('udp:// and sctp:// name the endpoint and its line', () => {
    const result = importGatus(
      'endpoints:\n  - name: ok\n    url: https://example.org\n    conditions: ["[STATUS] == 200"]\n  - name: legacy-ftp\n    url: udp://ftp.example.org:21\n',
      'config.yaml',
    );
    expect(result.notMapped).toContainEqual({
      where: 'endpoints[1] "legacy-ftp" (line 5)',
      what: 'legacy-ftp',
      reason: 'udp:// endpoints have no Vigil check type (UDP has no connection to prove)',
    });
  });

  it('alerts, maintenance, storage and the like are listed with what to do instead', () => {
    const result = importGatus(
      'storage: { type: sqlite, path: data.db }\nalerting: { slack: { webhook-url: x } }\nendpoints:\n  - name: a\n    url: https://example.org\n    alerts: [{ type: slack }]\n    maintenance-windows: [{ start: "07:30", duration: 40m }]\n',
      'config.yaml',
    );
    const reasons = result.notMapped.map((item) => `${item.where}: ${item.reason}`);
    expect(reasons.some((line) => line.startsWith('storage (line 1): '))).toBe(true);
    expect(reasons.some((line) => line.startsWith('alerting (line 2): alert providers'))).toBe(true);
    expect(reasons.some((line) => /^endpoints\[0\] "a" \(line 4\): alerts not carried over/.test(line))).toBe(
      true,
    );
    expect(reasons.some((line) => /maintenance-windows not carried over/.test(line))).toBe(true);
  });
});

describe('importGatus: groups, ids, enabled, heartbeats', () => {
  it('groups become groups; ids are unique and never a group id or reserved', () => {
    const result = importGatus(
      `endpoints:
  - { name: core, group: core, url: "https://a.example.org", conditions: ["[STATUS] == 200"] }
  - { name: v2, group: core, url: "https://b.example.org", conditions: ["[STATUS] == 200"] }
  - { name: Front End, url: "https://c.example.org", conditions: ["[STATUS] == 200"] }
  - { name: Front End, url: "https://d.example.org", enabled: false, conditions: ["[STATUS] == 200"] }
`,
      'config.yaml',
    );
    expect(result.groups).toEqual([{ id: 'core', name: 'core' }]);
    expect(result.checks.map((check) => check.id)).toEqual(['core-2', 'v2-2', 'front-end', 'front-end-2']);
    expect(result.checks[0]).toMatchObject({ group: 'core' });
    expect(result.checks[3]).toMatchObject({ enabled: false });
  });

  it('external-endpoints are heartbeats every heartbeat.interval; the token is never written', () => {
    const result = importGatus(
      'external-endpoints:\n  - name: backup\n    token: potato\n    heartbeat: { interval: 30m }\n',
      'config.yaml',
    );
    expect(result.checks).toEqual([{ id: 'backup', name: 'backup', type: 'heartbeat', every: '30m' }]);
    expect(JSON.stringify(result.checks)).not.toContain('potato');
  });
});

describe('importGatus: environment variables', () => {
  it('$VAR and ${VAR} become ${VAR} and are listed; $$ stays a literal dollar', () => {
    const result = importEndpoint(`  - name: api
    url: https://\${HOST}/health
    headers: { Authorization: "Bearer $API_TOKEN", X-Price: "$$5", X-Literal: "$\${NOT_A_VAR}" }
    conditions: ["[STATUS] == 200"]`);
    expect(result.checks[0]).toMatchObject({
      url: 'https://${HOST}/health',
      headers: { Authorization: 'Bearer ${API_TOKEN}', 'X-Price': '$5', 'X-Literal': '$${NOT_A_VAR}' },
    });
    expect(result.secrets.map((secret) => secret.name)).toEqual(['HOST', 'API_TOKEN']);
    expect(result.secrets[1]?.where).toBe('endpoints[0].headers.Authorization');
  });
});

describe('importGatus: credentials written in the file', () => {
  it('an inline Authorization header or URL password becomes a ${VAR}', () => {
    const result = importEndpoint(`  - name: api
    url: https://mon:hunter2@api.example.org/
    headers: { Authorization: "Bearer abc123", Accept: text/plain }
    conditions: ["[STATUS] == 200"]`);
    expect(JSON.stringify(result.checks)).not.toMatch(/hunter2|abc123/);
    expect(result.checks[0]).toMatchObject({
      url: 'https://mon:${API_URL_PASSWORD}@api.example.org/',
      headers: { Authorization: '${API_AUTHORIZATION}', Accept: 'text/plain' },
    });
    expect(result.secrets.map((secret) => secret.name)).toEqual(['API_AUTHORIZATION', 'API_URL_PASSWORD']);
  });
});

describe('importGatus: unreadable input is FILE:LINE and an ImportInputError', () => {
  const cases = [
    { text: 'endpoints:\n  - name: a\n   url: x\n', message: /^config\.yaml:3:\d+: YAML syntax error/ },
    { text: '- just\n- a list\n', message: /^config\.yaml:1: expected a Gatus config/ },
    { text: 'metrics: true\n', message: /^config\.yaml:1: no endpoints/ },
    { text: 'metrics: true\nendpoints: 5\n', message: /^config\.yaml:2: endpoints: expected a list/ },
  ];
  for (const { text, message } of cases) {
    it(JSON.stringify(text), () => {
      expect(() => importGatus(text, 'config.yaml')).toThrow(ImportInputError);
      expect(() => importGatus(text, 'config.yaml')).toThrow(message);
    });
  }
});
