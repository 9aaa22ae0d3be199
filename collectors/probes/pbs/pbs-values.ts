const SIZE_UNITS: Record<string, number> = {
  b: 1,
  w: 8,
  kb: 1024,
  kw: 8 * 1024,
  mb: 1024 ** 2,
  mw: 8 * 1024 ** 2,
  gb: 1024 ** 3,
  gw: 8 * 1024 ** 3,
  tb: 1024 ** 4,
  tw: 8 * 1024 ** 4,
  pb: 1024 ** 5,
  pw: 8 * 1024 ** 5,
};

/** PBS sizes: "263419976kb", "4gb", "8w" (words), a bare number is bytes; anything else is 0. */
export function parsePbsSize(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return 0;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?[bw])?\s*$/i.exec(value);
  if (match === null) return 0;
  return Math.round(Number(match[1]) * (SIZE_UNITS[(match[2] ?? 'b').toLowerCase()] ?? 1));
}

/** A count that PBS may write as a number or a string; missing means 0. */
export function parsePbsCount(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : 0;
  return Number.isFinite(n) ? n : 0;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** PBS's ctime-style local times, "Mon Jan 15 08:00:00 2024", as ISO 8601; undefined otherwise. */
export function parsePbsTime(text: string): string | undefined {
  const match = /^\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(text.trim());
  if (match === null) return undefined;
  const month = MONTHS.indexOf(match[1] ?? '');
  if (month < 0) return undefined;
  const [day, hours, minutes, seconds, year] = match.slice(2).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return new Date(year, month, day, hours, minutes, seconds).toISOString();
}
