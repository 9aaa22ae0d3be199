import { type BrandingFile, readBrandingFiles } from '../../core/config/branding-files.ts';
import { SITE_INPUT_PROBLEM } from '../../core/config/config-error.ts';
import { getExtension, IMAGE_TYPES, isRemoteUrl } from '../../core/model/branding-schema.ts';
import { type FooterPart, parseFooterText } from '../../core/model/footer-text.ts';
import { resolveThemeVariables, type Theme } from '../../core/model/theme-schema.ts';
import { toSitePath } from '../lib/site-path.ts';
import { cacheAcrossRenders } from './build-cache.ts';
import { getConfig } from './config.ts';

/** What BaseLayout adds for site.theme, site.css, site.favicon, site.socialImage and site.footer. */
export interface Branding {
  favicon?: { href: string; type: string };
  /** og:image: absolute when the image is a URL or site.url is set. */
  socialImageUrl?: string;
  /** site.css, linked last in the head. */
  stylesheetHref?: string;
  /** The theme's custom properties; absent without site.theme colours or fonts. */
  themeCss?: string;
  /** Its status colours as JSON ({ light, dark }), for the status favicon (src/lib/status-colors.ts). */
  statusColors?: string;
  footer?: FooterPart[];
  /** The local files to copy into the site (src/pages/branding/[file].ts). */
  files: BrandingFile[];
}

/** The site's branding, its files read once per build; a missing file stops the build naming the field. */
export const getBranding = cacheAcrossRenders(async ({ configPath }): Promise<Branding> => {
  const { site } = await getConfig();
  const { files, problems } = await readBrandingFiles(site, configPath);
  if (problems.length > 0) throw new Error(`${SITE_INPUT_PROBLEM}\n  ${problems.join('\n  ')}`);
  const hrefOf = (field: BrandingFile['field'], value: string) => {
    if (isRemoteUrl(value)) return value;
    const file = files.find((candidate) => candidate.field === field) as BrandingFile;
    return toSitePath(file.sitePath);
  };
  const themeCss = toThemeCss(site.theme);
  const statusColors = toStatusColors(site.theme);
  return {
    ...(site.favicon && {
      favicon: { href: hrefOf('favicon', site.favicon), type: IMAGE_TYPES[getExtension(site.favicon)] ?? '' },
    }),
    ...(site.socialImage && {
      socialImageUrl: toAbsolute(hrefOf('socialImage', site.socialImage), site.url),
    }),
    ...(site.css && { stylesheetHref: hrefOf('css', site.css) }),
    ...(themeCss && { themeCss }),
    ...(statusColors && { statusColors }),
    ...(site.footer && { footer: parseFooterText(site.footer) }),
    files,
  };
});

/** The theme's --status-* values per mode, as JSON; undefined when it sets none. */
function toStatusColors(theme: Theme | undefined): string | undefined {
  const variables = resolveThemeVariables(theme);
  const pick = (mode: 'light' | 'dark') =>
    Object.fromEntries(Object.entries(variables[mode]).filter(([name]) => name.startsWith('--status-')));
  const colors = { light: pick('light'), dark: pick('dark') };
  return Object.keys(colors.light).length + Object.keys(colors.dark).length === 0
    ? undefined
    : JSON.stringify(colors);
}

function toAbsolute(href: string, siteUrl: string | undefined): string {
  return siteUrl === undefined ? href : new URL(href, siteUrl).href;
}

/**
 * The theme as custom properties over global.css's. `html:root` outranks global.css's `:root` (and
 * its dark rules' `:root:not(…)` / `:root[data-theme]` by the same margin), wherever Astro places that
 * stylesheet in the head. Every value was validated (hex colours, plain font-family lists).
 */
export function toThemeCss(theme: Theme | undefined): string | undefined {
  const { light, dark } = resolveThemeVariables(theme);
  const fonts = {
    ...(theme?.fonts?.body && { '--font-body': theme.fonts.body.trim() }),
    ...(theme?.fonts?.mono && { '--font-mono': theme.fonts.mono.trim() }),
  };
  const declare = (variables: Record<string, string>) =>
    Object.entries(variables)
      .map(([name, value]) => `${name}: ${value};`)
      .join(' ');
  const rules: string[] = [];
  if (Object.keys(light).length + Object.keys(fonts).length > 0)
    rules.push(`html:root { ${declare({ ...light, ...fonts })} }`);
  if (Object.keys(dark).length > 0) {
    rules.push(
      `@media (prefers-color-scheme: dark) { html:root:not([data-theme="light"]) { ${declare(dark)} } }`,
    );
    rules.push(`html:root[data-theme="dark"] { ${declare(dark)} }`);
  }
  return rules.length === 0 ? undefined : rules.join('\n');
}
