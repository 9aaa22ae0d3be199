import { stringify } from 'yaml';
import type { Affected, IncidentImpact, IncidentKind, IncidentStatus } from '../model/index.ts';

/** The frontmatter a new incident file starts with, in the order people read it. */
export interface IncidentDraft {
  title: string;
  kind: IncidentKind;
  impact: IncidentImpact;
  status: IncidentStatus;
  affected: Affected[];
  start: string;
  end?: string | undefined;
  updates: { at: string; status: IncidentStatus; text: string }[];
  draft?: boolean;
}

/** Lower-case words joined by "-", at most 60 characters: the readable part of a file name. */
export function slugifyTitle(title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug === '' ? 'incident' : slug;
}

/** `<YYYY-MM-DD of start>-<slug>.md`: sorts by date in a directory listing and names the page. */
export function buildIncidentFileName(startIso: string, slug: string): string {
  return `${startIso.slice(0, 10)}-${slug}.md`;
}

/** A complete incident file: frontmatter, then the markdown body. */
export function renderIncidentFile(draft: IncidentDraft, body: string): string {
  const { end, draft: isDraft, ...rest } = draft;
  const frontmatter = {
    ...rest,
    ...(end === undefined ? {} : { end }),
    ...(isDraft ? { draft: true } : {}),
  };
  const ordered = {
    title: frontmatter.title,
    kind: frontmatter.kind,
    impact: frontmatter.impact,
    status: frontmatter.status,
    affected: frontmatter.affected,
    start: frontmatter.start,
    ...('end' in frontmatter ? { end: frontmatter.end } : {}),
    updates: frontmatter.updates,
    ...('draft' in frontmatter ? { draft: frontmatter.draft } : {}),
  };
  return `---\n${stringify(ordered, { lineWidth: 0 })}---\n${body.endsWith('\n') ? body : `${body}\n`}`;
}

/** The body a person replaces: what the public explanation should say. */
export function describeBodyPlaceholder(kind: IncidentKind): string {
  return kind === 'maintenance'
    ? 'What will be done, what users will notice, and what they should do before it starts.\n'
    : 'What happened, who is affected, and what users can do meanwhile. After it is resolved, add a\n"## Postmortem" section with the cause and what will prevent it next time.\n';
}
