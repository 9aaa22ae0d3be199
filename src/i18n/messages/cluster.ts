import { defineMessages } from '../define.ts';

// The "cluster" namespace of the catalogue: keys are used as t('cluster.<key>').
export const messages = defineMessages({
  en: {},
  ja: {},
  de: {},
});
