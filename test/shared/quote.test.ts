import { describe, expect, it } from 'vitest';
import {
  QuoteError,
  cnameLine,
  dnsName,
  mxLine,
  psArray,
  psString,
  registryPath,
  regString,
  tlsaLine,
  txtLine,
  txtRdata,
  zoneLine,
} from '../../shared/quote';
import { lexPowerShell, parseZoneLine } from './remediation/parsers';

/** Values as a hostile or merely broken DNS record could deliver them. */
const HOSTILE = [
  "<script>alert('x')</script>",
  "it's",
  "''",
  "a'; Remove-Item -Recurse C:\\ ; '",
  '$(Invoke-Expression whoami)',
  '`whoami`',
  '${env:PATH}',
  '"double" and \\backslash\\',
  'semi;colon ; and # hash',
  'typographic ‘quotes’ and ‚low‛',
  'ünïcödé příliš žluťoučký kůň',
  '@"here-string"@',
];

describe('psString (PowerShell verbatim string, about_Quoting_Rules)', () => {
  it.each(HOSTILE)('reads back as exactly one literal holding the value: %s', (value) => {
    const tokens = lexPowerShell(psString(value));
    expect(tokens).toEqual([{ type: 'string', value }]);
  });

  it('keeps a hostile value a single argument inside a command', () => {
    for (const value of HOSTILE) {
      const tokens = lexPowerShell(`Set-DkimSigningConfig -Identity ${psString(value)} -Enabled $true`);
      expect(tokens).toEqual([
        { type: 'word', text: 'Set-DkimSigningConfig' },
        { type: 'parameter', name: 'Identity' },
        { type: 'string', value },
        { type: 'parameter', name: 'Enabled' },
        { type: 'variable', name: 'true' },
      ]);
    }
  });

  it.each([
    'line\nbreak',
    'carriage\rreturn',
    'nul\u0000',
    'tab\there',
    'esc\u001b[31m',
    'next\u0085line',
    'ls\u2028',
    'bidi\u202eevil',
    'isolate\u2066x',
  ])('refuses control and bidirectional characters: %j', (value) => {
    expect(() => psString(value)).toThrow(QuoteError);
  });

  it('joins arrays as comma-separated literals', () => {
    expect(lexPowerShell(psArray(['a.cz', "b'c"])).filter((t) => t.type === 'string')).toEqual([
      { type: 'string', value: 'a.cz' },
      { type: 'string', value: "b'c" },
    ]);
  });
});

describe('txtRdata (RFC 1035 §5.1 presentation format)', () => {
  const decode = (rdata: string) => parseZoneLine(`x.cz. IN TXT ${rdata}`);

  it.each([...HOSTILE, '', 'v=spf1 -all', 'v=DMARC1; p=reject; rua=mailto:dmarc@firma.cz'])('round-trips %j', (value) => {
    const rdata = txtRdata(value);
    expect(decode(rdata).text).toBe(value);
    // Only printable ASCII reaches the zone file: no raw newline or non-ASCII octet.
    expect(rdata).toMatch(/^[\x20-\x7e]*$/);
  });

  it('splits long values into character-strings of at most 255 octets', () => {
    const value = `v=spf1 ${Array.from({ length: 60 }, (_, i) => `ip4:192.0.2.${i}`).join(' ')} -all`;
    const parsed = decode(txtRdata(value));
    expect(value.length).toBeGreaterThan(255);
    expect(parsed.strings!.length).toBe(Math.ceil(value.length / 255));
    expect(parsed.strings!.every((s) => s.length <= 255)).toBe(true);
    expect(parsed.text).toBe(value);
  });

  it('counts octets, not characters, and survives a split inside a multi-byte character', () => {
    const value = 'ž'.repeat(200); // 400 octets in UTF-8
    const parsed = decode(txtRdata(value));
    expect(parsed.strings!.map((s) => s.length)).toEqual([255, 145]);
    expect(parsed.text).toBe(value);
  });

  it('writes control characters as \\DDD instead of raw bytes', () => {
    expect(txtRdata('a\nb\u0000')).toBe('"a\\010b\\000"');
    expect(decode(txtRdata('a\nb')).text).toBe('a\nb');
  });
});

describe('names and zone-file lines', () => {
  it.each([
    ['firma.cz', 'firma.cz.'],
    ['FIRMA.CZ.', 'firma.cz.'],
    ['_dmarc.firma.cz', '_dmarc.firma.cz.'],
    ['selector1._domainkey.firma.cz', 'selector1._domainkey.firma.cz.'],
    ['_25._tcp.mail.firma.cz', '_25._tcp.mail.firma.cz.'],
    ['příklad.cz', 'xn--pklad-zsa96e.cz.'],
  ])('dnsName(%s) = %s', (input, expected) => {
    expect(dnsName(input)).toBe(expected);
  });

  it.each(['firma.cz; rm -rf /', 'a b.cz', 'x\n.cz', '"quoted".cz', '$(x).cz', '`x`.cz', '<script>.cz', 'a..cz', '192.0.2.1', ''])(
    'dnsName refuses %j',
    (input) => {
      expect(() => dnsName(input)).toThrow(QuoteError);
    },
  );

  it('writes lines a zone parser reads back', () => {
    expect(parseZoneLine(txtLine('_dmarc.firma.cz', 'v=DMARC1; p=none', 3600))).toMatchObject({
      owner: '_dmarc.firma.cz.',
      ttl: 3600,
      type: 'TXT',
      text: 'v=DMARC1; p=none',
    });
    expect(
      parseZoneLine(cnameLine('selector1._domainkey.firma.cz', 'selector1-firma-cz._domainkey.contoso.onmicrosoft.com')),
    ).toMatchObject({
      type: 'CNAME',
      fields: ['selector1-firma-cz._domainkey.contoso.onmicrosoft.com.'],
    });
    expect(parseZoneLine(mxLine('firma.cz', 10, 'mail.firma.cz', 300))).toMatchObject({
      ttl: 300,
      type: 'MX',
      fields: ['10', 'mail.firma.cz.'],
    });
    expect(parseZoneLine(tlsaLine('_25._tcp.mail.firma.cz', 3, 1, 1, 'AB'.repeat(32)))).toMatchObject({
      type: 'TLSA',
      fields: ['3', '1', '1', 'ab'.repeat(32)],
    });
  });

  it('refuses bad targets, TTLs and TLSA data', () => {
    expect(() => cnameLine('x.firma.cz', "evil'.cz")).toThrow(QuoteError);
    expect(() => mxLine('firma.cz', 70000, 'mail.firma.cz')).toThrow(QuoteError);
    expect(() => zoneLine('firma.cz', 'TXT', '"x"', -1)).toThrow(QuoteError);
    expect(() => tlsaLine('_25._tcp.mail.firma.cz', 3, 1, 1, 'zz')).toThrow(QuoteError);
    expect(() => zoneLine('firma.cz', 'TXT', '"a"\n"b"')).toThrow(QuoteError);
  });
});

describe('registry values', () => {
  it('accepts HKLM paths and converts them for .reg files', () => {
    expect(registryPath('HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319')).toEqual({
      powershell: 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319',
      reg: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319',
    });
  });

  it.each(["HKLM:\\SOFTWARE\\x']", 'HKLM:\\a]\n[HKEY_CURRENT_USER\\b', 'HKCU:\\x', 'HKLM:\\a\\\\b', "HKLM:\\a'b"])('refuses %j', (path) => {
    expect(() => registryPath(path)).toThrow(QuoteError);
  });

  it('escapes .reg strings', () => {
    expect(regString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(() => regString('a\nb')).toThrow(QuoteError);
  });
});
