import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  adjustForContrast,
  contrastRatio,
  formatContrastRatio,
  formatHexColour,
  parseColour,
  relativeLuminance,
} from '../../../../core/model/contrast.ts';
import { THEME_BACKGROUNDS } from '../../../../core/model/theme-schema.ts';

const rgb = (text: string) => {
  const colour = parseColour(text);
  if (colour === undefined) throw new Error(`not a colour: ${text}`);
  return colour;
};

describe('parseColour', () => {
  it.each([
    ['#fff', { r: 255, g: 255, b: 255 }],
    ['#0969DA', { r: 9, g: 105, b: 218 }],
    ['  #1a7f37 ', { r: 26, g: 127, b: 55 }],
    ['rgb(11 83 148)', { r: 11, g: 83, b: 148 }],
    ['rgb(11, 83, 148)', { r: 11, g: 83, b: 148 }],
  ])('reads %j', (text, expected) => {
    expect(parseColour(text)).toEqual(expected);
  });

  it.each(['red', '#ffff', '#12345', 'rgb(256 0 0)', 'rgba(0 0 0 / 50%)', 'hsl(0 0% 0%)', '#ggg', ''])(
    'refuses %j',
    (text) => {
      expect(parseColour(text)).toBeUndefined();
    },
  );

  it('writes #rrggbb in lower case', () => {
    expect(formatHexColour(rgb('#ABC'))).toBe('#aabbcc');
  });
});

describe('WCAG contrast', () => {
  it('has the luminance of black, white and the primaries', () => {
    expect(relativeLuminance(rgb('#000'))).toBe(0);
    expect(relativeLuminance(rgb('#fff'))).toBe(1);
    expect(relativeLuminance(rgb('#f00'))).toBeCloseTo(0.2126, 4);
    expect(relativeLuminance(rgb('#0f0'))).toBeCloseTo(0.7152, 4);
    expect(relativeLuminance(rgb('#00f'))).toBeCloseTo(0.0722, 4);
  });

  // Pairs with the ratios WebAIM's contrast checker and the WCAG 2 examples give.
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#777777', '#ffffff', 4.48],
    ['#767676', '#ffffff', 4.54],
    ['#595959', '#ffffff', 7],
    ['#0000ff', '#ffffff', 8.59],
    ['#ff0000', '#ffffff', 4],
    ['#949494', '#ffffff', 3.03],
  ])('%s on %s is %d:1', (foreground, background, ratio) => {
    expect(contrastRatio(rgb(foreground), rgb(background))).toBeCloseTo(ratio, 1);
    expect(contrastRatio(rgb(background), rgb(foreground))).toBeCloseTo(ratio, 1);
  });

  it('prints a ratio rounded down to a tenth, so one under the minimum never reads as it', () => {
    expect(formatContrastRatio(contrastRatio(rgb('#777777'), rgb('#ffffff')))).toBe('4.4:1');
    expect(formatContrastRatio(contrastRatio(rgb('#ffdd00'), rgb('#ffffff')))).toBe('1.3:1');
    expect(formatContrastRatio(21)).toBe('21.0:1');
    expect(formatContrastRatio(4.5)).toBe('4.5:1');
  });

  it('lightens a colour just enough to reach the minimum on every background', () => {
    const backgrounds = THEME_BACKGROUNDS.dark.map((background) => rgb(background.hex));
    const white = rgb('#fff');
    const lightened = adjustForContrast(rgb('#7a1f5c'), backgrounds, 4.5, white);
    for (const background of backgrounds)
      expect(contrastRatio(lightened, background)).toBeGreaterThanOrEqual(4.5);
    // One 5 % step less would not do: the mix is the least that reads.
    const original = rgb('#7a1f5c');
    const share = (lightened.r - original.r) / (white.r - original.r);
    const mix = (channel: number) => Math.round(channel + (255 - channel) * (share - 0.05));
    const oneStepLess = { r: mix(original.r), g: mix(original.g), b: mix(original.b) };
    expect(Math.min(...backgrounds.map((background) => contrastRatio(oneStepLess, background)))).toBeLessThan(
      4.5,
    );
    // A colour that already reads is kept as it is.
    expect(adjustForContrast(rgb('#4493f8'), backgrounds, 4.5, white)).toEqual(rgb('#4493f8'));
  });
});

describe('the backgrounds the check measures against', () => {
  it("are global.css's --bg and --bg-subtle of each theme", () => {
    const css = readFileSync(new URL('../../../../src/styles/global.css', import.meta.url), 'utf8');
    const lightBlock = css.slice(css.indexOf(':root {'), css.indexOf('@media (prefers-color-scheme: dark)'));
    const darkBlock = css.slice(css.indexOf(':root[data-theme="dark"]'));
    const read = (block: string, name: string) => new RegExp(`${name}: (#[0-9a-f]{6});`).exec(block)?.[1];
    expect(THEME_BACKGROUNDS.light.map((background) => background.hex)).toEqual([
      read(lightBlock, '--bg'),
      read(lightBlock, '--bg-subtle'),
    ]);
    expect(THEME_BACKGROUNDS.dark.map((background) => background.hex)).toEqual([
      read(darkBlock, '--bg'),
      read(darkBlock, '--bg-subtle'),
    ]);
  });

  it("hold Vigil's own link and status colours at 4.5:1 or more, so an unthemed site passes its own rule", () => {
    const css = readFileSync(new URL('../../../../src/styles/global.css', import.meta.url), 'utf8');
    const blocks = {
      light: css.slice(css.indexOf(':root {'), css.indexOf('@media (prefers-color-scheme: dark)')),
      dark: css.slice(css.indexOf(':root[data-theme="dark"]')),
    };
    for (const mode of ['light', 'dark'] as const) {
      for (const name of [
        'link',
        'status-up',
        'status-degraded',
        'status-partial',
        'status-down',
        'status-maintenance',
        'status-unknown',
      ]) {
        const hex = new RegExp(`--${name}: (#[0-9a-f]{6});`).exec(blocks[mode])?.[1] as string;
        for (const background of THEME_BACKGROUNDS[mode])
          expect(
            contrastRatio(rgb(hex), rgb(background.hex)),
            `${mode} --${name} on ${background.hex}`,
          ).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
