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
 * Text Courier shows exactly: printable ASCII, the middle dot and en dash our own listings use
 * (a DNSSEC chain joins its parts with ` · ` and writes date ranges with `–`) and the wrap mark
 * `»`, all in WinAnsi, the standard fonts' encoding.
 */
export function fitsCourier(text: string): boolean {
  return /^[\x20-\x7e\n\u00b7\u2013\u00bb]*$/.test(text);
}

/** The separator of the parts of a listing line (shared/dnssec/describe.ts). */
const PART = ' · ';

/**
 * The mark ending a code line that continues on the next one. `»` is in WinAnsi (Courier, the code
 * font) and in Roboto; the arrows one would rather use (↵ ↩) are in neither (fonts.ts).
 */
export const WRAP_MARK = '»';
/** Added to a wrapped line's own indent on its continuation lines. */
export const WRAP_INDENT = '    ';

/** Whether a line of code, as printed, fits the width it is printed in. */
export type Fits = (line: string) => boolean;

/** A fixed character budget, for a monospace font. */
export function fitsColumns(columns: number): Fits {
  return (line) => line.length <= columns;
}

/**
 * One line of code (a command, a record, a registry path) as printed lines that each fit: breaks
 * come only at a space between tokens, so no name, parameter or quoted value is cut; the broken
 * line keeps its spaces and ends with WRAP_MARK, and its continuation is indented by WRAP_INDENT
 * beyond the line's own indent. Only a token longer than a whole line is cut, at a fixed width,
 * with the mark at the cut. Removing each mark with the line break and continuation indent after
 * it gives the line back exactly (unwrapCode).
 */
export function wrapCode(line: string, fits: Fits): string[] {
  if (fits(line)) return [line];
  const lead = /^\s*/.exec(line)![0];
  // A continuation indent that leaves no room for a token would only make more lines.
  const cont = fits(`${lead}${WRAP_INDENT}${'x'.repeat(12)}${WRAP_MARK}`) ? `${lead}${WRAP_INDENT}` : lead;
  const words = line.slice(lead.length).match(/\S+\s*/g) ?? [];
  const out: string[] = [];
  let current = lead;
  let empty = true;
  words.forEach((word, i) => {
    const last = i === words.length - 1;
    // A line that will continue needs room for the mark after this word and its spaces.
    const closes = (text: string) => fits(last ? text : `${text}${WRAP_MARK}`);
    if (closes(current + word)) {
      current += word;
      empty = false;
      return;
    }
    if (!empty) {
      out.push(`${current}${WRAP_MARK}`);
      current = cont;
      empty = true;
      if (closes(current + word)) {
        current += word;
        empty = false;
        return;
      }
    }
    // A token longer than a line: cut it where the line is full, mark the cut, go on.
    let rest = word;
    while (!closes(current + rest)) {
      let n = 1;
      while (n < rest.length && fits(`${current}${rest.slice(0, n + 1)}${WRAP_MARK}`)) n++;
      // Never leave only the word's trailing spaces for the next line: unwrapping trims a continuation's start.
      while (n > 1 && rest.slice(n).trim() === '') n--;
      out.push(`${current}${rest.slice(0, n)}${WRAP_MARK}`);
      rest = rest.slice(n);
      current = cont;
    }
    current += rest;
    empty = false;
  });
  if (!empty || out.length === 0) out.push(current);
  return out;
}

/**
 * The code line `wrapCode` printed as `lines`. A continuation always starts with a token's first
 * (or, after a cut, next) character, so all of its leading white space is the added indent.
 */
export function unwrapCode(lines: readonly string[]): string {
  return lines
    .map((line, i) => {
      const text = i === 0 ? line : line.trimStart();
      return i < lines.length - 1 ? text.slice(0, -WRAP_MARK.length) : text;
    })
    .join('');
}

/**
 * A line of a listing wrapped to `columns` characters: between its ` · ` parts where it can, so a
 * key tag with its algorithm, a signature with its dates or a digest stays on one line (the
 * trailing `·` shows the line goes on); a part longer than a line is wrapped like code (wrapCode).
 * Continuation lines are indented.
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
    const wrapped = wrapCode(`${start}${piece}`, fitsColumns(width));
    wrapped.forEach((w, j) => {
      if (j < wrapped.length - 1) out.push(w);
      else current = w;
    });
  });
  if (current !== '') out.push(current);
  return out;
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
