import { describe, expect, it } from 'vitest';
import { stripMarkup, toPlainText } from '../../../../core/incidents/plain-text.ts';

describe('toPlainText', () => {
  it.each([
    {
      html: '<p>A bad deploy; <strong>rolling back</strong> now.</p>',
      text: 'A bad deploy; rolling back now.',
    },
    { html: '<p>One</p>\n<p>Two &amp; three</p>', text: 'One\n\nTwo & three' },
    { html: '<ul>\n<li>first</li>\n<li>second</li>\n</ul>', text: '- first\n- second' },
    { html: '<p>latency &lt; 5 ms</p>', text: 'latency < 5 ms' },
    { html: '<p><a href="https://www.example.org/">safe link</a></p>', text: 'safe link' },
    // What the sanitiser left as words on the page must not come back as markup once decoded.
    { html: '<p>&lt;img alt="b" onerror="window.__xss = 12"&gt; after</p>', text: 'after' },
    { html: '<p>&lt;&lt;b&gt;script&gt;x</p>', text: 'x' },
    { html: '<p>click <a>me</a>: javajavascript:script:alert(1)</p>', text: 'click me: alert(1)' },
    { html: '<p>&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;</p>', text: 'alert(1)' },
  ])('$text', ({ html, text }) => {
    expect(toPlainText(html)).toBe(text);
  });

  it('keeps spaces between inline tags and joins block tags over any number of blank lines', () => {
    expect(toPlainText('<p><em>a</em> <strong>b</strong></p>')).toBe('a b');
    // 40,000 blank lines after a tag: the old `>\s*\n\s*<` took seconds here, backtracking.
    const blank = ' \n'.repeat(40_000);
    expect(toPlainText(`<p>one</p>${blank}<p>two</p>`)).toBe('one\n\ntwo');
    expect(toPlainText(`<pre><code>${blank}x</code></pre>`).trim()).toBe('x');
  });
});

describe('stripMarkup', () => {
  it('keeps plain text and drops tags and javascript: schemes', () => {
    expect(stripMarkup('API & DB < 5 ms')).toBe('API & DB < 5 ms');
    expect(stripMarkup('Web <script>alert(1)</script> [x](javascript:alert(1))')).toBe(
      'Web alert(1) [x](alert(1))',
    );
  });
});
