import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import { CapacitySchema, listCapacities, SnapshotLineSchema } from '../../../../core/model/index.ts';
import { listCapacityFigures } from '../../../../src/data/capacity-figures.ts';
import { buildComponentDocument } from '../../../../src/data/component-api.ts';
import { listCurrentValues } from '../../../../src/data/current-values.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';

const NOW_MS = Date.UTC(2026, 11, 1, 12, 0);

// The server status page seed: "Visitor Pool | Available slots (X / $SCITEX_VISITOR_POOL_SIZE)".
const CONFIG = `
checks:
  - id: app
    type: http
    url: "http://127.0.0.1:8000/api/status"
    json:
      - { path: "$.pool.available", metric: visitorSlotsAvailable, of: visitorPoolSize }
      - { path: "$.pool.size", metric: visitorPoolSize }
      - { path: "$.workers.idle", metric: workersIdle, max: 8 }
  - id: jobs
    type: command
    command: [jobs-free]
    match: "free=(?<slotsFree>\\\\d+)"
    capacities: { slotsFree: { max: 64 } }
  - { id: plain, type: tcp, host: 127.0.0.1, port: 1 }
`;

function modelWith(metrics: Record<string, Record<string, number>>) {
  const { config } = parseConfigText(CONFIG, 'status.config.yaml', {});
  const line = SnapshotLineSchema.parse({
    v: 1,
    t: new Date(NOW_MS - 60_000).toISOString(),
    source: 'local',
    agent: { version: '1.0.0', host: 'status-host', ip: '127.0.0.1' },
    results: Object.entries(metrics).map(([id, values]) => ({
      id,
      status: 'up',
      ms: 12,
      metrics: values,
      message: 'ok',
    })),
  });
  return deriveSiteModel({ config, snapshots: [line], rollups: [], nowMs: NOW_MS });
}

describe('capacity declarations', () => {
  it('are read from max/of on JSON metrics and from capacities:', () => {
    const { config } = parseConfigText(CONFIG, 'status.config.yaml', {});
    const [app, jobs, plain] = config.checks;
    expect(
      listCapacities({ capacities: app?.capacities, json: app?.type === 'http' ? app.json : [] }),
    ).toEqual({
      visitorSlotsAvailable: { of: 'visitorPoolSize' },
      workersIdle: { max: 8 },
    });
    expect(listCapacities({ capacities: jobs?.capacities })).toEqual({ slotsFree: { max: 64 } });
    expect(listCapacities({ capacities: plain?.capacities })).toBeUndefined();
  });

  it.each([
    ['max and of together', '{ path: "$.a", metric: a, max: 3, of: b }', /json\[0\]\.of: give either "max"/],
    ['max without metric', '{ path: "$.a", exists: true, max: 3 }', /json\[0\]\.metric: "max" and "of" say/],
    ['a max of 0', '{ path: "$.a", metric: a, max: 0 }', /json\[0\]\.max/],
  ])('refuse %s with the field named', (_name, assertion, message) => {
    const text = `checks:\n  - { id: app, type: http, url: "http://127.0.0.1/", json: [${assertion}] }\n`;
    expect(() => parseConfigText(text, 'status.config.yaml', {})).toThrow(message);
  });

  const problemsOf = (yaml: string): string[] => {
    try {
      parseConfigText(yaml, 'status.config.yaml', {});
    } catch (error) {
      return (error as { problems?: string[] }).problems ?? [String(error)];
    }
    return [];
  };

  it('refuse an "of" that names no metric of the check, located', () => {
    const problems = problemsOf(`checks:
  - id: app
    type: http
    url: "http://127.0.0.1/"
    json:
      - { path: "$.pool.available", metric: visitorSlotsAvailable, of: visitorPoolSise }
      - { path: "$.pool.size", metric: visitorPoolSize }
  - id: cache
    type: redis
    url: "redis://127.0.0.1:6379/0"
    capacities:
      usedMemoryBytes: { of: maxMemoryByte }
`);
    expect(problems).toEqual([
      expect.stringMatching(
        /^status\.config\.yaml:6: checks\[0\]\.json\[0\]\.of: "visitorPoolSise" is no metric of this http check, so "X \/ N" would never show; name one it records \(.*visitorPoolSize.*\)/,
      ),
      expect.stringMatching(
        /^status\.config\.yaml:12: checks\[1\]\.capacities\.usedMemoryBytes\.of: "maxMemoryByte" is no metric of this redis check.*maxMemoryBytes/,
      ),
    ]);
  });

  it('accept an "of" naming a built-in metric, a SQL query, a regex group or a named thing’s metric', () => {
    const problems = problemsOf(`checks:
  - id: cache
    type: redis
    url: "redis://127.0.0.1:6379/0"
    capacities: { usedMemoryBytes: { of: maxMemoryBytes } }
  - id: db
    type: sqlite
    path: /tmp/app.sqlite3
    queries: { jobs_running: "SELECT 1", job_slots: "SELECT 8" }
    capacities: { jobs_running: { of: job_slots } }
  - id: jobs
    type: command
    command: [jobs-free]
    match: "free=(?<slotsFree>[0-9]+) of (?<slotsTotal>[0-9]+)"
    capacities: { slotsFree: { of: slotsTotal } }
  - id: hpc
    type: slurm
    capacities: { "partition:gpu:jobsRunning": { of: "partition:gpu:cpusTotal" } }
`);
    expect(problems).toEqual([]);
  });

  it('capacities: needs exactly one of max and of', () => {
    expect(CapacitySchema.safeParse({ max: 4 }).success).toBe(true);
    expect(CapacitySchema.safeParse({ of: 'size' }).success).toBe(true);
    expect(CapacitySchema.safeParse({}).success).toBe(false);
    expect(CapacitySchema.safeParse({ max: 4, of: 'size' }).success).toBe(false);
  });
});

describe('capacity figures', () => {
  const metrics = {
    app: { responseMs: 40, visitorSlotsAvailable: 12, visitorPoolSize: 20, workersIdle: 3 },
    jobs: { durationMs: 5, slotsFree: 60 },
    plain: { connectMs: 1 },
  };

  it('read "X / N" with the whole from max or from the other metric of the same run', () => {
    const model = modelWith(metrics);
    const app = model.components.find((component) => component.id === 'app');
    expect(listCapacityFigures('http', metrics.app, app?.capacities)).toEqual([
      {
        name: 'visitorSlotsAvailable',
        label: 'Visitor slots available',
        value: 12,
        max: 20,
        text: '12 / 20',
      },
      { name: 'workersIdle', label: 'Workers idle', value: 3, max: 8, text: '3 / 8' },
    ]);
  });

  it('show "X / N" in Current values, and the plain number for other metrics', () => {
    const model = modelWith(metrics);
    const app = model.components.find((component) => component.id === 'app');
    const facts = listCurrentValues('http', metrics.app, app?.capacities).groups.flatMap(
      (group) => group.facts,
    );
    expect(facts.find((fact) => fact.name === 'visitorSlotsAvailable')).toMatchObject({
      text: '12 / 20',
      max: 20,
    });
    expect(facts.find((fact) => fact.name === 'visitorPoolSize')).toMatchObject({ text: '20' });
    expect(facts.find((fact) => fact.name === 'visitorPoolSize')).not.toHaveProperty('max');
  });

  it('are left out when the run lacks the metric or its whole', () => {
    expect(
      listCapacityFigures(
        'http',
        { visitorSlotsAvailable: 12 },
        { visitorSlotsAvailable: { of: 'visitorPoolSize' } },
      ),
    ).toEqual([]);
    expect(listCapacityFigures('http', {}, { workersIdle: { max: 8 } })).toEqual([]);
  });

  it('are in the component JSON of a check that declares them, and nowhere else', () => {
    const model = modelWith(metrics);
    const byId = (id: string) => model.components.find((component) => component.id === id);
    const app = byId('app');
    const jobs = byId('jobs');
    const plain = byId('plain');
    if (app === undefined || jobs === undefined || plain === undefined) throw new Error('missing component');
    expect(buildComponentDocument(app, NOW_MS).capacities).toEqual({
      visitorSlotsAvailable: { value: 12, max: 20, text: '12 / 20' },
      workersIdle: { value: 3, max: 8, text: '3 / 8' },
    });
    expect(buildComponentDocument(jobs, NOW_MS).capacities).toEqual({
      slotsFree: { value: 60, max: 64, text: '60 / 64' },
    });
    expect(buildComponentDocument(plain, NOW_MS)).not.toHaveProperty('capacities');
    expect(plain).not.toHaveProperty('capacities');
  });
});
