import type { z } from 'zod';

// Conventions every core/results/<type>.ts follows, so a probe's `satisfies` and the site's reader
// mean the same thing:
// - The exported type is inferred from the strict shape (no index signature), so a probe that
//   misspells or renames a stored field fails `tsc` on its `satisfies`.
// - The exported schema is that shape `.loose()`: lines written by other versions, with fields this
//   version does not know, still parse, and the unknown fields are kept.
// - Every metric name is optional (a failed run stores fewer, a run cut at the deadline none);
//   values are always numbers. Names a probe builds from a pattern (`fs:<mount>:usedPercent`) are
//   template-literal keys; names a user chooses (JSON paths, SQL queries) are a catchall of numbers.

/** `{ latencyMs: 'latencyMs', … }`: the names of a schema's fields as constants, for readers that index by name. */
export function listFieldNames<Shape extends z.core.$ZodShape>(
  schema: z.ZodObject<Shape>,
): { readonly [Name in keyof Shape & string]: Name } {
  const names = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, name]));
  return Object.freeze(names) as { readonly [Name in keyof Shape & string]: Name };
}
