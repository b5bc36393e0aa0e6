/**
 * The page's language: Czech by default, switchable at any time. Every text goes through `t`,
 * which reads `lang`, so switching re-renders everything, findings included.
 */
import type { Language, ParamValue } from '../../../shared/assessment';
import { DEFAULT_LANGUAGE, translate } from '../../../shared/i18n/index';
import { visible } from './text';

export type Translate = (key: string, params?: Record<string, ParamValue>) => string;

export class Locale {
  lang = $state<Language>(DEFAULT_LANGUAGE);

  constructor(lang: Language = DEFAULT_LANGUAGE) {
    this.lang = lang;
  }

  /** The message in the current language; params and all are plain text with invisible characters made visible. */
  t: Translate = (key, params = {}) => visible(translate(this.lang, key, params));

  set(lang: Language): void {
    this.lang = lang;
    document.documentElement.lang = lang;
  }
}
