import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finding } from '../../../../collectors/init/finding.ts';
import { assignIds, renderInitConfig } from '../../../../collectors/init/write-init-config.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';

const redis: Finding = {
  key: 'listen:127.0.0.1:6379',
  group: 'databases',
  label: 'Redis on 127.0.0.1:6379 (redis-server)',
  check: { id: 'redis', name: 'Redis', type: 'tcp', host: '127.0.0.1', port: 6379, timeout: '5s' },
  comment: ['Redis on 127.0.0.1:6379 (redis-server, pid 812)'],
  fullCheck: {
    id: 'redis',
    name: 'Redis',
    type: 'redis',
    url: 'redis://127.0.0.1:6379',
    password: '${REDIS_PASSWORD}',
  },
};
const host: Finding = {
  key: 'host',
  group: 'host',
  label: 'this machine',
  check: { id: 'host', name: 'Host resources', type: 'host' },
};

function render(findings: Finding[]) {
  return renderInitConfig(renderInput(findings));
}

function renderInput(findings: Finding[]) {
  return {
    findings,
    leftOut: [{ label: 'tmpfs on /run', reason: 'memory-backed, not a real filesystem' }],
    hostname: 'lab-1',
    generatedAt: new Date('2026-12-01T18:00:00Z'),
    schemaPath: './status.config.schema.json',
  };
}

describe('the config vigil init writes', () => {
  it('validates as written, groups follow the page order, the host first', () => {
    const text = render([redis, host]);
    const { config } = parseConfigText(text, 'status.config.yaml', {});
    expect(config.checks.map((check) => [check.id, check.group])).toEqual([
      ['host', 'machine'],
      ['redis', 'databases'],
    ]);
    expect(config.groups.map((group) => group.id)).toEqual(['machine', 'databases']);
    expect(config.site.title).toBe('lab-1 status');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./status.config.schema.json');
  });

  it('writes a fresh page id each time, one that site.pageId accepts', () => {
    const ids = [render([host]), render([host])].map(
      (text) => parseConfigText(text, 'status.config.yaml', {}).config.site.pageId,
    );
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
    const fixed = renderInitConfig({ ...renderInput([host]), pageId: 'lab1page' });
    expect(parseConfigText(fixed, 'status.config.yaml', {}).config.site.pageId).toBe('lab1page');
  });

  it('quotes the page id, so one YAML would read as a number stays the string written', () => {
    for (const pageId of ['12345e678901', '0x1a2b', '1234']) {
      const text = renderInitConfig({ ...renderInput([host]), pageId });
      expect(parseConfigText(text, 'status.config.yaml', {}).config.site.pageId).toBe(pageId);
    }
  });

  it('writes the full check with ${VAR} credentials commented out under the one that needs none', () => {
    const text = render([redis]);
    const lines = text.split('\n');
    const start = lines.indexOf('  # With credentials, the full check (replace the one above with it):');
    expect(start).toBeGreaterThan(0);
    const commented = lines.slice(start + 1).filter((line) => line.startsWith('  # '));
    const full = parse(commented.map((line) => line.slice(4)).join('\n'));
    expect(full).toEqual([{ ...redis.fullCheck, group: 'databases' }]);
    // The variable is only in a comment: nothing to resolve, nothing guessed.
    expect(parseConfigText(text, 'status.config.yaml', {}).unresolved).toEqual([]);
  });

  it('lists what was left out, and a hostile name stays one comment line', () => {
    const hostile: Finding = { ...host, comment: ['evil\nchecks: []\n- id: x'] };
    const text = render([hostile]);
    expect(text).toContain('#   tmpfs on /run: memory-backed, not a real filesystem');
    expect(text).toContain('  # evil checks: [] - id: x');
    expect(parseConfigText(text, 'status.config.yaml', {}).config.checks).toHaveLength(1);
  });

  it('a discovered ${…} stays literal: a mount point never pulls the collector environment into a check', () => {
    const mount: Finding = {
      key: 'filesystem:/mnt/x',
      group: 'filesystems',
      label: '/mnt/${AWS_SECRET_ACCESS_KEY:-x} (nfs4)',
      check: {
        id: 'mnt',
        name: '/mnt/${AWS_SECRET_ACCESS_KEY:-x} (nfs4)',
        type: 'filesystem',
        path: '/mnt/${AWS_SECRET_ACCESS_KEY:-x}',
        mountPoint: true,
      },
    };
    const { config } = parseConfigText(render([mount]), 'status.config.yaml', {
      AWS_SECRET_ACCESS_KEY: 'hunter2-key',
    });
    expect(config.checks[0]).toMatchObject({
      name: '/mnt/${AWS_SECRET_ACCESS_KEY:-x} (nfs4)',
      path: '/mnt/${AWS_SECRET_ACCESS_KEY:-x}',
    });
    expect(JSON.stringify(config)).not.toContain('hunter2');
  });

  it('with nothing kept, still a valid config', () => {
    expect(parseConfigText(render([]), 'status.config.yaml', {}).config.checks).toEqual([]);
  });

  it('makes ids unique and URL-safe', () => {
    const named = (id: string): Finding => ({ ...host, key: id, check: { ...host.check, id } });
    expect(
      assignIds([
        named('redis'),
        named('redis'),
        named('Web Server:8080'),
        named('--'),
        named('gpus'),
        named('v2'),
        named('vigil'),
      ]),
    ).toEqual(['redis', 'redis-2', 'web-server-8080', 'check', 'gpus-2', 'v2-2', 'vigil-2']);
  });
});
