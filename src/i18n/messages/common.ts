import { defineMessages } from '../define.ts';

// The "common" namespace of the catalogue: keys are used as t('common.<key>').
export const messages = defineMessages({
  en: {},
  ja: {},
  de: {},
});
