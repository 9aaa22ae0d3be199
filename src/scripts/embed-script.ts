// /embed.js: other sites include it with <script src=".../embed.js" async></script> and get the
// status (and what is going on) drawn in a shadow root, so neither page's CSS reaches the other.
// Attributes: data-target (a CSS selector of the element to draw into; default: right after the
// script), data-theme (light, dark, auto), data-refresh (seconds). The build replaces the settings
// string below with the site's texts in its language and its status colours (src/pages/embed.js.ts).

import { startEmbedLive } from './embed-live.ts';
import { type EmbedColors, renderEmbedCss } from './embed-style.ts';
import type { EmbedStrings } from './embed-view.ts';

const SETTINGS = '__VIGIL_EMBED_SETTINGS__' as unknown as { strings: EmbedStrings; colors: EmbedColors };

// Marks a host this script draws into: a second copy of the script with the same target leaves it to
// the first (each copy runs in its own scope, so only the page can remember).
const DRAWN = 'data-vigil-embed';

const script = document.currentScript as HTMLScriptElement | null;
if (script !== null) {
  const siteUrl = new URL('./', script.src);
  const selector = script.dataset.target;
  let target: Element | null = null;
  try {
    target = selector === undefined ? null : document.querySelector(selector);
  } catch {
    // An invalid selector: drawn after the script, as without one.
  }
  if (target?.hasAttribute(DRAWN) !== true) {
    let host = target;
    let root: ShadowRoot | null = null;
    try {
      // A target that cannot hold a shadow root (<a>, <img>) or already holds one throws.
      root = target === null ? null : target.attachShadow({ mode: 'open' });
    } catch {}
    if (root === null) {
      if (selector !== undefined)
        console.warn(`Vigil embed: cannot draw into data-target "${selector}"; drawn after the script`);
      host = document.createElement('div');
      script.after(host);
      root = host.attachShadow({ mode: 'open' });
    }
    host?.setAttribute(DRAWN, '');
    const style = document.createElement('style');
    style.textContent = renderEmbedCss(SETTINGS.colors);
    const container = document.createElement('div');
    root.replaceChildren(style, container);
    const refresh = Number(script.dataset.refresh);
    startEmbedLive(container, SETTINGS.strings, {
      summaryUrl: new URL('api/v2/summary.json', siteUrl).href,
      pageUrl: siteUrl.href,
      theme: script.dataset.theme ?? 'auto',
      ...(refresh > 0 ? { refreshSeconds: refresh } : {}),
    });
  }
}
