import { defineMessages } from '../types';

export const commonMessages = defineMessages({
  cs: {
    'common.yes': 'ano',
    'common.no': 'ne',
  },
  en: {
    'common.yes': 'yes',
    'common.no': 'no',
  },
});
