import type { Language } from '../assessment';

/** Messages of one area in every language; Czech is the default and both must have the same keys. */
export type MessageBundle<K extends string = string> = Record<Language, Record<K, string>>;

/** Declares an area's messages; the English table must carry exactly the Czech keys. */
export function defineMessages<K extends string>(bundle: { cs: Record<K, string>; en: Record<K, string> }): MessageBundle<K> {
  return bundle;
}
