import { afterEach, describe, expect, it } from 'vitest';
import { describeRecurrence } from '../../../../core/incidents/recurrence.ts';
import { describeRecurrenceText } from '../../../../src/data/incident-recurrence-text.ts';
import { type Language, useSiteLanguage } from '../../../../src/i18n/index.ts';

// A recurring maintenance's rule in the site's language; English is core's describeRecurrence.

// 2026-12-01 is a Tuesday.
const window = { start: '2026-12-01T06:00:00Z', end: '2026-12-01T08:00:00Z' };
const RULES = {
  weekly: { ...window, rrule: 'FREQ=WEEKLY' },
  twoWeeks: { ...window, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR' },
  daily: { ...window, rrule: 'FREQ=DAILY' },
  threeDays: { ...window, rrule: 'FREQ=DAILY;INTERVAL=3' },
};

describe('describeRecurrenceText', () => {
  afterEach(() => useSiteLanguage('en'));

  it('says in English exactly what core says', () => {
    for (const entry of [...Object.values(RULES), { ...window, rrule: 'FREQ=MONTHLY;BYDAY=1TU' }])
      expect(describeRecurrenceText(entry)).toBe(describeRecurrence(entry));
  });

  it.each([
    [
      'ja',
      [
        '毎週火曜日 06:00–08:00 UTC',
        '2 週間ごとの月曜日、金曜日 06:00–08:00 UTC',
        '毎日 06:00–08:00 UTC',
        '3 日ごと 06:00–08:00 UTC',
      ],
    ],
    [
      'de',
      [
        'Jeden Dienstag 06:00–08:00 UTC',
        'Alle 2 Wochen am Montag, Freitag 06:00–08:00 UTC',
        'Täglich 06:00–08:00 UTC',
        'Alle 3 Tage 06:00–08:00 UTC',
      ],
    ],
  ] as const)('in %s', (language: Language, texts) => {
    useSiteLanguage(language);
    expect(Object.values(RULES).map(describeRecurrenceText)).toEqual(texts);
  });
});
