import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLfsDf } from '../../../../../collectors/probes/filesystem/lfs-df.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../fixtures/lustre/${name}`, import.meta.url), 'utf8');

describe('parseLfsDf', () => {
  it('reads MDTs, OSTs and the summary of a healthy filesystem', () => {
    const report = parseLfsDf(fixture('lfs-df-healthy.txt'));
    expect(report.targets.map((t) => `${t.kind}:${t.index}`)).toEqual([
      'MDT:0',
      'MDT:1',
      'OST:0',
      'OST:1',
      'OST:2',
      'OST:3',
    ]);
    expect(report.targets[2]).toEqual({
      name: 'scratch-OST0000',
      kind: 'OST',
      index: 0,
      sizeKiB: 61239034880,
      usedKiB: 35826970624,
      availableKiB: 22313527296,
      usedPercent: 62,
      problems: [],
    });
    expect(report.inactive).toEqual([]);
    expect(report.summary).toEqual({
      sizeKiB: 244956139520,
      usedKiB: 143874106368,
      availableKiB: 88687885312,
      usedPercent: 62,
    });
  });

  it('names the flags D, R, S, I; ignores f (flash); lists inactive targets', () => {
    const report = parseLfsDf(fixture('lfs-df-flags.txt'));
    const problems = Object.fromEntries(report.targets.map((t) => [t.name, t.problems]));
    expect(problems).toEqual({
      'scratch-MDT0000': [],
      'scratch-OST0000': [],
      'scratch-OST0001': ['degraded'],
      'scratch-OST0002': ['out of space'],
      'scratch-OST0003': ['degraded', 'read-only'],
      'scratch-OST0005': ['out of inodes'],
    });
    expect(report.inactive).toEqual(['scratch-OST0004']);
  });

  it('finds nothing in output that is not lfs df', () => {
    expect(parseLfsDf('lfs: invalid path\n')).toEqual({ targets: [], inactive: [] });
  });
});
