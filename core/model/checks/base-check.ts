import { z } from 'zod';
import { DurationSchema, formatDurationMs } from '../duration.ts';
import { ThresholdsSchema } from '../thresholds.ts';
import { CapacitiesSchema } from './capacity-schema.ts';
import { FactsSchema } from './facts-schema.ts';
import { HealSchema } from './heal-schema.ts';

/** Ids end up in URLs and file names, so they stay lower-case and URL-safe. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

export const IdSchema = z.string({ error: 'expected an id such as "web-api"' }).regex(ID_PATTERN, {
  error: (issue) =>
    `expected a URL-safe id (lower-case letters, digits, "-" or "_", starting with a letter or digit), got ${JSON.stringify(issue.input)}`,
});

/** The shortest `interval` a check may have. */
export const MIN_INTERVAL_MS = 1000;

/** Fields every check has, whatever its type. */
export const BaseCheckFields = {
  /** Stable, URL-safe identifier; it names the component page and the history. */
  id: IdSchema.meta({
    description: 'Stable, URL-safe identifier used in URLs and history (`v2` and `vigil` are reserved).',
    examples: ['web-api'],
  }),
  /** Ids this check had before a rename; their stored history and state stay with it. */
  formerIds: z
    .array(IdSchema)
    .default([])
    .meta({
      description:
        'Ids this check had before it was renamed; history stored under them stays with the check.',
      examples: [['old-web-api']],
    }),
  /** Name shown to people; defaults to the id. */
  name: z.string().min(1).optional().meta({ description: 'Name shown on the site; defaults to the id.' }),
  /** Short explanation shown on the component page. */
  description: z.string().optional().meta({ description: 'Short explanation shown on the component page.' }),
  /** Id of a group from `groups`. */
  group: z
    .string()
    .optional()
    .meta({ description: 'Id of one of the `groups`.', examples: ['core'] }),
  /** Which collector runs this check (an id from `sources`); defaults to the first source. */
  source: z
    .string()
    .optional()
    .meta({ description: 'Id of the source (collector host) that runs this check.' }),
  /**
   * Several places that each run this check (ids from `sources`, at least two, not with `source`); the
   * component's status is judged from their results by `quorum`. Only for checks that probe something
   * remote: http, tcp, command, redis, postgres, mysql, jupyterhub.
   */
  sources: z
    .array(IdSchema)
    .min(2, { error: 'expected at least two sources; a check run from one place names it in "source"' })
    .optional()
    .meta({
      description:
        'Several collectors that each run this check (ids from `sources`, at least two; not with `source`). The component is judged from their results by `quorum`; a place whose data is stale does not vote. Only for http, tcp, command, redis, postgres, mysql, jupyterhub, ping, dns, tls, smtp, imap, pop3, websocket and grpc checks.',
      examples: [['eu', 'us', 'campus']],
    }),
  /**
   * With `sources`: how many places must agree before the component shows down (or degraded); `any`
   * is 1, `all` every place; default a majority. With fewer fresh places than this it shows "No data".
   */
  quorum: z
    .union(
      [z.int().min(1, { error: 'expected a quorum of at least 1, "any" or "all"' }), z.enum(['all', 'any'])],
      { error: 'expected a number of places (at least 1), "any" or "all"' },
    )
    .optional()
    .meta({
      description:
        'With `sources`: how many places must say down (or degraded) before the component does: a number, `any` (1) or `all`; default a majority. With fewer places current than this it shows "No data".',
      examples: [2, 'all'],
    }),
  /** false keeps the check's history on the site but stops collecting it. */
  enabled: z
    .boolean()
    .default(true)
    .meta({ description: 'false keeps history visible but stops collection.' }),
  /**
   * How often this check runs, at least 1 s; absent, it runs at `site.interval`. Left unresolved here:
   * the staleness rule (core/history/freshness.ts) treats a check without its own interval as
   * `site.staleAfter`, which a user may have set.
   */
  interval: DurationSchema.refine((ms) => ms >= MIN_INTERVAL_MS, {
    error: (issue) =>
      `expected an interval of at least 1s, got ${typeof issue.input === 'number' ? formatDurationMs(issue.input) : JSON.stringify(issue.input)}; checks run at most once a second`,
  })
    .optional()
    .meta({
      description:
        'How often this check runs (at least 1s; default: site.interval). In cron mode `vigil collect` runs a check with its own interval only when it is due; `vigil watch` runs each check on its own interval.',
      examples: ['30s', '5m'],
    }),
  /** How long one probe may take before it is aborted and reported down. */
  timeout: DurationSchema.prefault('10s').meta({
    description: 'How long one probe may take before it is reported down.',
  }),
  /** This check's data older than this shows "No data"; default 3 × the check's interval (`site.staleAfter`). */
  staleAfter: DurationSchema.optional().meta({
    description:
      'Results older than this show as "No data" (default: 3 × the check\'s interval, i.e. site.staleAfter).',
    examples: ['30m'],
  }),
  /** Extra attempts of a failed probe within one run. */
  retries: z
    .int()
    .min(0)
    .max(5)
    .default(1)
    .meta({ description: 'Extra attempts of a failed probe within one run.' }),
  /** Consecutive failed runs before the check shows `down`; defaults to `collect.failuresBeforeDown`. */
  failuresBeforeDown: z.int().min(1).max(100).optional().meta({
    description: 'Consecutive failed runs before the check shows down (default: collect.failuresBeforeDown).',
  }),
  /** Checks this one needs: while one of them is down, this check's alerts are held. */
  dependsOn: z
    .array(IdSchema)
    .optional()
    .meta({
      description:
        "Checks this one needs (a router, the login node): while one is down, this check's alerts are held.",
      examples: [['core-router']],
    }),
  /** Metric thresholds that turn observations into degraded or down. */
  thresholds: ThresholdsSchema,
  /** Opt-in: a command run after N consecutive down results (e.g. `systemctl restart app`), rate-limited. */
  heal: HealSchema.optional(),
  /** Static, non-secret facts shown as "Configuration" on the component page and in its JSON. */
  facts: FactsSchema,
  /** Metrics that count out of a whole (`{ max: N }` or `{ of: <metric> }`), shown as "X / N". */
  capacities: CapacitiesSchema,
  /** A tab of its own on /clusters/, beside the clusters (a JupyterHub, a portal). */
  clusterTab: z
    .boolean()
    .optional()
    .meta({
      description:
        'Show this check as a tab of its own on /clusters/, beside the clusters (a JupyterHub or another system of the centre). Not for slurm and pbs checks, which have theirs.',
      examples: [true],
    }),
};

/**
 * Gatus-style conditions (http, tcp and dns checks): compiled when the config loads into the fields
 * they stand for (expectedStatus, thresholds, keyword, json…), which a check must not also give.
 */
export function conditionsSchemaFor(examples: string[]) {
  return z
    .array(z.string({ error: 'expected a condition such as "[STATUS] == 200"' }))
    .optional()
    .meta({
      description:
        'Gatus-style conditions, compiled at load into the equivalent fields (see "Conditions (Gatus syntax)" in docs/check-types.md); not with the fields they set.',
      examples: [examples],
    });
}

/** A JSON value an assertion compares with. */
const JsonValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Comparisons of a number; each given one must hold. */
const NumberComparisonSchema = z
  .strictObject({
    equals: z.number().optional().meta({ description: 'Down unless the number equals this.' }),
    notEquals: z.number().optional().meta({ description: 'Down if the number equals this.' }),
    above: z.number().optional().meta({ description: 'Down unless the number is above this.' }),
    below: z.number().optional().meta({ description: 'Down unless the number is below this.' }),
    atLeast: z.number().optional().meta({ description: 'Down unless the number is at least this.' }),
    atMost: z.number().optional().meta({ description: 'Down unless the number is at most this.' }),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    error: 'give at least one of equals, notEquals, above, below, atLeast, atMost',
  });

/** The operators of a JSON assertion, besides `metric`; any of them may be combined. */
export const JSON_ASSERTION_OPERATORS = [
  'equals',
  'notEquals',
  'oneOf',
  'pattern',
  'above',
  'below',
  'atLeast',
  'atMost',
  'length',
  'exists',
] as const;

/** A value to compare with, at a JSON path of a response or command output. */
export const JsonAssertionSchema = z
  .strictObject({
    /** Where the value lives: `$.a.b[0].c` or `$['key with spaces']`. */
    path: z
      .string()
      .regex(/^\$/, { error: 'expected a JSON path starting with "$", such as "$.status"' })
      .meta({ description: 'JSON path: $.a.b[0].c', examples: ['$.status', '$.queues.default.depth'] }),
    /** Down unless the value equals this. */
    equals: JsonValueSchema.optional().meta({ description: 'Down unless the value equals this.' }),
    /** Down if the value equals this. */
    notEquals: JsonValueSchema.optional().meta({ description: 'Down if the value equals this.' }),
    /** Down unless the value equals one of these. */
    oneOf: z
      .array(JsonValueSchema)
      .min(1)
      .optional()
      .meta({ description: 'Down unless the value equals one of these.', examples: [['UP', 'OK']] }),
    /** Down unless the value (as text) matches this pattern: `*` any run of characters, `?` one. */
    pattern: z
      .string()
      .optional()
      .meta({
        description: 'Down unless the value, as text, matches this pattern (`*` any characters, `?` one).',
        examples: ['v2.*'],
      }),
    /** Down unless the value is a number (or numeric text) above this. */
    above: z.number().optional().meta({ description: 'Down unless the value is a number above this.' }),
    /** Down unless the value is a number (or numeric text) below this. */
    below: z.number().optional().meta({ description: 'Down unless the value is a number below this.' }),
    /** Down unless the value is a number at least this. */
    atLeast: z.number().optional().meta({ description: 'Down unless the value is a number at least this.' }),
    /** Down unless the value is a number at most this. */
    atMost: z.number().optional().meta({ description: 'Down unless the value is a number at most this.' }),
    /** Comparisons of the length: an array's items, a text's characters, other JSON's minified text. */
    length: NumberComparisonSchema.optional().meta({
      description:
        "Comparisons of the value's length (an array's items, a text's characters, other JSON's minified length).",
      examples: [{ atMost: 5 }],
    }),
    /** true: down unless the path exists; false: down if it exists. */
    exists: z
      .boolean()
      .optional()
      .meta({ description: 'true: down unless the path exists; false: down if it exists.' }),
    /** Store the number found at `path` as this metric (thresholds apply to it). */
    metric: z
      .string()
      .regex(/^[A-Za-z][\w.:-]*$/, { error: 'expected a metric name such as "queueDepth"' })
      .optional()
      .meta({ description: 'Record the number at path as this metric.', examples: ['queueDepth'] }),
    /** With `metric`: the whole it counts out of, shown as "X / N" (a pool of 20 slots). */
    max: z
      .number()
      .positive()
      .optional()
      .meta({
        description:
          'With metric: the whole the number counts out of, shown as "X / N" (a pool of 20 slots).',
        examples: [20],
      }),
    /** With `metric`: another metric of this check that holds the whole, shown as "X / N". */
    of: z
      .string()
      .regex(/^[A-Za-z][\w.:-]*$/, { error: 'expected a metric name such as "poolSize"' })
      .optional()
      .meta({
        description: 'With metric: another metric of this check holding the whole, shown as "X / N".',
        examples: ['visitorPoolSize'],
      }),
    /** Set by `conditions`: the Gatus condition this assertion came from, quoted when it fails. */
    condition: z.string().optional().meta({
      description:
        'The Gatus condition this assertion was compiled from (set by `conditions`); a failure quotes it.',
    }),
  })
  .refine((a) => a.metric !== undefined || JSON_ASSERTION_OPERATORS.some((key) => a[key] !== undefined), {
    error: `give an assertion (${JSON_ASSERTION_OPERATORS.join(', ')}), "metric" (a number to record), or both`,
  })
  .refine((a) => (a.max === undefined && a.of === undefined) || a.metric !== undefined, {
    error: '"max" and "of" say what a recorded metric counts out of: give "metric" too',
    path: ['metric'],
  })
  .refine((a) => a.max === undefined || a.of === undefined, {
    error: 'give either "max" (a number) or "of" (another metric of this check), not both',
    path: ['of'],
  });
export type JsonAssertion = z.infer<typeof JsonAssertionSchema>;
