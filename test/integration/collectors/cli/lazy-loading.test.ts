// What `vigil` loads: each command, probe type, client library and alert sender only when a run
// uses it. Module lists come from a --import hook (test/fixtures/module-count/list-modules.mjs)
// in the CLI and in its probe runner processes; nothing here measures time. It runs the sources
// (VIGIL_BUNDLE=0), whose modules name what they are; the bundle keeps the same lazy imports as
// chunks (cli-bundle.test.ts).

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../../collectors/cli/main.ts';
import { type LoopbackServer, listenOnLoopback } from '../../../helpers/loopback-server.ts';
import { runVigil } from '../../../helpers/run-vigil.ts';

const HOOK = fileURLToPath(new URL('../../../fixtures/module-count/list-modules.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-lazy-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI with the hook; returns each process's loaded modules, as paths under the repo. */
async function listModules(args: string[]): Promise<{ exitCode: number; processes: string[][] }> {
  const listPrefix = path.join(dir, 'modules');
  const run = await runVigil(args, {
    env: { NODE_OPTIONS: `--import ${HOOK}`, VIGIL_MODULE_LIST: listPrefix, VIGIL_BUNDLE: '0' },
  });
  const files = (await readdir(dir)).filter((name) => name.startsWith('modules.'));
  const processes = await Promise.all(
    files.map(async (name) =>
      (await readFile(path.join(dir, name), 'utf8'))
        .split('\n')
        .filter((url) => url.startsWith('file://'))
        .map((url) => path.relative(ROOT, fileURLToPath(url))),
    ),
  );
  return { exitCode: run.exitCode, processes };
}

const isProbe = (file: string) => file.startsWith('collectors/probes/') && !isRegistry(file);
const isRegistry = (file: string) =>
  file === 'collectors/probes/registry.ts' || file === 'collectors/probes/default-thresholds.ts';
const packageOf = (file: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];

describe('vigil loads only what a command uses', () => {
  it('vigil --help loads no command, probe, schema or library module', async () => {
    const { exitCode, processes } = await listModules(['--help']);
    expect(exitCode).toBe(0);
    expect(processes).toHaveLength(1);
    const loaded = processes[0] ?? [];
    expect(loaded.filter((file) => file.includes('node_modules'))).toEqual([]);
    expect(loaded.filter((file) => file.startsWith('collectors/probes/'))).toEqual([]);
    expect(loaded.filter((file) => file.startsWith('core/model/'))).toEqual([]);
    expect(loaded.filter((file) => /-command\.ts$/.test(file))).toEqual([]);
  });

  it('a one-check http collect loads the http probe in its runner only, and no other probe or client library anywhere', async () => {
    const server = createServer((_request, response) => response.end('ok'));
    const listening: LoopbackServer = await listenOnLoopback(server);
    try {
      const config = path.join(dir, 'status.config.yaml');
      await writeFile(
        config,
        `checks:\n  - { id: web, type: http, url: "http://127.0.0.1:${listening.port}/" }\n`,
      );
      const { exitCode, processes } = await listModules([
        'collect',
        '--config',
        config,
        '--data',
        path.join(dir, 'data'),
      ]);
      expect(exitCode).toBe(0);
      const coordinator = processes.find((files) => files.includes('collectors/cli/main.ts')) ?? [];
      const runners = processes.filter((files) => files.includes('collectors/run/probe-runner-child.ts'));
      expect(runners).toHaveLength(1);
      const runner = runners[0] ?? [];
      // The coordinator judges and writes; it loads no probe, no git, no alert sender, no execa.
      expect(coordinator.filter(isProbe)).toEqual([]);
      expect(coordinator.filter((file) => file.startsWith('collectors/publish/'))).toEqual([]);
      expect(coordinator.filter((file) => file.startsWith('collectors/notify/providers/'))).toEqual([]);
      // With no alert provider, no alert state and no multi-place check there is no alert work: the
      // alert sender (and the incident and maintenance code it reads) is not loaded either.
      expect(coordinator.filter((file) => file.startsWith('collectors/notify/send-alerts'))).toEqual([]);
      expect(new Set(coordinator.map(packageOf).filter(Boolean))).toEqual(new Set(['zod', 'yaml']));
      // The runner loads the http probe and what it stands on (and, started as the spare before the
      // config was read, the tcp probe): no other probe, no library at all.
      expect(runner).toContain('collectors/probes/http/probe-http.ts');
      expect(
        runner.filter(isProbe).filter((file) => !/^collectors\/probes\/(http|tcp|shared)\//.test(file)),
      ).toEqual([]);
      expect(runner.filter((file) => file.includes('node_modules'))).toEqual([]);
    } finally {
      await listening.close();
    }
  });

  it("the one-line usage of each command is the first line of that command's own help", async () => {
    for (const [name, command] of Object.entries(COMMANDS)) {
      const help = await runVigil([name, '--help']);
      expect(help.stdout.split('\n')[0], name).toBe(`Usage: ${command.usage}`);
    }
  });
});
