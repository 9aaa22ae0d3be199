import { t } from '../i18n/index.ts';
import type { EmbedColors } from '../scripts/embed-style.ts';
import type { EmbedStrings } from '../scripts/embed-view.ts';
import { getBranding } from './branding.ts';
import { getConfig } from './config.ts';

/** The embed's texts in the site's language (the embed script carries them baked in). */
export async function getEmbedStrings(): Promise<EmbedStrings> {
  const { site } = await getConfig();
  return {
    status: {
      operational: t('browserCommon.statusOperational'),
      under_maintenance: t('browserCommon.statusUnderMaintenance'),
      degraded_performance: t('browserCommon.statusDegradedPerformance'),
      partial_outage: t('browserCommon.statusPartialOutage'),
      major_outage: t('browserCommon.statusMajorOutage'),
      no_data: t('browserCommon.statusNoData'),
    },
    regionLabel: t('embed.regionLabel', { title: site.title }),
    incident: t('embed.incident'),
    maintenance: t('embed.maintenance'),
    nothingActive: t('embed.nothingActive'),
    unavailable: t('embed.unavailable'),
  };
}

/** site.theme's status colours, as BaseLayout writes them for the favicon; the embeds draw in them. */
export async function getEmbedColors(): Promise<EmbedColors> {
  const { statusColors } = await getBranding();
  return statusColors === undefined ? { light: {}, dark: {} } : (JSON.parse(statusColors) as EmbedColors);
}
