// "down from 1 of 3 places": what a multi-place check's places say when they do not all agree, in the
// site's language (core's describePlaceVerdict in English, word for word). PlaceNote.astro writes it
// at build and freshness-clock.ts again by the reader's clock, so both read it from here.
import type { PlaceVerdict } from '../../core/history/place-judge.ts';
import { t } from '../i18n/browser.ts';

/** The disagreeing places of a verdict in words; undefined when every place agrees. */
export function describePlaceVerdictText(verdict: PlaceVerdict): string | undefined {
  const count = verdict.total;
  const parts: string[] = [];
  if (verdict.down > 0 && verdict.down < count)
    parts.push(t('browserComponent.placesDown', { n: verdict.down, count }));
  if (verdict.degraded > 0 && verdict.degraded < count)
    parts.push(t('browserComponent.placesDegraded', { n: verdict.degraded, count }));
  const silent = count - verdict.fresh;
  if (silent > 0) parts.push(t('browserComponent.placesNoData', { n: silent, count }));
  return parts.length === 0 ? undefined : parts.join(t('browserComponent.listSeparator'));
}
