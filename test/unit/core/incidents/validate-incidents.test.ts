import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../core/config/load-config.ts';
import { validateIncidentFiles } from '../../../../core/incidents/validate-incidents.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/incidents/', import.meta.url));

let dataDir: string;
beforeEach(async () => {
  dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'vigil-incidents-')), 'data');
  await mkdir(path.join(dataDir, 'incidents'), { recursive: true });
});
afterEach(() => rm(path.dirname(dataDir), { recursive: true, force: true }));

describe('hostile incident files', () => {
  it('an alias bomb in one file is a problem with its file and line; the other files are still read', async () => {
    const [valid] = (await readdir(`${FIXTURES}valid`)).filter((name) => name.endsWith('.md'));
    await copyFile(`${FIXTURES}valid/${valid}`, path.join(dataDir, 'incidents', valid as string));
    const bomb = [
      '---',
      'title: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      '---',
      'Body.',
    ].join('\n');
    await writeFile(path.join(dataDir, 'incidents', '2026-12-01-bomb.md'), bomb);
    const { config } = await loadConfig({ path: `${FIXTURES}status.config.yaml`, env: {} });
    const result = await validateIncidentFiles(dataDir, config);
    expect(result.incidents.map((incident) => incident.fileName)).toEqual([valid]);
    expect(result.problems).toEqual([
      `${dataDir}/incidents/2026-12-01-bomb.md: frontmatter (line 3): YAML aliases expand to too many values (more than 100); write the values out instead of nesting aliases`,
    ]);
  });
});

describe('a data folder that is a file', () => {
  it('incidents/ as a file is a ConfigError naming the folder, and data/snapshots too', async () => {
    const { listDirIfExists } = await import('../../../../core/store/read-jsonl.ts');
    const { ConfigError } = await import('../../../../core/config/config-error.ts');
    await rm(path.join(dataDir, 'incidents'), { recursive: true });
    await writeFile(path.join(dataDir, 'incidents'), '');
    await writeFile(path.join(dataDir, 'snapshots'), '');
    const config = { checks: [], groups: [] };
    const incidents = validateIncidentFiles(dataDir, config);
    await expect(incidents).rejects.toBeInstanceOf(ConfigError);
    await expect(incidents).rejects.toThrow(
      /incidents: cannot read the folder: a part of the path is a file, not a directory \(ENOTDIR\)$/,
    );
    const snapshots = listDirIfExists(path.join(dataDir, 'snapshots'));
    await expect(snapshots).rejects.toBeInstanceOf(ConfigError);
    await expect(snapshots).rejects.toThrow(/snapshots: cannot read the folder: .*\(ENOTDIR\)$/);
  });
});
