// /embed.js: other sites include it with <script src=".../embed.js" async></script> and get the
// status (and what is going on) drawn in a shadow root, so neither page's CSS reaches the other.
// Attributes: data-target (a CSS selector of the element to draw into; default: right after the
// script), data-theme (light, dark, auto), data-refresh (seconds). The build replaces the settings
// string below with the site's texts in its language (src/pages/embed.js.ts).

import { startEmbedLive } from './embed-live.ts';
import { EMBED_CSS } from './embed-style.ts';
import type { EmbedStrings } from './embed-view.ts';

const SETTINGS = '__VIGIL_EMBED_SETTINGS__' as unknown as { strings: EmbedStrings };

const script = document.currentScript as HTMLScriptElement | null;
if (script !== null) {
  const siteUrl = new URL('./', script.src);
  const selector = script.dataset.target;
  const target = selector === undefined ? null : document.querySelector(selector);
  const host = target ?? document.createElement('div');
  if (target === null) script.after(host);
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = EMBED_CSS;
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
