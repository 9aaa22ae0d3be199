import { afterAll, describe, expect, it } from 'vitest';
import { buildMaintenanceCalendar, describeForCalendar } from '../../../../src/data/incident-calendar.ts';
import { buildAtomFeed, buildRssFeed, listFeedEntries } from '../../../../src/data/incident-feeds.ts';
import type { IncidentModel } from '../../../../src/data/incidents.ts';
import { getCatalogue } from '../../../../src/i18n/catalogue.ts';
import type { Language } from '../../../../src/i18n/define.ts';
import { setSiteMessages } from '../../../../src/i18n/translate.ts';

const NOW_MS = Date.UTC(2026, 10, 22, 12, 0);

/** A completed maintenance with two updates, as src/data/incidents.ts models one. */
function makeMaintenance(): IncidentModel {
  const startMs = Date.UTC(2026, 10, 20, 6, 0);
  const endMs = Date.UTC(2026, 10, 20, 8, 0);
  return {
    slug: '2026-11-20-db-upgrade',
    title: 'DB',
    kind: 'maintenance',
    impact: 'minor',
    status: 'completed',
    startMs,
    endMs,
    estimatedResolutionMs: undefined,
    phase: 'completed',
    badgeLabel: 'Completed',
    latestStatus: 'completed',
    latestAtMs: Date.UTC(2026, 10, 20, 7, 45),
    clock: { start: '2026-11-20T06:00:00Z', end: '2026-11-20T08:00:00Z', estimatedResolution: undefined },
    affected: [
      { id: 'db', name: 'Database', impact: 'minor', href: '/components/db/' },
      { id: 'web', name: 'Website', impact: 'minor', href: '/components/web/' },
    ],
    affectedCheckIds: ['db', 'web'],
    updates: [
      {
        atMs: startMs,
        status: 'in-progress',
        text: 'Started.',
        html: '<p>Started.</p>',
        plainText: 'Started.',
      },
      {
        atMs: Date.UTC(2026, 10, 20, 7, 45),
        status: 'completed',
        text: 'Done.',
        html: '<p>Done.</p>',
        plainText: 'Done.',
      },
    ],
    bodyHtml: '<p>Upgrade.</p>',
    bodyText: 'Upgrade.',
    updatedMs: Date.UTC(2026, 10, 20, 7, 45),
    href: '/incidents/2026-11-20-db-upgrade/',
  };
}

function useLanguage(language: Language) {
  setSiteMessages(language, getCatalogue(language));
}

const FEED_OPTIONS = {
  title: 'Lab',
  siteUrl: 'https://status.example.org/',
  sitePath: '/',
  feedPath: '/feed.xml',
  pageId: 'k7x2m9q4v1ds',
  nowMs: NOW_MS,
};

describe('feeds and the calendar in the site language', () => {
  afterAll(() => useLanguage('en'));

  it('English: the words the site has always used', () => {
    useLanguage('en');
    const entries = listFeedEntries([makeMaintenance()]);
    expect(entries.map((entry) => [entry.title, entry.categories])).toEqual([
      ['DB: Completed', ['Maintenance', 'Database', 'Website']],
      ['DB: In progress', ['Maintenance', 'Database', 'Website']],
    ]);
    const rss = buildRssFeed(entries, { ...FEED_OPTIONS, language: 'en' });
    expect(rss).toContain('<title>Lab: incidents and maintenance</title>');
    expect(rss).toContain('<description>Incidents and maintenance of Lab</description>');
    expect(describeForCalendar(makeMaintenance())).toBe(
      'Upgrade.\n\nAffects: Database, Website\n\nUpdates, newest first:\n\nCompleted, 2026-11-20 07:45 UTC\nDone.\n\nIn progress, 2026-11-20 06:00 UTC\nStarted.',
    );
    const calendar = buildMaintenanceCalendar([makeMaintenance()], {
      title: 'Lab',
      siteUrl: 'https://status.example.org/',
      nowMs: NOW_MS,
    });
    expect(calendar).toContain('X-WR-CALNAME:Lab: maintenance\r\n');
  });

  it('Japanese: titles, categories, statuses and the calendar text', () => {
    useLanguage('ja');
    const entries = listFeedEntries([makeMaintenance()]);
    expect(entries.map((entry) => [entry.title, entry.categories[0]])).toEqual([
      ['DB: 完了', 'メンテナンス'],
      ['DB: 実施中', 'メンテナンス'],
    ]);
    const atom = buildAtomFeed(entries, { ...FEED_OPTIONS, feedPath: '/feed.atom', language: 'ja' });
    expect(atom).toContain('xml:lang="ja"');
    expect(atom).toContain('<title>Lab: インシデントとメンテナンス</title>');
    const description = describeForCalendar(makeMaintenance());
    expect(description).toContain('影響範囲: Database、Website');
    expect(description).toContain('更新情報（新しい順）:');
    expect(description).toContain('完了（');
    expect(description).not.toMatch(/Affects|Updates|Completed|In progress/);
  });

  it('German: titles, categories, statuses and the calendar text', () => {
    useLanguage('de');
    const entries = listFeedEntries([makeMaintenance()]);
    expect(entries.map((entry) => [entry.title, entry.categories[0]])).toEqual([
      ['DB: Abgeschlossen', 'Wartung'],
      ['DB: In Arbeit', 'Wartung'],
    ]);
    const rss = buildRssFeed(entries, { ...FEED_OPTIONS, language: 'de' });
    expect(rss).toContain('<language>de</language>');
    expect(rss).toContain('<title>Lab: Störungen und Wartungen</title>');
    const description = describeForCalendar(makeMaintenance());
    expect(description).toContain('Betrifft: Database, Website');
    expect(description).toContain('Neuigkeiten, neueste zuerst:');
    expect(description).not.toMatch(/Affects|Updates|Completed|In progress/);
  });
});
