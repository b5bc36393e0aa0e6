/**
 * Text helpers of the PDF report: making network strings safe to show, wrapping monospace
 * blocks, and formatting times. Everything here returns plain strings that become pdfmake text
 * nodes; pdfmake never interprets markup in them.
 */
import type { Language } from '../../shared/assessment';
import { visible } from '../../shared/display';
import { hasGlyph } from './fonts';

/** Readable stand-ins for symbols our messages and checks use that Roboto cannot draw. */
const STAND_INS: Record<string, string> = { '→': '->', '←': '<-', '↔': '<->', '⇒': '=>' };

/**
 * Makes text (from the network, from a finding's params, or a rendered message) visible as
 * exactly what it is: control characters, line separators and bidirectional overrides become
 * escapes (`\n`, `\x00`, `\u{202E}`, the shared `visible`) instead of breaking lines, vanishing
 * or reordering what the reader sees; then a character the report's font cannot draw is shown by
 * its code point (or a stand-in such as `->` for an arrow) rather than as an empty box.
 */
export function plain(text: string): string {
  let out = '';
  // The escapes `visible` writes are printable ASCII, which every font of the report draws.
  for (const ch of visible(text)) {
    const code = ch.codePointAt(0)!;
    out += code < 0x7f || hasGlyph(code) ? ch : (STAND_INS[ch] ?? codePoint(code));
  }
  return out;
}

function codePoint(code: number): string {
  return `\\u{${code.toString(16).toUpperCase().padStart(4, '0')}}`;
}

/**
 * Like `plain`, for a value whose line breaks matter to the reader (a list of lines): each
 * line break is shown as `\n` and the text also continues on a new line.
 */
export function plainLines(text: string): string {
  return text.split('\n').map(plain).join('\\n\n');
}

/** Printable ASCII only: text the PDF standard font Courier (WinAnsi) can show exactly. */
export function isPrintableAscii(text: string): boolean {
  return /^[\x20-\x7e\n]*$/.test(text);
}

/**
 * Text Courier shows exactly: printable ASCII and the middle dot and en dash our own listings use
 * (a DNSSEC chain joins its parts with ` · ` and writes date ranges with `–`), both in WinAnsi,
 * the standard fonts' encoding.
 */
export function fitsCourier(text: string): boolean {
  return /^[\x20-\x7e\n\u00b7\u2013]*$/.test(text);
}

/** The separator of the parts of a listing line (shared/dnssec/describe.ts). */
const PART = ' · ';

/**
 * A line of a listing wrapped to `columns` characters: between its ` · ` parts where it can, so a
 * key tag with its algorithm, a signature with its dates or a digest stays on one line; a part
 * longer than a line is broken after a space (wrapMonospace). Continuation lines are indented.
 * Nothing is dropped: joining the lines and removing the added breaks and indents gives the line.
 */
export function wrapListingLine(line: string, columns: number, indent = '    '): string[] {
  const width = Math.max(16, Math.floor(columns));
  const out: string[] = [];
  let current = '';
  const parts = line.split(PART);
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const piece = last ? part : `${part}${PART.trimEnd()}`;
    const prefix = current === '' ? (out.length === 0 ? '' : indent) : `${current} `;
    if (`${prefix}${piece}`.length <= width) {
      current = `${prefix}${piece}`;
      return;
    }
    if (current !== '') out.push(current);
    const start = out.length === 0 ? '' : indent;
    const wrapped = wrapMonospace(piece, width - indent.length).split('\n');
    wrapped.forEach((w, j) => {
      const text = `${j === 0 ? start : indent}${w}`;
      if (j < wrapped.length - 1) out.push(text.trimEnd());
      else current = text;
    });
  });
  if (current !== '') out.push(current);
  return out;
}

/**
 * Wraps monospace text to `columns` characters per line, preferring to break after a space and
 * breaking a longer run of characters where it must; nothing is ever dropped, so the wrapped
 * text with its added line breaks removed is the input again.
 */
export function wrapMonospace(text: string, columns: number): string {
  const width = Math.max(8, Math.floor(columns));
  const out: string[] = [];
  for (const line of text.replace(/\t/g, '    ').split('\n')) {
    let rest = line;
    while (rest.length > width) {
      const space = rest.lastIndexOf(' ', width - 1);
      // Break after a space when one is reasonably far into the line, else cut the run.
      const cut = space >= width / 3 ? space + 1 : width;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    out.push(rest);
  }
  return out.join('\n');
}

const LOCALES: Record<Language, string> = { cs: 'cs-CZ', en: 'en-GB' };

export function locale(lang: Language): string {
  return LOCALES[lang];
}

/** The zone's offset at that instant, as `UTC+01:00` (`UTC` for zero). */
export function utcOffset(date: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName')?.value;
  if (!part || part === 'GMT') return 'UTC+00:00';
  return part.replace(/^GMT/, 'UTC');
}

/** Date and time in the reader's language with the time zone named, e.g. `27. listopadu 2026 v 22:13:39 (Europe/Prague, UTC+01:00)`. */
export function formatDateTime(iso: string, lang: Language, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return plain(iso);
  const text = new Intl.DateTimeFormat(locale(lang), { dateStyle: 'long', timeStyle: 'medium', timeZone }).format(date);
  const offset = utcOffset(date, timeZone);
  return /^(Etc\/)?(UTC|GMT|UCT|Zulu)$/.test(timeZone) ? `${text} (UTC)` : `${text} (${timeZone}, ${offset})`;
}

/** Short date for running headers, e.g. `27. 11. 2026`. */
export function formatDate(iso: string, lang: Language, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return plain(iso);
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeZone }).format(date);
}

/** Time of day with milliseconds, for the timing table. */
export function formatTime(iso: string, lang: Language, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return plain(iso);
  return new Intl.DateTimeFormat(locale(lang), {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hour12: false,
    timeZone,
  }).format(date);
}

/** A duration in ms as `850 ms` or `2,4 s` / `2.4 s`. */
export function formatDuration(ms: number, lang: Language): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(ms / 1000)} s`;
}

/** The time zone of this machine, which is where the consultant reads the report. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
