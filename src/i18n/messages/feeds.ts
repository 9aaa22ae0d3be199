import { defineMessages } from '../define.ts';

// The "feeds" namespace of the catalogue: keys are used as t('feeds.<key>').
export const messages = defineMessages({
  en: {},
  ja: {},
  de: {},
});
