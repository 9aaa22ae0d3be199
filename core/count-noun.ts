/**
 * A count and its noun in agreement: "1 check", "2 checks", "0 checks" ("1 rollup line", "3 status
 * records"). Every line the CLI prints that counts says it through this, never a hand-built "s".
 */
export function countNoun(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
