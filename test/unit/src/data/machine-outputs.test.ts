import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../../core/model/index.ts';
import { describeStatusBadge, describeUptimeBadge, renderBadgeSvg } from '../../../../src/data/badge-svg.ts';
import { renderPrometheusText } from '../../../../src/data/prometheus-text.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

const HOUR_MS = 3_600_000;
const NOW_MS = Date.UTC(2026, 10, 22, 12, 0);

/** Two days of runs: web always up, queue down for the last half hour, and one check never collected. */
function buildModel() {
  const config = ConfigSchema.parse({
    site: { title: 'Lab "status"' },
    groups: [{ id: 'core', name: 'Core' }],
    checks: [
      { id: 'web', name: 'Website', type: 'tcp', host: 'a', port: 1, group: 'core' },
      { id: 'queue', name: 'Job queue', type: 'tcp', host: 'b', port: 2, group: 'core' },
      { id: 'new', type: 'tcp', host: 'c', port: 3 },
    ],
  });
  const snapshots = generateSnapshotLines({
    source: 'local',
    checkIds: ['web', 'queue'],
    from: new Date(NOW_MS - 48 * HOUR_MS),
    to: new Date(NOW_MS),
    intervalMs: 300_000,
    statusAt: (id, t) => (id === 'queue' && t > NOW_MS - HOUR_MS / 2 ? 'down' : 'up'),
  });
  return deriveSiteModel({ config, snapshots, rollups: [], nowMs: NOW_MS });
}

describe('/metrics.txt', () => {
  const text = renderPrometheusText(buildModel());
  const families = Object.fromEntries(parsePrometheusTextFormat(text).map((family) => [family.name, family]));

  it('parses with a real exposition-format parser, every family a gauge', () => {
    expect(Object.keys(families).sort()).toEqual([
      'vigil_component_last_result_timestamp_seconds',
      'vigil_component_latency_seconds',
      'vigil_component_status',
      'vigil_component_uptime_ratio',
      'vigil_data_updated_timestamp_seconds',
      'vigil_page_status',
    ]);
    for (const family of Object.values(families)) expect(family.type).toBe('GAUGE');
  });

  it('marks each component with exactly its current status', () => {
    const current = families.vigil_component_status?.metrics
      .filter((m) => m.value === '1')
      .map((m) => m.labels);
    expect(current).toEqual([
      { component: 'web', group: 'core', status: 'operational' },
      { component: 'queue', group: 'core', status: 'major_outage' },
      { component: 'new', group: '', status: 'no_data' },
    ]);
    const page = families.vigil_page_status?.metrics.find((m) => m.value === '1');
    expect(page?.labels).toEqual({ status: 'partial_outage' });
  });

  it('gives uptime per window and leaves out what has no data', () => {
    const uptime = families.vigil_component_uptime_ratio?.metrics ?? [];
    const web24h = uptime.find((m) => m.labels?.component === 'web' && m.labels.window === '24h');
    const queue24h = uptime.find((m) => m.labels?.component === 'queue' && m.labels.window === '24h');
    expect(Number(web24h?.value)).toBe(1);
    expect(Number(queue24h?.value)).toBeCloseTo(23.5 / 24, 2);
    expect(uptime.some((m) => m.labels?.component === 'new')).toBe(false);
    // Latency in the base unit: each newest probe's milliseconds as seconds.
    const latency = families.vigil_component_latency_seconds?.metrics ?? [];
    expect(latency.map((m) => m.labels?.component)).toEqual(['web', 'queue']);
    for (const component of buildModel().components.filter((c) => c.latest !== undefined)) {
      const value = latency.find((m) => m.labels?.component === component.id)?.value;
      expect(Number(value)).toBeCloseTo((component.latest?.result.ms ?? Number.NaN) / 1000, 6);
    }
    expect(Number(families.vigil_data_updated_timestamp_seconds?.metrics[0]?.value)).toBe(
      (NOW_MS - 300_000) / 1000,
    );
  });
});

describe('badges', () => {
  it('escapes names and says the status in words as well as colour', () => {
    const svg = renderBadgeSvg(describeStatusBadge('R&D <api>', 'major_outage'));
    expect(svg).toContain('aria-label="R&amp;D &lt;api&gt;: major outage"');
    expect(svg).toContain('<title>R&amp;D &lt;api&gt;: major outage</title>');
    expect(svg).toContain('fill="#cf222e"');
    expect(svg).not.toMatch(/<api>/);
  });

  it.each([
    [1, '100%', '#1a7f37'],
    [0.99951, '99.95%', '#1a7f37'],
    [0.995, '99.50%', '#9a6700'],
    [0.9, '90.00%', '#cf222e'],
    [null, 'no data', '#57606a'],
  ])('uptime %s reads %s', (ratio, message, color) => {
    const svg = renderBadgeSvg(describeUptimeBadge('Website', ratio));
    expect(svg).toContain(`>${message}</text>`);
    expect(svg).toContain(`fill="${color}"`);
  });

  it('never rounds an imperfect uptime up to 100 %', () => {
    expect(describeUptimeBadge('Website', 0.999999).message).toBe('99.99%');
  });
});
