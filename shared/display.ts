/**
 * Showing text from the network (TXT records, host names, server banners, finding params) as
 * exactly what it is. The wizard, the PDF report and the CLI all show such text through
 * `visible`, and the quoting of pasted commands (quote.ts) refuses the same characters.
 */

/**
 * Characters that act instead of showing: C0 controls, DEL and C1 controls (a C1 CSI, U+009B, is
 * an escape sequence to many terminals); U+2028/U+2029, which break lines like a newline; the
 * marks LRM/RLM and the bidirectional embeddings, overrides and isolates (Unicode TR #9 §2), which
 * make text read differently from what it is ("Trojan Source", CVE-2021-42574); and U+FEFF, a
 * BOM that hides inside a value. A regular-expression character class, for the `u` flag.
 */
export const UNSAFE_CHARACTER_CLASS = '[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff]';

const UNSAFE_CHARACTERS = new RegExp(UNSAFE_CHARACTER_CLASS, 'gu');

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One unsafe character as a visible escape: `\n`, `\x1b`, `\x9b`, `\u{202E}`. */
function escapeCharacter(ch: string): string {
  const named = NAMED_ESCAPES[ch];
  if (named) return named;
  const code = ch.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16).toUpperCase().padStart(4, '0')}}`;
}

/**
 * The text with every unsafe character (see `UNSAFE_CHARACTER_CLASS`) replaced by a visible
 * escape; everything else, markup and quotes included, is left as it is, because every view
 * puts the result into plain text (a DOM text node, a pdfmake text, a terminal line).
 * The result is ASCII wherever the input was unsafe, so `visible(visible(x)) === visible(x)`.
 */
export function visible(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, escapeCharacter);
}
