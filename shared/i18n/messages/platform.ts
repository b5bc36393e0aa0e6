import { defineMessages } from '../types';

export const platformMessages = defineMessages({
  cs: {},
  en: {},
});
