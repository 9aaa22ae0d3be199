import { describe, expect, it } from 'vitest';
import type { SnapshotLine } from '../../../../core/model/snapshot.ts';
import { hideCollectorAddresses } from '../../../../src/data/collector-address.ts';

const line: SnapshotLine = {
  v: 1,
  t: '2026-12-01T09:00:00.000Z',
  source: 'lab',
  agent: { version: '0.1.0', host: 'collector-7.lab.internal', ip: '198.51.100.23' },
  results: [
    {
      id: 'box',
      status: 'up',
      ms: 3,
      message: 'ok',
      metrics: {},
      detail: { hostname: 'collector-7.lab.internal', os: 'Debian' },
    },
    { id: 'web', status: 'up', ms: 40, message: 'HTTP 200', metrics: { latencyMs: 40 }, detail: {} },
  ],
} as SnapshotLine;

describe('hideCollectorAddresses', () => {
  it('blanks the hostname and address unless the site shows them', () => {
    const [hidden] = hideCollectorAddresses([line], false);
    expect(JSON.stringify(hidden)).not.toMatch(/collector-7|198\.51\.100\.23/);
    expect(hidden?.agent).toEqual({ version: '0.1.0', host: '' });
    expect(hidden?.results[0]?.detail).toEqual({ hostname: '', os: 'Debian' });
    expect(hidden?.results[1]).toBe(line.results[1]);
    expect(hideCollectorAddresses([line], true)[0]).toBe(line);
  });

  it('replaces them, as whole words, where a probe repeated them', () => {
    const named = {
      ...line,
      results: [
        {
          id: 'cmd',
          status: 'up',
          ms: 5,
          message: 'ran on collector-7.lab.internal (198.51.100.23); collector-7.lab.internal.example stays',
          metrics: {},
          detail: { output: ['host collector-7.lab.internal'], ip: '198.51.100.230' },
        },
      ],
    } as SnapshotLine;
    const [hidden] = hideCollectorAddresses([named], false);
    expect(hidden?.results[0]?.message).toBe(
      'ran on (collector) ((collector)); collector-7.lab.internal.example stays',
    );
    expect(hidden?.results[0]?.detail).toEqual({ output: ['host (collector)'], ip: '198.51.100.230' });
  });
});
