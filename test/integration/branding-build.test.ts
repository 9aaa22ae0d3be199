// Issue 20, branding: a real `vigil build` of a branded site (theme, site.css, favicon, social image,
// footer) under base /status/, at a fixed clock with a day of 5-minute runs; a low-contrast accent or a
// missing file fails the build with exit 1 and a located message, leaving the built site as it was.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_COLORS } from '../../src/lib/status-colors.ts';
import {
  BRANDED_BUILT_AT_MS,
  BRANDED_CSS,
  BRANDED_FAVICON,
  BRANDED_THEME,
  type BrandedSite,
  writeBrandedSite,
} from '../helpers/branded-site.ts';
import { buildSite } from '../helpers/build-site.ts';
import { runVigil } from '../helpers/run-vigil.ts';

let dir: string;
let site: BrandedSite;
let outDir: string;
const read = (file: string) => readFile(path.join(outDir, file), 'utf8');
const headOf = (html: string) => html.slice(0, html.indexOf('</head>'));
const dotOf = (text: string, status: string) =>
  new RegExp(`&\\[data-status=${status}\\] \\.dot\\{background:light-dark\\(([^)]*)\\)\\}`).exec(text)?.[1];

/** Every file under dir with its content hash, to show a failed build changed nothing. */
async function hashTree(root: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    hashes[path.relative(root, file)] = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  }
  return hashes;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-branding-'));
  site = await writeBrandedSite(path.join(dir, 'site'));
  outDir = path.join(dir, 'dist');
  await buildSite({
    configPath: site.configPath,
    dataDir: site.dataDir,
    outDir,
    buildTimeMs: BRANDED_BUILT_AT_MS,
  });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a branded build', () => {
  it('copies the favicon, social image and site.css into branding/, named by their content', async () => {
    const files = (await readdir(path.join(outDir, 'branding'))).sort();
    expect(files).toEqual([
      expect.stringMatching(/^favicon-[0-9a-f]{10}\.svg$/),
      expect.stringMatching(/^site-[0-9a-f]{10}\.css$/),
      expect.stringMatching(/^social-[0-9a-f]{10}\.png$/),
    ]);
    const [favicon, css, social] = files as [string, string, string];
    expect(await read(`branding/${favicon}`)).toBe(BRANDED_FAVICON);
    expect(await read(`branding/${css}`)).toBe(BRANDED_CSS);
    expect(await readFile(path.join(outDir, 'branding', social))).toEqual(site.socialImage);
  });

  it.each(['index.html', 'incidents/index.html', 'components/portal/index.html', '404.html'])(
    '%s links the favicon and the social image and carries the theme',
    async (page) => {
      const head = headOf(await read(page));
      expect(head).toMatch(
        /<link rel="icon" href="\/status\/branding\/favicon-[0-9a-f]{10}\.svg" type="image\/svg\+xml" data-site-favicon>/,
      );
      expect(head).not.toContain('href="data:,"');
      expect(head).toMatch(
        /<meta property="og:image" content="https:\/\/status\.example\.ac\.jp\/status\/branding\/social-[0-9a-f]{10}\.png">/,
      );
      expect(head).toContain('<meta name="twitter:card" content="summary_large_image">');
      expect(head).toContain(
        '<style data-status-colors="{&quot;light&quot;:{&quot;--status-down&quot;:&quot;#b00020&quot;},&quot;dark&quot;:{&quot;--status-down&quot;:&quot;#d06679&quot;}}">html:root { --link: #7a1f5c; --focus: #7a1f5c; --chart-line: #7a1f5c; --status-down: #b00020; --font-body: "IPAGothic", "Noto Sans JP", system-ui, sans-serif; }',
      );
      expect(head).toContain(
        'html:root[data-theme="dark"] { --link: #e59ac8; --focus: #e59ac8; --chart-line: #e59ac8; --status-down: #d06679; }',
      );
    },
  );

  it("links site.css after every style and stylesheet of Vigil's, first thing in the body", async () => {
    const html = await read('index.html');
    const link = /<link rel="stylesheet" href="\/status\/branding\/site-[0-9a-f]{10}\.css">/.exec(html);
    expect(link).not.toBeNull();
    const at = link?.index ?? 0;
    expect(html.lastIndexOf('<style')).toBeLessThan(at);
    expect(html.slice(0, at).match(/<link rel="stylesheet"/g)).toBeNull();
    expect(html.slice(at + (link?.[0].length ?? 0))).not.toMatch(/<style|<link rel="stylesheet"/);
    expect(html.slice(html.indexOf('<body'), at)).toMatch(/^<body[^>]*>$/);
  });

  it('shows the footer line with its link and strong text, and its HTML as text', async () => {
    const html = await read('index.html');
    const footer = html.slice(html.indexOf('<footer'), html.indexOf('</footer>'));
    expect(footer).toContain(
      '<p class="footer-text">© 2026 Example &lt;script&gt;alert(1)&lt;/script&gt; Centre · <a href="https://help.example.ac.jp/">Help desk</a> · <strong>24/7</strong></p>',
    );
    expect(html).not.toContain('<script>alert(1)');
    // The Powered-by line stays as it was.
    expect(footer).toContain('Powered by Vigil · ');
  });
});

describe('a branding problem', () => {
  it('a low-contrast accent fails `vigil build` with exit 1, naming site.theme.accent, and leaves dist as it was', async () => {
    const before = await hashTree(outDir);
    const bad = await writeBrandedSite(path.join(dir, 'low-contrast'), { theme: { accent: '#ffdd00' } });
    const run = await runVigil(
      ['build', '--config', bad.configPath, '--data', bad.dataDir, '--out', outDir],
      {
        cwd: dir,
      },
    );
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      'low-contrast/status.config.yaml:6: site.theme.accent: "#ffdd00" on the light background #ffffff has contrast 1.3:1; at least 4.5:1 is needed',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await hashTree(outDir)).toEqual(before);
  });

  it('a low-contrast status colour fails `vigil validate` the same way', async () => {
    const bad = await writeBrandedSite(path.join(dir, 'low-status'), {
      theme: { status: { up: { light: '#1a7f37', dark: '#1a7f37' } } },
    });
    const run = await runVigil(['validate', '--config', bad.configPath, '--data', bad.dataDir], { cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(
      /low-status\/status\.config\.yaml:\d+: site\.theme\.status\.up\.dark: "#1a7f37" on the dark background #0d1117 has contrast 3\.\d:1; at least 4\.5:1 is needed/,
    );
  });

  it('a missing favicon fails build and validate, naming the field and the path looked at', async () => {
    const before = await hashTree(outDir);
    const bad = await writeBrandedSite(path.join(dir, 'missing'), { favicon: 'branding/icon.png' });
    // Before Astro starts, so relative to the working directory.
    const expected =
      /(^|\s)missing\/status\.config\.yaml: site\.favicon: no file at missing\/branding\/icon\.png \(a path here is relative to the config file's folder\)/m;
    const build = await runVigil(
      ['build', '--config', bad.configPath, '--data', bad.dataDir, '--out', outDir],
      {
        cwd: dir,
      },
    );
    expect(build.exitCode).toBe(1);
    expect(build.stderr).toMatch(expected);
    expect(build.stderr).not.toMatch(/\n\s+at /);
    const validate = await runVigil(['validate', '--config', bad.configPath, '--data', bad.dataDir], {
      cwd: dir,
    });
    expect(validate.exitCode).toBe(1);
    expect(validate.stderr).toMatch(expected);
    expect(await hashTree(outDir)).toEqual(before);
  });
  it('the Astro build itself (astro build, vigil start, watch) refuses a missing file too, leaving dist as it was', async () => {
    const bad = await writeBrandedSite(path.join(dir, 'missing-in-build'), { css: 'branding/gone.css' });
    const before = await hashTree(outDir);
    await expect(
      buildSite({
        configPath: bad.configPath,
        dataDir: bad.dataDir,
        outDir,
        buildTimeMs: BRANDED_BUILT_AT_MS,
      }),
    ).rejects.toThrow(
      /^Vigil cannot build the site:\n {2}\S*missing-in-build\/status\.config\.yaml: site\.css: no file at /,
    );
    expect(await hashTree(outDir)).toEqual(before);
  });
});

describe('a site without branding', () => {
  it('has the head and footer it always had: no theme style, no og:image, no branding files', async () => {
    const plain = await writeBrandedSite(path.join(dir, 'plain'), {
      theme: undefined,
      css: undefined,
      favicon: undefined,
      socialImage: undefined,
      footer: undefined,
    });
    const plainOut = path.join(dir, 'plain-dist');
    await buildSite({
      configPath: plain.configPath,
      dataDir: plain.dataDir,
      outDir: plainOut,
      buildTimeMs: BRANDED_BUILT_AT_MS,
    });
    const html = await readFile(path.join(plainOut, 'index.html'), 'utf8');
    expect(headOf(html)).toContain('<link rel="icon" href="data:,">');
    expect(html).not.toMatch(/og:image|twitter:|html:root|branding\/|footer-text/);
    expect((await readdir(plainOut)).includes('branding')).toBe(false);
  });
});

// The embeds draw the theme's status colours too, baked in at build: embed.js in its settings, the
// embed page in its <style>, and global.css's where the theme sets none.
describe("a branded site's embeds", () => {
  it("carry site.theme's status colours in embed.js's settings and the embed page's style", async () => {
    const script = await read('embed.js');
    const settings = JSON.parse(/\(({"strings":.*?})\)/.exec(script)?.[1] ?? '{}');
    expect(settings.colors.light['--status-down']).toBe(BRANDED_THEME.status.down);
    const page = await read('embed/index.html');
    expect(dotOf(page, 'major_outage')).toMatch(new RegExp(`^${BRANDED_THEME.status.down},#[0-9a-f]{6}$`));
    expect(dotOf(page, 'operational')).toBe(
      `${STATUS_COLORS.light['--status-up']},${STATUS_COLORS.dark['--status-up']}`,
    );
  });
});
