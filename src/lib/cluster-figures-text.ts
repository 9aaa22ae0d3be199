// The words of a cluster's headline figures and gauges, shared by the build (ClusterOverview.astro,
// HostGauge.astro) and live refresh (src/scripts/live-clusters.ts), so a redrawn overview reads as a
// rebuilt one would; and which login nodes its login line counts, by the build's clock and the
// reader's alike (src/scripts/login-summary-clock.ts).
import type { ComponentStatus } from '../../core/model/status.ts';
import { type BrowserMessageKey, getSiteLanguage, t } from '../i18n/browser.ts';
import { formatNumber } from './format.ts';

/** A cluster's node counts and jobs, as its overview states them. */
export interface ClusterFigures {
  nodes: { usable: number; total: number; down: number; drained: number; maintenance: number };
  /** null: the scheduler's jobs were not read. */
  jobs: { running: number; pending: number } | null;
}

/** One run of the sentence; the counts are strong. */
export interface FigurePart {
  text: string;
  isStrong: boolean;
}

const count = (n: number) => formatNumber(n);

/**
 * A message of the catalogue as parts: each {name} of `text` that `strong` names becomes that strong
 * count, so every language puts its counts where its grammar wants them.
 */
function toParts(text: string, strong: Readonly<Record<string, number>>): FigurePart[] {
  const parts: FigurePart[] = [];
  for (const piece of text.split(/(\{\w+\})/)) {
    const name = /^\{(\w+)\}$/.exec(piece)?.[1];
    const value = name === undefined ? undefined : strong[name];
    if (value !== undefined) parts.push({ text: count(value), isStrong: true });
    else if (piece !== '') parts.push({ text: piece, isStrong: false });
  }
  return parts;
}

/** "<12> of 16 nodes usable, 3 down, 1 drained · <40> jobs running, <7> pending", in parts. */
export function listClusterFigureParts(figures: ClusterFigures): FigurePart[] {
  const { nodes, jobs } = figures;
  const texts = [t('browserCluster.nodesUsable', { count: nodes.total, total: count(nodes.total) })];
  if (nodes.down > 0) texts.push(t('browserCluster.nodesDown', { count: nodes.down, n: count(nodes.down) }));
  if (nodes.drained > 0)
    texts.push(t('browserCluster.nodesDrained', { count: nodes.drained, n: count(nodes.drained) }));
  if (nodes.maintenance > 0)
    texts.push(
      t('browserCluster.nodesMaintenance', { count: nodes.maintenance, n: count(nodes.maintenance) }),
    );
  if (jobs !== null) texts.push(t('browserCluster.jobs', { count: jobs.running }));
  const strong = jobs === null ? { usable: nodes.usable } : { usable: nodes.usable, ...jobs };
  return mergePlain(texts.flatMap((text) => toParts(text, strong)));
}

// Neighbouring plain runs as one, as the sentence was written before it came from the catalogue.
function mergePlain(parts: FigurePart[]): FigurePart[] {
  const merged: FigurePart[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (last !== undefined && !last.isStrong && !part.isStrong) last.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}

/** "7.5 %", "42 %": a gauge's number ("7,5 %" in German, "7.5%" in Japanese). */
export function formatGaugePercent(percent: number): string {
  const digits = percent < 10 ? 1 : 0;
  const value = formatNumber(Number(percent.toFixed(digits)), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  });
  return t('browserCluster.percent', { value });
}

/** The scheduler's node state words the catalogue has (the node bar's kinds, clusters.ts). */
const NODE_STATE_KEYS: Readonly<Record<string, BrowserMessageKey>> = {
  alloc: 'browserCluster.stateAlloc',
  mix: 'browserCluster.stateMix',
  comp: 'browserCluster.stateComp',
  resv: 'browserCluster.stateResv',
  plnd: 'browserCluster.statePlnd',
  idle: 'browserCluster.stateIdle',
  maint: 'browserCluster.stateMaint',
  drain: 'browserCluster.stateDrain',
  drng: 'browserCluster.stateDrng',
  failg: 'browserCluster.stateFailg',
  down: 'browserCluster.stateDown',
  fail: 'browserCluster.stateFail',
  inval: 'browserCluster.stateInval',
  unk: 'browserCluster.stateUnk',
  free: 'browserCluster.stateFree',
  'job-busy': 'browserCluster.stateJobBusy',
  'job-exclusive': 'browserCluster.stateJobExclusive',
  'resv-exclusive': 'browserCluster.stateResvExclusive',
  busy: 'browserCluster.stateBusy',
  offline: 'browserCluster.stateOffline',
  'state-unknown': 'browserCluster.stateStateUnknown',
  stale: 'browserCluster.stateStale',
  unresolvable: 'browserCluster.stateUnresolvable',
  maintenance: 'browserCluster.stateMaintenance',
};

/**
 * A node's state in the site's language: "drain" → "ドレイン済み"; each of "offline,down" alike, a
 * flag suffix ("down*": not responding) kept. English, and a word the catalogue lacks, as the
 * scheduler wrote it.
 */
export function describeNodeState(state: string): string {
  if (getSiteLanguage() === 'en') return state;
  return state
    .split(',')
    .map((word) => {
      const [, base = word, flags = ''] = /^(.*?)([*~#!%$@^+]*)$/.exec(word) ?? [];
      const key = NODE_STATE_KEYS[base.toLowerCase()];
      return key === undefined ? word : `${t(key)}${flags}`;
    })
    .join(', ');
}

/** "42 %" ("42%" in Japanese): a share in a cluster table, to at most `maximumFractionDigits` decimals. */
export function formatSharePercent(percent: number, maximumFractionDigits = 0): string {
  return t('browserCluster.percent', { value: formatNumber(percent, { maximumFractionDigits }) });
}

/** "<1,104> users with jobs running or waiting", in parts. */
export function listActiveUsersParts(activeUsers: number): FigurePart[] {
  return toParts(t('browserCluster.activeUsers', { count: activeUsers }), { n: activeUsers });
}

/** A cluster's login nodes as its overview states them: how many answer, and the users on them. */
export interface LoginSummaryFigures {
  up: number;
  total: number;
  /** undefined (null in summary.json): no login check counted users. */
  users: number | undefined | null;
}

/** A login node that answers: up, or up but slow. */
const ANSWERING: ReadonlySet<ComponentStatus> = new Set(['operational', 'degraded_performance']);

/** One login node as the overview's line counts it, judged at one instant. */
export interface LoginNodeTally {
  /** Its status then, staleness and incidents applied. */
  status: ComponentStatus;
  /** Whether its newest result was still current then. */
  isFresh: boolean;
  /** Its users by that result; null or undefined: not counted (a tcp check, a failed run). */
  users: number | null | undefined;
}

/**
 * How many login nodes answer, and everyone logged in on those that answer with current data (a stale
 * node's last count is not someone logged in now); users undefined when none counted.
 */
export function tallyLoginNodes(nodes: readonly LoginNodeTally[]): {
  up: number;
  total: number;
  users: number | undefined;
} {
  const answering = nodes.filter((node) => ANSWERING.has(node.status));
  const counted = answering.flatMap((node) =>
    node.isFresh && typeof node.users === 'number' ? [node.users] : [],
  );
  return {
    up: answering.length,
    total: nodes.length,
    users: counted.length === 0 ? undefined : counted.reduce((sum, n) => sum + n, 0),
  };
}

/** "Login nodes: <2> of 2 answering, <60> users logged in", in parts. */
export function listLoginSummaryParts(figures: LoginSummaryFigures): FigurePart[] {
  const texts = [t('browserCluster.loginNodes', { count: figures.up, total: count(figures.total) })];
  const strong: Record<string, number> = { up: figures.up };
  if (typeof figures.users === 'number') {
    texts.push(t('browserCluster.loginUsers', { count: figures.users }));
    strong.n = figures.users;
  }
  return mergePlain(texts.flatMap((text) => toParts(text, strong)));
}
