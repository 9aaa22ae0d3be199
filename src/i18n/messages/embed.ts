import { defineMessages } from '../define.ts';

// The "embed" namespace of the catalogue: keys are used as t('embed.<key>'). The embed page (/embed/)
// and the embed script (/embed.js) show these, with the status words of browserCommon; the script
// carries them baked in, in the site's language, since it runs on other sites' pages.
export const messages = defineMessages({
  en: {
    // The embed page's <title>; {title} is site.title.
    pageTitle: '{title}: current status',
    // What the pill and the banner are, for screen readers; {title} is site.title.
    regionLabel: 'Status of {title}',
    // The kind of an active entry, before its name.
    incident: 'Incident',
    maintenance: 'Maintenance',
    // Under the status when nothing is going on.
    nothingActive: 'No active incidents or maintenance',
    // When summary.json cannot be read.
    unavailable: 'Status unavailable',
  },
  ja: {
    pageTitle: '{title}: 現在の状態',
    regionLabel: '{title} のステータス',
    incident: 'インシデント',
    maintenance: 'メンテナンス',
    nothingActive: '進行中のインシデントやメンテナンスはありません',
    unavailable: 'ステータスを取得できません',
  },
  de: {
    pageTitle: '{title}: aktueller Status',
    regionLabel: 'Status von {title}',
    incident: 'Störung',
    maintenance: 'Wartung',
    nothingActive: 'Keine aktiven Störungen oder Wartungen',
    unavailable: 'Status nicht verfügbar',
  },
});
