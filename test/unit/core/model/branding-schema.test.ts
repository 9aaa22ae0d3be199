import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../core/config/config-error.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import { parseFooterText } from '../../../../core/model/footer-text.ts';
import { resolveThemeVariables } from '../../../../core/model/theme-schema.ts';
import { toThemeCss } from '../../../../src/data/branding.ts';

/** The problems `vigil validate` and `vigil build` print for a config holding this `site:` block. */
function problemsOf(siteYaml: string): string[] {
  try {
    parseConfigText(`site:\n${siteYaml}`, 'status.config.yaml', {});
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

const siteOf = (siteYaml: string) =>
  parseConfigText(`site:\n${siteYaml}`, 'status.config.yaml', {}).config.site;

describe('site.theme colours', () => {
  it('fails a low-contrast accent, naming the field, the colour, the background and both ratios', () => {
    expect(problemsOf("  theme:\n    accent: '#ffdd00'\n")).toEqual([
      'status.config.yaml:3: site.theme.accent: "#ffdd00" on the light background #ffffff has contrast 1.3:1; at least 4.5:1 is needed',
    ]);
  });

  it('checks a dark colour against the dark backgrounds, and names the header background when only it fails', () => {
    expect(problemsOf("  theme:\n    accent:\n      light: '#0b5394'\n      dark: '#0b5394'\n")).toEqual([
      'status.config.yaml:5: site.theme.accent.dark: "#0b5394" on the dark background #0d1117 has contrast 2.4:1; at least 4.5:1 is needed',
    ]);
    // #757575 reads 4.6:1 on white but 4.3:1 on the header's #f6f8fa; #707070 reads on both.
    expect(problemsOf("  theme:\n    accent: '#707070'\n")).toEqual([]);
    expect(problemsOf("  theme:\n    accent: '#757575'\n")).toEqual([
      'status.config.yaml:3: site.theme.accent: "#757575" on the light header and card background #f6f8fa has contrast 4.3:1; at least 4.5:1 is needed',
    ]);
  });

  it('holds status colours to 4.5:1 too: each is the colour of its status word', () => {
    expect(
      problemsOf(
        "  theme:\n    status:\n      up: '#3fb950'\n      down: { light: '#cf222e', dark: '#8b0000' }\n",
      ),
    ).toEqual([
      'status.config.yaml:4: site.theme.status.up: "#3fb950" on the light background #ffffff has contrast 2.5:1; at least 4.5:1 is needed',
      'status.config.yaml:5: site.theme.status.down.dark: "#8b0000" on the dark background #0d1117 has contrast 1.8:1; at least 4.5:1 is needed',
    ]);
  });

  it('refuses what is not #rgb, #rrggbb or rgb(), and an empty pair', () => {
    expect(problemsOf('  theme:\n    accent: teal\n    status: { partial: {} }\n')).toEqual([
      'status.config.yaml:3: site.theme.accent: expected a colour like "#0b5394", "#05a" or "rgb(11 83 148)", got "teal"',
      'status.config.yaml:4: site.theme.status.partial: expected `light`, `dark` or both, got {}',
    ]);
    expect(problemsOf('  theme:\n    status: { offline: "#000" }\n')).toEqual([
      'status.config.yaml:3: site.theme.status.offline: unknown field; check the spelling (see docs/configuration.md)',
    ]);
  });

  it('gives one light colour a dark one lightened until it reads on the dark backgrounds', () => {
    const { theme } = siteOf(
      "  theme:\n    accent: '#7a1f5c'\n    status:\n      down: { dark: '#ff7b72' }\n",
    );
    expect(resolveThemeVariables(theme)).toEqual({
      light: { '--link': '#7a1f5c', '--focus': '#7a1f5c', '--chart-line': '#7a1f5c' },
      dark: {
        '--link': '#af799d',
        '--focus': '#af799d',
        '--chart-line': '#af799d',
        '--status-down': '#ff7b72',
      },
    });
  });
});

describe('site.theme.fonts', () => {
  it('takes a font-family list and writes it as the body and mono variables', () => {
    const { theme } = siteOf(
      '  theme:\n    fonts:\n      body: \'"Noto Sans JP", "IPAGothic", system-ui, sans-serif\'\n      mono: ui-monospace, \'DejaVu Sans Mono\', monospace\n',
    );
    expect(toThemeCss(theme)).toBe(
      `html:root { --font-body: "Noto Sans JP", "IPAGothic", system-ui, sans-serif; --font-mono: ui-monospace, 'DejaVu Sans Mono', monospace; }`,
    );
  });

  it.each([
    'Arial; } body { display: none',
    'x, url(https://evil.example/f.woff)',
    '"Noto\\"; }"',
    'Arial,',
    '"Arial" </style>',
  ])('refuses %j', (body) => {
    const problems = problemsOf(`  theme:\n    fonts:\n      body: ${JSON.stringify(body)}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^status\.config\.yaml:4: site\.theme\.fonts\.body: expected a CSS font-family list/,
    );
  });
});

describe('site.theme CSS', () => {
  it('is nothing for a site without a theme', () => {
    expect(toThemeCss(undefined)).toBeUndefined();
    expect(toThemeCss({})).toBeUndefined();
  });

  it('sets light values over global.css and dark ones under both ways dark is chosen', () => {
    expect(toThemeCss({ accent: { light: '#7a1f5c', dark: '#e59ac8' } })?.split('\n')).toEqual([
      'html:root { --link: #7a1f5c; --focus: #7a1f5c; --chart-line: #7a1f5c; }',
      '@media (prefers-color-scheme: dark) { html:root:not([data-theme="light"]) { --link: #e59ac8; --focus: #e59ac8; --chart-line: #e59ac8; } }',
      'html:root[data-theme="dark"] { --link: #e59ac8; --focus: #e59ac8; --chart-line: #e59ac8; }',
    ]);
  });
});

describe('site.css, site.favicon, site.socialImage', () => {
  it('takes local files and URLs of the right types', () => {
    expect(
      problemsOf(
        '  css: branding/site.css\n  favicon: https://cdn.example.org/icon.ico?v=2\n  socialImage: branding/card.PNG\n',
      ),
    ).toEqual([]);
  });

  it('refuses a URL for site.css, another scheme, and a type it cannot tell', () => {
    expect(
      problemsOf(
        '  css: https://cdn.example.org/site.css\n  favicon: data:image/png;base64,iVBORw0KGgo=\n  socialImage: branding/card.svg\n',
      ),
    ).toEqual([
      'status.config.yaml:2: site.css: expected a file path relative to the config file, not a URL (import remote styles from that file), got "https://cdn.example.org/site.css"',
      'status.config.yaml:3: site.favicon: expected an http(s) URL or a file path relative to the config file; other schemes (data:, javascript:) are refused, got "data:image/png;base64,iVBORw0KGgo="',
      'status.config.yaml:4: site.socialImage: expected an image ending in .png, .jpg, .jpeg, .gif, .webp (its type is read from the extension), got "branding/card.svg"',
    ]);
    expect(problemsOf('  favicon: branding/icon.gif\n  css: branding/site.scss\n')).toEqual([
      'status.config.yaml:3: site.css: expected a path to a .css file, got "branding/site.scss"',
      'status.config.yaml:2: site.favicon: expected a favicon ending in .svg, .png, .ico (its type is read from the extension), got "branding/icon.gif"',
    ]);
  });
});

describe('site.footer', () => {
  it('reads links, strong and emphasis, and leaves everything else text', () => {
    expect(
      parseFooterText('© 2026 <b>Centre</b>\n· [Help](https://help.example.org) · **24/7** · *on call*'),
    ).toEqual([
      { kind: 'text', text: '© 2026 <b>Centre</b> · ' },
      { kind: 'link', text: 'Help', url: 'https://help.example.org' },
      { kind: 'text', text: ' · ' },
      { kind: 'strong', text: '24/7' },
      { kind: 'text', text: ' · ' },
      { kind: 'em', text: 'on call' },
    ]);
  });

  it('refuses a link to another scheme, quoting it', () => {
    expect(
      problemsOf("  footer: 'See [this](javascript:alert%281%29) and [mail](mailto:a@example.org)'\n"),
    ).toEqual([
      'status.config.yaml:2: site.footer: the link "javascript:alert%281%29": expected an http(s) or mailto: URL or a path on this site; other schemes (javascript:, data:) are refused, got "See [this](javascript:alert%281%29) and [mail](mailto:a@example.org)"',
    ]);
  });

  it('is short', () => {
    expect(problemsOf(`  footer: ${'x'.repeat(501)}\n`)[0]).toMatch(
      /^status\.config\.yaml:2: site\.footer: expected one short line of at most 500 characters/,
    );
  });
});
