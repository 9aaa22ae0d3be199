// The embed page (/embed/): its settings are a JSON script in the page; ?theme=light|dark picks the
// colours (default: the reader's preference), ?refresh=SECONDS the interval.

import { startEmbedLive } from './embed-live.ts';
import type { EmbedStrings } from './embed-view.ts';

const settingsElement = document.getElementById('vigil-embed-settings');
const container = document.getElementById('vigil-embed');
if (settingsElement !== null && container !== null) {
  const settings = JSON.parse(settingsElement.textContent ?? '{}') as {
    strings: EmbedStrings;
    /** site.base */
    base: string;
  };
  const query = new URLSearchParams(location.search);
  const refresh = Number(query.get('refresh'));
  startEmbedLive(container, settings.strings, {
    summaryUrl: `${location.origin}${settings.base}api/v2/summary.json`,
    pageUrl: `${location.origin}${settings.base}`,
    theme: query.get('theme') ?? 'auto',
    ...(refresh > 0 ? { refreshSeconds: refresh } : {}),
  });
}
