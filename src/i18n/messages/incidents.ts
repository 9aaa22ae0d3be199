import { defineMessages } from '../define.ts';

// The "incidents" namespace of the catalogue: keys are used as t('incidents.<key>').
export const messages = defineMessages({
  en: {},
  ja: {},
  de: {},
});
