// Free of zod: browser scripts import it.
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/** Parses "500ms", "5s", "2m", "1h", "14d" into milliseconds; undefined when it is not such a string. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, amount, unit] = match;
  return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
}

/** Formats milliseconds the way people say them: "120 ms", "1.2 s", "5 s", "3 min", "2 h". */
export function formatDurationMs(durationMs: number): string {
  if (durationMs < 1000) return `${Math.round(durationMs)} ms`;
  if (durationMs < 10_000) return `${trimZero((durationMs / 1000).toFixed(1))} s`;
  if (durationMs < 120_000) return `${Math.round(durationMs / 1000)} s`;
  if (durationMs < 7_200_000) return `${Math.round(durationMs / 60_000)} min`;
  if (durationMs < 172_800_000) return `${trimZero((durationMs / 3_600_000).toFixed(1))} h`;
  return `${trimZero((durationMs / 86_400_000).toFixed(1))} d`;
}

function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}
