import { z } from 'zod';
import { IdSchema } from './checks/base-check.ts';

/**
 * A composite component: several checks (its facets: the HTTP endpoint, the port, the systemd unit,
 * the process of one service) shown as one card on the front page, with each facet's state and one
 * status rolled up from theirs. The facets stay checks: they run, alert and keep their own pages.
 */
export const ServiceSchema = z.strictObject({
  /** URL-safe id, in the same namespace as check and group ids: names its page /components/<id>/. */
  id: IdSchema.meta({
    description:
      'URL-safe id, unique among services, checks and groups (`v2` and `vigil` are reserved): names its page /components/<id>/ and its Statuspage component.',
    examples: ['chat-web'],
  }),
  /** Name shown on the card; defaults to the id. */
  name: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Name shown on the card; defaults to the id.', examples: ['Chat web (Flask)'] }),
  /** One line shown on the service page. */
  description: z.string().optional().meta({ description: 'One line shown on the service page.' }),
  /** Id of a group from `groups`: the card is listed under it (absent: under "Other"). */
  group: z
    .string()
    .optional()
    .meta({
      description: 'Id of a group from `groups`: the card is listed under it (absent: under "Other").',
      examples: ['web'],
    }),
  /**
   * The checks it is made of (its facets), in the order the card shows them. Each check belongs to at
   * most one service, and is shown in its card instead of as a row of its own.
   */
  checks: z
    .array(IdSchema)
    .min(1, { error: 'list at least one check id: the facets the service is made of' })
    .meta({
      description:
        "Ids of the checks it is made of (its facets), in the order the card shows them. A check belongs to at most one service and is shown in the service's card instead of as a row of its own.",
      examples: [['chat-web-http', 'chat-web-port', 'chat-web-unit', 'chat-web-process']],
    }),
  /**
   * How the facets' statuses make the service's: `worst` (the only rule so far), as groups roll up:
   * every facet down is a major outage, some down a partial outage, any degraded degraded performance.
   */
  rollup: z.enum(['worst']).default('worst').meta({
    description:
      'How the facets make the service\'s status: `worst`, the rule groups use (every facet down: "Major outage"; some down: "Partial outage"; any degraded: "Degraded performance"); its uptime counts the time any facet was down as down.',
  }),
});

export type ServiceInput = z.input<typeof ServiceSchema>;
export type ParsedService = z.output<typeof ServiceSchema>;
/** A service as loaded: its name defaulted to its id. */
export type Service = ParsedService & { name: string };
