import { describe, expect, it } from 'vitest';
import { UNSAFE_CHARACTER_CLASS, visible } from '../../shared/display';
import { hasUnsafeCharacter } from '../../shared/quote';

describe('visible: network text shown as exactly what it is', () => {
  it.each([
    // Nothing to do: printable text, markup and quotes stay as they are (every view shows text, not markup).
    ['v=spf1 -all', 'v=spf1 -all'],
    ['<script>alert(1)</script> "q" \'s\' `b` $(id) ${HOME} &amp;', '<script>alert(1)</script> "q" \'s\' `b` $(id) ${HOME} &amp;'],
    ['příliš žluťoučký kůň – „uvozovky“ …', 'příliš žluťoučký kůň – „uvozovky“ …'],
    ['例子.测试 😀', '例子.测试 😀'],
    ['', ''],
    // C0 controls: the usual three by name, the rest by code.
    ['a\nb', 'a\\nb'],
    ['a\r\nb', 'a\\r\\nb'],
    ['tab\there', 'tab\\there'],
    ['nul\u0000', 'nul\\x00'],
    ['esc\u001b[31mred', 'esc\\x1b[31mred'],
    ['bell\u0007', 'bell\\x07'],
    // DEL and the C1 controls (ECMA-48 §5.3): U+009B is CSI, a terminal escape sequence on its own.
    ['del\u007f', 'del\\x7f'],
    ['c1\u0085', 'c1\\x85'],
    ['csi\u009b2J', 'csi\\x9b2J'],
    ['\u0080\u009f', '\\x80\\x9f'],
    // Not a control: U+00A0 (no-break space) is text.
    ['a\u00a0b', 'a\u00a0b'],
    // Unicode TR #9 §2: embeddings, overrides, isolates and marks reorder what the reader sees.
    ['abc\u202eexe.txt', 'abc\\u{202E}exe.txt'],
    ['\u202a\u202b\u202c\u202d', '\\u{202A}\\u{202B}\\u{202C}\\u{202D}'],
    ['\u2066x\u2067y\u2068z\u2069', '\\u{2066}x\\u{2067}y\\u{2068}z\\u{2069}'],
    ['\u200ex\u200f', '\\u{200E}x\\u{200F}'],
    // Line and paragraph separators break lines like a newline; a BOM hides inside a value.
    ['a\u2028b\u2029c', 'a\\u{2028}b\\u{2029}c'],
    ['\ufeffv=DMARC1', '\\u{FEFF}v=DMARC1'],
    // A backslash is text: `\n` typed out stays as typed.
    ['looks like \\n', 'looks like \\n'],
  ])('%j → %j', (input, expected) => {
    expect(visible(input)).toBe(expected);
  });

  it('escapes exactly the characters the quoting refuses, and leaves only printable ASCII in their place', () => {
    const unsafe = new RegExp(`^${UNSAFE_CHARACTER_CLASS}$`, 'u');
    const wrong: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const ch = String.fromCharCode(code);
      const shown = visible(ch);
      const ok = unsafe.test(ch) ? hasUnsafeCharacter(ch) && /^\\[\x20-\x7e]+$/.test(shown) : !hasUnsafeCharacter(ch) && shown === ch;
      if (!ok) wrong.push(`U+${code.toString(16).padStart(4, '0')} → ${JSON.stringify(shown)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('is idempotent: text already made visible stays as it is', () => {
    const text = 'a\n\u202e\u009b\u2028\ufeff\u0000z';
    expect(visible(visible(text))).toBe(visible(text));
  });
});
