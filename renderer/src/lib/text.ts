/**
 * Display helpers. Everything the page shows goes into text nodes (never markup), so a TXT
 * record with `<script>` is shown, not run; these helpers only make invisible characters
 * visible, as the PDF does, so a record with a line break or a bidi override reads as what it is.
 */
import type { Language } from '../../../shared/assessment';
import { UNSAFE_CHARACTER_CLASS } from '../../../shared/quote';

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function visible(text: string): string {
  return text.replace(new RegExp(UNSAFE_CHARACTER_CLASS, 'gu'), (c) => {
    const escaped = ESCAPES[c];
    if (escaped) return escaped;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16).toUpperCase()}}`;
  });
}

const LOCALES: Record<Language, string> = { cs: 'cs-CZ', en: 'en-GB' };

export function formatDateTime(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return visible(iso);
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatTime(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return visible(iso);
  return new Intl.DateTimeFormat(LOCALES[lang], { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(date);
}

export function formatDuration(ms: number, lang: Language): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}
