// Durations in running text ("every 5 min", "no data for 3 h 12 min") must never break between the
// number and its unit. The text stays as it is (tests and screen readers read the same words); each
// duration is marked so that CSS keeps it on one line (`.duration` in global.css).

/**
 * A number and its unit as the site's formatters write them (src/lib/format.ts formatDuration), in
 * every language: "5 min", "1.2 s", "24 h", "3 d"; "5 分", "1.2 秒", "24 時間", "3 日", "120 ミリ秒";
 * "5 Min.", "1,2 s", "24 Std.", "3 Tg.".
 */
const DURATION_PATTERN = /\d+(?:[.,]\d+)?\s(?:(?:ms|s|min|h|d)\b|(?:Min|Std|Tg)\.|ミリ秒|秒|分|時間|日)/g;

export interface TextPart {
  text: string;
  isDuration: boolean;
}

/** Splits `text` into its durations and the words between them, in order. */
export function splitDurations(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let lastIndex = 0;
  for (const match of text.matchAll(DURATION_PATTERN)) {
    if (match.index > lastIndex) parts.push({ text: text.slice(lastIndex, match.index), isDuration: false });
    parts.push({ text: match[0], isDuration: true });
    lastIndex = match.index + match[0].length;
  }
  if (lastIndex < text.length) parts.push({ text: text.slice(lastIndex), isDuration: false });
  return parts;
}

/** Sets an element's text with each duration in a `.duration` span: same textContent, no break inside. */
export function setTextKeepingDurations(element: Element, text: string): void {
  element.replaceChildren(
    ...splitDurations(text).map((part) => {
      if (!part.isDuration) return part.text;
      const span = document.createElement('span');
      span.className = 'duration';
      span.textContent = part.text;
      return span;
    }),
  );
}
