// WCAG 2.x contrast (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio): the one implementation the
// config schema (site.theme), `vigil validate` and the build share.

/** A colour as 0–255 channels. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const RGB_FUNCTION = /^rgb\(\s*(\d{1,3})(?:\s*,\s*|\s+)(\d{1,3})(?:\s*,\s*|\s+)(\d{1,3})\s*\)$/i;

/** The colour a theme value names: #rgb, #rrggbb or rgb(r g b) / rgb(r, g, b); undefined otherwise. */
export function parseColour(text: string): Rgb | undefined {
  const value = text.trim();
  if (HEX_COLOUR.test(value)) {
    const digits =
      value.length === 4 ? [...value.slice(1)].map((digit) => digit + digit).join('') : value.slice(1);
    return {
      r: Number.parseInt(digits.slice(0, 2), 16),
      g: Number.parseInt(digits.slice(2, 4), 16),
      b: Number.parseInt(digits.slice(4, 6), 16),
    };
  }
  const match = RGB_FUNCTION.exec(value);
  if (match === null) return undefined;
  const [r, g, b] = match.slice(1).map(Number) as [number, number, number];
  return [r, g, b].every((channel) => channel <= 255) ? { r, g, b } : undefined;
}

/** The colour as the CSS the site writes: #rrggbb in lower case. */
export function formatHexColour({ r, g, b }: Rgb): string {
  return `#${[r, g, b].map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance: 0 for black, 1 for white. */
export function relativeLuminance({ r, g, b }: Rgb): number {
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The contrast ratio of two colours, 1 (none) to 21 (black on white); the order does not matter. */
export function contrastRatio(first: Rgb, second: Rgb): number {
  const [lighter, darker] = [relativeLuminance(first), relativeLuminance(second)].sort((a, b) => b - a) as [
    number,
    number,
  ];
  return (lighter + 0.05) / (darker + 0.05);
}

/**
 * "4.4:1": rounded down to a tenth, as WCAG asks (a ratio just under 4.5 never reads as 4.5:1 beside
 * "at least 4.5:1 is needed").
 */
export function formatContrastRatio(ratio: number): string {
  return `${(Math.floor(ratio * 10 + 1e-9) / 10).toFixed(1)}:1`;
}

/**
 * The colour mixed towards `towards` (white for a dark theme) in steps of 5 % until it reaches
 * `minimum` against every background: the dark-theme colour of a theme value given for light only.
 */
export function adjustForContrast(
  colour: Rgb,
  backgrounds: readonly Rgb[],
  minimum: number,
  towards: Rgb,
): Rgb {
  for (let step = 0; step <= 20; step += 1) {
    const share = step / 20;
    const mixed = {
      r: Math.round(colour.r + (towards.r - colour.r) * share),
      g: Math.round(colour.g + (towards.g - colour.g) * share),
      b: Math.round(colour.b + (towards.b - colour.b) * share),
    };
    if (backgrounds.every((background) => contrastRatio(mixed, background) >= minimum)) return mixed;
  }
  return towards;
}
