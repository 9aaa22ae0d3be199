import { describe, expect, it } from 'vitest';
import type { Check } from '../../../../core/model/index.ts';
import {
  deriveClusterTabs,
  pickMembers,
  summarizeLoginNodes,
  toLoginNodeRow,
} from '../../../../src/data/cluster-members.ts';
import type { ComponentModel } from '../../../../src/data/site-model.ts';

// Only the fields cluster-members.ts reads.
function component(
  id: string,
  type: string,
  groupId: string | undefined,
  fields: Partial<ComponentModel> = {},
) {
  return {
    id,
    name: id,
    type,
    groupId,
    componentStatus: 'operational',
    isStale: false,
    latest: undefined,
    ...fields,
  } as ComponentModel;
}

const withMetrics = (metrics: Record<string, number>) =>
  ({ t: 0, result: { id: 'x', status: 'up', ms: 1, message: '', metrics } }) as ComponentModel['latest'];

const COMPONENTS = [
  component('derecho', 'pbs', 'derecho'),
  component('ssh1', 'tcp', 'derecho'),
  component('home', 'filesystem', 'derecho'),
  component('login1', 'login', 'logins', {
    latest: withMetrics({ users: 57, load1: 1, load5: 2, load15: 3 }),
  }),
  component('login2', 'login', 'logins', { componentStatus: 'major_outage' }),
  component('glade', 'filesystem', 'storage'),
  component('hub', 'jupyterhub', 'services', { latest: withMetrics({ usersActive: 42 }) }),
];
const cluster = COMPONENTS[0] as ComponentModel;
const ids = (list: ComponentModel[]) => list.map((c) => c.id);

describe('what a cluster page shows beside its scheduler', () => {
  it('takes the login and filesystem checks of its group when it names none', () => {
    const check = { id: 'derecho', type: 'pbs' } as Check;
    expect(ids(pickMembers(cluster, check, 'loginNodes', COMPONENTS))).toEqual(['ssh1']);
    expect(ids(pickMembers(cluster, check, 'filesystems', COMPONENTS))).toEqual(['home']);
  });

  it('takes exactly the named checks, in their order, whatever their group', () => {
    const check = {
      id: 'derecho',
      type: 'pbs',
      loginNodes: ['login2', 'login1'],
      filesystems: ['glade'],
    } as Check;
    expect(ids(pickMembers(cluster, check, 'loginNodes', COMPONENTS))).toEqual(['login2', 'login1']);
    expect(ids(pickMembers(cluster, check, 'filesystems', COMPONENTS))).toEqual(['glade']);
  });

  it('sums the users of the login checks that counted them, and counts those answering', () => {
    const rows = ['login1', 'login2', 'ssh1'].map((id) =>
      toLoginNodeRow(COMPONENTS.find((c) => c.id === id) as ComponentModel),
    );
    expect(rows[0]).toMatchObject({ users: 57, load1: 1, load5: 2, load15: 3 });
    expect(rows[2]).toMatchObject({ users: undefined, load1: undefined });
    expect(summarizeLoginNodes(rows)).toEqual({ up: 2, total: 3, users: 57 });
    // tcp checks alone say nothing of users or load: no summary line.
    expect(summarizeLoginNodes(rows.slice(2))).toBeUndefined();
  });

  it('counts the users of answering login nodes with current data only: a stale node is not answering', () => {
    const rows = [
      component('login1', 'login', 'logins', {
        latest: withMetrics({ users: 57, load1: 1, load5: 2, load15: 3 }),
      }),
      // Its newest result is past staleAfter: No data, its 40 users no longer logged in as far as we know.
      component('login2', 'login', 'logins', {
        componentStatus: 'no_data',
        isStale: true,
        latest: withMetrics({ users: 40, load1: 1, load5: 1, load15: 1 }),
      }),
      // Down, with the users of its last good run still in its result.
      component('login3', 'login', 'logins', {
        componentStatus: 'major_outage',
        latest: withMetrics({ users: 5, load1: 0, load5: 0, load15: 0 }),
      }),
    ].map(toLoginNodeRow);
    expect(rows.map((row) => row.users)).toEqual([57, 40, 5]);
    expect(summarizeLoginNodes(rows)).toEqual({ up: 1, total: 3, users: 57 });
    // None answering: no users line at all, not "0 users".
    expect(summarizeLoginNodes(rows.slice(1))).toEqual({ up: 0, total: 2, users: undefined });
  });

  it("shows a tab's capacities as its component page does", () => {
    const hub = component('hub', 'jupyterhub', 'services', {
      latest: withMetrics({ usersActive: 42 }),
      capacities: { usersActive: { max: 100 } },
    });
    const tabs = deriveClusterTabs([hub], [{ id: 'hub', type: 'jupyterhub', clusterTab: true }] as Check[]);
    expect(tabs[0]?.values.groups.flatMap((group) => group.facts.map((fact) => fact.text))).toEqual([
      '42 / 100',
    ]);
  });

  it('makes a tab of each non-cluster check with clusterTab, never of a cluster', () => {
    const checks = [
      { id: 'hub', type: 'jupyterhub', clusterTab: true },
      { id: 'derecho', type: 'pbs', clusterTab: true },
      { id: 'glade', type: 'filesystem' },
    ] as Check[];
    const tabs = deriveClusterTabs(COMPONENTS, checks);
    expect(tabs.map((tab) => tab.id)).toEqual(['hub']);
    expect(tabs[0]?.values.groups.flatMap((group) => group.facts.map((fact) => fact.text))).toEqual(['42']);
  });
});
