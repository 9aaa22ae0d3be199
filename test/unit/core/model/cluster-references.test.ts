import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../../core/model/index.ts';

const CHECKS = [
  { id: 'login1', type: 'login', host: 'derecho1' },
  { id: 'login-ssh', type: 'tcp', host: 'derecho2', port: 22 },
  { id: 'glade', type: 'filesystem', path: '/glade' },
  { id: 'hub', type: 'jupyterhub', url: 'https://jupyter.example.org' },
];

function problems(cluster: Record<string, unknown>, extra: Record<string, unknown>[] = []) {
  const parsed = ConfigSchema.safeParse({
    checks: [...CHECKS, ...extra, { id: 'derecho', type: 'pbs', ...cluster }],
  });
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('cluster page references in the config', () => {
  it('accepts login and tcp login nodes, filesystem checks and a JupyterHub tab', () => {
    expect(
      problems({ loginNodes: ['login1', 'login-ssh'], filesystems: ['glade'] }, [
        { id: 'hub2', type: 'jupyterhub', url: 'https://hub2.example.org', clusterTab: true },
      ]),
    ).toEqual([]);
  });

  it.each([
    [
      { filesystems: ['glade', 'campaign'] },
      'checks.5.filesystems.1: unknown check "campaign"; name a filesystem check of "checks"',
    ],
    [
      { filesystems: ['hub'] },
      'checks.4.filesystems.0: check "hub" is a jupyterhub check; filesystems names a filesystem check',
    ],
    [
      { loginNodes: ['glade'] },
      'checks.4.loginNodes.0: check "glade" is a filesystem check; loginNodes names a login or tcp check',
    ],
    [
      { loginNodes: ['nope'] },
      'checks.4.loginNodes.0: unknown check "nope"; name a login or tcp check of "checks"',
    ],
    [
      { clusterTab: true },
      'checks.4.clusterTab: a pbs check is a cluster and has its tab on /clusters/ already; remove clusterTab',
    ],
  ])('locates the problem in %j', (cluster, problem) => {
    const extra = problem.startsWith('checks.5')
      ? [{ id: 'scratch', type: 'filesystem', path: '/scratch' }]
      : [];
    expect(problems(cluster, extra)).toEqual([problem]);
  });

  it('refuses loginNodes on a check that is not a cluster', () => {
    const parsed = ConfigSchema.safeParse({
      checks: [{ id: 'hub', type: 'jupyterhub', url: 'https://h', loginNodes: [] }],
    });
    expect(parsed.success).toBe(false);
  });
});
