// Small text helpers every part uses, defined once.

/** XML text and attribute content with the five special characters escaped (feeds, badges, iCal-free). */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The first non-blank line, trimmed, cut to `maxChars` with an ellipsis; undefined when there is none. */
export function firstLine(text: string, maxChars = Number.POSITIVE_INFINITY): string | undefined {
  const line = text
    .split('\n')
    .map((candidate) => candidate.trim())
    .find((candidate) => candidate.length > 0);
  if (line === undefined) return undefined;
  return line.length <= maxChars ? line : `${line.slice(0, maxChars - 1)}…`;
}
