import { defineMessages } from '../../define.ts';

// Texts browser scripts also show (embedded in every page, so keep it to what scripts need): keys
// are used as t('browserCluster.<key>') from src/i18n/browser.ts or src/i18n/index.ts.
export const messages = defineMessages({
  en: {},
  ja: {},
  de: {},
});
