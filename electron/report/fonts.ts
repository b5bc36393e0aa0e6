/**
 * The report's fonts: Roboto as shipped in the pdfmake package, and which characters it can
 * draw. A character Roboto lacks would print as an empty box and vanish from copied text, so
 * the report shows it another way (see `plain` in text.ts). Glyph coverage is read from the
 * font file itself through fontkit, the font engine pdfkit already uses.
 */
import { createRequire } from 'node:module';

export interface FontFiles {
  normal: string;
  bold: string;
  italics: string;
  bolditalics: string;
}

interface FontkitFont {
  unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string): { advanceWidth: number };
}

const nodeRequire = createRequire(import.meta.url);
let roboto: FontFiles | undefined;
let fonts: FontkitFont[] | undefined;
const coverage = new Map<number, boolean>();

export function robotoFiles(): FontFiles {
  roboto ??= (nodeRequire('pdfmake/fonts/Roboto') as { Roboto: FontFiles }).Roboto;
  return roboto;
}

/** Whether every face of Roboto the report uses can draw the code point. */
export function hasGlyph(codePoint: number): boolean {
  const known = coverage.get(codePoint);
  if (known !== undefined) return known;
  const covered = faces().every((font) => font.hasGlyphForCodePoint(codePoint));
  coverage.set(codePoint, covered);
  return covered;
}

/**
 * The width in points of `text` set in regular Roboto at `fontSize`, measured like pdfkit does
 * (fontkit's layout of the string), for fitting a line of code that Courier cannot show.
 */
export function robotoWidth(text: string, fontSize: number): number {
  const font = faces()[0]!;
  return (font.layout(text).advanceWidth / font.unitsPerEm) * fontSize;
}

function faces(): FontkitFont[] {
  if (!fonts) {
    // fontkit is pdfkit's dependency: resolve it from there, not from wherever npm hoisted it.
    const fromPdfkit = createRequire(nodeRequire.resolve('pdfkit'));
    const fontkit = fromPdfkit('fontkit') as { openSync(path: string): FontkitFont };
    const files = robotoFiles();
    fonts = [files.normal, files.bold, files.italics].map((file) => fontkit.openSync(file));
  }
  return fonts;
}
