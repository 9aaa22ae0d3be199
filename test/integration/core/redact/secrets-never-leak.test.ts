import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

describe('canary secrets planted everywhere', () => {
  it('are found 0 times in data/, dist/, the logs, webhook payloads and the published data branch', async () => {
    const canaries = {
      API_TOKEN: 'canary-api-5e1b7c',
      HEADER_KEY: 'canary-hdr-93ad01',
      // Never named in the config: only a command that inherited the whole environment could store it.
      AWS_SECRET_ACCESS_KEY: 'canary-aws-c0ffee42',
    };
    const received: string[] = [];
    // The monitored server redirects to another origin, which records what reached it.
    const elsewhere = createServer((req, res) => {
      received.push(JSON.stringify(req.headers));
      res.end('landed');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const elsewherePort = (elsewhere.address() as AddressInfo).port;
    const hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push(body);
        res.end();
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    const hooksPort = (hooks.address() as AddressInfo).port;
    const origin = createServer((req, res) => {
      res
        .writeHead(302, {
          location: `http://127.0.0.1:${elsewherePort}/land?seen=${req.headers['x-api-key']}`,
        })
        .end();
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    const originPort = (origin.address() as AddressInfo).port;
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', args, {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' },
      });
    try {
      const root = join(dir, 'canaries');
      await mkdir(root, { recursive: true });
      const remote = join(root, 'remote.git');
      git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
      const clone = join(root, 'clone');
      git(root, 'clone', '--quiet', remote, clone);
      git(clone, 'config', 'user.name', 'collector');
      git(clone, 'config', 'user.email', 'collector@vigil.test');
      await writeFile(join(clone, '.gitignore'), 'data/\n');
      await writeFile(
        join(clone, 'status.config.yaml'),
        `
publish:
  branch: status-data
  webhooks: [{ url: "http://127.0.0.1:${hooksPort}/hook?token=\${API_TOKEN}", retries: 0 }]
collect: { failuresBeforeDown: 1 }
checks:
  - id: api
    type: http
    url: http://127.0.0.1:${originPort}/start?token=\${API_TOKEN}
    headers: { X-Api-Key: "\${HEADER_KEY}" }
  - id: env
    type: command
    command: [sh, -c, 'env | tr "\\n" " "']
    match: '(?<env>.*)'
  - id: broken
    type: command
    command: [sh, -c, 'echo "failed with \${API_TOKEN}"; exit 3']
    env: { TOKEN: "\${API_TOKEN}" }
`,
      );
      git(clone, 'add', '.');
      git(clone, 'commit', '--quiet', '-m', 'config');
      git(clone, 'push', '--quiet', 'origin', 'HEAD:main');
      const env = { ...canaries, GIT_CONFIG_GLOBAL: '/dev/null' };
      // The first run sees "broken" fail for the first time (no webhook: nothing to change from is
      // up); seed a state in which it was up, so the second run announces up → down.
      const first = await runVigil(['collect', '--publish'], { cwd: clone, env });
      const stateFile = join(clone, 'data/state/local.json');
      const state = JSON.parse(await readFile(stateFile, 'utf8'));
      state.checks.broken.lastStatus = 'up';
      await writeFile(stateFile, JSON.stringify(state));
      const second = await runVigil(['collect', '--publish'], { cwd: clone, env });
      const built = await runVigil(['build', '--out', join(root, 'dist')], { cwd: clone, env });
      const badConfig = join(root, 'bad.yaml');
      await writeFile(badConfig, 'site:\n  url: "${AWS_SECRET_ACCESS_KEY}"\n');
      const invalid = await runVigil(['validate', '--config', badConfig], { env });
      expect(invalid.exitCode).toBe(1);
      for (const run of [first, second, built]) expect(run.exitCode, run.stderr).toBe(0);

      const history = git(remote, 'log', '-p', 'status-data');
      const everything = [
        await readTree(join(clone, 'data')),
        await readTree(join(root, 'dist')),
        ...[first, second, built, invalid].map((run) => run.stdout + run.stderr),
        ...received,
        history,
      ].join('\n');
      // The checks really ran: the redirect landed, the webhook was told, the environment was listed.
      expect(received.some((text) => text.includes('"host"'))).toBe(true);
      expect(received.some((text) => text.includes('broken'))).toBe(true);
      expect(history).toContain('PATH=');
      for (const [name, canary] of Object.entries(canaries)) {
        expect(everything.split(canary).length - 1, name).toBe(0);
      }
    } finally {
      for (const server of [elsewhere, hooks, origin]) server.close();
    }
  }, 180_000);
});
