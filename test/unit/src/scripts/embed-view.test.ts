// What the embed script and the embed page make of a summary.json at the reader's clock.
import { describe, expect, it } from 'vitest';
import { readEmbedState } from '../../../../src/scripts/embed-view.ts';

const NOW_MS = Date.parse('2026-12-01T12:00:00.000Z');
const iso = (offsetMs: number) => new Date(NOW_MS + offsetMs).toISOString();
const MINUTE_MS = 60_000;

const vigil = (status: string, newestAgoMs = MINUTE_MS) => ({
  status,
  newest_data_at: iso(-newestAgoMs),
  stale_after_ms: 15 * MINUTE_MS,
});

describe('readEmbedState', () => {
  it.each([
    [
      "Vigil's own status word",
      { status: { indicator: 'minor' }, vigil: vigil('partial_outage') },
      'partial_outage',
    ],
    [
      'No data, which the indicator calls minor',
      { status: { indicator: 'minor' }, vigil: vigil('no_data') },
      'no_data',
    ],
    [
      'No data once the newest run is older than staleAfter',
      { vigil: vigil('operational', 16 * MINUTE_MS) },
      'no_data',
    ],
    ['a plain Statuspage summary by its indicator', { status: { indicator: 'critical' } }, 'major_outage'],
    ['an unknown indicator as No data', { status: { indicator: 'purple' } }, 'no_data'],
  ])('%s', (_name, summary, status) => {
    expect(readEmbedState(summary, NOW_MS)).toMatchObject({ status });
  });

  it('lists unresolved incidents, then maintenance in progress by its status or by the clock', () => {
    const state = readEmbedState(
      {
        vigil: vigil('partial_outage'),
        incidents: [
          { name: 'Queue down', status: 'identified', shortlink: 'https://status.example.org/incidents/q/' },
          { name: 'Old', status: 'resolved', shortlink: 'x' },
        ],
        scheduled_maintenances: [
          { name: 'Marked in progress', status: 'in_progress', scheduled_for: iso(MINUTE_MS) },
          {
            name: 'Begun by the clock',
            status: 'scheduled',
            scheduled_for: iso(-MINUTE_MS),
            scheduled_until: iso(MINUTE_MS),
          },
          {
            name: 'Not yet',
            status: 'scheduled',
            scheduled_for: iso(MINUTE_MS),
            scheduled_until: iso(2 * MINUTE_MS),
          },
          {
            name: 'Over by the clock',
            status: 'scheduled',
            scheduled_for: iso(-2 * MINUTE_MS),
            scheduled_until: iso(-MINUTE_MS),
          },
          {
            name: 'Completed early',
            status: 'completed',
            scheduled_for: iso(-MINUTE_MS),
            scheduled_until: iso(MINUTE_MS),
          },
        ],
      },
      NOW_MS,
    );
    expect(state).toEqual({
      status: 'partial_outage',
      items: [
        { kind: 'incident', name: 'Queue down', url: 'https://status.example.org/incidents/q/' },
        { kind: 'maintenance', name: 'Marked in progress', url: '' },
        { kind: 'maintenance', name: 'Begun by the clock', url: '' },
      ],
    });
  });

  it('links an entry only to a web address', () => {
    const state = readEmbedState(
      { incidents: [{ name: 'A', status: 'investigating', shortlink: 'javascript:alert(1)' }] },
      NOW_MS,
    );
    expect(state).toMatchObject({ items: [{ name: 'A', url: '' }] });
  });

  it('resolves each link against the address summary.json came from, keeping only web addresses', () => {
    const summaryUrl = 'https://status.example.org/status/api/v2/summary.json';
    const links = (shortlinks: string[]) => {
      const state = readEmbedState(
        { incidents: shortlinks.map((shortlink) => ({ name: shortlink, status: 'identified', shortlink })) },
        NOW_MS,
        summaryUrl,
      );
      return state.status === 'unavailable' ? [] : state.items.map((item) => item.url);
    };
    expect(
      links([
        '/status/incidents/queue/',
        'https://other.example.org/incidents/q/',
        '../../incidents/db/',
        'javascript:alert(1)',
        'data:text/html,x',
        'http://[::1',
      ]),
    ).toEqual([
      'https://status.example.org/status/incidents/queue/',
      'https://other.example.org/incidents/q/',
      'https://status.example.org/status/incidents/db/',
      '',
      '',
      '',
    ]);
  });

  it('is unavailable for a document that is not an object', () => {
    expect(readEmbedState(null, NOW_MS)).toEqual({ status: 'unavailable' });
    expect(readEmbedState('<html>', NOW_MS)).toEqual({ status: 'unavailable' });
  });
});
