import { describe, expect, it } from 'vitest';
import { parseIp } from '../../../shared/spf/ip';
import {
  expandDomainSpec,
  expandMacroString,
  parseDomainSpec,
  parseMacroString,
  transform,
  urlEscape,
  type MacroContext,
} from '../../../shared/spf/macro';

// RFC 7208 §7.4 examples: sender strong-bad@email.example.com, IPv4 192.0.2.3, IPv6 2001:db8::cb01.
const ctx4: MacroContext = {
  sender: 'strong-bad@email.example.com',
  localPart: 'strong-bad',
  senderDomain: 'email.example.com',
  domain: 'email.example.com',
  ip: parseIp('192.0.2.3')!,
  helo: 'mx.example.org',
  receiver: 'mx.receiver.example',
  timestamp: 1_400_000_000,
  validatedName: async () => 'mx.example.org',
};
const ctx6: MacroContext = { ...ctx4, ip: parseIp('2001:db8::cb01')! };

async function expand(text: string, ctx = ctx4, explanation = false): Promise<string> {
  const p = parseMacroString(text, { explanation });
  if (!p.ok) throw new Error(`parse failed: ${p.error.code}`);
  return expandMacroString(p.tokens, ctx);
}

describe('macro expansion, RFC 7208 §7.4 examples', () => {
  const cases: [string, string][] = [
    ['%{s}', 'strong-bad@email.example.com'],
    ['%{o}', 'email.example.com'],
    ['%{d}', 'email.example.com'],
    ['%{d4}', 'email.example.com'],
    ['%{d3}', 'email.example.com'],
    ['%{d2}', 'example.com'],
    ['%{d1}', 'com'],
    ['%{dr}', 'com.example.email'],
    ['%{d2r}', 'example.email'],
    ['%{l}', 'strong-bad'],
    ['%{l-}', 'strong.bad'],
    ['%{lr}', 'strong-bad'],
    ['%{lr-}', 'bad.strong'],
    ['%{l1r-}', 'strong'],
    ['%{ir}.%{v}._spf.%{d2}', '3.2.0.192.in-addr._spf.example.com'],
    ['%{lr-}.lp._spf.%{d2}', 'bad.strong.lp._spf.example.com'],
    ['%{lr-}.lp.%{ir}.%{v}._spf.%{d2}', 'bad.strong.lp.3.2.0.192.in-addr._spf.example.com'],
    ['%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}', '3.2.0.192.in-addr.strong.lp._spf.example.com'],
    ['%{d2}.trusted-domains.example.net', 'example.com.trusted-domains.example.net'],
  ];
  it.each(cases)('§7.4 %s', async (macro, expected) => {
    expect(await expand(macro)).toBe(expected);
  });

  it('§7.4 IPv6: %{ir}.%{v}._spf.%{d2} uses dot-separated nibbles', async () => {
    expect(await expand('%{ir}.%{v}._spf.%{d2}', ctx6)).toBe(
      '1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com',
    );
  });
});

describe('macro expansion, other letters and escapes', () => {
  const cases: [string, string, string, MacroContext?, boolean?][] = [
    ['§7.3 h is the HELO name', '%{h}', 'mx.example.org'],
    ['§7.3 p is the validated name', '%{p}', 'mx.example.org'],
    ['§7.3 c is the readable IPv4 in explanations', '%{c}', '192.0.2.3', ctx4, true],
    ['§7.3 c is RFC 5952 IPv6 in explanations', '%{c}', '2001:db8::cb01', ctx6, true],
    ['§7.3 r is the receiving host', '%{r}', 'mx.receiver.example', ctx4, true],
    ['§7.3 t is the timestamp', '%{t}', '1400000000', ctx4, true],
    ['§7.3 v is "ip6" for IPv6', '%{v}', 'ip6', ctx6],
    ['§7.1 %% %_ %- escapes', 'a%%b%_c%-d', 'a%b c%20d'],
    ['§7.3 upper-case letters are URL-escaped', '%{L}', 'strong-bad'],
    ['§7.3 several delimiters split together', '%{l2r+-}', 'bad.strong'],
    ['§7.3 more digits than parts keeps all parts', '%{d9}', 'email.example.com'],
    ['§6.2 spaces are allowed in explanation text', 'not from %{i} ok', 'not from 192.0.2.3 ok', ctx4, true],
  ];
  it.each(cases)('%s', async (_, macro, expected, ctx = ctx4, explanation = false) => {
    expect(await expand(macro, ctx, explanation)).toBe(expected);
  });

  it('§7.3 URL escaping keeps RFC 3986 unreserved characters only', async () => {
    const ctx = { ...ctx4, localPart: '~jack&jill=up-a_b3.c' };
    expect(await expand('%{L}', ctx)).toBe('~jack%26jill%3Dup-a_b3.c');
    expect(urlEscape('é /')).toBe('%C3%A9%20%2F');
  });

  it('§7.3 transformers split, reverse and keep the right-most parts', () => {
    expect(transform('a.b.c.d', 2, false, '')).toBe('c.d');
    expect(transform('a.b.c.d', 2, true, '')).toBe('b.a');
    expect(transform('foo-bar+zip+quux', 2, true, '+-')).toBe('bar.foo');
  });
});

describe('macro-string and domain-spec syntax', () => {
  const errors: [string, string, string, boolean?][] = [
    ['§7.1 % must be followed by {, %, _ or -', 'foo%.example.com', 'invalid_macro'],
    ['§7.1 unterminated macro', '%{d', 'invalid_macro'],
    ['§7.1 "(" is not "{"', '%(ir).sbl.example.com', 'invalid_macro'],
    ['§7.2 unknown letter', '%{x}', 'unknown_macro_letter'],
    ['§7.2 exp-only letter outside explanation', '%{c}.example.com', 'macro_letter_not_allowed'],
    ['§7.3 zero digits', '%{d0}', 'zero_digits'],
    ['§7.1 invalid delimiter', '%{l;}', 'invalid_macro'],
    ['§7.1 space outside explanation', 'a b', 'invalid_character'],
    ['§6.2 non-ASCII in explanation', '\u00efExplanation', 'invalid_character', true],
  ];
  it.each(errors)('%s', (_, text, code, explanation = false) => {
    const p = parseMacroString(text, { explanation });
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error.code).toBe(code);
  });

  const specs: [string, string, boolean][] = [
    ['§7.1 ends in "." toplabel', 'example.com', true],
    ['§7.1 ends in "." toplabel "."', 'example.com.', true],
    ['§7.1 ends in a macro', '%{d}', true],
    ['§7.1 ends in %- (a macro-expand)', 'foo.%-', true],
    ['§7.1 numeric toplabel', 'example.123', false],
    ['§7.1 toplabel with inner dash', 'example.xn--zckzah', true],
    ['§7.1 toplabel ending in dash', 'example.com-', false],
    ['§7.1 literal after a macro needs its own "." toplabel', '%{d}com', false],
    ['§7.1 a lone trailing dot after a macro', '%{d}.', false],
    ['§7.1 empty', '', false],
  ];
  it.each(specs)('%s', (_, spec, ok) => {
    expect(parseDomainSpec(spec).ok).toBe(ok);
  });
});

describe('expandDomainSpec', () => {
  it('§7.3 drops labels from the left until the name fits 253 characters, and the trailing dot', async () => {
    const long = 'somewhat.long.exp.example.com';
    const p = parseDomainSpec('foobar.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.example.com.');
    if (!p.ok) throw new Error('parse');
    const name = await expandDomainSpec(p.tokens, { ...ctx4, senderDomain: long });
    expect(name).toBe(`${Array(8).fill(long).join('.')}.example.com`);
    expect(name.length).toBeLessThanOrEqual(253);
  });
});
