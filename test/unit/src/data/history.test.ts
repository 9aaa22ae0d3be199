import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import { dropFutureRuns, indexSamplesByCheck } from '../../../../src/data/history.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

const NOW_MS = Date.parse('2026-12-01T12:00:00.000Z');

afterEach(() => vi.restoreAllMocks());

describe('a run from the future', () => {
  const lines = generateSnapshotLines({
    source: 'lab',
    checkIds: ['web'],
    from: new Date(NOW_MS - 3_600_000),
    to: new Date(NOW_MS - 60_000),
    intervalMs: 5 * 60_000,
  });
  const future = {
    ...lines[0],
    t: '2028-01-01T00:00:00.000Z',
    results: [{ ...lines[0]?.results[0], status: 'down' }],
  };

  it('is left out of the build, with a warning, so it cannot pin a check to its status', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const kept = dropFutureRuns([...lines, future as (typeof lines)[number]], NOW_MS);
    expect(kept).toEqual(lines);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^vigil build: warning: 1 run from the future ignored \(source lab/),
    );
    const { config } = parseConfigText(
      'checks: [{ id: web, type: tcp, host: 127.0.0.1, port: 80 }]\n',
      'c.yaml',
      {},
    );
    const model = deriveSiteModel({ config, snapshots: kept, rollups: [], nowMs: NOW_MS });
    expect(model.components[0]?.status).toBe('up');
    expect(indexSamplesByCheck(kept).get('web')).toHaveLength(lines.length);
  });

  it('a little ahead (a collector clock a minute fast) is kept', () => {
    const soon = { ...lines[0], t: new Date(NOW_MS + 60_000).toISOString() } as (typeof lines)[number];
    expect(dropFutureRuns([...lines, soon], NOW_MS)).toHaveLength(lines.length + 1);
  });
});
