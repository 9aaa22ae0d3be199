// The conventions people try first: `vigil help CMD`, `-v`.
import { describe, expect, it } from 'vitest';
import { VIGIL_VERSION } from '../../../../core/version.ts';
import { runVigil } from '../../../helpers/run-vigil.ts';

describe('vigil help and version', () => {
  it('vigil help collect prints what vigil collect --help prints', async () => {
    const [help, flag] = await Promise.all([runVigil(['help', 'collect']), runVigil(['collect', '--help'])]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^Usage: vigil collect /);
    expect(help.stdout).toBe(flag.stdout);
  });

  it('vigil help of an unknown command is one line and exit 1', async () => {
    const run = await runVigil(['help', 'deploy']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim()).toMatch(/^vigil: unknown command "deploy"; expected one of collect, /);
  });

  it('-v and --version print the version', async () => {
    for (const flag of ['-v', '--version']) {
      const run = await runVigil([flag]);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toBe(`${VIGIL_VERSION}\n`);
    }
  });
});
