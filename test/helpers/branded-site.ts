// A small branded site for the branding tests: site.theme, site.css, site.favicon, site.socialImage
// and site.footer set, three TCP checks with a day of 5-minute runs ending at the build's clock.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { stringify } from 'yaml';
import { generateSnapshotLines, writeSnapshotFixtures } from './generate-snapshots.ts';

const INTERVAL_MS = 5 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** Noon UTC on a fixed day, on the 5-minute grid: the clock every branded build is built at. */
export const BRANDED_BUILT_AT_MS = Date.UTC(2026, 10, 20, 12, 0, 0);

/** The colours the branded site sets; the dark accent is given, the down colour's dark one derived. */
export const BRANDED_THEME = {
  accent: { light: '#7a1f5c', dark: '#e59ac8' },
  status: { down: '#b00020' },
  fonts: { body: '"IPAGothic", "Noto Sans JP", system-ui, sans-serif' },
};

/** site.css: rules of the same specificity as global.css's, which win only by coming after it. */
export const BRANDED_CSS = 'a { text-underline-offset: 0.4em; }\nhtml { line-height: 1.75; }\n';
export const BRANDED_FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#7a1f5c"/></svg>\n';
/** A footer whose HTML must be shown as text, with a link and strong text it must render. */
export const BRANDED_FOOTER =
  '© 2026 Example <script>alert(1)</script> Centre · [Help desk](https://help.example.ac.jp/) · **24/7**';

export interface BrandedSite {
  configPath: string;
  dataDir: string;
  /** The social image's bytes (a tiny PNG), as written beside the config. */
  socialImage: Buffer;
}

/** Writes the branded site into dir; `site` overrides or adds site settings (a bad accent, say). */
export async function writeBrandedSite(
  dir: string,
  site: Record<string, unknown> = {},
): Promise<BrandedSite> {
  const brandingDir = path.join(dir, 'branding');
  await mkdir(brandingDir, { recursive: true });
  const socialImage = makePng(120, 63, [0x7a, 0x1f, 0x5c]);
  await Promise.all([
    writeFile(path.join(brandingDir, 'site.css'), BRANDED_CSS),
    writeFile(path.join(brandingDir, 'favicon.svg'), BRANDED_FAVICON),
    writeFile(path.join(brandingDir, 'social.png'), socialImage),
  ]);
  const checkIds = ['portal', 'login', 'storage'];
  const config = {
    site: {
      title: 'Example Computing Centre',
      url: 'https://status.example.ac.jp/',
      base: '/status/',
      theme: BRANDED_THEME,
      css: 'branding/site.css',
      favicon: 'branding/favicon.svg',
      socialImage: 'branding/social.png',
      footer: BRANDED_FOOTER,
      ...site,
    },
    checks: checkIds.map((id) => ({ id, name: id, type: 'tcp', host: `${id}.example.ac.jp`, port: 22 })),
  };
  const configPath = path.join(dir, 'status.config.yaml');
  await writeFile(configPath, stringify(config));
  const dataDir = path.join(dir, 'data');
  await writeSnapshotFixtures(
    dataDir,
    generateSnapshotLines({
      source: 'local',
      checkIds,
      from: new Date(BRANDED_BUILT_AT_MS - DAY_MS),
      to: new Date(BRANDED_BUILT_AT_MS),
      intervalMs: INTERVAL_MS,
      statusAt: (id, t) => (id === 'storage' && t > BRANDED_BUILT_AT_MS - 2 * 60 * 60_000 ? 'down' : 'up'),
    }),
  );
  return { configPath, dataDir, socialImage };
}

/** A PNG of one colour, made with zlib alone (no image library). */
export function makePng(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const row = Buffer.concat([
    Buffer.from([0]),
    Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat()),
  ]);
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])) >>> 0);
    return Buffer.concat([length, Buffer.from(type), data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
