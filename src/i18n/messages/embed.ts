import { defineMessages } from '../define.ts';

// The "embed" namespace of the catalogue: keys are used as t('embed.<key>').
export const messages = defineMessages({
  en: {},
  ja: {},
  de: {},
});
