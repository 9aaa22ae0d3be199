// The data renderer against a real full build: the same bytes as the build for the same data and
// clock, only changed files rewritten after a run, needs-build for each reason, and a reader in
// another process that never sees a torn JSON file while runs are appended and rendered.
// The renderer loads src/data in plain Node (no Astro, no Vite): these tests prove it too.
import { spawn } from 'node:child_process';
import { appendFile, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBuildRecordPath } from '../../../../collectors/render/build-record.ts';
import {
  createDataRenderer,
  type RenderDataInputs,
  type RenderDataOutcome,
  renderDataOutputs,
} from '../../../../collectors/render/render-data-outputs.ts';
import { generateSiteData, type SiteData } from '../../../bench/generate-site-data.ts';
import { buildSite } from '../../../helpers/build-site.ts';

const NOW_MS = Date.parse('2026-12-01T12:00:00.000Z');
const RUN_MS = 5 * 60_000;

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? listFiles(dir, `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
    ),
  );
  return nested.flat().sort();
}

const isDataOutput = (file: string) =>
  file.startsWith('api/') || /^badges\/.+\.svg$/.test(file) || file === 'metrics.txt';

/** One run of a source at tMs in which every check of the source is up but `downId`. */
async function appendRun(
  site: SiteData,
  source: string,
  ids: readonly string[],
  tMs: number,
  downId?: string,
) {
  const t = new Date(tMs).toISOString();
  const results = ids.map((id) => ({
    id,
    status: id === downId ? 'down' : 'up',
    ms: 12,
    message: id === downId ? 'connect ECONNREFUSED 127.0.0.1:1' : 'HTTP 200 in 12 ms',
    metrics: { latencyMs: 12, bodyBytes: 5000 },
    detail: {},
  }));
  const line = {
    v: 1,
    t,
    source,
    agent: { version: '0.1.0', host: `${source}.example.org`, ip: '192.0.2.10' },
    durationMs: 20,
    results,
  };
  await appendFile(
    path.join(site.dataDir, 'snapshots', source, `${t.slice(0, 10)}.jsonl`),
    `${JSON.stringify(line)}\n`,
  );
}

/** The check ids each source's newest line holds, in order. */
async function readSourceChecks(site: SiteData, source: string): Promise<string[]> {
  const text = await readFile(path.join(site.dataDir, 'snapshots', source, '2026-12-01.jsonl'), 'utf8');
  const last = JSON.parse(text.trimEnd().split('\n').at(-1) as string) as { results: { id: string }[] };
  return last.results.map((result) => result.id);
}

/** renderDataOutputs in a child `node` process (type stripping, no Vite): its outcome. */
async function renderInPlainNode(options: RenderDataInputs & { nowMs: number }): Promise<unknown> {
  const moduleUrl = pathToFileURL(path.resolve('collectors/render/render-data-outputs.ts')).href;
  const script = `const { renderDataOutputs } = await import(${JSON.stringify(moduleUrl)});
    process.stdout.write(JSON.stringify(await renderDataOutputs(${JSON.stringify(options)})));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BASE_URL: undefined },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`plain node render exited ${code}: ${stderr}`);
  return JSON.parse(stdout);
}

describe('the data renderer', () => {
  let dir: string;
  let site: SiteData;
  let inputs: RenderDataInputs;
  beforeAll(async () => {
    dir = path.join(tmpdir(), `vigil-render-${process.pid}`);
    await rm(dir, { recursive: true, force: true });
    site = await generateSiteData({ outDir: dir, components: 12, incidents: 6, nowMs: NOW_MS });
    inputs = { configPath: site.configPath, dataDir: site.dataDir, outDir: path.join(dir, 'dist') };
    await buildSite({ ...inputs, buildTimeMs: NOW_MS });
  }, 180_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes the very bytes the full build wrote, for every data output, at the same data and clock', async () => {
    const files = (await listFiles(inputs.outDir)).filter(isDataOutput);
    // Site-wide ones; per component its document and two badges, per component and per group (2)
    // the 11 shields endpoints, per group a status badge.
    expect(files.length).toBe(9 + 12 * 3 + 12 * 11 + 2 * (1 + 11));
    const before = await Promise.all(files.map((file) => readFile(path.join(inputs.outDir, file))));
    // In plain Node, as `vigil collect --render` runs it: src/data loads without Astro or Vite.
    const outcome = await renderInPlainNode({ ...inputs, nowMs: NOW_MS });
    expect(outcome).toMatchObject({ status: 'rendered', written: [], unchanged: files.length });
    const after = await Promise.all(files.map((file) => readFile(path.join(inputs.outDir, file))));
    expect(after.map((bytes, index) => bytes.equals(before[index] as Buffer))).toEqual(files.map(() => true));
    // Incident text comes from the HTML the build rendered (no Astro here).
    const incidents = JSON.parse(await readFile(path.join(inputs.outDir, 'api/v2/incidents.json'), 'utf8'));
    expect(incidents.incidents.length).toBeGreaterThan(0);
    expect(
      incidents.incidents.some((incident: { incident_updates: { body: string }[] }) =>
        incident.incident_updates.some((update) => update.body.length > 0),
      ),
    ).toBe(true);
  }, 60_000);

  it('after a run that turns a check down, rewrites its files and the site-wide ones, and nothing else', async () => {
    const renderer = createDataRenderer(inputs);
    try {
      const ids = await readSourceChecks(site, 'collector-1');
      const downId = ids[0] as string;
      const otherId = ids[1] as string;
      const runMs = NOW_MS + RUN_MS;
      await appendRun(site, 'collector-1', ids, runMs);
      const first = await renderer.render(runMs + 1000);
      expect(first.status).toBe('rendered');
      const untouched = ['index.html', `badges/${otherId}.svg`, `components/${downId}/index.html`];
      const mtimes = await Promise.all(
        untouched.map(async (file) => (await stat(path.join(inputs.outDir, file))).mtimeMs),
      );
      await appendRun(site, 'collector-1', ids, runMs + 1000, downId);
      const outcome = await renderer.render(runMs + 2000);
      if (outcome.status !== 'rendered') throw new Error(outcome.reason);
      expect(outcome.written).toEqual(
        expect.arrayContaining([
          'api/v2/summary.json',
          `api/vigil/components/${downId}.json`,
          `badges/${downId}.svg`,
          'metrics.txt',
        ]),
      );
      expect(outcome.written).toEqual([...outcome.written].sort());
      expect(outcome.written).not.toContain(`badges/${otherId}.svg`);
      expect(outcome.written.every(isDataOutput)).toBe(true);
      const badge = await readFile(path.join(inputs.outDir, `badges/${downId}.svg`), 'utf8');
      expect(badge).toContain('outage');
      const summary = JSON.parse(await readFile(path.join(inputs.outDir, 'api/v2/summary.json'), 'utf8'));
      expect(summary.components.find((c: { id: string }) => c.id === downId).status).toMatch(/outage/);
      const after = await Promise.all(
        untouched.map(async (file) => (await stat(path.join(inputs.outDir, file))).mtimeMs),
      );
      expect(after).toEqual(mtimes);
      // Nothing new since: nothing written.
      const again = await renderer.render(runMs + 2000);
      expect(again).toMatchObject({ status: 'rendered', written: [] });
    } finally {
      renderer.close();
    }
  }, 60_000);

  it('answers needs-build, or renders and asks for a build, for each reason a page may have changed', async () => {
    const render = (overrides: Partial<RenderDataInputs> = {}, nowMs = NOW_MS + RUN_MS + 3000) =>
      renderDataOutputs({ ...inputs, ...overrides, nowMs });
    expect(await render({ outDir: path.join(dir, 'never-built') })).toEqual({
      status: 'needs-build',
      reason: `no full build of ${path.join(dir, 'never-built')} is on record`,
    });
    const savedCache = process.env.VIGIL_CACHE;
    process.env.VIGIL_CACHE = 'off';
    try {
      expect(await render()).toEqual({
        status: 'needs-build',
        reason: 'the build cache is off (VIGIL_CACHE=off), where full builds are recorded',
      });
    } finally {
      if (savedCache === undefined) delete process.env.VIGIL_CACHE;
      else process.env.VIGIL_CACHE = savedCache;
    }
    // A new day and a changed config need the pages built, but the data outputs are rendered
    // meanwhile, so an open page's live refresh never goes quiet for the length of the build.
    expect(await render({}, NOW_MS + 86_400_000)).toMatchObject({
      status: 'rendered',
      needsBuild: expect.stringContaining('a new UTC day began (2026-12-02)'),
    });
    const configText = await readFile(site.configPath, 'utf8');
    await writeFile(site.configPath, `${configText.replace(/title: .*/, 'title: Renamed lab')}# edited\n`);
    expect(await render()).toMatchObject({
      status: 'rendered',
      needsBuild: expect.stringContaining('the config changed'),
    });
    const renamed = JSON.parse(await readFile(path.join(inputs.outDir, 'api/v2/summary.json'), 'utf8'));
    expect(renamed.page.name).toBe('Renamed lab');
    // A config that no longer loads: the build will say why.
    await writeFile(site.configPath, `${configText}checks: 7\n`);
    expect(await render()).toMatchObject({
      status: 'needs-build',
      reason: expect.stringContaining('the config changed'),
    });
    await writeFile(site.configPath, configText);
    expect((await render()).status).toBe('rendered');

    const incidentsDir = path.join(site.dataDir, 'incidents');
    const [first] = (await readdir(incidentsDir)).sort();
    const firstPath = path.join(incidentsDir, first as string);
    const incidentText = await readFile(firstPath, 'utf8');
    await writeFile(firstPath, `${incidentText}\nOne more line.\n`);
    expect(await render()).toMatchObject({
      status: 'rendered',
      needsBuild: `an incident file changed (${first})`,
    });
    await writeFile(path.join(incidentsDir, 'zz-new.md'), incidentText);
    await writeFile(firstPath, incidentText);
    expect(await render()).toMatchObject({
      status: 'rendered',
      needsBuild: 'an incident file was added (zz-new.md)',
    });
    // An incident the build has not rendered yet is listed at once (title, status, times).
    const listed = JSON.parse(await readFile(path.join(inputs.outDir, 'api/v2/incidents.json'), 'utf8'));
    expect(JSON.stringify(listed)).toContain('zz-new');
    await rm(path.join(incidentsDir, 'zz-new.md'));
    await rm(firstPath);
    expect(await render()).toMatchObject({
      status: 'rendered',
      needsBuild: `an incident file was removed (${first})`,
    });
    await writeFile(firstPath, incidentText);
    expect((await render()).status).toBe('rendered');

    const recordPath = getBuildRecordPath(site.dataDir, inputs.outDir) as string;
    const record = await readFile(recordPath, 'utf8');
    await writeFile(recordPath, record.replace(/"codeFingerprint":"[0-9a-f]+"/, '"codeFingerprint":"0000"'));
    expect(await render()).toMatchObject({
      status: 'needs-build',
      reason: expect.stringContaining('the code changed since the last full build'),
    });
    await writeFile(recordPath, record);
    expect((await render()).status).toBe('rendered');
  }, 60_000);

  it('never lets a reader polling the output directory read a torn JSON file, over 1,000 renders', async () => {
    const jsonFiles = (await listFiles(inputs.outDir)).filter((file) => file.endsWith('.json'));
    const stopFile = path.join(dir, 'stop-reader');
    const readerScript = `
      const { readFileSync, existsSync } = require('node:fs');
      const files = ${JSON.stringify(jsonFiles.map((file) => path.join(inputs.outDir, file)))};
      let reads = 0, invalid = 0, missing = 0;
      while (!existsSync(${JSON.stringify(stopFile)})) {
        for (const file of files) {
          let text;
          try { text = readFileSync(file, 'utf8'); } catch { missing++; continue; }
          try { JSON.parse(text); reads++; } catch { invalid++; }
        }
      }
      console.log(JSON.stringify({ reads, invalid, missing }));`;
    const reader = spawn(process.execPath, ['-e', readerScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    reader.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<void>((resolve) => reader.on('exit', () => resolve()));
    const renderer = createDataRenderer(inputs);
    const ids = await readSourceChecks(site, 'collector-1');
    const startMs = NOW_MS + 2 * RUN_MS;
    let rewrites = 0;
    try {
      for (let index = 0; index < 1000; index += 1) {
        const tMs = startMs + index * 1000;
        await appendRun(site, 'collector-1', ids, tMs, index % 2 === 0 ? ids[2] : undefined);
        const outcome = await renderer.render(tMs + 500);
        if (outcome.status !== 'rendered') throw new Error(outcome.reason);
        if (outcome.written.includes('api/v2/summary.json')) rewrites += 1;
      }
    } finally {
      renderer.close();
      await writeFile(stopFile, '');
      await exited;
    }
    // What 1,000 renders kept in memory and folded piecewise is what a fresh process folds whole. Only
    // the documents of the other collector's components differ: no run of theirs came, so each stays
    // as the first render left it, while the fresh process renders them at its clock.
    const lastRenderMs = startMs + 999 * 1000 + 500;
    const fresh = (await renderInPlainNode({ ...inputs, nowMs: lastRenderMs })) as RenderDataOutcome;
    expect(fresh.status).toBe('rendered');
    const rewritten = fresh.status === 'rendered' ? fresh.written : [];
    expect(rewritten.length).toBeGreaterThan(0);
    for (const file of rewritten) {
      expect(file).toMatch(/^api\/vigil\/components\/[^/]+\.json$/);
      expect(ids).not.toContain(path.basename(file, '.json'));
    }
    const counts = JSON.parse(output) as { reads: number; invalid: number; missing: number };
    expect(rewrites).toBe(1000);
    expect(counts.invalid).toBe(0);
    expect(counts.missing).toBe(0);
    expect(counts.reads).toBeGreaterThan(jsonFiles.length * 100);
  }, 600_000);
});
