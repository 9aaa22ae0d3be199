import type { CheckResult, SnapshotLine } from '../../core/model/index.ts';

/** What a hidden hostname or address reads as where a probe's text named it. */
export const HIDDEN_COLLECTOR_ADDRESS = '(collector)';

/**
 * Snapshot lines as the site may publish them. Unless `site.showCollectorAddress` is true, the
 * collector's hostname and IP address are blanked as the data is read (the run's `agent`, a host
 * check's `detail.hostname`) and replaced where a probe's message or detail text repeats them, so no
 * page, API document, feed or metric can carry them; the stored data keeps them for the operators.
 */
export function hideCollectorAddresses(lines: SnapshotLine[], isShown: boolean): SnapshotLine[] {
  if (isShown) return lines;
  // One scrubber per collector identity, not per line: thousands of lines share a few.
  const scrubbers = new Map<string, Scrubber>();
  return lines.map((line) => {
    const key = `${line.agent.host} ${line.agent.ip ?? ''}`;
    const scrub = scrubbers.get(key) ?? buildScrubber([line.agent.host, line.agent.ip]);
    scrubbers.set(key, scrub);
    return {
      ...line,
      agent: { version: line.agent.version, host: '' },
      results: line.results.map((result) => hideInResult(result, scrub)),
    };
  });
}

function hideInResult(result: CheckResult, scrub: Scrubber): CheckResult {
  const isNamed = scrub.isNamedIn(result.message) || isNamedInValue(result.detail, scrub);
  if (!isNamed && typeof result.detail.hostname !== 'string') return result;
  let detail = isNamed ? (scrubValue(result.detail, scrub) as CheckResult['detail']) : result.detail;
  if (typeof detail.hostname === 'string' && detail.hostname !== '') detail = { ...detail, hostname: '' };
  const message = scrub(result.message);
  return message === result.message && detail === result.detail ? result : { ...result, message, detail };
}

interface Scrubber {
  (text: string): string;
  /** The cheap test first: almost no text names the collector. */
  isNamedIn(text: string): boolean;
}

// Whole words only, and nothing shorter than 4 characters, so a short name never eats other words.
function buildScrubber(values: readonly (string | undefined)[]): Scrubber {
  const words = values.filter((value): value is string => value !== undefined && value.length >= 4);
  const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\w.-])(?:${escaped.join('|')})(?![\\w-]|\\.\\w)`, 'g');
  const isNamedIn = (text: string) => words.some((word) => text.includes(word));
  const scrub = (text: string) => (isNamedIn(text) ? text.replace(pattern, HIDDEN_COLLECTOR_ADDRESS) : text);
  return Object.assign(scrub, { isNamedIn });
}

function isNamedInValue(value: unknown, scrub: Scrubber): boolean {
  if (typeof value === 'string') return scrub.isNamedIn(value);
  if (typeof value !== 'object' || value === null) return false;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    if (isNamedInValue(item, scrub)) return true;
  }
  return false;
}

// The same value when nothing in it changed, so untouched results are not copied.
function scrubValue(value: unknown, scrub: Scrubber): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => scrubValue(item, scrub));
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  const entries = Object.entries(value);
  const scrubbed = entries.map(([key, item]) => [key, scrubValue(item, scrub)] as const);
  return scrubbed.some(([, item], index) => item !== entries[index]?.[1])
    ? Object.fromEntries(scrubbed)
    : value;
}
