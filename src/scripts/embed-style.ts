// The embed's styles, apart from embed-view.ts so the embed page's script carries none (its <style>
// does). A box sized by its text, on a background of its own (the page around it stays transparent,
// and its text reads on any host page); light or dark by the reader's preference, or by the class
// "light" or "dark"; the dot's colour follows data-status, in the status colours of global.css
// (src/lib/status-colors.ts) with site.theme's over them, baked in at build (embed-settings.ts).
import { STATUS_COLORS, type StatusColorVar } from '../lib/status-colors.ts';
import type { EmbedStatus } from './embed-view.ts';

/** site.theme's status colours per mode, by variable ("--status-up": "#0b6e4f"); empty without a theme. */
export interface EmbedColors {
  light: Record<string, string>;
  dark: Record<string, string>;
}

const STATUS_VARIABLES: Record<EmbedStatus, StatusColorVar> = {
  operational: '--status-up',
  under_maintenance: '--status-maintenance',
  degraded_performance: '--status-degraded',
  partial_outage: '--status-partial',
  major_outage: '--status-down',
  no_data: '--status-unknown',
};

/** The embed's CSS in the site's status colours. */
export function renderEmbedCss(theme: EmbedColors = { light: {}, dark: {} }): string {
  const pair = (name: StatusColorVar) =>
    `${theme.light[name] ?? STATUS_COLORS.light[name]},${theme.dark[name] ?? STATUS_COLORS.dark[name]}`;
  const muted = pair('--fg-muted');
  return `.vigil{color-scheme:light dark;color:light-dark(#1f2328,#f0f6fc);background:light-dark(#fff,#0d1117);font:14px/1.4 system-ui,sans-serif;display:inline-block;max-width:100%;border:1px solid light-dark(#d1d9e0,#3d444d);border-radius:8px;padding:6px 10px;
&.light{color-scheme:light}&.dark{color-scheme:dark}a{color:inherit}.head{display:flex;gap:6px;align-items:center;font-weight:600;text-decoration:none}
.dot{width:10px;height:10px;border-radius:50%;flex:none;background:light-dark(${pair('--status-unknown')})}ul{margin:4px 0 0;padding:0;list-style:none}li,.quiet{font-size:13px;color:light-dark(${muted})}b{color:light-dark(#1f2328,#f0f6fc)}
${Object.entries(STATUS_VARIABLES)
  .map(([status, name]) => `&[data-status=${status}] .dot{background:light-dark(${pair(name)})}`)
  .join('')}}`;
}
