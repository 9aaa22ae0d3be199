import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVigil } from '../../../helpers/run-vigil.ts';

const SECRETS = { API_TOKEN: 'tok-9f8e7d6c5b4a3921', DB_PASSWORD: 'pw-Zq81Lm02Xc' };

let dir: string;
let server: Server;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-secrets-'));
  // A careless server that echoes credentials back in its error page and headers.
  server = createServer((req, res) => {
    res.setHeader('X-Echo', String(req.headers.authorization));
    res.writeHead(503).end(`denied: ${req.headers.authorization} ${req.headers.cookie}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function readTree(root: string): Promise<string> {
  let text = '';
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) text += await readFile(join(entry.parentPath, entry.name), 'utf8');
  }
  return text;
}

describe('secrets from ${ENV}', () => {
  it('never reach data/, dist/ or the logs', async () => {
    const configPath = join(dir, 'status.config.yaml');
    await writeFile(
      configPath,
      `
site: { title: Secrets test }
checks:
  - id: api
    type: http
    url: http://monitor:\${DB_PASSWORD}@127.0.0.1:${port}/private?token=\${API_TOKEN}
    headers: { Authorization: "Bearer \${API_TOKEN}", Cookie: "session=\${API_TOKEN}" }
  - id: echo
    type: command
    command: [echo, "token=\${API_TOKEN}"]
    match: 'token=(?<token>\\S+)'
  - id: failing
    type: command
    command: [ls, "/nonexistent-\${DB_PASSWORD}"]
`,
    );
    const dataDir = join(dir, 'data');
    const outDir = join(dir, 'dist');
    const env = { ...SECRETS };
    const runs = [
      await runVigil(['collect', '--config', configPath, '--data', dataDir], { env }),
      await runVigil(['collect', '--config', configPath, '--data', dataDir, '--json'], { env }),
      await runVigil(['build', '--config', configPath, '--data', dataDir, '--out', outDir], { env }),
    ];
    for (const run of runs) expect(run.exitCode, run.stderr).toBe(0);

    const data = await readTree(dataDir);
    const site = await readTree(outDir);
    const logs = runs.map((run) => run.stdout + run.stderr).join('\n');
    // The checks really ran and really saw the secret-bearing output, masked.
    expect(data).toContain('***');
    expect(data).toContain('HTTP 503');
    for (const secret of Object.values(SECRETS)) {
      expect(data).not.toContain(secret);
      expect(site).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  }, 180_000);
});
