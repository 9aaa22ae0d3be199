/** True for a plain JSON object (not null, not an array): what parsed input is read field by field from. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
