import { describeStatusBadge, describeUptimeBadge, renderBadgeSvg } from './badge-svg.ts';
import { buildComponentDocument } from './component-api.ts';
import { getOlderRollups, indexRollupsByCheck } from './history.ts';
import { type IncidentListName, listStatuspageIncidents } from './incident-api.ts';
import { renderPrometheusText } from './prometheus-text.ts';
import { buildServiceStatusDocument } from './service-api.ts';
import {
  type BadgeFigures,
  buildShieldsEndpoint,
  getComponentFigures,
  getGroupFigures,
  SHIELDS_ENDPOINTS,
  type ShieldsEndpointName,
} from './shields-endpoints.ts';
import { type ComponentModel, type GroupModel, getSiteModel } from './site-model.ts';
import { getStatuspageSummary } from './statuspage-summary.ts';

// Every output of the site that depends only on data (the API, badges, metrics and the summary the
// page's live refresh reads), in one place: the Astro endpoints serve these, and the data renderer
// (collectors/render) writes the same bytes between full builds.

/** One data output: where it lands under the output directory and how its bytes are made. */
export interface DataOutput {
  /** Relative to the output directory, with "/" separators: "api/v2/summary.json". */
  path: string;
  contentType: string;
  render(): Promise<string>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const SVG_TYPE = 'image/svg+xml; charset=utf-8';
const PROMETHEUS_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const toJson = (body: unknown): string => `${JSON.stringify(body, null, 2)}\n`;

async function renderIncidentList(listing: IncidentListName, field: 'incidents' | 'scheduled_maintenances') {
  const summary = await getStatuspageSummary();
  return toJson({ page: summary.page, [field]: await listStatuspageIncidents(listing, summary) });
}

/** The outputs whose paths do not depend on the config, in the order the API lists them. */
export const SITE_DATA_OUTPUTS = {
  summary: {
    path: 'api/v2/summary.json',
    contentType: JSON_TYPE,
    render: async () => toJson(await getStatuspageSummary()),
  },
  status: {
    path: 'api/v2/status.json',
    contentType: JSON_TYPE,
    render: async () => {
      const { page, status } = await getStatuspageSummary();
      return toJson({ page, status });
    },
  },
  components: {
    path: 'api/v2/components.json',
    contentType: JSON_TYPE,
    render: async () => {
      const { page, components } = await getStatuspageSummary();
      return toJson({ page, components });
    },
  },
  incidents: {
    path: 'api/v2/incidents.json',
    contentType: JSON_TYPE,
    render: () => renderIncidentList('all', 'incidents'),
  },
  unresolvedIncidents: {
    path: 'api/v2/incidents/unresolved.json',
    contentType: JSON_TYPE,
    render: () => renderIncidentList('unresolved', 'incidents'),
  },
  scheduledMaintenances: {
    path: 'api/v2/scheduled-maintenances.json',
    contentType: JSON_TYPE,
    render: () => renderIncidentList('maintenance', 'scheduled_maintenances'),
  },
  upcomingMaintenances: {
    path: 'api/v2/scheduled-maintenances/upcoming.json',
    contentType: JSON_TYPE,
    render: () => renderIncidentList('upcoming', 'scheduled_maintenances'),
  },
  activeMaintenances: {
    path: 'api/v2/scheduled-maintenances/active.json',
    contentType: JSON_TYPE,
    render: () => renderIncidentList('active', 'scheduled_maintenances'),
  },
  metrics: {
    path: 'metrics.txt',
    contentType: PROMETHEUS_TYPE,
    render: async () => renderPrometheusText(await getSiteModel()),
  },
} as const satisfies Record<string, DataOutput>;

/** One component's document (`/api/vigil/components/<id>.json`): its recent runs and history. */
export interface ComponentDocumentOutput extends DataOutput {
  id: string;
}

/** One badge (`/badges/<name>.svg`): `<id>` is the status (of a component or group), `<id>-uptime-30d` the 30-day uptime. */
export interface BadgeOutput extends DataOutput {
  name: string;
}

/** Every component's document, in config order. */
export async function listComponentDocumentOutputs(): Promise<ComponentDocumentOutput[]> {
  const model = await getSiteModel();
  return model.components.map((component) => toComponentDocumentOutput(component, model.nowMs));
}

/** Where a component's document lands under the output directory. */
export function toComponentDocumentPath(id: string): string {
  return `api/vigil/components/${id}.json`;
}

function toComponentDocumentOutput(component: ComponentModel, nowMs: number): ComponentDocumentOutput {
  return {
    id: component.id,
    path: toComponentDocumentPath(component.id),
    contentType: JSON_TYPE,
    render: async () => `${JSON.stringify(buildComponentDocument(component, nowMs))}\n`,
  };
}

/** Two badges per component, in config order, then a status badge per configured group. */
export async function listBadgeOutputs(): Promise<BadgeOutput[]> {
  const model = await getSiteModel();
  const components = model.components.flatMap((component) => {
    const status = describeStatusBadge(component.name, component.componentStatus);
    const uptime = describeUptimeBadge(component.name, component.uptime['30d'].ratio);
    return [
      toBadgeOutput(component.id, async () => renderBadgeSvg(status)),
      toBadgeOutput(`${component.id}-uptime-30d`, async () => renderBadgeSvg(uptime)),
    ];
  });
  const groups = listConfiguredGroups(model.groups).map((group) =>
    toBadgeOutput(group.id, async () => renderBadgeSvg(describeStatusBadge(group.name, group.status))),
  );
  return [...components, ...groups];
}

/** The groups with an id of their own (not "Other"), as the front page lists them. */
export function listConfiguredGroups(groups: readonly GroupModel[]): (GroupModel & { id: string })[] {
  return groups.filter((group): group is GroupModel & { id: string } => group.id !== undefined);
}

/** One shields endpoint badge (`/api/<id>/<endpoint>.json`) of a component or a group, at Upptime's paths. */
export interface ShieldsOutput extends DataOutput {
  id: string;
  endpoint: ShieldsEndpointName;
}

/** Every component's shields endpoints, in config order, then every configured group's. */
export async function listShieldsOutputs(): Promise<ShieldsOutput[]> {
  const [model, older] = await Promise.all([getSiteModel(), getOlderRollups()]);
  const context = { nowMs: model.nowMs, olderRollups: indexRollupsByCheck(older) };
  const owners: { id: string; figures: () => BadgeFigures }[] = [
    ...model.components.map((component) => ({
      id: component.id,
      figures: () => getComponentFigures(component, context),
    })),
    ...listConfiguredGroups(model.groups).map((group) => ({
      id: group.id,
      figures: () => getGroupFigures(group, context),
    })),
  ];
  return owners.flatMap(({ id, figures }) =>
    SHIELDS_ENDPOINTS.map(({ name }) => ({
      id,
      endpoint: name,
      path: toShieldsPath(id, name),
      contentType: JSON_TYPE,
      render: async () => `${JSON.stringify(buildShieldsEndpoint(name, figures()))}\n`,
    })),
  );
}

/** Where a component's or group's shields endpoint lands under the output directory. */
export function toShieldsPath(id: string, endpoint: ShieldsEndpointName): string {
  return `api/${id}/${endpoint}.json`;
}

function toBadgeOutput(name: string, render: () => Promise<string>): BadgeOutput {
  return { name, path: `badges/${name}.svg`, contentType: SVG_TYPE, render };
}

/** Where the services' document lands: written only when `services:` lists some. */
export const SERVICE_STATUS_PATH = 'api/vigil/status.json';

/** `/api/vigil/status.json` (every service with its facets and ok / fail / total), or nothing without services. */
export async function listServiceStatusOutputs(): Promise<DataOutput[]> {
  const model = await getSiteModel();
  if (model.services.length === 0) return [];
  return [
    {
      path: SERVICE_STATUS_PATH,
      contentType: JSON_TYPE,
      render: async () => toJson(buildServiceStatusDocument(await getSiteModel())),
    },
  ];
}

/** Every data output of the site as configured, site-wide ones first. */
export async function listDataOutputs(): Promise<DataOutput[]> {
  const [services, documents, badges, shields] = await Promise.all([
    listServiceStatusOutputs(),
    listComponentDocumentOutputs(),
    listBadgeOutputs(),
    listShieldsOutputs(),
  ]);
  return [...Object.values(SITE_DATA_OUTPUTS), ...services, ...documents, ...badges, ...shields];
}

/** An output as the Response an Astro endpoint returns. */
export async function toResponse(output: DataOutput): Promise<Response> {
  return new Response(await output.render(), { headers: { 'Content-Type': output.contentType } });
}
