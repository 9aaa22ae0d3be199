import { describe, expect, it } from 'vitest';
import { type CheckResult, ConfigSchema } from '../../../../core/model/index.ts';
import { expandComposeServices } from '../../../../src/data/compose-services.ts';
import type { CheckSample } from '../../../../src/data/history.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';

const config = ConfigSchema.parse({
  groups: [{ id: 'app', name: 'App' }],
  checks: [
    {
      id: 'shop',
      type: 'docker',
      group: 'app',
      composeProject: 'shop',
      services: ['db'],
      expandServices: true,
    },
    { id: 'other', type: 'docker', group: 'app', composeProject: 'other' },
  ],
});

function run(t: number, status: CheckResult['status'], services?: Record<string, unknown>): CheckSample {
  const detail = services === undefined ? {} : { project: 'shop', services };
  return { t, result: { id: 'shop', status, ms: 12, message: `run ${t}`, metrics: {}, detail } };
}

const samples = [
  run(1, 'up', {
    web: { status: 'up', message: 'running', containers: ['shop_web_1'] },
    db: { status: 'up', message: 'healthy' },
  }),
  run(2, 'down', undefined), // Docker did not answer
  run(3, 'down', {
    web: { status: 'up', message: 'running' },
    db: { status: 'down', message: 'exited with code 1' },
    Celery: { status: 'degraded', message: 'starting' },
  }),
];

describe('expandComposeServices: one component per Compose service (expandServices)', () => {
  const expanded = expandComposeServices(config.checks, new Map([['shop', samples]]));

  it('puts each service after its docker check: the expected ones first, then the ones seen', () => {
    expect(expanded.checks.map((check) => check.id)).toEqual([
      'shop',
      'shop--db',
      'shop--web',
      'shop--celery',
      'other',
    ]);
    expect(expanded.checks[3]?.name).toBe('shop: Celery');
    expect(expanded.parentOf.get('shop--db')).toBe('shop');
  });

  it("gives each service its own history, and a run that reached no service counts with the check's status", () => {
    const db = expanded.samplesByCheck.get('shop--db') ?? [];
    expect(db.map((s) => [s.t, s.result.status, s.result.message])).toEqual([
      [1, 'up', 'healthy'],
      [2, 'down', 'run 2'],
      [3, 'down', 'exited with code 1'],
    ]);
    expect(expanded.samplesByCheck.get('shop--celery')?.map((s) => s.t)).toEqual([2, 3]);
  });

  it('counts a service once in the overall status, through its docker check', () => {
    const model = deriveSiteModel({
      config,
      snapshots: samples.map((s) => ({
        v: 1,
        t: new Date(Date.UTC(2026, 10, 22, 10, s.t)).toISOString(),
        source: 'local',
        agent: { version: '0.1.0', host: 'box', ip: '127.0.0.1' },
        durationMs: 5,
        results: [s.result],
      })),
      rollups: [],
      nowMs: Date.UTC(2026, 10, 22, 10, 4),
    });
    expect(model.components.find((c) => c.id === 'shop--web')?.status).toBe('up');
    expect(model.components.find((c) => c.id === 'shop--db')).toMatchObject({
      status: 'down',
      parentId: 'shop',
    });
    expect(model.groups[0]?.components.map((c) => c.id)).toContain('shop--db');
    // Only the project counts: it is down, so the page is in a major outage, not a partial one.
    expect(model.overall).toBe('major_outage');
    expect(model.groups[0]?.status).toBe('major_outage');
  });
});
