import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, neededBySite } from '../../../../core/config/load-config.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const examples = (await readdir(`${root}examples`))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `examples/${f}`);
const SHIPPED = ['status.config.yaml', 'status.config.example.yaml', ...examples];
// Secrets the examples read from the environment; any value will do for validation.
const EXAMPLE_ENV = {
  API_TOKEN: 'example-token',
  IMAGING_MONITOR_TOKEN: 'example-token',
  JUPYTERHUB_TOKEN: 'example-token',
  REDIS_PASSWORD: 'example-password',
  PORTAL_DB_PASSWORD: 'example-password',
  ACCOUNTING_DB_PASSWORD: 'example-password',
  IMAGING_DB_PASSWORD: 'example-password',
  IMAGING_REDIS_PASSWORD: 'example-password',
  OPS_WEBHOOK_URL: 'https://hooks.example.org/vigil/example-token',
};

describe('every config the project ships is valid', () => {
  it.each(SHIPPED)('%s', async (file) => {
    const { config } = await loadConfig({ path: `${root}${file}`, env: EXAMPLE_ENV });
    expect(config.checks.length).toBeGreaterThan(0);
  });

  it.each(SHIPPED)("%s validates and builds without the collectors' secrets", async (file) => {
    const loaded = await loadConfig({ path: `${root}${file}`, env: {}, needs: neededBySite });
    expect(loaded.config.checks.length).toBeGreaterThan(0);
    // The collectors' secrets: checks', publishing's and the alert providers'.
    for (const variable of loaded.unresolved)
      expect(['checks', 'publish', 'alerts']).toContain(variable.path[0]);
  });

  it('the default config works offline: it only watches this machine', async () => {
    const { config } = await loadConfig({ path: `${root}status.config.yaml`, env: {} });
    for (const check of config.checks.filter((c) => c.enabled)) {
      expect(['host', 'command']).toContain(check.type);
    }
  });
});
