import { describe, expect, it } from 'vitest';
import { formatDuration, visible } from '../../renderer/src/lib/text';

describe('visible', () => {
  it.each([
    ['v=spf1 -all', 'v=spf1 -all'],
    ['a\nb', 'a\\nb'],
    ['tab\there', 'tab\\there'],
    ['nul\u0000', 'nul\\x00'],
    // Unicode TR #9: an override would make the text read differently from what it is.
    ['abc\u202Efed', 'abc\\u{202E}fed'],
    // Line and paragraph separators break lines like a newline; a BOM hides inside a value.
    ['a\u2028b\u2029c', 'a\\u{2028}b\\u{2029}c'],
    ['\ufeffv=DMARC1', '\\u{FEFF}v=DMARC1'],
    ['<script>alert(1)</script>', '<script>alert(1)</script>'],
    ['příliš žluťoučký kůň', 'příliš žluťoučký kůň'],
  ])('%j → %j', (input, expected) => {
    expect(visible(input)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it('shows milliseconds below a second and seconds in the language above', () => {
    expect(formatDuration(12, 'cs')).toBe('12 ms');
    expect(formatDuration(1500, 'cs')).toBe('1,5 s');
    expect(formatDuration(1500, 'en')).toBe('1.5 s');
  });
});
