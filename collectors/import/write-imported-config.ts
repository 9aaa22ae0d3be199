// What every importer's result becomes: each check proved through the real config loader, then one
// commented status.config.yaml that says where it came from and what was left behind.

import { stringify } from 'yaml';
import { ConfigError } from '../../core/config/config-error.ts';
import { neededBySite, parseConfigText } from '../../core/config/load-config.ts';
import { countNoun } from '../../core/count-noun.ts';
import { generatePageId } from '../../core/model/site-address.ts';
import { oneLine, toYamlItem } from '../init/write-init-config.ts';
import { createIdAllocator } from './import-helpers.ts';
import type { ImportResult, NotMapped } from './import-types.ts';

export interface ImportedConfigInput {
  result: ImportResult;
  /** The importer's name, as typed: gatus, kuma, upptime. */
  from: string;
  /** The file imported, as shown to the user. */
  sourceFile: string;
  generatedAt: Date;
  /** The JSON Schema, relative to the written file's folder (the `$schema` line). */
  schemaPath: string;
  /** site.pageId to write; a fresh one (generatePageId) when not given. */
  pageId?: string;
}

/** The name problems of a lone check are reported under while it is tried. */
const TRIAL_FILE = 'imported check';

/**
 * Tries every check through the config loader on its own. A condition the loader cannot compile is
 * dropped and listed, and the check kept without it (the rest of it still watches the service); a
 * check invalid for any other reason is left out and listed with the loader's reason. Ids are made
 * unique and URL-safe on the way, for importers that leave them to the writer.
 */
export function keepLoadableChecks(result: ImportResult): ImportResult {
  const allocate = createIdAllocator(result.groups.map((group) => group.id));
  const checks: Record<string, unknown>[] = [];
  const origins: string[] = [];
  const notMapped: NotMapped[] = [...result.notMapped];
  const site = keepLoadableSite(result, notMapped);
  result.checks.forEach((original, index) => {
    const where =
      result.origins?.[index] ?? `check ${index + 1} (${String(original.name ?? original.id ?? '')})`;
    let check: Record<string, unknown> = {
      ...original,
      id: allocate(String(original.id ?? original.name ?? ''), String(original.type ?? 'check')),
    };
    for (;;) {
      const problems = tryCheck(result, check);
      if (problems.length === 0) {
        checks.push(check);
        origins.push(where);
        return;
      }
      const dropped = dropFailingConditions(check, problems);
      if (dropped === undefined) {
        notMapped.push({
          where,
          what: String(check.name ?? check.id),
          reason: `the ${String(check.type)} check it would become is invalid: ${problems.join('; ')}`,
        });
        return;
      }
      for (const reason of dropped.reasons)
        notMapped.push({ where, what: String(check.name ?? check.id), reason });
      check = dropped.check;
    }
  });
  // Only the variables the written file uses: one of a part left out (an alert's webhook) is not asked for.
  const written = JSON.stringify([site, checks]);
  const secrets = result.secrets.filter(
    (secret, index) =>
      written.includes(`\${${secret.name}}`) &&
      result.secrets.findIndex((other) => other.name === secret.name) === index,
  );
  // Each source entry's lines together, in the order the entries came.
  const firstAt = new Map<string, number>();
  notMapped.forEach((item, index) => {
    if (!firstAt.has(item.where)) firstAt.set(item.where, index);
  });
  notMapped.sort((a, b) => (firstAt.get(a.where) ?? 0) - (firstAt.get(b.where) ?? 0));
  const { site: _site, ...rest } = result;
  return { ...rest, ...(site === undefined ? {} : { site }), checks, origins, notMapped, secrets };
}

/** The site settings the loader accepts; one it refuses (a title too long, a bad URL) is listed and left out. */
function keepLoadableSite(result: ImportResult, notMapped: NotMapped[]): ImportResult['site'] {
  if (result.site === undefined) return undefined;
  const site = { ...result.site };
  const names: Record<string, keyof typeof site> = { intro: 'description' };
  for (let round = 0; round < 5; round += 1) {
    try {
      parseConfigText(
        renderBody({ site, groups: [], checks: [], notMapped: [], secrets: [] }),
        TRIAL_FILE,
        {},
        neededBySite,
      );
      return site;
    } catch (error) {
      const problems = error instanceof ConfigError ? error.problems : [String(error)];
      for (const problem of problems) {
        const field = /site\.(\w+)/.exec(problem)?.[1];
        const key = field === undefined ? undefined : (names[field] ?? (field as keyof typeof site));
        if (key === undefined || !(key in site)) return undefined;
        delete site[key];
        notMapped.push({
          where: `site.${field}`,
          what: String(field),
          reason: `left out: ${problem.replace(/^imported check(:\d+)?: /, '')}`,
        });
      }
    }
  }
  return undefined;
}

/** The loader's problems with one check, each as `field: what is wrong` (the trial file's name and line cut). */
function tryCheck(result: ImportResult, check: Record<string, unknown>): string[] {
  const { site: _site, ...rest } = result;
  const text = renderBody({ ...rest, checks: [check], origins: [], notMapped: [] });
  try {
    parseConfigText(text, TRIAL_FILE, {}, neededBySite);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) return [String(error)];
    return error.problems.map(
      (problem) => problem.replace(/^imported check(:\d+)?: /, '').replace(/^checks\[0\]\.?/, '') || problem,
    );
  }
}

/** The check without the conditions the loader named; undefined when something else is wrong. */
function dropFailingConditions(
  check: Record<string, unknown>,
  problems: string[],
): { check: Record<string, unknown>; reasons: string[] } | undefined {
  const conditions = Array.isArray(check.conditions) ? (check.conditions as unknown[]) : [];
  if (conditions.length === 0) return undefined;
  const failing = new Map<number, string>();
  let wholeField: string | undefined;
  for (const problem of problems) {
    const one = /^conditions\[(\d+)\]:?\s*(.*)$/s.exec(problem);
    if (one) failing.set(Number(one[1]), one[2] ?? problem);
    else if (/^conditions\b/.test(problem)) wholeField = problem.replace(/^conditions:?\s*/, '');
    else return undefined;
  }
  if (wholeField !== undefined)
    return {
      check: withoutConditions(check, conditions, () => true),
      reasons: conditions.map((condition) => `condition ${JSON.stringify(condition)} dropped: ${wholeField}`),
    };
  const reasons = [...failing].map(
    ([index, message]) => `condition ${JSON.stringify(conditions[index])} dropped: ${message}`,
  );
  return { check: withoutConditions(check, conditions, (index) => failing.has(index)), reasons };
}

function withoutConditions(
  check: Record<string, unknown>,
  conditions: unknown[],
  drop: (index: number) => boolean,
): Record<string, unknown> {
  const kept = conditions.filter((_, index) => !drop(index));
  const { conditions: _all, ...rest } = check;
  return kept.length > 0 ? { ...rest, conditions: kept } : rest;
}

/** The whole file: a header saying where it came from and which variables to set, then the config. */
export function renderImportedConfig(input: ImportedConfigInput): string {
  const { result } = input;
  const groups = result.groups.filter((group) => result.checks.some((check) => check.group === group.id));
  const header = [
    `# yaml-language-server: $schema=${input.schemaPath}`,
    '#',
    `# Imported by \`vigil import ${input.from}\` from ${oneLine(input.sourceFile)} at ${input.generatedAt.toISOString()}:`,
    `# ${countNoun(result.checks.length, 'check')}${groups.length > 0 ? ` in ${countNoun(groups.length, 'group')}` : ''}. Each check says where it came from;`,
    result.notMapped.length === 0
      ? '# everything in the source was carried over.'
      : `# ${countNoun(result.notMapped.length, 'thing')} could not be carried over, listed at the end of this file with why.`,
  ];
  if (result.secrets.length > 0) {
    header.push(
      '#',
      '# Set these environment variables where the collector runs (secrets are never copied from the',
      '# source; each stands for one):',
    );
    for (const secret of result.secrets) header.push(`#   ${secret.name}: ${oneLine(secret.where)}`);
  }
  header.push('#', '# Every field is in docs/configuration.md; `vigil validate` checks this file.');
  const lines = [
    ...header,
    ...renderBody({ ...result, groups }, input.pageId ?? generatePageId())
      .trimEnd()
      .split('\n'),
  ];
  if (result.notMapped.length > 0) {
    lines.push('', '# Not carried over by the import:');
    for (const item of result.notMapped) lines.push(`#   ${oneLine(item.where)}: ${oneLine(item.reason)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** site, groups and checks as YAML, each check under a comment saying where it came from. */
function renderBody(result: ImportResult, pageId?: string): string {
  const lines: string[] = [];
  const site = renderSite(result.site, pageId);
  if (site.length > 0) lines.push('site:', ...site.map((line) => `  ${line}`), '');
  if (result.groups.length === 0) lines.push('groups: []');
  else lines.push(...stringify({ groups: result.groups }, { lineWidth: 0 }).trimEnd().split('\n'));
  lines.push('');
  if (result.checks.length === 0) lines.push('checks: []');
  else lines.push('checks:');
  result.checks.forEach((check, index) => {
    const origin = result.origins?.[index];
    if (origin !== undefined) lines.push(`  # ${oneLine(`from ${origin}`)}`);
    lines.push(...toYamlItem(check).map((line) => `  ${line}`.trimEnd()), '');
  });
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The source's site settings that map, and the API's page id (stays when the title or address changes). */
function renderSite(site: ImportResult['site'], pageId?: string): string[] {
  const fields: Record<string, unknown> = {};
  if (site?.title) fields.title = site.title;
  if (site?.description) fields.intro = site.description;
  if (site?.url) fields.url = site.url;
  if (site?.logo) fields.logo = site.logo;
  if (site?.links && site.links.length > 0) fields.links = site.links;
  if (pageId !== undefined) fields.pageId = pageId;
  return Object.keys(fields).length === 0 ? [] : stringify(fields, { lineWidth: 0 }).trimEnd().split('\n');
}
