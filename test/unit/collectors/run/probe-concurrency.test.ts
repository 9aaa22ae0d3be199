import { describe, expect, it } from 'vitest';
import type { Observation, ProbeContext } from '../../../../collectors/probes/probe-types.ts';
import { getConcurrencyPool } from '../../../../collectors/run/probe-concurrency.ts';
import { type ProbeRegistry, runChecks } from '../../../../collectors/run/run-checks.ts';
import { CHECK_TYPES, type Check, ConfigSchema } from '../../../../core/model/index.ts';
import { parseCheck } from '../../../helpers/parse-check.ts';

const DEFAULT = ConfigSchema.parse({}).collect.concurrency;

describe('collect.concurrency by kind of probe', () => {
  it('defaults to 128 network probes and 16 command probes at once', () => {
    expect(DEFAULT).toEqual({ network: 128, commands: 16 });
  });

  it.each([
    ['http', 'network', 128],
    ['tcp', 'network', 128],
    ['jupyterhub', 'network', 128],
    ['redis', 'network', 128],
    ['postgres', 'network', 128],
    ['mysql', 'network', 128],
    ['command', 'commands', 16],
    ['host', 'commands', 16],
    ['docker', 'commands', 16],
    ['systemd', 'commands', 16],
    ['process', 'commands', 16],
    ['filesystem', 'commands', 16],
    ['sqlite', 'commands', 16],
    ['gpu', 'commands', 16],
    ['slurm', 'commands', 16],
    ['pbs', 'commands', 16],
  ] as const)('a %s check runs in the %s pool (%i at once by default)', (type, name, limit) => {
    expect(getConcurrencyPool(type, DEFAULT)).toEqual({ name, limit });
  });

  it('gives every check type a pool', () => {
    for (const type of CHECK_TYPES) expect(getConcurrencyPool(type, DEFAULT).limit).toBeGreaterThan(0);
  });

  it('one number in the config caps every probe together, in one pool', () => {
    const { concurrency } = ConfigSchema.parse({ collect: { concurrency: 8 } }).collect;
    expect(getConcurrencyPool('http', concurrency)).toEqual({ name: 'all', limit: 8 });
    expect(getConcurrencyPool('command', concurrency)).toEqual({ name: 'all', limit: 8 });
  });

  it('each kind can be set alone; the other keeps its default', () => {
    const { concurrency } = ConfigSchema.parse({ collect: { concurrency: { commands: 4 } } }).collect;
    expect(concurrency).toEqual({ network: 128, commands: 4 });
  });

  it('refuses a limit below 1 with the path of the field', () => {
    const parsed = ConfigSchema.safeParse({ collect: { concurrency: { network: 0 } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join('.')).toMatch(/^collect\.concurrency/);
  });
});

describe('runChecks with the default concurrency', () => {
  /** A probe that counts how many of each type are in flight and answers a few turns later. */
  function countingRegistry(peaks: Map<string, number>): ProbeRegistry {
    const running = new Map<string, number>();
    const probe = async (check: Check, _context: ProbeContext): Promise<Observation> => {
      const kind = check.type === 'http' ? 'network' : 'commands';
      for (const counted of [kind, 'all']) {
        running.set(counted, (running.get(counted) ?? 0) + 1);
        peaks.set(counted, Math.max(peaks.get(counted) ?? 0, running.get(counted) ?? 0));
      }
      for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      for (const counted of [kind, 'all']) running.set(counted, (running.get(counted) ?? 0) - 1);
      return { status: 'up', message: 'ok' };
    };
    return Object.fromEntries(CHECK_TYPES.map((type) => [type, { probe }])) as unknown as ProbeRegistry;
  }

  const checks = [
    ...Array.from({ length: 300 }, (_, i) =>
      parseCheck({ id: `web${i}`, type: 'http', url: 'http://127.0.0.1/' }),
    ),
    ...Array.from({ length: 60 }, (_, i) =>
      parseCheck({ id: `cmd${i}`, type: 'command', command: ['true'] }),
    ),
  ];

  const runWith = (concurrency: Parameters<typeof runChecks>[0]['concurrency'], peaks: Map<string, number>) =>
    runChecks({
      checks,
      state: { v: 1, checks: {} },
      probes: countingRegistry(peaks),
      concurrency,
      deadlineMs: 30_000,
      failuresBeforeDown: 1,
      now: () => new Date('2026-12-01T10:00:00Z'),
      run: async () => {
        throw new Error('no command expected');
      },
    });

  it('runs up to 128 network and 16 command probes at once, side by side', async () => {
    const peaks = new Map<string, number>();
    const { results } = await runWith(DEFAULT, peaks);
    expect(results.map((result) => result.id)).toEqual(checks.map((check) => check.id));
    expect(peaks.get('network')).toBe(128);
    expect(peaks.get('commands')).toBe(16);
    expect(peaks.get('all')).toBe(144);
  });

  it('an explicit number caps them all together', async () => {
    const peaks = new Map<string, number>();
    await runWith(8, peaks);
    expect(peaks.get('all')).toBe(8);
  });
});
