import { describe, expect, it } from 'vitest';
import { findCatalogueProblems, getBrowserCatalogue, getCatalogue } from '../../../../src/i18n/catalogue.ts';
import { LANGUAGES } from '../../../../src/i18n/define.ts';
import { setSiteMessages, translate } from '../../../../src/i18n/translate.ts';

describe('the message catalogue', () => {
  it('has the same keys, plural forms and placeholders in every language', () => {
    expect(findCatalogueProblems()).toEqual([]);
    const english = Object.keys(getCatalogue('en')).sort();
    for (const language of LANGUAGES) expect(Object.keys(getCatalogue(language)).sort()).toEqual(english);
  });

  it('names the file, language and key of each gap', () => {
    const problems = findCatalogueProblems({
      cluster: {
        en: { jobs: { one: '{count} job running', other: '{count} jobs running' }, title: 'Clusters' },
        ja: { jobs: { other: '{count} 件のジョブが実行中' } },
        de: { jobs: { other: '{count} Jobs laufen' }, title: 'Cluster {name}', extra: 'x' },
      },
    });
    expect(problems).toEqual([
      'src/i18n/messages/cluster.ts: "ja" is missing cluster.title',
      'src/i18n/messages/cluster.ts: "de" cluster.jobs has no "one" form',
      'src/i18n/messages/cluster.ts: "de" cluster.title has placeholders {name}, English has {}',
      'src/i18n/messages/cluster.ts: "de" has cluster.extra, which English lacks',
    ]);
  });

  it('checks each plural form on its own: a form may drop only {count}, never another placeholder', () => {
    const problems = findCatalogueProblems({
      cluster: {
        en: {
          jobs: { one: 'one job on {node}', other: '{count} jobs on {node}' },
          users: { one: '{count} user', other: '{count} users of {account}' },
        },
        ja: { jobs: { other: '{node} のジョブ {count} 件' }, users: { other: '{account} の {count} 人' } },
        de: {
          jobs: { one: 'ein Job', other: '{count} Jobs auf {node}' },
          users: { one: 'ein Benutzer von {account}', other: '{count} Benutzer' },
        },
      },
    });
    expect(problems).toEqual([
      'src/i18n/messages/cluster.ts: "en" cluster.users has placeholders {count} (its "one" form), English has {account,count}',
      'src/i18n/messages/cluster.ts: "de" cluster.jobs has placeholders {} (its "one" form), English has {count,node}',
      'src/i18n/messages/cluster.ts: "de" cluster.users has placeholders {count} (its "other" form), English has {account,count}',
    ]);
  });

  it('fills placeholders and picks the plural form of the language', () => {
    const jobs = { one: '{count} job running', other: '{count} jobs running' };
    setSiteMessages('en', { 'cluster.jobs': jobs, 'common.hello': 'Hello, {name}' });
    expect(translate('cluster.jobs', { count: 1 })).toBe('1 job running');
    expect(translate('cluster.jobs', { count: 2 })).toBe('2 jobs running');
    expect(translate('common.hello', { name: 'Derecho' })).toBe('Hello, Derecho');
    expect(() => translate('common.nope')).toThrow('no key "common.nope"');
    setSiteMessages('ja', { 'cluster.jobs': { other: '{count} 件のジョブが実行中' } });
    expect(translate('cluster.jobs', { count: 1 })).toBe('1 件のジョブが実行中');
  });

  it('embeds only the browser namespaces', () => {
    for (const key of Object.keys(getBrowserCatalogue('ja'))) expect(key).toMatch(/^browser[A-Z]/);
  });
});
