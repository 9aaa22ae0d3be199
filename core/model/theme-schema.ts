import { z } from 'zod';
import {
  adjustForContrast,
  contrastRatio,
  formatContrastRatio,
  formatHexColour,
  parseColour,
  type Rgb,
} from './contrast.ts';

// The backgrounds of Vigil's two themes (src/styles/global.css: --bg, --bg-subtle; a unit test holds
// them equal): every themed colour is drawn on both. --status-on is --bg, so text on a status colour
// reads exactly as well as that colour reads on the page.
export const THEME_BACKGROUNDS = {
  light: [
    { name: 'background', hex: '#ffffff' },
    { name: 'header and card background', hex: '#f6f8fa' },
  ],
  dark: [
    { name: 'background', hex: '#0d1117' },
    { name: 'header and card background', hex: '#151b23' },
  ],
} as const;

/**
 * WCAG 1.4.3, text: the accent colours links, and every status colour is also a status's word
 * ("Operational" in green), so both need 4.5:1. Focus rings and chart lines need only 3:1 (1.4.11):
 * 4.5:1 covers them.
 */
export const MIN_TEXT_CONTRAST = 4.5;

export type ThemeMode = 'light' | 'dark';
export const STATUS_COLOUR_NAMES = ['up', 'degraded', 'partial', 'down', 'maintenance', 'unknown'] as const;
export type StatusColourName = (typeof STATUS_COLOUR_NAMES)[number];

const ColourSchema = z
  .string()
  .refine((text) => parseColour(text) !== undefined, {
    error: (issue) =>
      `expected a colour like "#0b5394", "#05a" or "rgb(11 83 148)", got ${JSON.stringify(issue.input)}`,
  })
  .meta({ description: 'A colour: #rgb, #rrggbb or rgb(r g b).', examples: ['#0b5394'] });

/** One colour for the light theme (the dark one derived from it), or one per theme. */
const ThemedColourSchema = z
  .union([
    ColourSchema,
    z
      .strictObject({
        /** The colour in the light theme. */
        light: ColourSchema.optional().meta({ description: 'The colour in the light theme.' }),
        /** The colour in the dark theme. */
        dark: ColourSchema.optional().meta({ description: 'The colour in the dark theme.' }),
      })
      .refine((pair) => pair.light !== undefined || pair.dark !== undefined, {
        error: 'expected `light`, `dark` or both',
      }),
  ])
  .meta({
    description:
      "A colour (#rgb, #rrggbb or rgb(r g b)) for the light theme, the dark theme's then lightened from it until it reads on the dark background; or `{ light, dark }`, each optional (one left out keeps Vigil's own).",
    examples: ['#7a1f5c', { light: '#7a1f5c', dark: '#e59ac8' }],
  });

// A CSS font-family list: family names (quoted, or plain words) separated by commas. Nothing else
// can close the declaration or load anything (`;`, `{`, `}`, `url(`, backslashes never match).
const FONT_FAMILY = String.raw`(?:"[^"\\;{}<>]+"|'[^'\\;{}<>]+'|[A-Za-z_-][A-Za-z0-9_-]*(?: +[A-Za-z_-][A-Za-z0-9_-]*)*)`;
const FONT_FAMILY_LIST = new RegExp(`^\\s*${FONT_FAMILY}(?:\\s*,\\s*${FONT_FAMILY})*\\s*$`);

const FontFamilySchema = z
  .string()
  .max(300)
  .refine((text) => FONT_FAMILY_LIST.test(text), {
    error: (issue) =>
      `expected a CSS font-family list such as '"Noto Sans JP", system-ui, sans-serif' (family names, quoted where they hold digits or signs, separated by commas; ";", "{", "}", "url(" and backslashes are refused), got ${JSON.stringify(issue.input)}`,
  });

const StatusColoursSchema = z.strictObject(
  Object.fromEntries(
    STATUS_COLOUR_NAMES.map((name) => [
      name,
      ThemedColourSchema.optional().meta({
        description: `The colour of the ${name} status (--status-${name}).`,
      }),
    ]),
  ) as Record<StatusColourName, z.ZodOptional<typeof ThemedColourSchema>>,
);

/** The site's colours and fonts; each colour is checked for contrast against the themes' backgrounds. */
export const ThemeSchema = z
  .strictObject({
    /** Links, focus rings and chart lines (--link, --focus, --chart-line). */
    accent: ThemedColourSchema.optional().meta({
      description: 'The colour of links, focus rings and chart lines (--link, --focus, --chart-line).',
      examples: ['#7a1f5c'],
    }),
    /** Status colours (--status-up …), each drawn as the status's word and mark. */
    status: StatusColoursSchema.optional().meta({
      description:
        "Status colours (--status-up, --status-degraded, --status-partial, --status-down, --status-maintenance, --status-unknown); each is a status's word and its mark, so it needs 4.5:1 too.",
      examples: [{ up: '#0a7d4f', down: { light: '#b00020', dark: '#ff6b6b' } }],
    }),
    /** Font stacks (CSS font-family lists) for body text and code. */
    fonts: z
      .strictObject({
        /** Body text (--font-body). */
        body: FontFamilySchema.optional().meta({
          description: 'Body text: a CSS font-family list (--font-body).',
          examples: ['"Noto Sans JP", system-ui, sans-serif'],
        }),
        /** Code, ids and figures (--font-mono). */
        mono: FontFamilySchema.optional().meta({
          description: 'Code, ids and figures: a CSS font-family list (--font-mono).',
          examples: ['"Source Code Pro", ui-monospace, monospace'],
        }),
      })
      .optional()
      .meta({ description: 'Font stacks for body text and code; load web fonts in `site.css`.' }),
  })
  .superRefine((theme, context) => {
    for (const problem of findThemeContrastProblems(theme)) context.addIssue({ code: 'custom', ...problem });
  })
  .meta({
    description:
      'Colours (`accent`, `status.up` … `status.unknown`, each a colour or `{ light, dark }`) and fonts (`fonts.body`, `fonts.mono`); see docs/branding.md. Every colour must reach 4.5:1 against the light or dark backgrounds it is drawn on (WCAG 2.x AA), or the build fails naming it.',
  });

export type Theme = z.infer<typeof ThemeSchema>;
type ThemedColour = z.infer<typeof ThemedColourSchema>;

/** One themed colour as the site draws it: where it came from and its value in each theme. */
export interface ResolvedColour {
  light?: { colour: Rgb; path: (string | number)[]; written: string };
  dark?: { colour: Rgb; path: (string | number)[]; written: string } | { colour: Rgb; derived: true };
}

/** The CSS variables of the theme in each mode, as #rrggbb; absent where Vigil's own apply. */
export function resolveThemeVariables(theme: Theme | undefined): Record<ThemeMode, Record<string, string>> {
  const variables: Record<ThemeMode, Record<string, string>> = { light: {}, dark: {} };
  for (const { names, resolved } of listThemedColours(theme)) {
    for (const mode of ['light', 'dark'] as const) {
      const colour = resolved[mode]?.colour;
      if (colour !== undefined) for (const name of names) variables[mode][name] = formatHexColour(colour);
    }
  }
  return variables;
}

/** Every themed colour below 4.5:1 against a background it is drawn on, with its path and the figures. */
export function findThemeContrastProblems(theme: Theme): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  for (const { resolved } of listThemedColours(theme)) {
    for (const mode of ['light', 'dark'] as const) {
      const given = resolved[mode];
      if (given === undefined || 'derived' in given) continue;
      const failing = THEME_BACKGROUNDS[mode]
        .map((background) => ({ background, ratio: contrastRatio(given.colour, parseHex(background.hex)) }))
        .find(({ ratio }) => ratio < MIN_TEXT_CONTRAST);
      if (failing === undefined) continue;
      problems.push({
        path: given.path,
        message: `${JSON.stringify(given.written)} on the ${mode} ${failing.background.name} ${failing.background.hex} has contrast ${formatContrastRatio(failing.ratio)}; at least ${MIN_TEXT_CONTRAST}:1 is needed`,
      });
    }
  }
  return problems;
}

function listThemedColours(theme: Theme | undefined): { names: string[]; resolved: ResolvedColour }[] {
  if (theme === undefined) return [];
  const entries: { names: string[]; value: ThemedColour | undefined; path: (string | number)[] }[] = [
    { names: ['--link', '--focus', '--chart-line'], value: theme.accent, path: ['accent'] },
    ...STATUS_COLOUR_NAMES.map((name) => ({
      names: [`--status-${name}`],
      value: theme.status?.[name],
      path: ['status', name],
    })),
  ];
  return entries
    .filter((entry) => entry.value !== undefined)
    .map(({ names, value, path }) => ({ names, resolved: resolveColour(value as ThemedColour, path) }));
}

function resolveColour(value: ThemedColour, path: (string | number)[]): ResolvedColour {
  const pick = (written: string | undefined, at: (string | number)[]) => {
    const colour = written === undefined ? undefined : parseColour(written);
    return colour === undefined || written === undefined ? undefined : { colour, path: at, written };
  };
  const light = typeof value === 'string' ? pick(value, path) : pick(value.light, [...path, 'light']);
  const dark = typeof value === 'string' ? undefined : pick(value.dark, [...path, 'dark']);
  if (dark !== undefined || light === undefined) return { ...(light && { light }), ...(dark && { dark }) };
  const darkBackgrounds = THEME_BACKGROUNDS.dark.map((background) => parseHex(background.hex));
  const white = { r: 255, g: 255, b: 255 };
  return {
    light,
    dark: {
      colour: adjustForContrast(light.colour, darkBackgrounds, MIN_TEXT_CONTRAST, white),
      derived: true,
    },
  };
}

function parseHex(hex: string): Rgb {
  return parseColour(hex) as Rgb;
}
