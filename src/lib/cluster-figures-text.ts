// The words of a cluster's headline figures and gauges, shared by the build (ClusterOverview.astro,
// HostGauge.astro) and live refresh (src/scripts/live-clusters.ts), so a redrawn overview reads as a
// rebuilt one would; and which login nodes its login line counts, by the build's clock and the
// reader's alike (src/scripts/login-summary-clock.ts).
import type { ComponentStatus } from '../../core/model/status.ts';

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

const count = (n: number) => n.toLocaleString('en');

/** "<12> of 16 nodes usable, 3 down, 1 drained · <40> jobs running, <7> pending", in parts. */
export function listClusterFigureParts(figures: ClusterFigures): FigurePart[] {
  const { nodes, jobs } = figures;
  const plain = (text: string): FigurePart => ({ text, isStrong: false });
  const strong = (n: number): FigurePart => ({ text: count(n), isStrong: true });
  const parts = [strong(nodes.usable), plain(` of ${count(nodes.total)} nodes usable`)];
  if (nodes.down > 0) parts.push(plain(`, ${count(nodes.down)} down`));
  if (nodes.drained > 0) parts.push(plain(`, ${count(nodes.drained)} drained`));
  if (nodes.maintenance > 0) parts.push(plain(`, ${count(nodes.maintenance)} in maintenance`));
  if (jobs !== null) {
    parts.push(
      plain(' · '),
      strong(jobs.running),
      plain(' jobs running, '),
      strong(jobs.pending),
      plain(' pending'),
    );
  }
  return parts;
}

/** "7.5 %", "42 %": a gauge's number. */
export function formatGaugePercent(percent: number): string {
  return `${percent.toFixed(percent < 10 ? 1 : 0)} %`;
}

/** "<1,104> users with jobs running or waiting", in parts. */
export function listActiveUsersParts(activeUsers: number): FigurePart[] {
  return [
    { text: count(activeUsers), isStrong: true },
    {
      text: activeUsers === 1 ? ' user with jobs running or waiting' : ' users with jobs running or waiting',
      isStrong: false,
    },
  ];
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
  const plain = (text: string): FigurePart => ({ text, isStrong: false });
  const strong = (n: number): FigurePart => ({ text: count(n), isStrong: true });
  const parts = [plain('Login nodes: '), strong(figures.up), plain(` of ${count(figures.total)} answering`)];
  if (typeof figures.users === 'number') {
    parts.push(
      plain(', '),
      strong(figures.users),
      plain(figures.users === 1 ? ' user logged in' : ' users logged in'),
    );
  }
  return parts;
}
