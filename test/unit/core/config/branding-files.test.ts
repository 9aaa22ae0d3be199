import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBrandingFiles } from '../../../../core/config/branding-files.ts';
import { displayPath } from '../../../../core/config/display-path.ts';

let dir: string;
let configPath: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-branding-files-'));
  configPath = path.join(dir, 'status.config.yaml');
  await mkdir(path.join(dir, 'branding', 'folder.png'), { recursive: true });
  await writeFile(path.join(dir, 'branding', 'site.css'), 'a { color: inherit; }\n');
  await writeFile(path.join(dir, 'branding', 'icon.ico'), Buffer.from([0, 0, 1, 0]));
  await writeFile(path.join(dir, 'branding', 'huge.png'), Buffer.alloc(5 * 1024 * 1024 + 1));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('readBrandingFiles', () => {
  it('reads each local file, named by its content under branding/, with its type; a URL is left to the page', async () => {
    const { files, problems } = await readBrandingFiles(
      {
        css: 'branding/site.css',
        favicon: 'branding/icon.ico',
        socialImage: 'https://cdn.example.org/card.png',
      },
      configPath,
    );
    expect(problems).toEqual([]);
    expect(files.map(({ field, sitePath, contentType }) => ({ field, sitePath, contentType }))).toEqual([
      {
        field: 'css',
        sitePath: expect.stringMatching(/^branding\/site-[0-9a-f]{10}\.css$/),
        contentType: 'text/css; charset=utf-8',
      },
      {
        field: 'favicon',
        sitePath: expect.stringMatching(/^branding\/favicon-[0-9a-f]{10}\.ico$/),
        contentType: 'image/x-icon',
      },
    ]);
    expect(Buffer.from(files[1]?.bytes ?? [])).toEqual(Buffer.from([0, 0, 1, 0]));
  });

  it('names the field and the path of a missing file, a folder and one too big', async () => {
    const { files, problems } = await readBrandingFiles(
      { css: 'branding/gone.css', favicon: 'branding/folder.png', socialImage: 'branding/huge.png' },
      configPath,
    );
    const shown = (file: string) => displayPath(path.join(dir, file));
    expect(files).toEqual([]);
    expect(problems).toEqual([
      `${shown('status.config.yaml')}: site.css: no file at ${shown('branding/gone.css')} (a path here is relative to the config file's folder)`,
      `${shown('status.config.yaml')}: site.favicon: ${shown('branding/folder.png')} is a folder, not a file`,
      `${shown('status.config.yaml')}: site.socialImage: ${shown('branding/huge.png')} is 5.1 MiB; at most 5 MiB`,
    ]);
  });
});
