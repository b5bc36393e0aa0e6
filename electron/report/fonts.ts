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
  hasGlyphForCodePoint(codePoint: number): boolean;
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
  if (!fonts) {
    // fontkit is pdfkit's dependency: resolve it from there, not from wherever npm hoisted it.
    const fromPdfkit = createRequire(nodeRequire.resolve('pdfkit'));
    const fontkit = fromPdfkit('fontkit') as { openSync(path: string): FontkitFont };
    const files = robotoFiles();
    fonts = [files.normal, files.bold, files.italics].map((file) => fontkit.openSync(file));
  }
  const covered = fonts.every((font) => font.hasGlyphForCodePoint(codePoint));
  coverage.set(codePoint, covered);
  return covered;
}
