import type { ComponentStatus } from './status.ts';

// Free of zod: browser scripts import it, and zod would add ~26 KB gzip to every page.
export interface StatusPresentation {
  /** The word shown to people. */
  label: string;
  /**
   * A glyph that tells the status without colour: plain text characters (never emoji, which render as
   * an empty box without an emoji font, and in colours of their own).
   */
  icon: string;
  /** CSS custom property holding the colour. */
  colorVar: string;
  /** Higher is worse; used to pick the worst status. */
  severity: number;
}

export const COMPONENT_STATUS_PRESENTATION = {
  operational: { label: 'Operational', icon: '✓', colorVar: '--status-up', severity: 0 },
  under_maintenance: {
    label: 'Under maintenance',
    icon: '◷',
    colorVar: '--status-maintenance',
    severity: 1,
  },
  degraded_performance: {
    label: 'Degraded performance',
    icon: '!',
    colorVar: '--status-degraded',
    severity: 2,
  },
  partial_outage: { label: 'Partial outage', icon: '✕', colorVar: '--status-partial', severity: 3 },
  major_outage: { label: 'Major outage', icon: '✕', colorVar: '--status-down', severity: 4 },
  no_data: { label: 'No data', icon: '?', colorVar: '--status-unknown', severity: -1 },
} as const satisfies Record<ComponentStatus, StatusPresentation>;
