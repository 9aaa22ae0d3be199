/**
 * Slurm prints times as `2026-11-23T00:51:22` in the local time zone of the command (with
 * SLURM_TIME_FORMAT removed from the environment); returns ISO 8601 UTC, or undefined for
 * "Unknown", "None", "N/A" and anything else that is not such a time.
 */
export function parseSlurmTime(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(trimmed)) return undefined;
  const date = new Date(trimmed);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
