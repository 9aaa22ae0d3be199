import { defineMessages } from '../define.ts';

// The "component" namespace of the catalogue: keys are used as t('component.<key>').
export const messages = defineMessages({
  en: {},
  ja: {},
  de: {},
});
