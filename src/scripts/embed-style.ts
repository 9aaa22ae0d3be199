// The embed's styles, apart from embed-view.ts so the embed page's script carries none (its <style>
// does). A box sized by its text, on a background of its own (the page around it stays transparent,
// and its text reads on any host page); light or dark by the reader's preference, or by the class
// "light" or "dark"; the dot's colour follows data-status.
import type { EmbedStatus } from './embed-view.ts';

const COLOURS: Record<EmbedStatus, string> = {
  operational: '#1a7f37,#3fb950',
  under_maintenance: '#0860c9,#4493f8',
  degraded_performance: '#8a5c00,#d29922',
  partial_outage: '#b34700,#e3782f',
  major_outage: '#cf222e,#f85149',
  no_data: '#59636e,#9198a1',
};

export const EMBED_CSS = `.vigil{color-scheme:light dark;color:light-dark(#1f2328,#f0f6fc);background:light-dark(#fff,#0d1117);font:14px/1.4 system-ui,sans-serif;display:inline-block;max-width:100%;border:1px solid light-dark(#d1d9e0,#3d444d);border-radius:8px;padding:6px 10px;
&.light{color-scheme:light}&.dark{color-scheme:dark}a{color:inherit}.head{display:flex;gap:6px;align-items:center;font-weight:600;text-decoration:none}
.dot{width:10px;height:10px;border-radius:50%;flex:none;background:light-dark(${COLOURS.no_data})}ul{margin:4px 0 0;padding:0;list-style:none}li,.quiet{font-size:13px;color:light-dark(#59636e,#9198a1)}b{color:light-dark(#1f2328,#f0f6fc)}
${Object.entries(COLOURS)
  .map(([status, colours]) => `&[data-status=${status}] .dot{background:light-dark(${colours})}`)
  .join('')}}`;
