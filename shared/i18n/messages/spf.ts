import { defineMessages } from '../types';

export const spfMessages = defineMessages({
  cs: {},
  en: {},
});
