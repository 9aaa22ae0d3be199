// Keeps an embed current: reads summary.json now and every refresh interval (the site's
// refreshSeconds, which summary.json carries), and draws each reading with embed-view.ts.
import { type EmbedState, type EmbedStrings, readEmbedState, renderEmbed } from './embed-view.ts';

export interface EmbedLiveOptions {
  summaryUrl: string;
  pageUrl: string;
  /** "light", "dark", or "auto" (the reader's preference). */
  theme: string;
  /** Overrides summary.json's vigil.refresh_seconds when set (at least 10 s). */
  refreshSeconds?: number;
}

const DEFAULT_REFRESH_SECONDS = 60;
const MIN_REFRESH_SECONDS = 10;

export function startEmbedLive(
  container: ParentNode,
  strings: EmbedStrings,
  options: EmbedLiveOptions,
): void {
  const refresh = async () => {
    let seconds = options.refreshSeconds;
    let state: EmbedState = { status: 'unavailable' };
    try {
      const response = await fetch(options.summaryUrl, { cache: 'no-store' });
      if (!response.ok) throw new Error(String(response.status));
      const summary = (await response.json()) as { vigil?: { refresh_seconds?: unknown } };
      const fromSummary = summary.vigil?.refresh_seconds;
      seconds ??= typeof fromSummary === 'number' ? fromSummary : undefined;
      state = readEmbedState(summary, Date.now(), options.summaryUrl);
    } catch {
      // Unreadable: drawn as unavailable.
    }
    renderEmbed(container, state, strings, options);
    const delaySeconds = Math.max(MIN_REFRESH_SECONDS, seconds ?? DEFAULT_REFRESH_SECONDS);
    setTimeout(refresh, delaySeconds * 1000);
  };
  void refresh();
}
