// What a cluster page shows beside its scheduler's figures: its login nodes (login checks, or tcp
// checks of their SSH port) and filesystems — those the scheduler check names in `loginNodes` /
// `filesystems`, else those of its group — and the other systems shown as tabs on /clusters/.
import type { Check } from '../../core/model/index.ts';
import { parseResultMetrics } from '../../core/results/index.ts';
import { tallyLoginNodes } from '../lib/cluster-figures-text.ts';
import { type CurrentValues, listCurrentValues } from './current-values.ts';
import type { ComponentModel } from './site-model.ts';

/** One row of a cluster's "Login nodes" table; figures are undefined for a tcp check or a failed run. */
export interface LoginNodeRow {
  component: ComponentModel;
  users: number | undefined;
  load1: number | undefined;
  load5: number | undefined;
  load15: number | undefined;
}

/** The overview's line: how many login nodes answer, and everyone logged in on them (with a login check among them). */
export interface LoginNodesSummary {
  up: number;
  total: number;
  /** Sum over the answering login checks that counted users; undefined when none did. */
  users: number | undefined;
}

/** One row of a cluster's "Filesystems" table, from the filesystem check's newest result. */
export interface FilesystemRow {
  component: ComponentModel;
  usedPercent: number | undefined;
  sizeBytes: number | undefined;
  usedBytes: number | undefined;
  availableBytes: number | undefined;
}

/** A non-cluster check with `clusterTab: true`: its tab on /clusters/. */
export interface ClusterTabModel {
  id: string;
  name: string;
  component: ComponentModel;
  values: CurrentValues;
}

const LOGIN_TYPES = new Set(['login', 'tcp']);

/** The checks a cluster names in `field`, in that order; absent field: those of its group of `types`. */
export function pickMembers(
  cluster: ComponentModel,
  check: Check | undefined,
  field: 'loginNodes' | 'filesystems',
  components: readonly ComponentModel[],
): ComponentModel[] {
  const named = check !== undefined && field in check ? (check as Record<string, unknown>)[field] : undefined;
  const isMember = (c: ComponentModel) =>
    field === 'loginNodes' ? LOGIN_TYPES.has(c.type) : c.type === 'filesystem';
  if (Array.isArray(named)) {
    const byId = new Map(components.map((c) => [c.id, c]));
    return named.flatMap((id) => {
      const component = byId.get(id as string);
      return component !== undefined && isMember(component) ? [component] : [];
    });
  }
  return components.filter(
    (other) =>
      other.groupId !== undefined &&
      other.groupId === cluster.groupId &&
      other.id !== cluster.id &&
      isMember(other),
  );
}

export function toLoginNodeRow(component: ComponentModel): LoginNodeRow {
  const metrics = readLoginMetrics(component);
  return {
    component,
    users: metrics?.users,
    load1: metrics?.load1,
    load5: metrics?.load5,
    load15: metrics?.load15,
  };
}

/** The overview's line: answering nodes, and the users of those whose data is current (a stale row's users no longer count). */
export function summarizeLoginNodes(rows: readonly LoginNodeRow[]): LoginNodesSummary | undefined {
  // tcp checks alone (the SSH port) say nothing of users or load: the table says it all.
  if (!rows.some((row) => row.component.type === 'login')) return undefined;
  return tallyLoginNodes(
    rows.map((row) => ({
      status: row.component.componentStatus,
      isFresh: row.component.latest !== undefined && !row.component.isStale,
      users: row.users,
    })),
  );
}

export function toFilesystemRow(component: ComponentModel): FilesystemRow {
  const metrics = readFilesystemMetrics(component);
  return {
    component,
    usedPercent: metrics?.usedPercent,
    sizeBytes: metrics?.sizeBytes,
    usedBytes: metrics?.usedBytes,
    availableBytes: metrics?.availableBytes,
  };
}

/** Every check with `clusterTab: true` that is not a cluster, in config order. */
export function deriveClusterTabs(
  components: readonly ComponentModel[],
  checks: readonly Check[],
): ClusterTabModel[] {
  const byId = new Map(components.map((c) => [c.id, c]));
  return checks.flatMap((check) => {
    const component = byId.get(check.id);
    if (
      check.clusterTab !== true ||
      component === undefined ||
      check.type === 'slurm' ||
      check.type === 'pbs'
    )
      return [];
    const metrics = component.latest?.result.metrics ?? {};
    // Its capacities too ("12 / 20 servers"), as its component page shows them.
    const values = listCurrentValues(component.type, metrics, component.capacities);
    return [{ id: check.id, name: component.name, component, values }];
  });
}

function readLoginMetrics(component: ComponentModel) {
  const metrics = component.latest?.result.metrics;
  if (metrics === undefined || component.type !== 'login') return undefined;
  const parsed = parseResultMetrics('login', metrics);
  return parsed.success ? parsed.data : undefined;
}

function readFilesystemMetrics(component: ComponentModel) {
  const metrics = component.latest?.result.metrics;
  if (metrics === undefined || component.type !== 'filesystem') return undefined;
  const parsed = parseResultMetrics('filesystem', metrics);
  return parsed.success ? parsed.data : undefined;
}
