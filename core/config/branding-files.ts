import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { getExtension, IMAGE_TYPES, isRemoteUrl } from '../model/branding-schema.ts';
import type { SiteSettings } from '../model/index.ts';
import { ConfigError } from './config-error.ts';
import { displayPath } from './display-path.ts';
import { describeFileError } from './file-error.ts';

/** A file the config names (site.css, site.favicon, site.socialImage), read to be copied into the site. */
export interface BrandingFile {
  field: BrandingField;
  /** Where it lands in the site, under the base: "branding/favicon-1a2b3c4d5e.svg" (named by content). */
  sitePath: string;
  contentType: string;
  bytes: Uint8Array;
}

type BrandingField = 'css' | 'favicon' | 'socialImage';

const FILE_LIMITS: Record<BrandingField, { name: string; maxBytes: number }> = {
  css: { name: 'site', maxBytes: 1024 * 1024 },
  favicon: { name: 'favicon', maxBytes: 1024 * 1024 },
  socialImage: { name: 'social', maxBytes: 5 * 1024 * 1024 },
};

/**
 * Reads every local file the site settings name, relative to the config file's folder; a missing,
 * unreadable or oversized file is a problem naming the config file and the field (`validate` and
 * `build` report them before anything is built).
 */
export async function readBrandingFiles(
  site: Pick<SiteSettings, BrandingField>,
  configPath: string,
): Promise<{ files: BrandingFile[]; problems: string[] }> {
  const files: BrandingFile[] = [];
  const problems: string[] = [];
  const shownConfig = displayPath(configPath);
  for (const field of Object.keys(FILE_LIMITS) as BrandingField[]) {
    const value = site[field];
    if (value === undefined || isRemoteUrl(value)) continue;
    const file = resolve(dirname(configPath), value);
    const shownFile = displayPath(file);
    const where = `${shownConfig}: site.${field}`;
    const { name, maxBytes } = FILE_LIMITS[field];
    try {
      const { size, isFile } = await stat(file).then((info) => ({ size: info.size, isFile: info.isFile() }));
      if (!isFile) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
      if (size > maxBytes) {
        problems.push(
          // Rounded up: a file just over the limit never reads as at it.
          `${where}: ${shownFile} is ${(Math.ceil((size / 1024 / 1024) * 10) / 10).toFixed(1)} MiB; at most ${maxBytes / 1024 / 1024} MiB`,
        );
        continue;
      }
      const bytes = new Uint8Array(await readFile(file));
      const extension = getExtension(value);
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
      files.push({
        field,
        sitePath: `branding/${name}-${hash}.${extension}`,
        contentType:
          field === 'css'
            ? 'text/css; charset=utf-8'
            : (IMAGE_TYPES[extension] ?? 'application/octet-stream'),
        bytes,
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'ENOENT'
          ? `no file at ${shownFile} (a path here is relative to the config file's folder)`
          : code === 'EISDIR'
            ? `${shownFile} is a folder, not a file`
            : `cannot read ${shownFile}: ${describeFileError(error)}`;
      problems.push(`${where}: ${reason}`);
    }
  }
  return { files, problems };
}

/** readBrandingFiles before a build: its problems as a ConfigError (exit 1), before Astro starts. */
export async function requireBrandingFiles(
  site: Pick<SiteSettings, BrandingField>,
  configPath: string,
): Promise<void> {
  const { problems } = await readBrandingFiles(site, configPath);
  if (problems.length > 0) throw new ConfigError(displayPath(configPath), problems);
}
