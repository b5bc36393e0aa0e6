import { defineMessages } from '../types';

export const dkimMessages = defineMessages({
  cs: {},
  en: {},
});
