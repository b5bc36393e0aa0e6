/**
 * Look of the report: page geometry, colours, named styles, and the small building blocks
 * (status labels, code blocks, key–value tables) the sections share. Colour always comes with a
 * text label, so the report reads the same printed in black and white.
 */
import type { Content, ContentTable, ContentText, CustomTableLayout, Style, TableCell } from 'pdfmake/interfaces';
import type { FindingStatus, Verdict } from '../../shared/status';
import { robotoWidth } from './fonts';
import { fitsColumns, fitsCourier, plain, wrapCode, wrapListingLine, type Fits } from './text';

/** A4 in points. */
export const PAGE = { width: 595.28, height: 841.89, marginX: 56, marginTop: 64, marginBottom: 56 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.marginX;

export const COLOR = {
  ink: '#1f2933',
  muted: '#5f6b7a',
  rule: '#d5dae1',
  accent: '#1d4e89',
  codeBackground: '#f1f3f6',
  tableHeader: '#e8edf3',
  zebra: '#f8f9fb',
} as const;

export const STATUS_COLOR: Record<FindingStatus, string> = {
  error: '#6a1b9a',
  fail: '#c62828',
  warning: '#b26a00',
  info: '#1565c0',
  not_tested: '#6b7280',
  pass: '#2e7d32',
};

export const VERDICT_COLOR: Record<Verdict, string> = {
  pass: '#2e7d32',
  partial: '#b26a00',
  fail: '#c62828',
  not_verified: '#6b7280',
};

export const FONT = { body: 'Roboto', mono: 'Courier' } as const;
/** Courier advances every glyph by 600/1000 em (PDF standard 14 font metrics). */
const COURIER_ADVANCE = 0.6;
export const CODE_FONT_SIZE = 8.5;
const CODE_PADDING = 6;

export const styles: Record<string, Style> = {
  coverTitle: { fontSize: 24, bold: true, color: COLOR.accent, margin: [0, 0, 0, 6] },
  coverSubtitle: { fontSize: 12, color: COLOR.muted, margin: [0, 0, 0, 36] },
  coverDomain: { fontSize: 20, bold: true, color: COLOR.ink },
  coverDomainAscii: { fontSize: 11, color: COLOR.muted, margin: [0, 2, 0, 0] },
  h1: { fontSize: 17, bold: true, color: COLOR.accent, margin: [0, 0, 0, 10] },
  h2: { fontSize: 12.5, bold: true, color: COLOR.ink, margin: [0, 14, 0, 6] },
  h3: { fontSize: 10.5, bold: true, color: COLOR.ink, margin: [0, 10, 0, 4] },
  lead: { fontSize: 10, color: COLOR.ink, margin: [0, 0, 0, 10], lineHeight: 1.25 },
  small: { fontSize: 8, color: COLOR.muted },
  label: { fontSize: 8.5, color: COLOR.muted },
  tableHeader: { fontSize: 8.5, bold: true, color: COLOR.ink },
  cell: { fontSize: 8.5, color: COLOR.ink },
  badge: { fontSize: 8, bold: true, color: '#ffffff', alignment: 'center' },
};

/** The named styles with `accent` (the consultant's colour in a branded report) in the headings. */
export function accentStyles(accent: string): Record<string, Style> {
  return { ...styles, coverTitle: { ...styles.coverTitle, color: accent }, h1: { ...styles.h1, color: accent } };
}

/** `accent` (#RRGGBB) mixed with white: the cover's second bar, in the same hue. */
export function tint(accent: string, white = 0.5): string {
  const mix = (i: number) =>
    Math.round(parseInt(accent.slice(i, i + 2), 16) * (1 - white) + 255 * white)
      .toString(16)
      .padStart(2, '0');
  return `#${mix(1)}${mix(3)}${mix(5)}`;
}

/** Thin horizontal rules between rows, no vertical lines, comfortable padding. */
export const TABLE_LAYOUT: CustomTableLayout = {
  hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0 : 0.5),
  vLineWidth: () => 0,
  hLineColor: () => COLOR.rule,
  paddingLeft: () => 5,
  paddingRight: () => 5,
  paddingTop: () => 4,
  paddingBottom: () => 4,
  fillColor: (row) => (row === 0 ? COLOR.tableHeader : null),
};

const CODE_LAYOUT: CustomTableLayout = {
  hLineWidth: () => 0,
  vLineWidth: (i) => (i === 0 ? 2 : 0),
  vLineColor: () => COLOR.rule,
  paddingLeft: () => CODE_PADDING,
  paddingRight: () => CODE_PADDING,
  paddingTop: () => 4,
  paddingBottom: () => 4,
  fillColor: () => COLOR.codeBackground,
};

const BADGE_LAYOUT: CustomTableLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 1.5,
  paddingBottom: () => 1.5,
};

/** A coloured label with its text: `label` is always spelled out. */
export function badge(label: string, color: string, width: number | 'auto' = 'auto'): ContentTable {
  return {
    table: { widths: [width], body: [[{ text: label.toUpperCase(), style: 'badge', fillColor: color }]] },
    layout: BADGE_LAYOUT,
  };
}

/** Header cells of a table. */
export function headerRow(labels: string[]): TableCell[] {
  return labels.map((l) => ({ text: l, style: 'tableHeader' }));
}

export function table(
  widths: (number | string)[],
  header: string[],
  rows: TableCell[][],
  options: { keepHeader?: boolean } = {},
): ContentTable {
  return {
    table: { widths, headerRows: options.keepHeader === false ? 0 : 1, dontBreakRows: true, body: [headerRow(header), ...rows] },
    layout: TABLE_LAYOUT,
    style: 'cell',
  };
}

/** Two columns of label and value, no header. */
export function keyValueTable(rows: [string, Content][], labelWidth = 150): ContentTable {
  return {
    table: {
      widths: [labelWidth, '*'],
      body: rows.map(([k, v]) => [{ text: k, style: 'label' }, typeof v === 'string' ? { text: v, style: 'cell' } : v]),
    },
    layout: { ...TABLE_LAYOUT, fillColor: () => null, hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0 : 0.5) },
  };
}

/**
 * Text from outside (records, values, names) as a text node. Long unbroken runs (keys,
 * base64) are allowed to break anywhere so they wrap inside their cell instead of running off
 * the page.
 */
export function dataText(value: string, extra: Style = {}): ContentText {
  const text = plain(value);
  return { text, ...(/\S{40,}/.test(text) ? { wordBreak: 'break-all' as const } : {}), ...extra };
}

/**
 * Already translated prose. pdfmake 0.3 misplaces a word longer than its line (it repeats part
 * of it and drops the rest), so a paragraph carrying such a word (a key, a long record quoted
 * in a message) breaks anywhere instead. Given the column's `width` in points, only a word that
 * may really not fit does that, so a paragraph quoting a 64-digit TLSA digest that fits keeps its
 * words and the digest whole.
 */
export function prose(text: string, extra: Style & { width?: number } = {}): ContentText {
  const { width, ...style } = extra;
  const long = width === undefined ? /\S{50,}/.test(text) : longestWord(text) * (style.fontSize ?? 9.5) > width;
  return { text, ...(long ? { wordBreak: 'break-all' as const } : {}), ...style };
}

/**
 * The widest word of `text` in ems of the report's body font (Roboto), each character at no less
 * than its Roboto advance (digits 0.56, A–F at most 0.66, other capitals at most 0.71, lower case
 * at most 0.57 but m and w, M W @ % at most 0.87), so a word judged to fit does fit.
 */
function longestWord(text: string): number {
  let widest = 0;
  for (const word of text.split(/\s+/)) {
    let ems = 0;
    for (const ch of word) ems += charEms(ch);
    widest = Math.max(widest, ems);
  }
  return widest;
}

function charEms(ch: string): number {
  if (/[0-9]/.test(ch)) return 0.57;
  if (/[A-F]/.test(ch)) return 0.66;
  if (/[MWmw@%]/.test(ch)) return 0.9;
  if (/[A-Z&]/.test(ch)) return 0.72;
  if (/[a-z]/.test(ch)) return 0.58;
  return ch.charCodeAt(0) < 0x80 ? 0.6 : 0.8;
}

/** Lines of a generated script or record: its own line breaks kept, everything else shown as text. */
export function codeLines(code: string): string[] {
  return code
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => plain(line.replace(/\t/g, '    ')));
}

/** Characters per line of a code block of `width` points in Courier. */
function codeColumns(width: number): number {
  return courierColumns(width - 2 * CODE_PADDING - 2);
}

/** Courier characters that fit in `width` points of text (a table cell's content width), with a spare one. */
export function courierColumns(width: number, fontSize: number = CODE_FONT_SIZE): number {
  return Math.floor(width / (COURIER_ADVANCE * fontSize)) - 1;
}

/**
 * How a line of code is judged to fit `width` points: Courier by its character budget (every
 * glyph is 0.6 em), Roboto (for text Courier cannot show) measured with the font's own metrics,
 * with a margin for rounding, so pdfmake never has to break a line of code itself.
 */
function codeFits(courier: boolean, width: number, fontSize: number): Fits {
  return courier ? fitsColumns(courierColumns(width, fontSize)) : (line) => robotoWidth(line, fontSize) * 1.02 + 1 <= width;
}

/** Code lines as printed in `width` points of text: each wrapped at spaces between tokens (wrapCode). */
function printedCode(lines: string[], width: number, fontSize: number): { text: string; courier: boolean } {
  const courier = fitsCourier(lines.join('\n'));
  const fits = codeFits(courier, width, fontSize);
  return { text: lines.flatMap((line) => wrapCode(line, fits)).join('\n'), courier };
}

/**
 * A short piece of code (a DNS name, a registry key) as a text node for a table cell whose text is
 * `width` points wide: monospace, wrapped only between tokens, like a code block.
 */
export function codeText(value: string, width: number, extra: Style = {}): ContentText {
  const { text, courier } = printedCode(codeLines(value), width, CODE_FONT_SIZE);
  return { text, ...(courier ? { font: FONT.mono } : {}), fontSize: CODE_FONT_SIZE, preserveLeadingSpaces: true, ...extra };
}

/**
 * A listing a check wrote (a DNSSEC chain, one zone per line; TLSA records and what each matched)
 * as a code block: each line wrapped between its parts, continuation lines indented, so a key tag,
 * a date range or a digest is not cut in two where a line can hold it (wrapListingLine).
 */
export function listingBlock(
  lines: string[],
  width: number = CONTENT_WIDTH,
  margin: [number, number, number, number] = [0, 1, 0, 4],
): ContentTable {
  const safe = lines.map(plain);
  if (!fitsCourier(safe.join('\n'))) return codeBlock(safe, width, margin);
  return codeBlock(
    safe.flatMap((line) => wrapListingLine(line, codeColumns(width))),
    width,
    margin,
  );
}

/**
 * A command or record block in a monospace face on a light background. `lines` are already
 * safe to show (see `plain`); each is wrapped here to the block's width between its tokens, with
 * the continuation mark, never truncated (wrapCode). Courier is a PDF standard font and needs no
 * file at run time, but it covers only WinAnsi: anything else is shown in Roboto instead.
 */
export function codeBlock(
  lines: string[],
  width: number = CONTENT_WIDTH,
  margin: [number, number, number, number] = [0, 2, 0, 6],
): ContentTable {
  const inner = width - 2 * CODE_PADDING - 2;
  const { text, courier } = printedCode(lines, inner, CODE_FONT_SIZE);
  const cell: TableCell = {
    text,
    ...(courier ? { font: FONT.mono } : {}),
    fontSize: CODE_FONT_SIZE,
    lineHeight: 1.15,
    preserveLeadingSpaces: true,
    color: COLOR.ink,
  };
  return { table: { widths: [inner], body: [[cell]] }, layout: CODE_LAYOUT, margin };
}
