// The CLI bundle (collectors/bundle/): built for real with esbuild into a folder of its own under the
// project's node_modules (where its imports of the other packages resolve), then the real `vigil`
// CLI run from it against a loopback target. Which files each process loaded comes from the
// --import hook of test/fixtures/module-count; nothing here measures time.

import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundlePointer, buildBundle } from '../../../../collectors/bundle/build-bundle.ts';
import { CURRENT_FILE, MAIN_ENTRY, RUNNER_ENTRY } from '../../../../collectors/bundle/find-bundle.js';
import { type LoopbackServer, listenOnLoopback } from '../../../helpers/loopback-server.ts';
import { runVigil } from '../../../helpers/run-vigil.ts';

const HOOK = fileURLToPath(new URL('../../../fixtures/module-count/list-modules.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

let bundleRoot: string;
let dir: string;
let target: LoopbackServer;
let configPath: string;

beforeAll(async () => {
  bundleRoot = path.join(ROOT, 'node_modules/.cache', `vigil-bundle-test-${randomBytes(4).toString('hex')}`);
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-bundle-'));
  target = await listenOnLoopback(createServer((_request, response) => response.end('ok')));
  configPath = path.join(dir, 'status.config.yaml');
  await writeFile(
    configPath,
    `checks:\n  - { id: web, type: http, url: "http://127.0.0.1:${target.port}/" }\n`,
  );
}, 60_000);

afterAll(async () => {
  await target?.close();
  await rm(bundleRoot, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

/** Runs `vigil collect` with the hook; returns its exit, output and each process's loaded files. */
async function collect(env: Record<string, string>, data: string) {
  const listPrefix = path.join(dir, `modules-${data}`);
  const run = await runVigil(['collect', '--config', configPath, '--data', path.join(dir, data)], {
    env: { NODE_OPTIONS: `--import ${HOOK}`, VIGIL_MODULE_LIST: listPrefix, ...env },
  });
  const lists = (await readdir(dir)).filter((name) => name.startsWith(`modules-${data}.`));
  const processes = await Promise.all(
    lists.map(async (name) =>
      (await readFile(path.join(dir, name), 'utf8'))
        .split('\n')
        .filter((url) => url.startsWith('file://'))
        .map((url) => path.relative(ROOT, fileURLToPath(url))),
    ),
  );
  return { ...run, processes };
}

async function readPointer(): Promise<BundlePointer> {
  return JSON.parse(await readFile(path.join(bundleRoot, CURRENT_FILE), 'utf8')) as BundlePointer;
}

describe('the CLI bundle', () => {
  it('is built from every module the CLI and its runners use, a package standing by its package.json', async () => {
    const built = await buildBundle(bundleRoot);
    expect(built.dir).toBeDefined();
    const pointer = await readPointer();
    const files = pointer.inputs.map(([file]) => file);
    expect(files).toContain('collectors/cli/main.ts');
    expect(files).toContain('collectors/run/probe-runner-child.ts');
    expect(files).toContain('collectors/probes/http/probe-http.ts');
    expect(files).toContain('node_modules/zod/package.json');
    expect(files).toContain('node_modules/yaml/package.json');
    expect(files.filter((file) => file.startsWith('node_modules/zod/'))).toEqual([
      'node_modules/zod/package.json',
    ]);
    // Each input is recorded with the size and mtime it has on disk.
    for (const [file, size, mtimeMs] of pointer.inputs.slice(0, 20)) {
      const now = await stat(path.join(ROOT, file));
      expect([file, now.size, now.mtimeMs]).toEqual([file, size, mtimeMs]);
    }
    const names = await readdir(path.join(bundleRoot, pointer.dir));
    expect(names).toContain(MAIN_ENTRY);
    expect(names).toContain(RUNNER_ENTRY);
  }, 60_000);

  it('runs `vigil collect` from the bundle, its probe runner too, writing what the sources write', async () => {
    const bundled = await collect({ VIGIL_BUNDLE_DIR: bundleRoot }, 'bundled');
    expect(bundled.exitCode, bundled.stderr).toBe(0);
    expect(bundled.stderr).toBe('');
    const { dir: current } = await readPointer();
    const inBundle = (file: string) => file.startsWith(path.relative(ROOT, path.join(bundleRoot, current)));
    const coordinator = bundled.processes.find((files) => files.some((file) => file.endsWith(MAIN_ENTRY)));
    const runner = bundled.processes.find((files) => files.some((file) => file.endsWith(RUNNER_ENTRY)));
    // runVigil starts the CLI through its TypeScript name, vigil.ts, which imports vigil.js.
    expect(coordinator?.filter((file) => !inBundle(file) && !file.startsWith('node_modules/'))).toEqual([
      'collectors/cli/vigil.ts',
      'collectors/cli/vigil.js',
      'collectors/bundle/find-bundle.js',
    ]);
    expect(runner).toBeDefined();
    // Neither loads Vigil's sources, nor zod's or yaml's files: they are in the bundle.
    for (const files of [coordinator ?? [], runner ?? []]) {
      expect(files.filter((file) => /\.ts$/.test(file) && file !== 'collectors/cli/vigil.ts')).toEqual([]);
      expect(files.filter((file) => /node_modules\/(zod|yaml)\//.test(file))).toEqual([]);
    }

    const sources = await collect({ VIGIL_BUNDLE: '0' }, 'sources');
    expect(sources.exitCode, sources.stderr).toBe(0);
    expect(sources.processes.flat()).toContain('collectors/cli/main.ts');
    const summary = (output: string) => output.replace(/ in \d+ ms/, '').replace(/ → .*$/s, '');
    expect(summary(bundled.stdout)).toBe(summary(sources.stdout));
    const line = async (data: string) => {
      const folder = path.join(dir, data, 'snapshots', 'local');
      const [file] = await readdir(folder);
      const parsed = JSON.parse((await readFile(path.join(folder, file as string), 'utf8')).trim());
      return parsed.results.map((result: { id: string; status: string }) => [result.id, result.status]);
    };
    expect(await line('bundled')).toEqual([['web', 'up']]);
    expect(await line('bundled')).toEqual(await line('sources'));
  }, 60_000);

  it('is passed over for the sources when the project moved since it was built', async () => {
    const pointer = await readPointer();
    expect(pointer.root).toBe(ROOT);
    const moved: BundlePointer = { ...pointer, root: '/srv/vigil-before-the-move/' };
    await writeFile(path.join(bundleRoot, CURRENT_FILE), JSON.stringify(moved));
    try {
      const run = await collect({ VIGIL_BUNDLE_DIR: bundleRoot, VIGIL_BUNDLE_BUILD: '0' }, 'moved');
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.processes.flat()).toContain('collectors/cli/main.ts');
      expect(run.processes.flat().filter((file) => file.endsWith(MAIN_ENTRY))).toEqual([]);
    } finally {
      await writeFile(path.join(bundleRoot, CURRENT_FILE), JSON.stringify(pointer));
    }
  }, 60_000);

  it('is passed over for the sources when a file it was built from changed, and built again in the background', async () => {
    const pointer = await readPointer();
    const edited: BundlePointer = {
      ...pointer,
      inputs: pointer.inputs.map((input) =>
        input[0] === 'collectors/cli/main.ts' ? [input[0], input[1] + 1, input[2]] : input,
      ),
    };
    await writeFile(path.join(bundleRoot, CURRENT_FILE), JSON.stringify(edited));
    const run = await collect({ VIGIL_BUNDLE_DIR: bundleRoot }, 'stale');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.processes.flat()).toContain('collectors/cli/main.ts');
    expect(run.processes.flat().filter((file) => file.endsWith(MAIN_ENTRY))).toEqual([]);
    // The detached build points current.json at a bundle of the files as they are.
    const deadline = Date.now() + 45_000;
    let rebuilt: BundlePointer | undefined;
    while (Date.now() < deadline) {
      const now = await readPointer().catch(() => undefined);
      if (now !== undefined && JSON.stringify(now.inputs) === JSON.stringify(pointer.inputs)) {
        rebuilt = now;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(rebuilt?.dir).toBe(pointer.dir);
  }, 60_000);

  it('that cannot be loaded is said once, and the run goes on from the sources', async () => {
    const { dir: current } = await readPointer();
    const entry = path.join(bundleRoot, current, MAIN_ENTRY);
    const original = await readFile(entry);
    await writeFile(entry, 'export const = ;\n');
    try {
      const run = await collect({ VIGIL_BUNDLE_DIR: bundleRoot, VIGIL_BUNDLE_BUILD: '0' }, 'broken');
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stderr).toMatch(
        /^vigil: warning: the CLI bundle could not be loaded \(.+\); running from the sources\n$/,
      );
      expect(run.stdout).toMatch(/1 check: 1 up/);
    } finally {
      await writeFile(entry, original);
    }
  }, 60_000);
});
