import { defineMessages } from '../types';

export const dmarcMessages = defineMessages({
  cs: {},
  en: {},
});
