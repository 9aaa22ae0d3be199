import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, neededBySite } from '../../../../core/config/load-config.ts';
import { EXAMPLE_ENV } from '../../../helpers/example-env.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const examples = (await readdir(`${root}examples`))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `examples/${f}`);
const SHIPPED = ['status.config.yaml', 'status.config.example.yaml', ...examples];

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
