import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../../collectors/cli/cli-error.ts';
import { prepareWatch } from '../../../../collectors/cli/watch-command.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-prepare-watch-'));
  await writeFile(
    path.join(dir, 'status.config.yaml'),
    'checks:\n  - { id: api, name: API, type: tcp, host: 127.0.0.1, port: 9 }\n',
  );
  await writeFile(path.join(dir, 'a-file'), 'not a directory\n');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('prepareWatch', () => {
  const flags = () => ({
    config: path.join(dir, 'status.config.yaml'),
    data: path.join(dir, 'data'),
    out: path.join(dir, 'a-file'),
  });

  it('looks at --out only when an output directory is used: --collect-only writes none', async () => {
    const prepared = await prepareWatch('watch', { ...flags(), 'collect-only': true });
    expect(prepared.checks.map((check) => check.id)).toEqual(['api']);
  });

  it('refuses an --out that is a file otherwise', async () => {
    const refused = prepareWatch('watch', flags());
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow(
      /^vigil watch: output directory .*a-file: is a file, not a directory/,
    );
  });
});
