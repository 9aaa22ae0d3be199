// What a service's page (/components/<id>/, ServicePage.astro) reads: the services of this build's site model.
import type { SiteSettings } from '../../core/model/index.ts';
import type { ServiceModel } from './service-model.ts';
import { getSiteModel } from './site-model.ts';
import { getIntervalRangeMs } from './vigil-summary-extension.ts';

/** The ids of every configured service, in config order: one page each. */
export async function listServiceIds(): Promise<string[]> {
  const model = await getSiteModel();
  return model.services.map((service) => service.id);
}

export interface ServicePageModel {
  site: SiteSettings;
  nowMs: number;
  service: ServiceModel;
  /** How often its facets run: the shortest and longest of their intervals (the site's when none has its own). */
  intervals: { shortestMs: number; longestMs: number };
}

/** The page of the service with this id; undefined when the id is a check's. */
export async function findServicePage(id: string): Promise<ServicePageModel | undefined> {
  const model = await getSiteModel();
  const service = model.services.find((candidate) => candidate.id === id);
  if (service === undefined) return undefined;
  const intervals = getIntervalRangeMs(service.facets, model.site.interval);
  return { site: model.site, nowMs: model.nowMs, service, intervals };
}
