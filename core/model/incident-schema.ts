import { z } from 'zod';
import { IdSchema } from './checks/base-check.ts';

// The incident model of data/incidents/*.md, the one hosted status pages taught users. Rules that need
// the config (which ids exist) live in core/incidents/validate-incidents.ts.

const expectOneOf = (options: readonly string[]) => (issue: { input?: unknown }) =>
  `expected one of ${options.join(', ')}, got ${JSON.stringify(issue.input)}`;

export const IncidentKindSchema = z.enum(['incident', 'maintenance'], {
  error: expectOneOf(['incident', 'maintenance']),
});
export type IncidentKind = z.infer<typeof IncidentKindSchema>;

export const IncidentImpactSchema = z.enum(['none', 'minor', 'major', 'critical'], {
  error: expectOneOf(['none', 'minor', 'major', 'critical']),
});
export type IncidentImpact = z.infer<typeof IncidentImpactSchema>;

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const MAINTENANCE_STATUSES = ['scheduled', 'in-progress', 'verifying', 'completed'] as const;
export const STATUSES_BY_KIND = { incident: INCIDENT_STATUSES, maintenance: MAINTENANCE_STATUSES } as const;

export const IncidentStatusSchema = z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES], {
  error: expectOneOf([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
});
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

const describeBadDate = (input: unknown) =>
  `expected a date and time with a time zone, like "2026-11-22T14:05:00Z", got ${JSON.stringify(input)}`;

/**
 * A point in time written in ISO 8601 with its zone ("2026-11-22T14:05:00Z" or "…+01:00"), normalised to
 * UTC ISO text. A YAML parser that already made a Date of it (Astro's frontmatter) is accepted too.
 */
export const IncidentDateSchema = z
  .union([z.string(), z.date()], { error: (issue) => describeBadDate(issue.input) })
  .transform((value, ctx) => {
    const epochMs =
      value instanceof Date
        ? value.getTime()
        : DATE_TIME_PATTERN.test(value.trim())
          ? Date.parse(value.trim().replace(' ', 'T'))
          : Number.NaN;
    if (Number.isNaN(epochMs)) {
      ctx.issues.push({ code: 'custom', message: describeBadDate(value), input: value });
      return z.NEVER;
    }
    return new Date(epochMs).toISOString();
  })
  .meta({ description: 'ISO 8601 date and time with a time zone.', examples: ['2026-11-22T14:05:00Z'] });

/** One entry of `affected`: a check or group id, optionally with its own impact. */
export const AffectedSchema = z.union(
  [
    IdSchema,
    z.strictObject({
      /** Id of a check or a group from the config. */
      id: IdSchema,
      /** This component's impact, when it differs from the incident's. */
      impact: IncidentImpactSchema,
    }),
  ],
  {
    error: (issue) =>
      `expected a check or group id, or { id, impact } with impact none, minor, major or critical, got ${JSON.stringify(issue.input)}`,
  },
);
export type Affected = z.infer<typeof AffectedSchema>;

/** One timestamped entry of the timeline; `text` is markdown. */
export const IncidentUpdateSchema = z.strictObject({
  /** When this update was posted. */
  at: IncidentDateSchema,
  /** The status as of this update. */
  status: IncidentStatusSchema,
  /** What people need to know, in markdown. */
  text: z.string({ error: 'expected the text of the update (markdown)' }).min(1, 'must not be empty'),
});
export type IncidentUpdate = z.infer<typeof IncidentUpdateSchema>;

/** The frontmatter of one data/incidents/*.md file. */
export const IncidentSchema = z
  .strictObject({
    /** Headline shown everywhere. */
    title: z.string({ error: 'expected a title' }).trim().min(1, 'must not be empty'),
    /** incident: something broke; maintenance: planned work. */
    kind: IncidentKindSchema.default('incident'),
    /** How bad it is for users; each affected component shows it unless it has its own. */
    impact: IncidentImpactSchema.default('minor'),
    /** Where it stands now; the words depend on `kind`. */
    status: IncidentStatusSchema,
    /** Ids of checks or groups from the config. */
    affected: z.array(AffectedSchema).default([]),
    /** When it began (incident) or is planned to begin (maintenance). */
    start: IncidentDateSchema,
    /**
     * When it was resolved (incident) or when its window ends (maintenance). Never an estimate: an
     * incident's `end` counts only once it is resolved; an expected end goes in `estimatedResolution`.
     */
    end: IncidentDateSchema.optional(),
    /** When people can expect it fixed (incident) or finished (maintenance that runs late); shown as an estimate, never as an end. */
    estimatedResolution: IncidentDateSchema.optional(),
    /**
     * Maintenance only: an RFC 5545 RRULE (`FREQ=WEEKLY;BYDAY=TU`) repeating the window that `start`
     * and `end` give as the first occurrence (core/incidents/recurrence.ts).
     */
    rrule: z.string({ error: 'expected an RFC 5545 rule such as FREQ=WEEKLY;BYDAY=TU' }).optional(),
    /** Timeline, oldest first. */
    updates: z.array(IncidentUpdateSchema).default([]),
    /** true: kept out of the site until a person removes the flag. */
    draft: z.boolean().default(false),
  })
  .superRefine((incident, ctx) => {
    for (const issue of findIncidentRuleIssues(incident)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type Incident = z.infer<typeof IncidentSchema>;
export type IncidentInput = z.input<typeof IncidentSchema>;

export interface IncidentRuleIssue {
  path: (string | number)[];
  message: string;
}

/** Rules across fields: statuses that fit the kind, time order, and an end where one is needed. */
export function findIncidentRuleIssues(incident: Incident): IncidentRuleIssue[] {
  const issues: IncidentRuleIssue[] = [];
  const allowed: readonly string[] = STATUSES_BY_KIND[incident.kind];
  const statusIssue = (status: string, path: (string | number)[]) => {
    if (!allowed.includes(status))
      issues.push({
        path,
        message: `"${status}" is not a status of ${incident.kind === 'incident' ? 'an incident' : 'a maintenance'}; use one of ${allowed.join(', ')}`,
      });
  };
  statusIssue(incident.status, ['status']);
  incident.updates.forEach((update, index) => {
    statusIssue(update.status, ['updates', index, 'status']);
  });
  if (incident.end !== undefined && incident.end < incident.start) {
    issues.push({ path: ['end'], message: `${incident.end} is before start ${incident.start}` });
  }
  if (incident.estimatedResolution !== undefined && incident.estimatedResolution < incident.start) {
    issues.push({
      path: ['estimatedResolution'],
      message: `${incident.estimatedResolution} is before start ${incident.start}`,
    });
  }
  incident.updates.forEach((update, index) => {
    const previous = incident.updates[index - 1];
    if (previous !== undefined && update.at < previous.at) {
      issues.push({
        path: ['updates', index, 'at'],
        message: `${update.at} is earlier than the update before it (${previous.at}); list updates oldest first`,
      });
    }
  });
  if (incident.kind === 'incident' && incident.status === 'resolved' && incident.end === undefined) {
    issues.push({ path: ['end'], message: 'a resolved incident needs an end time' });
  }
  if (incident.kind === 'incident' && incident.rrule !== undefined) {
    issues.push({ path: ['rrule'], message: 'only a maintenance can recur; set kind: maintenance' });
  }
  if (incident.kind === 'maintenance' && incident.end === undefined) {
    issues.push({ path: ['end'], message: 'a maintenance needs the planned end of its window' });
  }
  return issues;
}

/** The ids an incident names in `affected`, with the impact each one shows. */
export function listAffected(incident: Pick<Incident, 'affected' | 'impact'>): {
  id: string;
  impact: IncidentImpact;
}[] {
  return incident.affected.map((entry) =>
    typeof entry === 'string' ? { id: entry, impact: incident.impact } : entry,
  );
}

/** `incidents:` in the config: how collect helps with incidents. */
export const IncidentsSettingsSchema = z
  .strictObject({
    /** Opt-in: collect drafts an incident file when a check stays down. */
    autoDraft: z
      .strictObject({
        /** Consecutive `down` runs before a draft is written. */
        afterFailures: z.int().min(1).max(1000).default(3).meta({
          description: 'Consecutive `down` runs of a check before collect writes a draft incident.',
        }),
      })
      .optional()
      .meta({
        description:
          'Opt-in: write data/incidents/<date>-<id>-auto.md (draft: true) when a check stays down, and add an update when it recovers.',
        examples: [{ afterFailures: 3 }],
      }),
  })
  .prefault({})
  .meta({ description: 'Incident settings: opt-in drafting of incidents by collect.' });
export type IncidentsSettings = z.infer<typeof IncidentsSettingsSchema>;
