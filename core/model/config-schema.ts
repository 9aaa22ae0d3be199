import { z } from 'zod';
import { resolveQuorum } from '../history/place-judge.ts';
import { findAlertReferenceIssues } from './alert-references.ts';
import { AlertsSchema } from './alerts-schema.ts';
import { FaviconSchema, FooterSchema, SiteCssSchema, SocialImageSchema } from './branding-schema.ts';
import { findCapacityReferenceIssues } from './capacity-references.ts';
import { type Check, CheckSchema, type ParsedCheck } from './check-schema.ts';
import { IdSchema } from './checks/base-check.ts';
import { findClusterReferenceIssues } from './cluster-references.ts';
import { DurationSchema } from './duration.ts';
import { IncidentsSettingsSchema } from './incident-schema.ts';
import { findPlaceIssues } from './place-references.ts';
import { PublishSchema } from './publish-schema.ts';
import { findReservedIdIssues } from './reserved-ids.ts';
import { findServiceIssues } from './service-references.ts';
import { type Service, ServiceSchema } from './service-schema.ts';
import { PAGE_ID_PATTERN } from './site-address.ts';
import { ThemeSchema } from './theme-schema.ts';
import { DEFAULT_TIME_ZONE, isKnownTimeZone } from './time-zone.ts';

/** Where to show the site and how fresh its data must be. */
export const SiteSchema = z
  .strictObject({
    /** Page title and banner heading. */
    title: z
      .string()
      .min(1)
      .default('Status')
      .meta({ description: 'Page title and banner heading.', examples: ['Example HPC Centre status'] }),
    /** One paragraph under the title. */
    intro: z.string().optional().meta({ description: 'One paragraph shown under the title.' }),
    /** Public URL of the site (used for absolute links, feeds and the API). */
    url: z
      .url({ protocol: /^https?$/ })
      .optional()
      .meta({
        description: 'Public URL of the site, for absolute links, feeds and the API.',
        examples: ['https://status.example.org'],
      }),
    /** The Statuspage API's `page.id`: a short id that stays when the title or address changes. */
    pageId: z
      .string()
      .regex(PAGE_ID_PATTERN, {
        error: (issue) =>
          `expected 4-40 lowercase letters, digits or "-" (no "-" first or last), such as "k7x2m9q4v1ds", got ${JSON.stringify(issue.input)}`,
      })
      .optional()
      .meta({
        description:
          "The Statuspage API's page.id: a short, stable id (vigil init and vigil import write a random one). Without it the id is made from site.url.",
        examples: ['k7x2m9q4v1ds'],
      }),
    /** Path the site is served under, e.g. "/status/" on a shared host. */
    base: z
      .string()
      .regex(/^\//, { error: 'expected a path starting with "/", such as "/" or "/status/"' })
      .default('/')
      .meta({ description: 'Path the site is served under.', examples: ['/', '/status/'] }),
    /**
     * With a `base` other than "/": the hosting files the build writes (_redirects, staticwebapp.config.json,
     * the nginx and Caddy snippets) also redirect the host root's /api/v2/* to the site's own, for clients
     * that assume the Statuspage API at the root (Atlassian's status widget). They must then be installed
     * at the host root.
     */
    rootApiRedirect: z
      .boolean()
      .default(false)
      .meta({
        description:
          'Redirect /api/v2/* at the host root to <base>api/v2/* (302, with CORS) in the hosting files, for clients that assume the API at the root. Only with a base other than "/".',
        examples: [true],
      }),
    /** Logo image URL or path. */
    logo: z.string().optional().meta({ description: 'Logo image URL or path.' }),
    /** Colours (accent, statuses) and fonts; every colour is checked for contrast at load (core/model/contrast.ts). */
    theme: ThemeSchema.optional(),
    /** A stylesheet of the site's own (relative to the config file), linked last so it wins. */
    css: SiteCssSchema.optional(),
    /** The tab icon: a local .svg/.png/.ico file (copied into the site) or a URL. */
    favicon: FaviconSchema.optional(),
    /** The picture shared links show (og:image). */
    socialImage: SocialImageSchema.optional(),
    /** One short line in every page's footer (plain text, links, emphasis). */
    footer: FooterSchema.optional(),
    /** Links shown in the header. */
    links: z
      .array(
        z.strictObject({
          /** Link text. */
          label: z.string().min(1).meta({ description: 'Link text.' }),
          /** Where it goes: an http(s) URL or a path on this site. */
          url: z
            .string()
            .min(1)
            .refine(
              (url) =>
                /^(https?:\/\/|\/|\.{0,2}\/|#)/i.test(url.trim()) || !/^[a-z][a-z0-9+.-]*:/i.test(url.trim()),
              {
                error:
                  'expected an http(s) URL or a relative path such as "/help/"; other schemes (javascript:, data:) are refused',
              },
            )
            .meta({ description: 'Where the link goes: an http(s) URL or a relative path.' }),
        }),
      )
      .default([])
      .meta({
        description: 'Links shown in the header.',
        examples: [[{ label: 'Help desk', url: 'https://help.example.org' }]],
      }),
    /** The IANA time zone every time on the site is shown in, named beside it ("14:05 CET"). */
    timeZone: z
      .string()
      .min(1)
      .refine(isKnownTimeZone, {
        error: (issue) =>
          `expected an IANA time zone name such as "UTC" or "Europe/Berlin", got ${JSON.stringify(issue.input)}`,
      })
      .default(DEFAULT_TIME_ZONE)
      .meta({
        description:
          'IANA time zone that every time on the site is shown in (charts, tables, incidents), named beside it.',
        examples: ['UTC', 'Europe/Berlin', 'America/New_York'],
      }),
    /** The language every page is written in: its words, dates and numbers (src/i18n). */
    language: z
      .enum(['en', 'ja', 'de'])
      .default('en')
      .meta({
        description:
          'Language of every page: its words, dates and numbers, and <html lang>. English (en), Japanese (ja) or German (de).',
        examples: ['en', 'ja', 'de'],
      }),
    /** How often the collectors run: the interval of every check that sets none of its own. */
    interval: DurationSchema.prefault('5m').meta({
      description:
        'How often collectors run (the cron interval): the interval of every check that sets no `interval` of its own; staleness and gaps of those checks are judged by it.',
    }),
    /** Data older than this shows as "No data"; defaults to three intervals. */
    staleAfter: DurationSchema.optional().meta({
      description: 'Data older than this is stale (default: 3 × interval).',
    }),
    /**
     * How often an open page re-reads its data, in seconds. Below 10 only pays where the data changes
     * that fast: a site served by `vigil watch` / `vigil start`, whose data outputs are rewritten after
     * every run.
     */
    refreshSeconds: z.int().min(5).max(3600).default(60).meta({
      description:
        'How often an open page re-reads its data, in seconds (5–3600). Below 10 only pays where data changes that fast: a site served by `vigil watch` or `vigil start`.',
    }),
    /**
     * How long results of checks that run more often than once a minute are kept at full rate;
     * older ones are folded to one result per check per minute (status changes and gaps kept).
     */
    fullRateWindow: DurationSchema.prefault('1h').meta({
      description:
        'How long results of sub-minute checks (their own interval under 1m; site.interval alone does not count) are kept at full rate; beyond it they are folded to one result per check per minute, keeping every status change and gap, so uptime stays exact.',
      examples: ['1h', '6h'],
    }),
    /** Above this many components the front page shows every group collapsed (one bar and a compact list). */
    collapseGroupsAbove: z.int().min(0).default(100).meta({
      description:
        'Above this many components, every group of the front page is shown collapsed (one combined 90-day bar and a compact list), so / stays light; at or below it, only groups with collapsed: true are.',
    }),
    /** Days of raw runs kept in data/snapshots before they are folded into rollups. */
    retentionDays: z
      .int()
      .min(1)
      .max(400)
      .default(14)
      .meta({ description: 'Days of raw runs kept before they are folded into daily rollups.' }),
    /** Days of daily rollups kept in data/rollups. */
    rollupRetentionDays: z
      .int()
      .min(1)
      .max(3650)
      .default(400)
      .meta({ description: 'Days of daily rollups kept.' }),
    /** Show each collector's hostname and IP address on its page; off, nothing in the site carries them. */
    showCollectorAddress: z.boolean().default(false).meta({
      description:
        "Show each collector's hostname and IP address on its collector page. Off (the default), no page, API document, feed or metric carries them.",
    }),
  })
  .prefault({})
  .meta({ description: 'Site settings: title, address, freshness and retention.' });

export const GroupSchema = z.strictObject({
  /** URL-safe id that checks name in `group`. */
  id: IdSchema.meta({
    description: 'URL-safe id that checks name in `group` (`v2` and `vigil` are reserved).',
    examples: ['core'],
  }),
  /** Heading shown on the site. */
  name: z
    .string()
    .min(1)
    .meta({ description: 'Heading shown on the site.', examples: ['Core services'] }),
  /** One line under the heading. */
  description: z.string().optional().meta({ description: 'One line under the heading.' }),
  /** Start collapsed on the front page. */
  collapsed: z
    .boolean()
    .default(false)
    .meta({ description: 'Start collapsed on the front page: one combined 90-day bar and a compact list.' }),
});

export const SourceSchema = z.strictObject({
  /** URL-safe id: names data/snapshots/<id>/ and `--source`. */
  id: IdSchema.meta({
    description: 'URL-safe id: names data/snapshots/<id>/ and `--source`.',
    examples: ['hpc-login'],
  }),
  /** Name shown on the site. */
  name: z.string().optional().meta({ description: 'Name shown on the site.' }),
  /** Where this collector runs, for people. */
  description: z.string().optional().meta({ description: 'Where this collector runs, for people.' }),
  /** `false` retires this collector: its history stays on the site, marked disabled, and `vigil collect --source` for it refuses to write. */
  enabled: z.boolean().default(true).meta({
    description:
      '`false` retires this collector: its history stays on the site, marked disabled, and `vigil collect --source` for it refuses to write.',
  }),
  /** How long this collector may go unheard before the announcing collector tells `collector.silent`; default the shortest `staleAfter` of its checks (3 intervals). */
  silentAfter: DurationSchema.optional().meta({
    description:
      'How long this collector may go without a run before the announcing collector raises collector.silent (default: the shortest staleAfter of its checks, i.e. 3 × their interval). Set it longer than staleAfter to page only for a longer silence; its pages still show No data after staleAfter.',
    examples: ['15m'],
  }),
});

/** Probes in flight at once by kind, unless `collect.concurrency` says otherwise. */
const DEFAULT_CONCURRENCY = { network: 128, commands: 16 } as const;

/** How one `vigil collect` run behaves. */
export const CollectSchema = z
  .strictObject({
    /**
     * Most probes running at once: one number caps every probe together; by kind, network probes
     * (http, tcp, jupyterhub, redis, postgres, mysql: they mostly wait on a socket) and command
     * probes (command, host, docker, systemd, process, filesystem, sqlite, gpu, slurm, pbs: they fork
     * or load the machine) each have their own limit.
     */
    concurrency: z
      .union([
        z.int().min(1).max(1024),
        z.strictObject({
          /** Network probes in flight at once. */
          network: z
            .int()
            .min(1)
            .max(1024)
            .default(DEFAULT_CONCURRENCY.network)
            .meta({ description: 'Network probes in flight at once.' }),
          /** Command and local probes in flight at once. */
          commands: z
            .int()
            .min(1)
            .max(1024)
            .default(DEFAULT_CONCURRENCY.commands)
            .meta({ description: 'Command and local probes in flight at once.' }),
        }),
      ])
      .prefault({ ...DEFAULT_CONCURRENCY })
      .meta({
        description:
          'Most probes running at once. A number caps all probes together; by default network probes (http, tcp, jupyterhub, websocket, grpc, redis, postgres, mysql, dns, smtp, imap, pop3, tls) run up to 128 at once and command and local probes (command, celery, host, docker, systemd, process, filesystem, sqlite, gpu, slurm, pbs, heartbeat, ping) up to 16.',
        examples: [64, { network: 256, commands: 8 }],
      }),
    /** The whole run ends by this deadline; checks still running are reported down. */
    deadline: DurationSchema.prefault('2m').meta({
      description: 'The whole run ends by this deadline; checks still running are reported down.',
    }),
    /**
     * A run whose clock is behind this source's newest stored line, or further ahead of it than this,
     * writes its line with a warning but leaves history alone (no folding, no deleting).
     */
    clockSkewLimit: DurationSchema.prefault('1d').meta({
      description:
        "A run whose clock is behind the source's newest stored line, or further ahead than this, writes its line with a warning but never trims history.",
    }),
    /**
     * A result measured while the probing process's event loop was held up longer than this is
     * flagged (`loopDelayMs`), and its timings trip no threshold.
     */
    loopDelayLimit: DurationSchema.prefault('50ms').meta({
      description:
        "A result measured while Vigil's own event loop was held up longer than this is flagged, and its timings trip no threshold.",
    }),
    /** Consecutive failed runs before a check shows down (each run already retries once). */
    failuresBeforeDown: z.int().min(1).max(100).default(2).meta({
      description:
        'Consecutive failed runs before a check shows down (each run already retries a failed probe).',
    }),
  })
  .prefault({})
  .meta({ description: 'How one `vigil collect` run behaves.' });

const ConfigFieldsSchema = z
  .strictObject({
    /** Path or URL of the JSON Schema, for editors. */
    $schema: z.string().optional().meta({ description: 'Path or URL of the JSON Schema, for editors.' }),
    site: SiteSchema,
    /** Headings that components are listed under, in this order. */
    groups: z
      .array(GroupSchema)
      .default([])
      .meta({ description: 'Headings that components are listed under, in this order.' }),
    /** Collector hosts; each check runs on one. */
    sources: z
      .array(SourceSchema)
      .default([])
      .meta({ description: 'Collector hosts; each check runs on one (default: the first).' }),
    collect: CollectSchema,
    publish: PublishSchema,
    alerts: AlertsSchema,
    incidents: IncidentsSettingsSchema,
    /** What to watch: one entry per component. */
    checks: z.array(CheckSchema).default([]).meta({ description: 'What to watch: one entry per component.' }),
    /** Composite components: several checks shown as one card with each facet's state. */
    services: z.array(ServiceSchema).default([]).meta({
      description:
        "Composite components: several checks (an HTTP endpoint, a port, a systemd unit, a process) shown as one card on the front page with each facet's state and one rolled-up status.",
    }),
  })
  .superRefine((config, ctx) => {
    for (const issue of findCrossReferenceIssues(config)) ctx.addIssue({ code: 'custom', ...issue });
  });

/** status.config.yaml as loaded: validated, with every effective default applied. */
export const ConfigSchema = ConfigFieldsSchema.transform(applyEffectiveDefaults);

/** The collector a check runs on when neither `check.source` nor `sources` names one. */
export const DEFAULT_SOURCE_ID = 'local';

/**
 * Every default that depends on another field, applied once here so no reader resolves it again:
 * a check's name (its id) and source (the first source), a source's name (its id), and
 * `site.staleAfter` (three intervals).
 */
function applyEffectiveDefaults(config: z.output<typeof ConfigFieldsSchema>) {
  const defaultSource = config.sources[0]?.id ?? DEFAULT_SOURCE_ID;
  const enabledSources = new Set(
    config.sources.filter((source) => source.enabled).map((source) => source.id),
  );
  return {
    ...config,
    site: { ...config.site, staleAfter: config.site.staleAfter ?? 3 * config.site.interval },
    sources: config.sources.map((source) => ({ ...source, name: source.name ?? source.id })),
    checks: config.checks.map((check) =>
      resolveCheckPlaces({ ...check, name: check.name ?? check.id }, defaultSource, enabledSources),
    ),
    services: config.services.map((service): Service => ({ ...service, name: service.name ?? service.id })),
    /** The source of checks that name none, and of `collect` without `--source`. */
    defaultSource,
  };
}

/**
 * Where a check runs, resolved once: one `source` (default the first source), or, for a check seen from
 * several places, `sources` = its places whose collector is enabled, in the order the check lists them
 * (a retired collector does not vote), `source` = the first of them so readers of one source still
 * work, and `quorum` a number of those places (at most all of them). Left with one enabled place, it
 * stays placed (that place, quorum 1), so a disabled place's stored runs never join its history.
 */
function resolveCheckPlaces(
  check: ParsedCheck & { name: string },
  defaultSource: string,
  enabledSources: ReadonlySet<string>,
): Check {
  const { sources, quorum, ...rest } = check;
  if (sources === undefined) return { ...rest, source: check.source ?? defaultSource } as Check;
  const places = sources.filter((id) => enabledSources.has(id));
  // With one enabled place left the check stays a placed one (quorum 1): its history is that
  // place's own runs, never merged with the runs a disabled place stored under the same id.
  if (places.length === 0) return { ...rest, source: sources[0] ?? defaultSource } as Check;
  const required = Math.min(resolveQuorum(quorum, places.length), places.length);
  return { ...rest, source: places[0] as string, sources: places, quorum: required } as Check;
}

export interface CrossReferenceIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Checks that span fields (duplicate ids, unknown groups and sources). It reads untrusted input
 * defensively, so config loading can run it even when other fields are invalid and report every
 * problem at once.
 */
export function findCrossReferenceIssues(input: unknown): CrossReferenceIssue[] {
  const root = asRecord(input);
  const groups = asArray(root.groups).map(asRecord);
  const sources = asArray(root.sources).map(asRecord);
  const checks = asArray(root.checks).map(asRecord);
  const issues = [
    ...findDuplicateIds(groups, 'groups', 'group id'),
    ...findDuplicateIds(sources, 'sources', 'source id'),
    ...findDuplicateIds(checks, 'checks', 'check id'),
    ...findReservedIdIssues({ checks, groups }),
  ];
  const groupIds = new Set(groups.map((g) => g.id).filter((id) => typeof id === 'string'));
  const sourceIds = new Set(sources.map((s) => s.id).filter((id) => typeof id === 'string'));
  checks.forEach((check, index) => {
    // Incidents name checks and groups alike in `affected`: one id must mean one thing.
    if (typeof check.id === 'string' && groupIds.has(check.id)) {
      issues.push({
        path: ['checks', index, 'id'],
        message: `check id ${JSON.stringify(check.id)} is also a group id; incidents name both in "affected", so give them different ids`,
      });
    }
    if (typeof check.group === 'string' && !groupIds.has(check.group)) {
      issues.push({
        path: ['checks', index, 'group'],
        message: `unknown group ${JSON.stringify(check.group)}; define it under "groups" (known: ${[...groupIds].join(', ') || 'none'})`,
      });
    }
    if (typeof check.source === 'string' && sourceIds.size > 0 && !sourceIds.has(check.source)) {
      issues.push({
        path: ['checks', index, 'source'],
        message: `unknown source ${JSON.stringify(check.source)}; define it under "sources" (known: ${[...sourceIds].join(', ')})`,
      });
    }
    issues.push(...findPlaceIssues(check, index, sourceIds));
    issues.push(...findCapacityReferenceIssues(check, index));
  });
  const currentIds = new Set(checks.map((check) => check.id));
  const formerOwner = new Map<unknown, number>();
  checks.forEach((check, index) => {
    asArray(check.formerIds).forEach((former, formerIndex) => {
      const path = ['checks', index, 'formerIds', formerIndex];
      if (currentIds.has(former)) {
        issues.push({
          path,
          message: `former id ${JSON.stringify(former)} is the id of a check now; a check's history cannot belong to two checks`,
        });
      } else if (formerOwner.has(former)) {
        issues.push({
          path,
          message: `former id ${JSON.stringify(former)} is already a former id of checks[${formerOwner.get(former)}]`,
        });
      } else formerOwner.set(former, index);
    });
  });
  const incidentsFrom = asRecord(root.publish).incidentsFrom;
  if (typeof incidentsFrom === 'string' && sourceIds.size > 0 && !sourceIds.has(incidentsFrom)) {
    issues.push({
      path: ['publish', 'incidentsFrom'],
      message: `unknown source ${JSON.stringify(incidentsFrom)}; name one of "sources" (known: ${[...sourceIds].join(', ')})`,
    });
  }
  issues.push(...findAlertReferenceIssues(root, { groupIds, sourceIds, checks }));
  issues.push(...findClusterReferenceIssues(checks));
  issues.push(...findServiceIssues(asArray(root.services).map(asRecord), { groupIds, checks }));
  return issues;
}

function findDuplicateIds(
  items: Record<string, unknown>[],
  listName: string,
  what: string,
): CrossReferenceIssue[] {
  const firstIndex = new Map<unknown, number>();
  const issues: CrossReferenceIssue[] = [];
  items.forEach((item, index) => {
    if (typeof item.id !== 'string') return;
    const first = firstIndex.get(item.id);
    if (first === undefined) firstIndex.set(item.id, index);
    else
      issues.push({
        path: [listName, index, 'id'],
        message: `duplicate ${what} ${JSON.stringify(item.id)}; ${listName}[${first}] already uses it`,
      });
  });
  return issues;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The ids `--source` may name: the configured sources, or the default one when none is. */
export function listSourceIds(config: Pick<Config, 'sources' | 'defaultSource'>): string[] {
  return config.sources.length > 0 ? config.sources.map((source) => source.id) : [config.defaultSource];
}

export type ConfigInput = z.input<typeof ConfigSchema>;
export type Config = z.infer<typeof ConfigSchema>;
export type SiteSettings = Config['site'];
export type Group = Config['groups'][number];
export type Source = Config['sources'][number];
