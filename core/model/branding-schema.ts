import { z } from 'zod';
import { isSafeFooterUrl, parseFooterText } from './footer-text.ts';

// site.css, site.favicon, site.socialImage and site.footer. A local file is named relative to the
// config file and copied into the site (src/data/branding.ts); a URL is linked as written.

/** An http(s) URL, linked as written; anything else in these fields is a file path. */
export function isRemoteUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** The file type a favicon or social image has by its extension (a URL's by its path). */
export const IMAGE_TYPES: Record<string, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

/** The lower-case extension of a path or of a URL's path, without the dot; '' when none. */
export function getExtension(value: string): string {
  const pathname = isRemoteUrl(value) ? new URL(value).pathname : value;
  return /\.([a-z0-9]+)$/i.exec(pathname)?.[1]?.toLowerCase() ?? '';
}

function imageSchema(extensions: readonly string[], what: string) {
  const list = extensions.map((extension) => `.${extension}`).join(', ');
  return z
    .string()
    .min(1)
    .refine((value) => isRemoteUrl(value) || !/^[a-z][a-z0-9+.-]*:/i.test(value), {
      error:
        'expected an http(s) URL or a file path relative to the config file; other schemes (data:, javascript:) are refused',
      abort: true,
    })
    .refine((value) => !isRemoteUrl(value) || URL.canParse(value), {
      error: 'expected a valid http(s) URL',
      abort: true,
    })
    .refine((value) => extensions.includes(getExtension(value)), {
      error: `expected ${what} ending in ${list} (its type is read from the extension)`,
    });
}

/** site.css: a stylesheet of the site's own, linked after Vigil's so its rules win. */
export const SiteCssSchema = z
  .string()
  .min(1)
  .refine((value) => !/^[a-z][a-z0-9+.-]*:/i.test(value), {
    error:
      'expected a file path relative to the config file, not a URL (import remote styles from that file)',
  })
  .refine((value) => getExtension(value) === 'css', { error: 'expected a path to a .css file' })
  .meta({
    description:
      "A CSS file (path relative to the config file) copied into the site and linked last in every page's head, so its rules win over Vigil's.",
    examples: ['branding/site.css'],
  });

/** site.favicon: the tab icon. */
export const FaviconSchema = imageSchema(['svg', 'png', 'ico'], 'a favicon').meta({
  description:
    'The tab icon: a .svg, .png or .ico file (path relative to the config file, copied into the site) or an http(s) URL.',
  examples: ['branding/favicon.svg'],
});

/** site.socialImage: the picture a link to the site shows in chats and social media. */
export const SocialImageSchema = imageSchema(['png', 'jpg', 'jpeg', 'gif', 'webp'], 'an image').meta({
  description:
    'The picture a shared link shows (og:image, twitter:image): a .png, .jpg, .gif or .webp file (relative to the config file, copied into the site) or an http(s) URL; absolute through site.url when set.',
  examples: ['branding/social.png'],
});

/** site.footer: one short line of text, with [links](https://…), **strong** and *emphasis*. */
export const FooterSchema = z
  .string()
  .min(1)
  .max(500, { error: 'expected one short line of at most 500 characters' })
  .superRefine((text, context) => {
    for (const part of parseFooterText(text)) {
      if (part.kind === 'link' && !isSafeFooterUrl(part.url))
        context.addIssue({
          code: 'custom',
          message: `the link "${part.url}": expected an http(s) or mailto: URL or a path on this site; other schemes (javascript:, data:) are refused`,
        });
    }
  })
  .meta({
    description:
      "A short line in every page's footer: plain text with [links](https://…), **strong** and *emphasis*; HTML is shown as written, never run.",
    examples: ['© Example University Computing Centre · [Contact](mailto:hpc@example.ac.jp)'],
  });
