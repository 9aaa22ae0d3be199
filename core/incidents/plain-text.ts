// Pure and free of Node APIs. Turns the sanitised HTML of incident text into plain text, for readers
// that take text (the Statuspage API's `body`, calendar descriptions), as Statuspage itself does.

const PARAGRAPH_END = /<\/(p|div|h[1-6]|blockquote|pre|table|ul|ol|details)\s*>|<hr\s*\/?>/gi;
const LINE_END = /<\/(li|tr|summary)\s*>|<br\s*\/?>/gi;
// The line breaks a renderer puts between block tags are layout, not text. One run of whitespace,
// judged whole: `>\s*\n\s*<` backtracks quadratically over many blank lines.
const BETWEEN_TAGS = />(\s+)</g;
const LIST_ITEM = /<li(\s[^>]*)?>/gi;
const TAG = /<\/?[a-z!][^<>]*>/gi;
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};
const ENTITY = /&(#x[0-9a-f]+|#\d+|[a-z]+);/gi;

/**
 * Plain text of sanitised HTML: tags dropped (paragraphs end in a blank line, list items are "- " lines),
 * entities decoded, blank runs squeezed. Text that only looks like a tag once decoded ("&lt;img
 * onerror=…&gt;" shown as words on the page) is dropped too, so a consumer that renders `body` as
 * HTML, against the API's promise, still runs nothing; a lone "<" as in "latency < 5 ms" stays.
 */
export function toPlainText(html: string): string {
  const text = decodeEntities(
    html
      .replace(BETWEEN_TAGS, (whole, space: string) => (space.includes('\n') ? '><' : whole))
      .replace(PARAGRAPH_END, (match) => `${match}\n\n`)
      .replace(LINE_END, (match) => `${match}\n`)
      .replace(LIST_ITEM, '- ')
      .replace(TAG, ''),
  );
  return stripMarkup(text)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Text written as plain text (a title, a description from the config) with anything that looks like an
 * HTML tag or a javascript: scheme removed, for API fields that consumers may render as HTML.
 */
export function stripMarkup(text: string): string {
  return removeUntilStable(removeUntilStable(text, TAG), /javascript:/gi);
}

// One pass can join the halves around what it removed into a new match ("<<b>img …>"): repeat.
function removeUntilStable(text: string, pattern: RegExp): string {
  let current = text;
  for (let previous = ''; previous !== current; ) {
    previous = current;
    current = current.replace(pattern, '');
  }
  return current;
}

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (match, name: string) => {
    if (name.startsWith('#')) {
      const codePoint =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isInteger(codePoint) && codePoint > 0 && codePoint <= 0x10ffff
        ? String.fromCodePoint(codePoint)
        : match;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? match;
  });
}
