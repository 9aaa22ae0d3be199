// The static peer of the build benchmark: a Hugo site shaped like a cState site (cState is a Hugo
// theme), written from the same config and incident files Vigil builds, so both sides render the same
// systems in the same categories and the same resolved incidents. The content is cState's shape
// (config `params.categories` / `params.systems`, the `affected` taxonomy, incident front matter
// `title, date, resolved, resolvedWhen, severity, affected, section: issue`, updates with the `track`
// shortcode); the theme is a small one of our own rendering the pages cState renders: the home page
// with systems and incident list, one page per incident, the incident list, one page per affected
// system, the RSS feeds and the JSON outputs. Nothing of cState is copied.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

interface VigilCheck {
  id: string;
  name: string;
  group: string;
}

interface VigilIncident {
  title: string;
  impact: string;
  status: string;
  affected: string[];
  start: string | Date;
  end?: string | Date;
  updates?: { at: string | Date; status: string; text: string }[];
}

/** Writes the Hugo site into siteDir from a Vigil site's config and data/incidents. */
export async function writeStaticPeerSite(options: {
  configPath: string;
  dataDir: string;
  siteDir: string;
}): Promise<{ systems: number; incidents: number }> {
  const config = parse(await readFile(options.configPath, 'utf8')) as {
    site: { title: string };
    groups: { id: string; name: string; description?: string }[];
    checks: VigilCheck[];
  };
  const nameOf = new Map(config.checks.map((check) => [check.id, check.name]));
  const groupName = new Map(config.groups.map((group) => [group.id, group.name]));
  const categories = config.groups.map((group) => ({ name: group.name, description: group.description }));
  const systems = config.checks.map((check) => ({ name: check.name, category: groupName.get(check.group) }));
  await writeFiles(options.siteDir, {
    'config.json': `${JSON.stringify(renderHugoConfig(config.site.title, categories, systems), null, 2)}\n`,
    ...THEME_FILES,
  });

  const incidentDir = path.join(options.dataDir, 'incidents');
  const names = (await readdir(incidentDir)).filter((name) => name.endsWith('.md')).sort();
  const pages: Record<string, string> = {};
  for (const name of names) {
    const text = await readFile(path.join(incidentDir, name), 'utf8');
    const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
    const incident = parse(frontmatter) as VigilIncident;
    pages[`content/issues/${name}`] = renderIssue(incident, body, (id) => nameOf.get(id) ?? id);
  }
  for (const system of systems) {
    pages[`content/affected/${slugify(system.name)}/_index.md`] =
      `---\ntitle: ${JSON.stringify(system.name)}\n---\n`;
  }
  await writeFiles(options.siteDir, pages);
  return { systems: systems.length, incidents: names.length };
}

function renderHugoConfig(
  title: string,
  categories: { name: string; description?: string | undefined }[],
  systems: { name: string; category: string | undefined }[],
): object {
  return {
    title,
    baseURL: 'https://status.example.org/',
    languageCode: 'en',
    buildFuture: true,
    enableGitInfo: false,
    disableKinds: ['sitemap', 'robotsTXT'],
    theme: 'peer',
    taxonomies: { affected: 'affected' },
    outputs: {
      home: ['html', 'json', 'rss'],
      page: ['html', 'json'],
      section: ['html', 'json', 'rss'],
      term: ['html', 'json', 'rss'],
    },
    params: { incidentPostsPerPage: 10, categories, systems },
  };
}

const SEVERITY_OF_IMPACT: Record<string, string> = {
  critical: 'down',
  major: 'down',
  minor: 'disrupted',
  none: 'notice',
};

/** One incident in cState's shape: updates newest first, each stamped with the track shortcode. */
function renderIssue(incident: VigilIncident, body: string, systemName: (id: string) => string): string {
  const updates = [...(incident.updates ?? [])].reverse();
  const lines = [
    '---',
    `title: ${JSON.stringify(incident.title)}`,
    `date: ${formatHugoDate(incident.start)}`,
    `resolved: ${incident.status === 'resolved' || incident.status === 'completed'}`,
    ...(incident.end === undefined ? [] : [`resolvedWhen: ${formatHugoDate(incident.end)}`]),
    `severity: ${SEVERITY_OF_IMPACT[incident.impact] ?? 'disrupted'}`,
    'affected:',
    ...incident.affected.map((id) => `  - ${JSON.stringify(systemName(id))}`),
    'section: issue',
    '---',
    '',
    ...updates.map(
      (update) =>
        `*${capitalize(update.status)}* - ${update.text} {{< track "${formatHugoDate(update.at)}" >}}\n`,
    ),
    body,
  ];
  return lines.join('\n');
}

// cState's date form: 2018-04-25 04:13:00 (UTC).
const formatHugoDate = (value: string | Date) =>
  new Date(value)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');
const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
// Hugo's urlize for these names: lower case, spaces to dashes.
const slugify = (name: string) => name.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-');

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [relative, text] of Object.entries(files)) {
    const filePath = path.join(root, relative);
    await mkdir(path.dirname(filePath), { recursive: true });
    await writeFile(filePath, text);
  }
}

const T = 'themes/peer/layouts';

// The theme: Go templates in the way cState lays out its pages (status from active incidents with
// `where`, categories of systems, incident lists newest first, per-system term pages).
const THEME_FILES: Record<string, string> = {
  [`${T}/partials/head.html`]: `<!doctype html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ .Site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#222;background:#fff}
.contain{max-width:760px;margin:0 auto;padding:0 1rem}
.summary{padding:1rem;border-radius:4px;color:#fff;background:#008000}
.summary--down{background:#c00}.summary--disrupted{background:#cc4400}
.category{border:1px solid #ddd;margin:1rem 0}.category__head{padding:.5rem 1rem;font-weight:700}
.component{display:flex;justify-content:space-between;padding:.5rem 1rem;border-top:1px solid #eee}
.issue{border-bottom:1px solid #eee;padding:.5rem 0}.faded{color:#666}
@media (prefers-color-scheme:dark){body{color:#eee;background:#111}}
</style>
</head>
`,
  [`${T}/partials/footer.html`]: `<footer class="contain faded"><p>{{ .Site.Title }} · <a href="{{ "index.xml" | relURL }}">RSS</a></p></footer>
</body>
</html>
`,
  [`${T}/partials/status.html`]: `{{- $active := where (where .Site.RegularPages "Params.section" "issue") "Params.resolved" "=" false -}}
{{- $mine := where $active "Params.affected" "intersect" (slice .name) -}}
{{- if where $mine "Params.severity" "=" "down" }}down{{ else if where $mine "Params.severity" "=" "disrupted" }}disrupted{{ else if where $mine "Params.severity" "=" "notice" }}notice{{ else }}ok{{ end -}}`,
  [`${T}/partials/issue-small.html`]: `<div class="issue">
<a href="{{ .RelPermalink }}"><strong>{{ .Title }}</strong></a>
<div class="faded">{{ .Date.Format "January 2, 2006 at 3:04 PM UTC" }}{{ if .Params.resolved }} · resolved{{ with .Params.resolvedWhen }} {{ . }}{{ end }}{{ end }} · {{ .Params.severity }}</div>
<div>{{ range .Params.affected }}<a href="{{ printf "affected/%s/" (. | urlize) | relURL }}">{{ . }}</a> {{ end }}</div>
</div>
`,
  [`${T}/index.html`]: `{{ partial "head.html" . }}
{{ $incidents := where .Site.RegularPages "Params.section" "issue" }}
{{ $active := where $incidents "Params.resolved" "=" false }}
{{ $down := where $active "Params.severity" "=" "down" }}
{{ $disrupted := where $active "Params.severity" "=" "disrupted" }}
<body>
<header class="contain"><h1>{{ .Site.Title }}</h1></header>
<main class="contain">
<div class="summary summary--{{ if $down }}down{{ else if $disrupted }}disrupted{{ else }}ok{{ end }}">
{{ if $down }}Major outage{{ else if $disrupted }}Partial outage{{ else }}All systems operational{{ end }}
</div>
{{ $systems := .Site.Params.systems }}
{{ range .Site.Params.categories }}
<section class="category" id="{{ .name | urlize }}">
<div class="category__head">{{ .name }}{{ with .description }} <span class="faded">{{ . }}</span>{{ end }}</div>
{{ range where $systems "category" "=" .name }}
<div class="component" data-status="{{ partial "status.html" (dict "Site" $.Site "name" .name) | chomp }}">
<a href="{{ printf "affected/%s/" (.name | urlize) | relURL }}">{{ .name }}</a>
<span>{{ partial "status.html" (dict "Site" $.Site "name" .name) | chomp }}</span>
</div>
{{ end }}
</section>
{{ end }}
<h2>Incident history</h2>
{{ range first .Site.Params.incidentPostsPerPage $incidents }}{{ partial "issue-small.html" . }}{{ end }}
<p><a href="{{ "issues/" | relURL }}">All incidents</a></p>
</main>
{{ partial "footer.html" . }}
`,
  [`${T}/index.json`]: `{{ $incidents := where .Site.RegularPages "Params.section" "issue" }}
{{- $active := where $incidents "Params.resolved" "=" false -}}
{"summaryStatus":"{{ if where $active "Params.severity" "=" "down" }}down{{ else if where $active "Params.severity" "=" "disrupted" }}disrupted{{ else }}ok{{ end }}",
"systems":[{{ range $i, $s := .Site.Params.systems }}{{ if $i }},{{ end }}{"name":{{ $s.name | jsonify }},"category":{{ $s.category | jsonify }},"status":"{{ partial "status.html" (dict "Site" $.Site "name" $s.name) | chomp }}"}{{ end }}],
"incidents":[{{ range $i, $e := $incidents }}{{ if $i }},{{ end }}{"title":{{ $e.Title | jsonify }},"date":"{{ $e.Date.Format "2006-01-02T15:04:05Z07:00" }}","resolved":{{ $e.Params.resolved }},"severity":"{{ $e.Params.severity }}","permalink":"{{ $e.Permalink }}"}{{ end }}]}
`,
  [`${T}/_default/single.html`]: `{{ partial "head.html" . }}
<body>
<main class="contain">
<p><a href="{{ .Site.Home.RelPermalink }}">← {{ .Site.Title }}</a></p>
<h1>{{ .Title }}</h1>
<p class="faded">{{ .Date.Format "January 2, 2006 at 3:04 PM UTC" }} · {{ .Params.severity }}{{ if .Params.resolved }} · resolved {{ .Params.resolvedWhen }}{{ end }}</p>
<p>Affected: {{ range .Params.affected }}<a href="{{ printf "affected/%s/" (. | urlize) | relURL }}">{{ . }}</a> {{ end }}</p>
{{ .Content }}
</main>
{{ partial "footer.html" . }}
`,
  [`${T}/_default/single.json`]: `{"title":{{ .Title | jsonify }},"date":"{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}","resolved":{{ .Params.resolved }},"severity":"{{ .Params.severity }}","affected":{{ .Params.affected | jsonify }},"content":{{ .Content | jsonify }}}
`,
  [`${T}/_default/list.html`]: `{{ partial "head.html" . }}
<body>
<main class="contain">
<p><a href="{{ .Site.Home.RelPermalink }}">← {{ .Site.Title }}</a></p>
<h1>{{ .Title }}</h1>
{{ range .Pages }}{{ partial "issue-small.html" . }}{{ end }}
</main>
{{ partial "footer.html" . }}
`,
  [`${T}/_default/list.json`]: `[{{ range $i, $e := .Pages }}{{ if $i }},{{ end }}{"title":{{ $e.Title | jsonify }},"date":"{{ $e.Date.Format "2006-01-02T15:04:05Z07:00" }}","permalink":"{{ $e.Permalink }}"}{{ end }}]
`,
  [`${T}/_default/terms.html`]: `{{ partial "head.html" . }}
<body>
<main class="contain">
<h1>Systems</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
</main>
{{ partial "footer.html" . }}
`,
  [`${T}/affected/list.html`]: `{{ partial "head.html" . }}
{{ $title := .Title }}
<body>
<main class="contain">
<p><a href="{{ .Site.Home.RelPermalink }}">← {{ .Site.Title }}</a></p>
<h1>{{ $title }}</h1>
<p><strong>{{ partial "status.html" (dict "Site" .Site "name" $title) | chomp }}</strong></p>
{{ range .Site.Params.systems }}{{ if eq .name $title }}<p>Category: {{ .category }}</p>{{ end }}{{ end }}
<h2>Incidents</h2>
{{ range .Pages }}{{ partial "issue-small.html" . }}{{ end }}
</main>
{{ partial "footer.html" . }}
`,
  [`${T}/_default/list.xml`]: `{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\" standalone=\\"yes\\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{ if .IsHome }}{{ .Site.Title }}{{ else }}{{ .Title }} on {{ .Site.Title }}{{ end }}</title>
<link>{{ .Permalink }}</link>
<description>Incident history</description>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = where .Site.RegularPages "Params.section" "issue" }}{{ end }}
{{ range $pages }}
<item>
<title>{{ if .Params.resolved }}[Resolved] {{ end }}{{ .Title }}</title>
<link>{{ .Permalink }}</link>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
<guid>{{ .Permalink }}</guid>
<description>{{ .Content | html }}</description>
</item>
{{ end }}
</channel>
</rss>
`,
  [`${T}/shortcodes/track.html`]: `<small class="faded"><time datetime="{{ .Get 0 }}">{{ .Get 0 }}</time></small>`,
};
