import { defineMessages } from '../define.ts';

// The "reports" namespace of the catalogue: keys are used as t('reports.<key>').
export const messages = defineMessages({
  en: {},
  ja: {},
  de: {},
});
