/**
 * Display helpers. Everything the page shows goes into text nodes (never markup), so a TXT
 * record with `<script>` is shown, not run; `visible` (the one the PDF and the CLI use too) only
 * makes invisible characters visible, so a record with a line break or a bidi override reads as
 * what it is.
 */
import type { Language } from '../../../shared/assessment';
import { visible } from '../../../shared/display';

export { visible };

const LOCALES: Record<Language, string> = { cs: 'cs-CZ', en: 'en-GB' };

export function formatDateTime(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return visible(iso);
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatDuration(ms: number, lang: Language): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}
