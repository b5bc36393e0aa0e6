import { defineMessages } from '../types';

export const mxMessages = defineMessages({
  cs: {},
  en: {},
});
