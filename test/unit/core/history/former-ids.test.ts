import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import {
  mapFormerIds,
  renameRollups,
  renameSnapshotResults,
  renameStateChecks,
} from '../../../../core/history/former-ids.ts';
import type { RollupLine, SnapshotLine } from '../../../../core/model/index.ts';

const CONFIG = `checks:
  - { id: web-api, formerIds: [api, api-v1], type: tcp, host: 127.0.0.1, port: 80 }
  - { id: db, type: tcp, host: 127.0.0.1, port: 5432 }
`;

const line = (t: string, ids: string[]): SnapshotLine => ({
  v: 1,
  t,
  source: 'local',
  agent: { version: '0.1.0', host: 'h' },
  results: ids.map((id) => ({ id, status: 'up', ms: 3, message: 'ok', metrics: {}, detail: {} })),
});

describe('a renamed check keeps its history (formerIds)', () => {
  const { config } = parseConfigText(CONFIG, 'status.config.yaml', {});
  const renames = mapFormerIds(config.checks);

  it('maps every former id to the id now', () => {
    expect([...renames]).toEqual([
      ['api', 'web-api'],
      ['api-v1', 'web-api'],
    ]);
  });

  it('snapshot results and rollups stored under a former id read as the check now; others unchanged', () => {
    const old = line('2026-11-30T10:00:00.000Z', ['api', 'db']);
    const now = line('2026-12-01T10:00:00.000Z', ['web-api', 'db']);
    const read = renameSnapshotResults([old, now], renames);
    expect(read.map((l) => l.results.map((r) => r.id))).toEqual([
      ['web-api', 'db'],
      ['web-api', 'db'],
    ]);
    expect(read[1]).toBe(now);
    const rollup = { v: 1, day: '2026-10-01', id: 'api-v1' } as RollupLine;
    expect(renameRollups([rollup], renames)[0]?.id).toBe('web-api');
  });

  it("the collector's state (failure counts) follows the rename", () => {
    const state = {
      v: 1 as const,
      checks: { api: { consecutiveFailures: 1 }, db: { consecutiveFailures: 0 } },
    };
    expect(renameStateChecks(state, renames).checks).toEqual({
      'web-api': { consecutiveFailures: 1 },
      db: { consecutiveFailures: 0 },
    });
  });

  it('a former id may not be a current id, nor belong to two checks', () => {
    const bad = `checks:
  - { id: a, formerIds: [b], type: tcp, host: 127.0.0.1, port: 1 }
  - { id: b, formerIds: [c], type: tcp, host: 127.0.0.1, port: 2 }
  - { id: d, formerIds: [c], type: tcp, host: 127.0.0.1, port: 3 }
`;
    expect(() => parseConfigText(bad, 'status.config.yaml', {})).toThrow(
      /checks\[0\]\.formerIds\[0\]: former id "b" is the id of a check now[\s\S]*checks\[2\]\.formerIds\[0\]: former id "c" is already a former id of checks\[1\]/,
    );
  });
});
