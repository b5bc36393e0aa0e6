import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../shared/assessment';
import { messages } from '../../../shared/i18n/index';
import { hasGlyph } from '../../../electron/report/fonts';
import { plain } from '../../../electron/report/text';

describe('report fonts', () => {
  it('Roboto from pdfmake draws Czech and the punctuation our texts use', () => {
    for (const ch of 'ěščřžýáíéúůďťňĚŠČŘŽÝÁÍÉÚŮĎŤŇ„“‚‘–—…·•§×') expect(hasGlyph(ch.codePointAt(0)!), ch).toBe(true);
  });

  it('knows what it cannot draw', () => {
    for (const ch of ['→', '例', '😀', '\u2028']) expect(hasGlyph(ch.codePointAt(0)!), ch).toBe(false);
  });

  // Every message may end up in the PDF: a character the font lacks would print as an empty box.
  it.each(LANGUAGES)('every %s message is drawable without code-point fallbacks', (lang) => {
    const undrawable = Object.entries(messages[lang])
      .filter(([, template]) => /\\u\{[0-9A-F]+\}/.test(plain(template)))
      .map(
        ([key, template]) => `${key}: ${[...template].filter((c) => c.codePointAt(0)! > 0x7e && !hasGlyph(c.codePointAt(0)!)).join(' ')}`,
      );
    expect(undrawable).toEqual([]);
  });
});
