// Live refresh of each cluster overview's figures (the scheduler's message, nodes usable and down,
// jobs, active users, when they were collected, the node bar, the utilization gauges, the login line)
// and the login nodes' users and load, from summary.json's `vigil.clusters`, in the words the build
// uses (src/lib/cluster-figures-text.ts). Text, widths and meter values change in place, in space the
// build reserved, so nothing below moves. The tables further down (queues, jobs by queue, node types,
// reservations) stay as built and say so (ClusterTablesAsOf.astro).
import type { VigilClusterFigures } from '../data/vigil-summary-extension.ts';
import { t } from '../i18n/browser.ts';
import {
  describeNodeState,
  type FigurePart,
  formatGaugePercent,
  listActiveUsersParts,
  listClusterFigureParts,
  listLoginSummaryParts,
} from '../lib/cluster-figures-text.ts';
import { setTextKeepingDurations } from '../lib/duration-words.ts';
import { formatNumber, formatUtcDateTime } from '../lib/format.ts';
import { formatMetricValue } from '../lib/metric-format.ts';

/** Puts the cluster figures of a freshly read summary on the page. */
export function showClusterFigures(clusters: Record<string, VigilClusterFigures> | undefined): void {
  if (clusters === undefined) return;
  for (const overview of document.querySelectorAll<HTMLElement>('[data-cluster-overview-of]')) {
    const figures = clusters[overview.dataset.clusterOverviewOf ?? ''];
    if (figures === undefined) continue;
    // The message beside the status restates the counts: it follows them (selected by place, so
    // pages built before this carry no new attribute).
    const message = overview.querySelector('.cluster-status > .muted');
    if (message && figures.message !== undefined && message.textContent !== figures.message)
      setTextKeepingDurations(message, figures.message);
    overview
      .querySelector('[data-cluster-counts]')
      ?.replaceChildren(...toNodes(listClusterFigureParts(figures)));
    showActiveUsers(overview, figures.active_users);
    const collected = overview.querySelector<HTMLTimeElement>(
      '[data-cluster-figures] time[data-relative-time]',
    );
    if (collected) {
      collected.dateTime = figures.collected_at;
      collected.title = formatUtcDateTime(Date.parse(figures.collected_at));
    }
    for (const gauge of figures.gauges) showGauge(overview, gauge);
    showNodeBar(overview, figures.node_segments);
    if (figures.login !== undefined) showLogin(overview, figures.login);
  }
}

/** "N users with jobs running or waiting"; hidden while the newest run listed no job owners. */
function showActiveUsers(overview: HTMLElement, activeUsers: number | undefined): void {
  const line = overview.querySelector<HTMLElement>('[data-cluster-active-users]');
  if (!line) return;
  line.hidden = activeUsers === undefined;
  if (activeUsers !== undefined) line.replaceChildren(...toNodes(listActiveUsersParts(activeUsers)));
}

/**
 * The overview's login line and the rows of the "Login nodes" table, as the build writes them. The
 * line's nodes and users are kept on it: the freshness clock, which runs right after, counts them
 * again by the reader's clock (login-summary-clock.ts).
 */
function showLogin(overview: HTMLElement, login: NonNullable<VigilClusterFigures['login']>): void {
  const line = overview.querySelector<HTMLElement>('[data-cluster-login-summary]');
  if (line) {
    line.dataset.loginNodes = JSON.stringify(login.nodes.map((node) => [node.id, node.users]));
    line.replaceChildren(...toNodes(listLoginSummaryParts(login)));
  }
  for (const node of login.nodes) {
    const row = document.querySelector(`[data-login-node="${CSS.escape(node.id)}"]`);
    if (!row) continue;
    const users = row.querySelector('[data-login-users]');
    if (users) users.textContent = node.users === null ? '—' : formatNumber(node.users);
    (['1', '5', '15'] as const).forEach((minutes, index) => {
      const cell = row.querySelector(`[data-login-load="${minutes}"]`);
      const value = node.load?.[index];
      if (cell) cell.textContent = value === undefined ? '—' : formatMetricValue(value, 'count');
    });
  }
}

function toNodes(parts: readonly FigurePart[]): (string | HTMLElement)[] {
  return parts.map((part) => {
    if (!part.isStrong) return part.text;
    const strong = document.createElement('strong');
    strong.textContent = part.text;
    return strong;
  });
}

/** The node bar and its legend, as ClusterNodeBar draws them, so the bar agrees with the counts. */
function showNodeBar(overview: HTMLElement, segments: VigilClusterFigures['node_segments']): void {
  const bar = overview.querySelector<HTMLElement>('.node-bar');
  const legend = overview.querySelector<HTMLElement>('.node-legend');
  if (!bar || !legend || segments.length === 0) return;
  // ClusterNodeBar's styles are scoped: new elements take the bar's scope.
  const scope = [...bar.attributes].filter(({ name }) => name.startsWith('data-astro-cid'));
  const create = (tag: string, className: string) => {
    const element = document.createElement(tag);
    element.className = className;
    for (const { name } of scope) element.setAttribute(name, '');
    return element;
  };
  const count = (n: number) => formatNumber(n);
  bar.replaceChildren(
    ...segments.map((segment) => {
      const part = create('span', `node-seg node-${segment.kind}`);
      part.style.width = `${segment.percent.toFixed(2)}%`;
      part.title = `${describeNodeState(segment.state)}: ${count(segment.count)}`;
      return part;
    }),
  );
  const about = (bar.getAttribute('aria-label') ?? '').split(': ')[0];
  bar.setAttribute(
    'aria-label',
    `${about}: ${segments.map((segment) => `${describeNodeState(segment.state)} ${count(segment.count)}`).join(t('browserCommon.listSeparator'))}`,
  );
  legend.replaceChildren(
    ...segments.map((segment) => {
      const item = create('li', '');
      item.removeAttribute('class');
      const strong = create('strong', '');
      strong.removeAttribute('class');
      strong.textContent = count(segment.count);
      item.append(
        create('span', `node-swatch node-${segment.kind}`),
        `${describeNodeState(segment.state)} `,
        strong,
      );
      return item;
    }),
  );
}

function showGauge(overview: HTMLElement, gauge: VigilClusterFigures['gauges'][number]): void {
  // By its English label (summary.json's): the gauge's own data-gauge is in the page's language.
  const label = CSS.escape(gauge.label);
  const element = overview.querySelector(
    `[data-cluster-gauge="${label}"] [data-gauge], [data-gauge="${label}"]`,
  );
  if (!element) return;
  const text = formatGaugePercent(gauge.percent);
  const value = element.querySelector('[data-gauge-value]');
  if (value) {
    value.textContent = text;
    if (gauge.percent > gauge.warn_above_percent) {
      const flag = document.createElement('span');
      flag.className = 'gauge-flag';
      flag.textContent = t('browserCluster.gaugeHigh');
      // HostGauge's styles are scoped: the flag takes its element's scope to be styled like the built one.
      for (const { name } of value.attributes)
        if (name.startsWith('data-astro-cid')) flag.setAttribute(name, '');
      value.append(flag);
    }
  }
  const meter = element.querySelector('meter');
  if (meter) {
    meter.value = gauge.percent;
    meter.textContent = text;
  }
}
