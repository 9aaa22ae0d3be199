import { COMPONENT_STATUS_PRESENTATION, type ComponentStatus } from '../../core/model/index.ts';
import { escapeXml } from '../../core/text.ts';

/**
 * Badge colours: dark enough that white text meets WCAG AA on both halves, so a badge reads the
 * same in a light or a dark README.
 */
const BADGE_COLOR: Record<ComponentStatus, string> = {
  operational: '#1a7f37',
  degraded_performance: '#9a6700',
  partial_outage: '#bc4c00',
  major_outage: '#cf222e',
  under_maintenance: '#0969da',
  no_data: '#57606a',
};
const LABEL_COLOR = '#3d4450';
const CHAR_WIDTH_PX = 6.6;
const PADDING_PX = 10;

export interface Badge {
  label: string;
  message: string;
  status: ComponentStatus;
}

/** A shields.io-style flat badge as standalone SVG, with a title and an accessible name. */
export function renderBadgeSvg({ label, message, status }: Badge): string {
  const labelWidth = measureText(label);
  const messageWidth = measureText(message);
  const width = measureBadgeWidth({ label, message, status });
  const text = `${label}: ${message}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${escapeXml(text)}">
<title>${escapeXml(text)}</title>
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)">
<rect width="${labelWidth}" height="20" fill="${LABEL_COLOR}"/>
<rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${BADGE_COLOR[status]}"/>
<rect width="${width}" height="20" fill="url(#s)"/>
</g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="${labelWidth / 2}" y="14">${escapeXml(label)}</text>
<text x="${labelWidth + messageWidth / 2}" y="14">${escapeXml(message)}</text>
</g>
</svg>
`;
}

/** A badge's width in px, as its SVG declares it: a page showing it reserves that box (no layout shift). */
export function measureBadgeWidth({ label, message }: Badge): number {
  return measureText(label) + measureText(message);
}

/** The status badge of a component: its name and status word. */
export function describeStatusBadge(name: string, status: ComponentStatus): Badge {
  return { label: name, message: COMPONENT_STATUS_PRESENTATION[status].label.toLowerCase(), status };
}

/** The uptime badge: colour by how far below 100 % the figure is, grey without data. */
export function describeUptimeBadge(name: string, ratio: number | null): Badge {
  if (ratio === null) return { label: `${name} uptime 30d`, message: 'no data', status: 'no_data' };
  const status: ComponentStatus =
    ratio >= 0.999 ? 'operational' : ratio >= 0.99 ? 'degraded_performance' : 'major_outage';
  return { label: `${name} uptime 30d`, message: formatUptimePercent(ratio), status };
}

function formatUptimePercent(ratio: number): string {
  const percent = ratio * 100;
  if (percent === 100) return '100%';
  return `${Math.min(percent, 99.99).toFixed(2)}%`;
}

function measureText(text: string): number {
  return Math.round([...text].length * CHAR_WIDTH_PX + 2 * PADDING_PX);
}
