// Every imported check goes through the real config loader before it is written.
import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../../../collectors/import/import-types.ts';
import {
  keepLoadableChecks,
  renderImportedConfig,
} from '../../../../collectors/import/write-imported-config.ts';
import { neededBySite, parseConfigText } from '../../../../core/config/load-config.ts';

function result(checks: Record<string, unknown>[], extra: Partial<ImportResult> = {}): ImportResult {
  return {
    groups: [],
    checks,
    notMapped: [],
    secrets: [],
    origins: checks.map((_, index) => `endpoints[${index}]`),
    ...extra,
  };
}

describe('keepLoadableChecks', () => {
  it("keeps valid checks and lists an invalid one with the loader's reason", () => {
    const kept = keepLoadableChecks(
      result([
        { id: 'ok', type: 'tcp', host: 'db', port: 5432 },
        { id: 'bad', type: 'tcp', host: 'db', port: 70000 },
      ]),
    );
    expect(kept.checks.map((check) => check.id)).toEqual(['ok']);
    expect(kept.notMapped).toHaveLength(1);
    expect(kept.notMapped[0]?.where).toBe('endpoints[1]');
    expect(kept.notMapped[0]?.reason).toMatch(/^the tcp check it would become is invalid: port: /);
  });

  it('drops only the conditions the loader refuses and keeps the check', () => {
    const kept = keepLoadableChecks(
      result([
        {
          id: 'web',
          type: 'http',
          url: 'https://example.org/',
          conditions: ['[STATUS] == 200', '[FOO] == 1'],
        },
      ]),
    );
    expect(kept.checks).toHaveLength(1);
    const reasons = kept.notMapped.map((item) => item.reason);
    expect(reasons.some((reason) => reason.startsWith('condition "[FOO] == 1" dropped: '))).toBe(true);
    // A condition the loader accepts stays.
    const conditions = kept.checks[0]?.conditions as string[] | undefined;
    if (conditions !== undefined) expect(conditions).not.toContain('[FOO] == 1');
  });

  it('makes ids unique and URL-safe, never a group id or a reserved one', () => {
    const kept = keepLoadableChecks(
      result(
        [
          { id: 'Web API', type: 'tcp', host: 'a', port: 1 },
          { id: 'web-api', type: 'tcp', host: 'b', port: 1 },
          { id: 'core', type: 'tcp', host: 'c', port: 1 },
          { name: 'vigil', type: 'tcp', host: 'd', port: 1 },
        ],
        { groups: [{ id: 'core', name: 'Core' }] },
      ),
    );
    expect(kept.checks.map((check) => check.id)).toEqual(['web-api', 'web-api-2', 'core-2', 'vigil-2']);
  });

  it('asks only for the variables the written checks use', () => {
    const kept = keepLoadableChecks(
      result(
        [
          {
            id: 'api',
            type: 'http',
            url: 'https://example.org/',
            headers: { Authorization: '${API_TOKEN}' },
          },
        ],
        {
          secrets: [
            { name: 'API_TOKEN', where: 'endpoints[0].headers.Authorization' },
            { name: 'SLACK_WEBHOOK_URL', where: 'alerting.slack.webhook-url' },
          ],
        },
      ),
    );
    expect(kept.secrets.map((secret) => secret.name)).toEqual(['API_TOKEN']);
  });

  it('a site setting the loader refuses is listed and left out', () => {
    const kept = keepLoadableChecks(result([], { site: { title: 'Ops', url: 'ftp://nope' } }));
    expect(kept.site).toEqual({ title: 'Ops' });
    expect(kept.notMapped[0]?.where).toBe('site.url');
  });
});

describe('renderImportedConfig', () => {
  it("writes a $schema line, where it came from, the variables, each check's origin and what was left", () => {
    const kept = keepLoadableChecks(
      result(
        [
          {
            id: 'db',
            name: 'DB',
            type: 'postgres',
            url: 'postgres://app@db:5432/app',
            password: '${DB_PASSWORD}',
          },
        ],
        {
          site: { title: 'Ops', description: 'Our services' },
          secrets: [
            { name: 'DB_PASSWORD', where: 'monitorList[0] "DB": the password of its connection string' },
          ],
          notMapped: [
            {
              where: 'endpoints[1] "ftp" (line 9)',
              what: 'ftp',
              reason: 'udp:// endpoints have no Vigil check type',
            },
          ],
        },
      ),
    );
    const text = renderImportedConfig({
      result: kept,
      from: 'kuma',
      sourceFile: 'backup.json',
      generatedAt: new Date('2026-12-01T12:00:00Z'),
      schemaPath: './status.config.schema.json',
    });
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./status.config.schema.json');
    expect(text).toContain('# Imported by `vigil import kuma` from backup.json at 2026-12-01T12:00:00.000Z:');
    expect(text).toContain('#   DB_PASSWORD: monitorList[0] "DB": the password of its connection string');
    expect(text).toContain('  # from endpoints[0]\n  - id: db\n    name: DB\n    type: postgres\n');
    expect(text).toContain('#   endpoints[1] "ftp" (line 9): udp:// endpoints have no Vigil check type');
    expect(text).toContain('site:\n  title: Ops\n  intro: Our services\n');
    const { config } = parseConfigText(text, 'status.config.yaml', {}, neededBySite);
    expect(config.checks.map((check) => check.id)).toEqual(['db']);
  });

  it('writes a fresh site.pageId, and a given one quoted when YAML would read it as a number', () => {
    const input = {
      from: 'gatus',
      sourceFile: 'config.yaml',
      generatedAt: new Date('2026-12-01T12:00:00Z'),
      schemaPath: './status.config.schema.json',
    };
    const pageIdOf = (text: string) =>
      parseConfigText(text, 'status.config.yaml', {}, neededBySite).config.site.pageId;
    const fresh = [1, 2].map(() => pageIdOf(renderImportedConfig({ ...input, result: result([]) })));
    for (const id of fresh) expect(id).toMatch(/^[a-z][a-z0-9]{11}$/);
    expect(fresh[0]).not.toBe(fresh[1]);
    const titled = renderImportedConfig({
      ...input,
      result: result([], { site: { title: 'Ops' } }),
      pageId: '0x1a2b',
    });
    expect(titled).toContain('site:\n  title: Ops\n  pageId: "0x1a2b"\n');
    expect(pageIdOf(titled)).toBe('0x1a2b');
  });

  it('text from the source cannot break out of a comment', () => {
    const kept = keepLoadableChecks(
      result([], { notMapped: [{ where: 'x\nchecks: []', what: 'x', reason: 'evil\r\n- id: injected' }] }),
    );
    const text = renderImportedConfig({
      result: kept,
      from: 'gatus',
      sourceFile: 'a\nb.yaml',
      generatedAt: new Date(0),
      schemaPath: './s.json',
    });
    expect(text).not.toMatch(/^- id: injected/m);
    expect(text.match(/^checks:/gm)).toHaveLength(1);
  });
});
