// The config value cache (core/config/config-value-cache.ts) and the path that reads a config from
// it (parseConfigValue): its result is parseConfigText's for the same text and environment, or it
// steps aside; and what it stores holds nothing read from the environment.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfigValue, writeConfigValue } from '../../../../core/config/config-value-cache.ts';
import { loadConfig, parseConfigText, parseConfigValue } from '../../../../core/config/load-config.ts';
import { readPlainYamlValue } from '../../../../core/config/read-yaml.ts';
import { EXAMPLE_ENV } from '../../../helpers/example-env.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const examples = (await readdir(`${root}examples`))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `examples/${f}`);
const SHIPPED = ['status.config.yaml', 'status.config.example.yaml', ...examples];

/** parseConfigText's answer, or its error's message. */
function viaText(text: string, env: NodeJS.ProcessEnv) {
  try {
    return parseConfigText(text, 'status.config.yaml', env, () => false);
  } catch (error) {
    return (error as Error).message;
  }
}

function viaValue(text: string, env: NodeJS.ProcessEnv) {
  const plain = readPlainYamlValue(text);
  return plain === undefined ? undefined : parseConfigValue(plain.value, 'status.config.yaml', env);
}

describe('a config read from its cached value', () => {
  it.each(SHIPPED)('%s reads as from its text, with its variables set and without', async (file) => {
    const text = await readFile(`${root}${file}`, 'utf8');
    const withEnv = viaValue(text, EXAMPLE_ENV);
    expect(withEnv).toBeDefined();
    expect(withEnv).toEqual(viaText(text, EXAMPLE_ENV));
    // Without them, a config that names a variable without a default needs its line: it steps aside.
    const without = viaValue(text, {});
    if (without !== undefined) expect(without).toEqual(viaText(text, {}));
    else expect(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(text)).toBe(true);
  });

  const CASES: [string, string, NodeJS.ProcessEnv][] = [
    [
      'variables in a list, a nested map and with defaults',
      `checks:
  - { id: web, type: http, url: "https://\${HOST}/health", headers: { Authorization: "Bearer \${TOKEN}" } }
  - { id: api, type: http, url: "\${API_URL:-https://api.example.org/}" }
  - { id: cmd, type: command, command: [echo, "\${WORD}", "$\${LITERAL}"] }
`,
      { HOST: 'status.example.org', TOKEN: 's3cret-token', WORD: 'hi' },
    ],
    [
      'a default used although set to nothing else',
      'checks:\n  - { id: a, type: http, url: "${U:-https://a.example.org/}" }\n',
      { U: 'https://b.example.org/' },
    ],
    [
      'no variable at all',
      'site: { title: Lab }\nchecks:\n  - { id: a, type: tcp, host: 127.0.0.1, port: 22 }\n',
      {},
    ],
  ];
  it.each(CASES)('%s', (_name, text, env) => {
    const value = viaValue(text, env);
    expect(value).toBeDefined();
    expect(value).toEqual(viaText(text, env));
  });

  const ASIDE: [string, string, NodeJS.ProcessEnv][] = [
    [
      'an unset variable (its problem names its line)',
      'checks:\n  - { id: a, type: http, url: "${NOPE}" }\n',
      {},
    ],
    ['an invalid config (its problems name their lines)', 'checks:\n  - { id: a, type: http }\n', {}],
    [
      'a variable in a key',
      'site: { facts: { "${K}": x } }\nchecks:\n  - { id: a, type: tcp, host: h, port: 1 }\n',
      { K: 'key' },
    ],
    [
      'a key that reads as an index',
      'checks:\n  - { id: a, type: http, url: "https://a.example.org/${P}", headers: { "200": ok } }\n',
      { P: 'x' },
    ],
  ];
  it.each(ASIDE)('steps aside for %s', (_name, text, env) => {
    expect(viaValue(text, env)).toBeUndefined();
  });

  it('is not stored for a text with an alias or one that does not read', () => {
    expect(readPlainYamlValue('a: &x { b: 1 }\nc: *x\n')).toBeUndefined();
    expect(readPlainYamlValue('a: [1, 2\n')).toBeUndefined();
    expect(readPlainYamlValue('a: 1\na: 2\n')).toBeUndefined();
  });
});

describe('the config value cache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-config-cache-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads what a config without the cache loads, from the second run on, storing no value from the environment', async () => {
    const config = path.join(dir, 'status.config.yaml');
    await writeFile(
      config,
      'checks:\n  - { id: web, type: http, url: "https://status.example.org/", headers: { Authorization: "Bearer ${TOKEN}" } }\n',
    );
    const cacheDir = path.join(dir, 'cache');
    const env = { TOKEN: 'do-not-store-me' };
    const plain = await loadConfig({ path: config, env, needs: () => false });
    const first = await loadConfig({ path: config, env, needs: () => false, cacheDir });
    const [entry] = await readdir(cacheDir);
    expect(entry).toMatch(/^[0-9a-f]{64}\.v8$/);
    const stored = await readFile(path.join(cacheDir, entry as string));
    expect(stored.includes('do-not-store-me')).toBe(false);
    expect(stored.includes('${TOKEN}')).toBe(true);
    const second = await loadConfig({ path: config, env, needs: () => false, cacheDir });
    expect(first).toEqual(plain);
    expect(second).toEqual(plain);
    expect(second.secrets).toEqual(['do-not-store-me']);
    // Another environment, another value: the variable is replaced on every read.
    const other = await loadConfig({
      path: config,
      env: { TOKEN: 'another-one' },
      needs: () => false,
      cacheDir,
    });
    expect(other.secrets).toEqual(['another-one']);
  });

  it('takes an entry it cannot read for a miss, and stores it again', async () => {
    const text = 'checks:\n  - { id: a, type: tcp, host: 127.0.0.1, port: 22 }\n';
    await writeConfigValue(dir, text, { checks: [] });
    const [entry] = await readdir(dir);
    await writeFile(path.join(dir, entry as string), 'not v8');
    expect(await readConfigValue(dir, text)).toBeUndefined();
    const config = path.join(dir, 'status.config.yaml');
    await writeFile(config, text);
    const loaded = await loadConfig({ path: config, env: {}, cacheDir: dir });
    expect(loaded.config.checks.map((check) => check.id)).toEqual(['a']);
    expect((await readConfigValue(dir, text))?.value).toEqual(readPlainYamlValue(text)?.value);
  });

  it('keeps the 16 newest entries', async () => {
    for (let index = 0; index < 20; index += 1) await writeConfigValue(dir, `n: ${index}\n`, { n: index });
    const names = (await readdir(dir)).filter((name) => name.endsWith('.v8'));
    expect(names).toHaveLength(16);
    expect((await readConfigValue(dir, 'n: 19\n'))?.value).toEqual({ n: 19 });
  });
});
