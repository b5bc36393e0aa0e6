/**
 * TLSA presentation format (RFC 6698 §2.2), usability for SMTP (RFC 7672 §3.1) and rollover
 * readiness (RFC 7671 §8).
 */
import { describe, expect, it } from 'vitest';
import {
  classifyTlsa,
  describeTlsaParameters,
  formatTlsa,
  matchingTypeMnemonic,
  parseTlsaText,
  rolloverReadiness,
  selectorMnemonic,
  TlsaSyntaxError,
  usageMnemonic,
  type TlsaRecord,
} from '../../../shared/dane/tlsa';

const SHA256 = 'AB'.repeat(32);
const SHA512 = 'CD'.repeat(64);
const tlsa = (usage: number, selector: number, matchingType: number, data: string): TlsaRecord => ({ usage, selector, matchingType, data });

describe('parseTlsaText', () => {
  it('reads usage, selector, matching type and the data, upper-cased', () => {
    expect(parseTlsaText(`3 1 1 ${SHA256.toLowerCase()}`)).toEqual(tlsa(3, 1, 1, SHA256));
  });

  it('joins data split by white space (RFC 6698 §2.2)', () => {
    expect(parseTlsaText(`  2 0 1 ${SHA256.slice(0, 20)}\t${SHA256.slice(20, 40)}\n ${SHA256.slice(40)} `)).toEqual(tlsa(2, 0, 1, SHA256));
  });

  it('takes a record without data as our DNS layer renders it (`3 1 1 `)', () => {
    expect(parseTlsaText('3 1 1 ')).toEqual(tlsa(3, 1, 1, ''));
  });

  it('reads values outside the registries, to classify them later', () => {
    expect(parseTlsaText('255 7 9 00')).toEqual(tlsa(255, 7, 9, '00'));
  });

  it('reads the RFC 3597 generic form', () => {
    expect(parseTlsaText(`\\# 35 030101${SHA256}`)).toEqual(tlsa(3, 1, 1, SHA256));
  });

  it.each([
    ['', 'empty'],
    ['3 1', 'two fields'],
    ['256 1 1 AB', 'usage over 255'],
    ['3 -1 1 AB', 'negative selector'],
    ['3 1 x AB', 'matching type not a number'],
    ['3 1 1 ABC', 'odd number of hex digits'],
    ['3 1 1 GG', 'not hex'],
    ['3 1 1 AB;', 'trailing junk'],
    ['1e0 1 1 AB', 'not decimal'],
    ['\\# 3 0301', 'generic length disagrees'],
    ['\\# 2 0301', 'generic RDATA too short'],
  ])('throws TlsaSyntaxError for %j (%s)', (text) => {
    expect(() => parseTlsaText(text)).toThrow(TlsaSyntaxError);
  });
});

describe('formatTlsa', () => {
  it('prints the presentation format, data upper-case, and round-trips', () => {
    const text = formatTlsa(tlsa(3, 1, 1, SHA256.toLowerCase()));
    expect(text).toBe(`3 1 1 ${SHA256}`);
    expect(parseTlsaText(text)).toEqual(tlsa(3, 1, 1, SHA256));
  });

  it('prints a record without data without a trailing space', () => {
    expect(formatTlsa(tlsa(3, 0, 0, ''))).toBe('3 0 0');
  });

  it.each([tlsa(256, 1, 1, SHA256), tlsa(3, 1.5, 1, SHA256), tlsa(3, 1, 1, 'ABC'), tlsa(3, 1, 1, 'XY')])('refuses %j', (r) => {
    expect(() => formatTlsa(r)).toThrow(TlsaSyntaxError);
  });
});

describe('RFC 7218 mnemonics', () => {
  it('names usages, selectors and matching types', () => {
    expect([0, 1, 2, 3, 4].map(usageMnemonic)).toEqual(['PKIX-TA', 'PKIX-EE', 'DANE-TA', 'DANE-EE', undefined]);
    expect([0, 1, 2].map(selectorMnemonic)).toEqual(['Cert', 'SPKI', undefined]);
    expect([0, 1, 2, 3].map(matchingTypeMnemonic)).toEqual(['Full', 'SHA2-256', 'SHA2-512', undefined]);
  });

  it('describes parameters, leaving unknown values as numbers', () => {
    expect(describeTlsaParameters(tlsa(3, 1, 1, SHA256))).toBe('DANE-EE(3) SPKI(1) SHA2-256(1)');
    expect(describeTlsaParameters(tlsa(2, 0, 2, SHA512))).toBe('DANE-TA(2) Cert(0) SHA2-512(2)');
    expect(describeTlsaParameters(tlsa(7, 0, 0, ''))).toBe('7 Cert(0) Full(0)');
  });
});

describe('classifyTlsa (RFC 7672 §3.1)', () => {
  it.each([
    [tlsa(3, 1, 1, SHA256), undefined],
    [tlsa(2, 0, 1, SHA256), undefined],
    [tlsa(3, 1, 2, SHA512), undefined],
    [tlsa(3, 0, 0, '3082'), undefined],
    [tlsa(0, 0, 1, SHA256), 'usage-pkix'],
    [tlsa(1, 1, 1, SHA256), 'usage-pkix'],
    [tlsa(4, 1, 1, SHA256), 'unknown-usage'],
    [tlsa(255, 1, 1, SHA256), 'unknown-usage'],
    [tlsa(3, 2, 1, SHA256), 'unknown-selector'],
    [tlsa(3, 1, 3, SHA256), 'unknown-matching-type'],
    [tlsa(3, 1, 1, SHA512), 'bad-digest-length'],
    [tlsa(3, 1, 1, SHA256.slice(2)), 'bad-digest-length'],
    [tlsa(3, 1, 2, SHA256), 'bad-digest-length'],
    [tlsa(3, 1, 1, ''), 'bad-digest-length'],
    [tlsa(3, 0, 0, ''), 'full-data-empty'],
  ])('%j → %s', (record, reason) => {
    expect(classifyTlsa(record)).toEqual(reason ? { usable: false, reason } : { usable: true });
  });
});

describe('rolloverReadiness (RFC 7671 §8)', () => {
  const current = tlsa(3, 1, 1, SHA256);
  const next = tlsa(3, 1, 1, 'EF'.repeat(32));

  it('is ready when the next key is published beside the current one', () => {
    expect(rolloverReadiness([current, next], [0])).toEqual({ ready: true, why: 'next-key-published' });
  });

  it('is ready with DANE-EE and DANE-TA both matching ("3 1 1" + "2 1 1")', () => {
    expect(rolloverReadiness([current, tlsa(2, 1, 1, 'EF'.repeat(32))], [0, 1])).toEqual({ ready: true, why: 'ta-and-ee' });
  });

  it('is not ready with the current key alone', () => {
    expect(rolloverReadiness([current], [0])).toEqual({ ready: false, why: 'single-record' });
  });

  it('does not count an unusable record as the next key', () => {
    expect(rolloverReadiness([current, tlsa(1, 1, 1, 'EF'.repeat(32))], [0])).toEqual({ ready: false, why: 'single-record' });
    expect(rolloverReadiness([current, tlsa(3, 1, 1, 'EF'.repeat(31))], [0])).toEqual({ ready: false, why: 'single-record' });
  });

  it('does not count a non-matching record of other parameters (RFC 7671 §8.4: each combination must match now)', () => {
    expect(rolloverReadiness([current, tlsa(2, 0, 1, 'EF'.repeat(32))], [0])).toEqual({ ready: false, why: 'single-record' });
  });

  it('does not count an unusable matching record as current', () => {
    expect(rolloverReadiness([tlsa(1, 1, 1, SHA256), next], [0])).toEqual({ ready: false, why: 'no-match' });
  });

  it('says no-match when nothing matches the served chain', () => {
    expect(rolloverReadiness([current, next], [])).toEqual({ ready: false, why: 'no-match' });
  });

  it('prefers the published next key over the TA-and-EE pattern', () => {
    expect(rolloverReadiness([current, tlsa(2, 1, 1, 'EF'.repeat(32)), next], [0, 1])).toEqual({ ready: true, why: 'next-key-published' });
  });

  it('needs both usages to match for ta-and-ee', () => {
    expect(rolloverReadiness([current, tlsa(3, 1, 2, SHA512)], [0, 1])).toEqual({ ready: false, why: 'single-record' });
  });
});
