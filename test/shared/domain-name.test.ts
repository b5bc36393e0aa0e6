import { describe, expect, it } from 'vitest';
import { parseAssessmentRequest } from '../../shared/assessment';
import { isSubdomainOf, parseDomainName, toUnicode } from '../../shared/domain-name';

describe('parseDomainName', () => {
  it.each([
    // [input, ascii, why]
    ['firma.cz', 'firma.cz', 'plain LDH name (RFC 1035 §2.3.1)'],
    ['Firma.CZ.', 'firma.cz', 'case-insensitive, trailing root dot (RFC 4343)'],
    ['  firma.cz  ', 'firma.cz', 'surrounding spaces from copy-paste'],
    ['příklad.cz', 'xn--pklad-zsa96e.cz', 'IDN to A-label (RFC 5891 §4)'],
    ['xn--pklad-zsa96e.cz', 'xn--pklad-zsa96e.cz', 'A-label kept'],
    ['MÜNCHEN.de', 'xn--mnchen-3ya.de', 'UTS #46 mapping lower-cases U-labels'],
  ])('accepts %s', (input, ascii) => {
    const r = parseDomainName(input);
    expect(r).toMatchObject({ ok: true, ascii });
  });

  it.each([
    ['', 'empty'],
    ['fir ma.cz', 'invalid_character'],
    ['firma..cz', 'empty_label'],
    ['-firma.cz', 'hyphen_position'],
    ['firma', 'single_label'],
    ['192.0.2.1', 'ip_literal'],
    ['2001:db8::1', 'ip_literal'],
    ['ex_ample.cz', 'invalid_character'],
    [`${'a'.repeat(64)}.cz`, 'label_too_long'], // RFC 1035 §2.3.4: 63 octets per label
    [`${'abcdefghi.'.repeat(26)}cz`, 'too_long'], // RFC 1035 §2.3.4: 255 octets on the wire
    ['xn--zz.cz', 'invalid_idn'],
    ['firma.123', 'numeric_tld'], // RFC 3696 §2
    ['https://firma.cz/', 'invalid_character'],
  ])('rejects %j as %s', (input, reason) => {
    expect(parseDomainName(input)).toMatchObject({ ok: false, reason });
  });

  it('allows service labels only when asked (RFC 7489 §6.1 `_dmarc`)', () => {
    expect(parseDomainName('_dmarc.firma.cz').ok).toBe(false);
    expect(parseDomainName('_dmarc.firma.cz', { allowServiceLabels: true })).toMatchObject({ ok: true, ascii: '_dmarc.firma.cz' });
  });

  it('shows IDN in both forms', () => {
    expect(toUnicode('xn--pklad-zsa96e.cz')).toBe('příklad.cz');
    expect(parseDomainName('příklad.cz')).toMatchObject({ unicode: 'příklad.cz' });
  });

  // A label of ~120k code points (200k here, past any stack size) with one non-ASCII character once overflowed the stack in the
  // Punycode decoder (the 253-octet check ran after IDNA conversion).
  const huge = `${'a'.repeat(200_000)}ü.cz`;

  it('rejects a huge input as too_long before any IDNA work, never throwing', () => {
    expect(parseDomainName(huge)).toMatchObject({ ok: false, reason: 'too_long' });
    expect(parseDomainName('a'.repeat(2000))).toMatchObject({ ok: false, reason: 'too_long' });
    expect(parseDomainName(`${'ü'.repeat(1100)}.cz`, { allowSingleLabel: true })).toMatchObject({ ok: false, reason: 'too_long' });
  });

  it('decodes a long Punycode label without spreading it into one call', () => {
    const label = new URL(`http://${'a'.repeat(200_000)}ü.invalid/`).hostname.slice(0, -'.invalid'.length);
    expect(() => toUnicode(`${label}.cz`)).not.toThrow();
    expect(toUnicode(`${label}.cz`)).toBe(`${'a'.repeat(200_000)}ü.cz`);
  });

  it('the request schema reports a huge domain as an invalid request, not an exception', () => {
    const parsed = parseAssessmentRequest({ domain: huge });
    expect(parsed.ok).toBe(false);
    const extra = parseAssessmentRequest({ domain: 'firma.cz', extraHosts: [huge] });
    expect(extra.ok).toBe(false);
  });

  it('isSubdomainOf compares whole labels', () => {
    expect(isSubdomainOf('mail.firma.cz.', 'FIRMA.cz')).toBe(true);
    expect(isSubdomainOf('notfirma.cz', 'firma.cz')).toBe(false);
  });
});
