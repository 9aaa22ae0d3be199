import { makeBadge } from 'badge-maker';
import { COMPONENT_STATUS_PRESENTATION, type ComponentStatus } from '../../core/model/index.ts';
import { formatUptime } from '../lib/format.ts';

/**
 * Badge colours: dark enough that white text meets WCAG AA on both halves, so a badge reads the
 * same in a light or a dark README.
 */
export const BADGE_COLOR: Record<ComponentStatus, string> = {
  operational: '#1a7f37',
  degraded_performance: '#9a6700',
  partial_outage: '#bc4c00',
  major_outage: '#cf222e',
  under_maintenance: '#0969da',
  no_data: '#57606a',
};
const LABEL_COLOR = '#3d4450';

export interface Badge {
  label: string;
  message: string;
  status: ComponentStatus;
}

/**
 * A shields.io flat badge as standalone SVG, laid out by badge-maker (shields' own renderer, which
 * measures each character in Verdana 11 px), with a title and an accessible name "label: message".
 */
export function renderBadgeSvg({ label, message, status }: Badge): string {
  const svg = makeBadge({
    label,
    message,
    color: BADGE_COLOR[status],
    labelColor: LABEL_COLOR,
    style: 'flat',
  });
  return `${svg}\n`;
}

/** A badge's width in px, as its SVG declares it: a page showing it reserves that box (no layout shift). */
export function measureBadgeWidth(badge: Badge): number {
  const width = /^<svg [^>]*?\bwidth="(\d+(?:\.\d+)?)"/.exec(renderBadgeSvg(badge))?.[1];
  if (width === undefined) throw new Error('badge-maker returned an SVG without a width');
  return Number(width);
}

/** The status badge of a component or group: its name and status word. */
export function describeStatusBadge(name: string, status: ComponentStatus): Badge {
  return { label: name, message: COMPONENT_STATUS_PRESENTATION[status].label.toLowerCase(), status };
}

/** The uptime badge: colour by how far below 100 % the figure is, grey without data. */
export function describeUptimeBadge(name: string, ratio: number | null): Badge {
  if (ratio === null) return { label: `${name} uptime 30d`, message: 'no data', status: 'no_data' };
  const status: ComponentStatus =
    ratio >= 0.999 ? 'operational' : ratio >= 0.99 ? 'degraded_performance' : 'major_outage';
  // The page's own figure (src/lib/format.ts): the badge and the page never disagree by a rounding.
  return { label: `${name} uptime 30d`, message: formatUptime(ratio), status };
}
