import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitIncidentFile } from '../../../../core/incidents/incident-file.ts';
import { IncidentSchema } from '../../../../core/model/index.ts';
import { type LoopbackServer, listenOnLoopback } from '../../../helpers/loopback-server.ts';
import { runVigil } from '../../../helpers/run-vigil.ts';

let tempDir: string;
let server: LoopbackServer;
let isUp = true;

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-auto-draft-'));
  server = await listenOnLoopback(
    createServer((_req, res) => {
      if (isUp) res.end('all healthy');
      else res.writeHead(503).end('database unavailable');
    }),
  );
});

afterAll(async () => {
  await server?.close();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

async function readIncidents(dataDir: string) {
  const folder = path.join(dataDir, 'incidents');
  const names = (await readdir(folder).catch(() => [] as string[])).sort();
  return Promise.all(
    names.map(async (name) => {
      const split = splitIncidentFile(await readFile(path.join(folder, name), 'utf8'));
      return { name, incident: IncidentSchema.parse(split.frontmatter), body: split.body };
    }),
  );
}

describe('auto-drafted incidents over real collect runs', () => {
  it('drafts once when a check stays down, adds the recovery, and drafts a new outage anew', async () => {
    const configPath = path.join(tempDir, 'status.config.yaml');
    const dataDir = path.join(tempDir, 'data');
    await writeFile(
      configPath,
      `site: { title: Auto-draft test }
collect: { failuresBeforeDown: 2 }
incidents: { autoDraft: { afterFailures: 2 } }
checks:
  - { id: web, name: Website, type: http, url: "http://127.0.0.1:${server.port}/health", timeout: 2s }
`,
    );
    const collect = async (up: boolean) => {
      isUp = up;
      const run = await runVigil(['collect', '--config', configPath, '--data', dataDir]);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stderr).not.toMatch(/warning/i);
      return run;
    };

    await collect(true);
    await collect(false); // failing, 1 of 2: degraded
    await collect(false); // down, 1st down run
    await expect(readIncidents(dataDir)).resolves.toEqual([]);
    const drafting = await collect(false); // down, 2nd down run: drafted
    expect(drafting.stderr).toMatch(/web: drafted incident incidents\/\d{4}-\d{2}-\d{2}-web-auto\.md/);
    let incidents = await readIncidents(dataDir);
    expect(incidents).toHaveLength(1);
    const [drafted] = incidents;
    expect(drafted?.name).toMatch(/^\d{4}-\d{2}-\d{2}-web-auto\.md$/);
    expect(drafted?.incident).toMatchObject({
      title: 'Website is down',
      kind: 'incident',
      status: 'investigating',
      affected: ['web'],
      draft: true,
    });
    expect(drafted?.incident.updates).toHaveLength(1);
    expect(drafted?.incident.updates[0]?.text).toMatch(/First failure: `HTTP 503/);

    await collect(false); // still down: no second draft for the same outage
    await collect(false);
    expect((await readIncidents(dataDir)).map((item) => item.name)).toEqual([drafted?.name]);

    const recovering = await collect(true);
    expect(recovering.stderr).toContain('web: added the recovery to draft');
    incidents = await readIncidents(dataDir);
    expect(incidents).toHaveLength(1);
    const recovered = incidents[0]?.incident;
    expect(recovered).toMatchObject({ status: 'resolved', draft: true });
    expect(recovered?.end).toBeDefined();
    expect(recovered?.updates.map((update) => update.status)).toEqual(['investigating', 'resolved']);
    expect(recovered?.updates[1]?.text).toMatch(/^Website is up again after/);
    await collect(true); // nothing more to add once resolved
    expect((await readIncidents(dataDir))[0]?.incident.updates).toHaveLength(2);

    // A second outage is a new incident, in a file of its own.
    for (let run = 0; run < 3; run++) await collect(false);
    incidents = await readIncidents(dataDir);
    expect(incidents).toHaveLength(2);
    const second = incidents.find((item) => item.name !== drafted?.name);
    expect(incidents.find((item) => item.name === drafted?.name)?.incident.status).toBe('resolved');
    expect(second?.name).toMatch(/^\d{4}-\d{2}-\d{2}-web-auto(-2)?\.md$/);
    expect(second?.incident).toMatchObject({ status: 'investigating', draft: true });

    // Every file the collector wrote passes the pull-request check.
    const validation = await runVigil(['validate', '--config', configPath, '--data', dataDir]);
    expect(validation.exitCode, validation.stderr).toBe(0);
    expect(validation.stdout).toContain('2 incident files valid');
  });

  it('writes nothing without the opt-in', async () => {
    const configPath = path.join(tempDir, 'off.config.yaml');
    const dataDir = path.join(tempDir, 'off-data');
    await writeFile(
      configPath,
      `collect: { failuresBeforeDown: 1 }
checks:
  - { id: web, type: http, url: "http://127.0.0.1:${server.port}/health", timeout: 2s }
`,
    );
    isUp = false;
    for (let run = 0; run < 3; run++) {
      const result = await runVigil(['collect', '--config', configPath, '--data', dataDir]);
      expect(result.exitCode, result.stderr).toBe(0);
    }
    await expect(readIncidents(dataDir)).resolves.toEqual([]);
  });
});
