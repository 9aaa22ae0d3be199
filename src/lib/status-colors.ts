// The status colours of global.css as values, for what cannot read a custom property without forcing
// a style recalculation: the favicon, drawn before the first paint. A unit test holds the two equal.

/** Each status colour variable of global.css, in the light and the dark theme. */
export const STATUS_COLORS = {
  light: {
    '--status-up': '#1a7f37',
    '--status-degraded': '#8a5c00',
    '--status-partial': '#b34700',
    '--status-down': '#cf222e',
    '--status-maintenance': '#0860c9',
    '--status-unknown': '#59636e',
    '--fg-muted': '#59636e',
  },
  dark: {
    '--status-up': '#3fb950',
    '--status-degraded': '#d29922',
    '--status-partial': '#e3782f',
    '--status-down': '#f85149',
    '--status-maintenance': '#4493f8',
    '--status-unknown': '#9198a1',
    '--fg-muted': '#9198a1',
  },
} as const satisfies Record<'light' | 'dark', Record<string, string>>;

export type StatusColorVar = keyof (typeof STATUS_COLORS)['light'];

/**
 * The colour a status variable has in the theme shown: the reader's choice (data-theme on the root,
 * set by the theme button) or else the system's. A media query, not computed style: nothing is laid out.
 */
export function readStatusColor(colorVar: string): string {
  const chosen = document.documentElement.dataset.theme;
  const isDark =
    chosen === 'dark' || (chosen !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  const colors: Record<string, string> = STATUS_COLORS[isDark ? 'dark' : 'light'];
  return (
    readThemedColors()[isDark ? 'dark' : 'light'][colorVar] ??
    colors[colorVar] ??
    STATUS_COLORS.light['--status-unknown']
  );
}

let themedColors: Record<'light' | 'dark', Record<string, string>> | undefined;

/** site.theme's status colours, which BaseLayout writes beside its theme style (data-status-colors). */
function readThemedColors(): Record<'light' | 'dark', Record<string, string>> {
  if (themedColors === undefined) {
    const text = document.querySelector<HTMLElement>('style[data-status-colors]')?.dataset.statusColors;
    themedColors = text === undefined ? { light: {}, dark: {} } : JSON.parse(text);
  }
  return themedColors as Record<'light' | 'dark', Record<string, string>>;
}
