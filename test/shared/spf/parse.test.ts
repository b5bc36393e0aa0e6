import { describe, expect, it } from 'vitest';
import { formatIp } from '../../../shared/spf/ip';
import { isSpfRecord, parseSpfRecord, selectSpfRecords, type Mechanism, type SpfSyntaxErrorCode } from '../../../shared/spf/parse';

describe('isSpfRecord / selectSpfRecords', () => {
  const cases: [string, string, boolean][] = [
    ['§4.5 version alone', 'v=spf1', true],
    ['§4.5 version then space', 'v=spf1 -all', true],
    ['§4.5 version is case-insensitive', 'V=SpF1 ~all', true],
    ['§4.5 version must end in space or end of record', 'v=spf10', false],
    ['§4.5 joined strings without space do not make a version', 'v=spf1mx', false],
    ['§4.5 leading space is not a version', ' v=spf1 -all', false],
    ['§4.5 other TXT', 'google-site-verification=abc', false],
  ];
  it.each(cases)('%s', (_, text, expected) => {
    expect(isSpfRecord(text)).toBe(expected);
  });

  it('§4.5 keeps only SPF records, so several of them can be detected', () => {
    expect(selectSpfRecords(['v=spf1 -all', 'hello', 'v=spf1 +all', 'v=spf10'])).toEqual(['v=spf1 -all', 'v=spf1 +all']);
  });
});

describe('parseSpfRecord: valid records', () => {
  it('§4.6.1, §5: mechanisms with qualifiers, domain-specs and CIDR lengths', () => {
    const p = parseSpfRecord(
      'v=spf1 +a -mx:mail.example.com/24 ~ptr ?include:_spf.example.net ip4:192.0.2.0/24 ip6:2001:db8::/32 exists:%{i}.bl.example.org a/24//64 -all',
    );
    expect(p.ok).toBe(true);
    const m = p.record.mechanisms;
    expect(m.map((x) => [x.qualifier, x.kind])).toEqual([
      ['+', 'a'],
      ['-', 'mx'],
      ['~', 'ptr'],
      ['?', 'include'],
      ['+', 'ip4'],
      ['+', 'ip6'],
      ['+', 'exists'],
      ['+', 'a'],
      ['-', 'all'],
    ]);
    expect(m[1]).toMatchObject({ domainSpec: 'mail.example.com', cidr4: 24 });
    expect(m[1]!.cidr6).toBeUndefined();
    expect(formatIp(m[4]!.network!)).toBe('192.0.2.0');
    expect(m[4]!.cidr4).toBe(24);
    expect(formatIp(m[5]!.network!)).toBe('2001:db8::');
    expect(m[5]!.cidr6).toBe(32);
    expect(m[7]).toMatchObject({ cidr4: 24, cidr6: 64 });
    expect(m[7]!.domainSpec).toBeUndefined();
  });

  it('§4.6.1: mechanism and modifier names are case-insensitive', () => {
    const p = parseSpfRecord('v=spf1 IP4:192.0.2.1 Include:example.com REDIRECT=example.net');
    expect(p.ok).toBe(true);
    expect(p.record.mechanisms.map((x) => x.kind)).toEqual(['ip4', 'include']);
    expect(p.record.redirect?.value).toBe('example.net');
  });

  it('§4.6.1, §4.5: several spaces between terms and trailing spaces are allowed', () => {
    const p = parseSpfRecord('v=spf1  a   -all  ');
    expect(p.ok).toBe(true);
    expect(p.record.terms.map((t) => t.text)).toEqual(['a', '-all']);
  });

  it('§6: exp and unknown modifiers', () => {
    const p = parseSpfRecord('v=spf1 -all exp=explain.%{d} moo.cow-far_out=man:dog/cat default=+');
    expect(p.ok).toBe(true);
    expect(p.record.exp?.value).toBe('explain.%{d}');
    expect(p.record.unknownModifiers.map((m) => m.name)).toEqual(['moo.cow-far_out', 'default']);
  });

  it('§5.3: a domain-spec may hold ":" and "/" before its top label', () => {
    const p = parseSpfRecord('v=spf1 a:foo:bar/baz.example.com');
    expect(p.ok).toBe(true);
    expect(p.record.mechanisms[0]!.domainSpec).toBe('foo:bar/baz.example.com');
  });

  it('§7.1: a domain-spec may end in a macro; toplabel may contain dashes (IDN TLD)', () => {
    expect(parseSpfRecord('v=spf1 a:%{H} exists:%{ir}.%{l1r+-}._spf.%{d} a:foo.example.xn--zckzah').ok).toBe(true);
  });

  it('§4.5: an empty record is valid and has no terms', () => {
    const p = parseSpfRecord('v=spf1');
    expect(p).toMatchObject({ ok: true, errors: [] });
    expect(p.record.terms).toEqual([]);
  });
});

describe('parseSpfRecord: syntax errors', () => {
  const cases: [string, string, SpfSyntaxErrorCode, string][] = [
    ['§4.6.1 unknown mechanism', 'v=spf1 ip4:1.2.3.4 -all moo', 'unknown_mechanism', 'moo'],
    ['§5.1 "all" takes nothing after it', 'v=spf1 -all.', 'unknown_mechanism', '-all.'],
    ['§5.1 "all" takes no argument', 'v=spf1 -all:foobar', 'unexpected_argument', '-all:foobar'],
    ['§5.1 "all" takes no CIDR', 'v=spf1 -all/8', 'unexpected_argument', '-all/8'],
    ['§4.6.1 modifier name must start with a letter', 'v=spf1 1up=foo', 'invalid_term', '1up=foo'],
    ['§4.6.1 empty modifier name', 'v=spf1 =all', 'invalid_term', '=all'],
    ['§4.6.1 "=" must follow the name directly', 'v=spf1 moo.cow/far_out=man:dog/cat', 'unknown_mechanism', 'moo.cow/far_out=man:dog/cat'],
    ['§6.1 redirect is a modifier, not a mechanism', 'v=spf1 redirect:example.com', 'unknown_mechanism', 'redirect:example.com'],
    [
      '§4.6.1 control characters do not separate terms',
      'v=spf1 a:ctrl.example.com\rptr -all',
      'invalid_character',
      'a:ctrl.example.com\rptr',
    ],
    ['§4.6.1 newline inside a term', 'v=spf1 ip4:192.0.2.5\n include:x.example.com', 'invalid_character', 'ip4:192.0.2.5\n'],
    [
      '§3.1 non-ASCII text',
      'v=spf1 a:\u00ef\u00bb\u00bfgarbage.example.net -all',
      'invalid_character',
      'a:\u00ef\u00bb\u00bfgarbage.example.net',
    ],
    ['§5.2 include needs a domain', 'v=spf1 include +all', 'missing_domain', 'include'],
    ['§5.2 include domain cannot be empty', 'v=spf1 include: -all', 'empty_domain', 'include:'],
    ['§5.2 include takes no CIDR', 'v=spf1 include:ip5.example.com/24 -all', 'unexpected_cidr', 'include:ip5.example.com/24'],
    ['§5.7 exists needs a domain', 'v=spf1 exists', 'missing_domain', 'exists'],
    ['§5.7 exists takes no CIDR', 'v=spf1 exists:mail.example.com/24', 'unexpected_cidr', 'exists:mail.example.com/24'],
    ['§5.5 ptr takes no CIDR', 'v=spf1 ptr/0 -all', 'unexpected_cidr', 'ptr/0'],
    ['§5.5 ptr domain cannot be empty', 'v=spf1 ptr:', 'empty_domain', 'ptr:'],
    ['§5.3 a domain cannot be empty', 'v=spf1 a:', 'empty_domain', 'a:'],
    ['§5.3 ip4-cidr-length is at most 32', 'v=spf1 a/33 -all', 'cidr_out_of_range', 'a/33'],
    ['§5.3 ip6-cidr-length is at most 128', 'v=spf1 a//129 -all', 'cidr_out_of_range', 'a//129'],
    ['§5.3 dual-cidr-length uses "//" for IPv6', 'v=spf1 a/24/64 -all', 'invalid_cidr', 'a/24/64'],
    ['§5.4 mx ip4-cidr-length at most 32', 'v=spf1 mx/33 -all', 'cidr_out_of_range', 'mx/33'],
    ['§7.1 top label must not be numeric', 'v=spf1 a:111.222.33.44', 'invalid_domain_end', 'a:111.222.33.44'],
    ['§7.1 top label must not be numeric (2)', 'v=spf1 mx:abc.123', 'invalid_domain_end', 'mx:abc.123'],
    ['§7.1 top label must not start with a dash', 'v=spf1 a:example.-com', 'invalid_domain_end', 'a:example.-com'],
    ['§7.1 a single label is not a domain-spec', 'v=spf1 a:museum', 'invalid_domain_end', 'a:museum'],
    ['§7.1 a trailing dot does not help a single label', 'v=spf1 a:museum.', 'invalid_domain_end', 'a:museum.'],
    ['§7.1 a port is not part of a top label', 'v=spf1 a:example.com:8080', 'invalid_domain_end', 'a:example.com:8080'],
    ['§7.1 "%" must start a macro', 'v=spf1 -exists:%(ir).sbl.example.com ?all', 'invalid_macro', '-exists:%(ir).sbl.example.com'],
    ['§7.1 lone "%" inside a name', 'v=spf1 exists:foo%.sbl.example.com', 'invalid_macro', 'exists:foo%.sbl.example.com'],
    ['§7.2 unknown macro letter', 'v=spf1 a:%{a}.example.com -all', 'unknown_macro_letter', 'a:%{a}.example.com'],
    ['§7.2 c, r, t only in explanation text', 'v=spf1 -all exp=%{r}.example.com', 'macro_letter_not_allowed', 'exp=%{r}.example.com'],
    ['§7.3 digit transformer must be nonzero', 'v=spf1 exists:%{d0}.example.com', 'zero_digits', 'exists:%{d0}.example.com'],
    ['§A unknown modifier needs a valid macro-string', 'v=spf1 -all foo=%abc', 'invalid_macro', 'foo=%abc'],
    ['§5.6 ip4 needs an address', 'v=spf1 ip4', 'missing_address', 'ip4'],
    ['§5.6 ip6 needs an address', 'v=spf1 -all ip6', 'missing_address', 'ip6'],
    ['§5.6 ip4 CIDR range', 'v=spf1 ip4:1.2.3.4/33 -all', 'cidr_out_of_range', 'ip4:1.2.3.4/33'],
    ['§5.6 ip4 CIDR without leading zeros', 'v=spf1 ip4:1.2.3.4/032 -all', 'invalid_cidr', 'ip4:1.2.3.4/032'],
    ['§5.6 ip4 takes no dual CIDR', 'v=spf1 ip4:1.2.3.4//32', 'invalid_cidr', 'ip4:1.2.3.4//32'],
    ['§5.6 ip4 takes no port', 'v=spf1 ip4:1.2.3.4:8080', 'invalid_ip4', 'ip4:1.2.3.4:8080'],
    ['§5.6 ip4 address must be complete', 'v=spf1 ip4:1.2.3', 'invalid_ip4', 'ip4:1.2.3'],
    ['§4.6.1 ip4 octets without leading zeros', 'v=spf1 ip4:192.0.2.01', 'invalid_ip4', 'ip4:192.0.2.01'],
    ['§5.6 ip6 CIDR range', 'v=spf1 ip6:::1.1.1.1/129', 'cidr_out_of_range', 'ip6:::1.1.1.1/129'],
    ['§5.6 ip6 takes no dual CIDR', 'v=spf1 ip6:::1.1.1.1//33', 'invalid_cidr', 'ip6:::1.1.1.1//33'],
    ['§5.6 malformed ip6', 'v=spf1 ip6::CAFE::BABE', 'invalid_ip6', 'ip6::CAFE::BABE'],
    ['§6 exp may appear only once', 'v=spf1 exp=a.example.com -all exp=b.example.com', 'duplicate_modifier', 'exp=b.example.com'],
    [
      '§6 redirect may appear only once',
      'v=spf1 redirect=a.example.com redirect=a.example.com',
      'duplicate_modifier',
      'redirect=a.example.com',
    ],
    ['§6.2 exp needs a domain-spec', 'v=spf1 exp= -all', 'empty_domain', 'exp='],
    ['§6.2 exp is not a greedy unknown modifier', 'v=spf1 exp=-all', 'invalid_domain_end', 'exp=-all'],
    ['§6.1 redirect is not a greedy unknown modifier', 'v=spf1 redirect=-all ?all', 'invalid_domain_end', 'redirect=-all'],
    ['§6.1 redirect needs a domain-spec', 'v=spf1 ?all redirect=', 'empty_domain', 'redirect='],
  ];
  it.each(cases)('%s', (_, text, code, term) => {
    const p = parseSpfRecord(text);
    expect(p.ok).toBe(false);
    expect(p.errors[0]).toMatchObject({ code, term });
    expect(p.errors[0]!.rfc).toMatch(/^RFC 7208 §/);
    expect(p.errors[0]!.position).toBe(text.lastIndexOf(term));
  });

  it('§4.6: reports every error and keeps the valid terms', () => {
    const p = parseSpfRecord('v=spf1 a:bad.123 ip4:192.0.2.1 moo -all');
    expect(p.errors.map((e) => e.code)).toEqual(['invalid_domain_end', 'unknown_mechanism']);
    expect(p.record.mechanisms.map((m: Mechanism) => m.text)).toEqual(['ip4:192.0.2.1', '-all']);
  });

  it('§4.5: a text that is not an SPF record', () => {
    expect(parseSpfRecord('v=spf10 -all').errors[0]!.code).toBe('not_spf_record');
  });
});
