// `site.footer`: a line of plain text with a few markdown marks — [links](https://…), **strong** and
// *emphasis* — and nothing else: no HTML, no images. The site renders the parts as elements, so any
// other text, `<` included, is shown as written.

export type FooterPart =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; url: string }
  | { kind: 'strong'; text: string }
  | { kind: 'em'; text: string };

const FOOTER_MARKS = /\[([^[\]\n]+)\]\(([^()\s]+)\)|\*\*([^*\n]+)\*\*|\*([^*\n]+)\*/g;

/** Where a footer link may go: http(s), mailto:, or a path on this site (no javascript:, data:). */
export function isSafeFooterUrl(url: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(url) || !/^[a-z][a-z0-9+.-]*:/i.test(url);
}

/** The footer text as parts, in order; whitespace runs (line breaks too) read as one space. */
export function parseFooterText(source: string): FooterPart[] {
  const text = source.replace(/\s+/g, ' ').trim();
  const parts: FooterPart[] = [];
  let last = 0;
  for (const match of text.matchAll(FOOTER_MARKS)) {
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    const [, linkText, url, strong, em] = match;
    if (linkText !== undefined && url !== undefined) parts.push({ kind: 'link', text: linkText, url });
    else if (strong !== undefined) parts.push({ kind: 'strong', text: strong });
    else if (em !== undefined) parts.push({ kind: 'em', text: em });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
