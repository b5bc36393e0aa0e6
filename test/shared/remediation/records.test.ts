import { describe, expect, it } from 'vitest';
import { composeDmarc, correctSpf, droppedDmarcTags, reusableUri } from '../../../shared/remediation/records';
import { parseDmarcRecord } from '../../../shared/dmarc';
import { parseSpfRecord } from '../../../shared/spf/parse';
import { withoutTestingFlag } from '../../../shared/remediation/steps/mail-auth';
import { parseDkimKeyRecord } from '../../../shared/dkim';

/** The assessment found one on-premises MX host at 192.0.2.1. */
const MX = { term: 'mx', addresses: ['192.0.2.1'] };
const base = { senders: [MX], freshAll: '~all' as const };

describe('correctSpf', () => {
  it.each<[string, Parameters<typeof correctSpf>[0], string | undefined]>([
    // RFC 7208 §5.1: "+all" passes every sender; the smallest fix changes only the qualifier.
    ['+all becomes ~all', { records: ['v=spf1 mx +all'], addExchangeOnline: false, fixAll: true, ...base }, 'v=spf1 mx ~all'],
    [
      'bare all is +all; the MX the record does not list is added',
      { records: ['v=spf1 a all'], addExchangeOnline: false, fixAll: true, ...base },
      'v=spf1 a mx ~all',
    ],
    [
      '?all becomes ~all; the MX is listed by its address already',
      { records: ['v=spf1 ip4:192.0.2.1 ?all'], addExchangeOnline: false, fixAll: true, ...base },
      'v=spf1 ip4:192.0.2.1 ~all',
    ],
    // Issue 10, correction 10: "+all" → "~all" alone authorises nobody, the organisation's own server included.
    [
      '+all alone keeps every sender the assessment found',
      {
        records: ['v=spf1 +all'],
        addExchangeOnline: false,
        fixAll: true,
        senders: [MX, { term: 'include:spf.protection.outlook.com' }, { term: 'a:relay.firma.cz', addresses: ['192.0.2.7'] }],
        freshAll: '~all',
      },
      'v=spf1 mx include:spf.protection.outlook.com a:relay.firma.cz ~all',
    ],
    [
      'a sender listed by its address or with a qualifier is not added twice',
      {
        records: ['v=spf1 +mx ip4:192.0.2.7 ?all'],
        addExchangeOnline: false,
        fixAll: true,
        senders: [MX, { term: 'a:relay.firma.cz', addresses: ['192.0.2.7'] }],
        freshAll: '~all',
      },
      'v=spf1 +mx ip4:192.0.2.7 ~all',
    ],
    ['-all stays', { records: ['v=spf1 mx -all'], addExchangeOnline: false, fixAll: true, ...base }, 'v=spf1 mx -all'],
    // RFC 7208 §4.7: no all and no redirect → neutral; append the all.
    ['missing all is appended', { records: ['v=spf1 mx'], addExchangeOnline: false, fixAll: true, ...base }, 'v=spf1 mx ~all'],
    [
      'redirect keeps its meaning',
      { records: ['v=spf1 redirect=_spf.firma.cz'], addExchangeOnline: false, fixAll: true, ...base },
      'v=spf1 redirect=_spf.firma.cz',
    ],
    [
      'EXO include goes before the all',
      { records: ['v=spf1 ip4:198.51.100.25 -all'], addExchangeOnline: true, fixAll: false, ...base },
      'v=spf1 ip4:198.51.100.25 include:spf.protection.outlook.com -all',
    ],
    [
      'EXO include goes before a redirect',
      { records: ['v=spf1 a redirect=_spf.firma.cz'], addExchangeOnline: true, fixAll: false, ...base },
      'v=spf1 a include:spf.protection.outlook.com redirect=_spf.firma.cz',
    ],
    [
      'EXO include is not doubled',
      { records: ['v=spf1 include:SPF.protection.outlook.com -all'], addExchangeOnline: true, fixAll: false, ...base },
      'v=spf1 include:SPF.protection.outlook.com -all',
    ],
    [
      'every user term is kept, in order',
      {
        records: ['v=spf1 a:mail.firma.cz ip4:192.0.2.0/24 include:_spf.google.com exists:%{i}.x.firma.cz +all'],
        addExchangeOnline: true,
        fixAll: true,
        ...base,
      },
      'v=spf1 a:mail.firma.cz ip4:192.0.2.0/24 include:_spf.google.com exists:%{i}.x.firma.cz include:spf.protection.outlook.com ~all',
    ],
    // RFC 7208 §3.2: more than one record is a permerror; merge into one.
    [
      'two records merge',
      { records: ['v=spf1 mx -all', 'v=spf1 include:_spf.google.com -all'], addExchangeOnline: false, fixAll: true, ...base },
      'v=spf1 mx include:_spf.google.com -all',
    ],
    [
      'two records with different all merge to ~all',
      { records: ['v=spf1 mx -all', 'v=spf1 mx ip4:192.0.2.1 ~all'], addExchangeOnline: false, fixAll: true, ...base },
      'v=spf1 mx ip4:192.0.2.1 ~all',
    ],
    [
      'records with redirect cannot merge',
      { records: ['v=spf1 redirect=a.cz', 'v=spf1 mx -all'], addExchangeOnline: false, fixAll: true, ...base },
      undefined,
    ],
    [
      'new record on Exchange Online',
      { records: [], addExchangeOnline: true, fixAll: true, senders: [{ term: 'include:spf.protection.outlook.com' }], freshAll: '-all' },
      'v=spf1 include:spf.protection.outlook.com -all',
    ],
    [
      // Issue 10, correction 10: a new on-premises record follows the rule of corrections, ~all first.
      'new record on premises',
      { records: [], addExchangeOnline: false, fixAll: true, ...base },
      'v=spf1 mx ~all',
    ],
  ])('%s', (_, input, expected) => {
    const result = correctSpf(input);
    expect(result?.record).toBe(expected);
    // Whatever we propose must itself be a valid SPF record (RFC 7208 §4.6).
    if (result) expect(parseSpfRecord(result.record).errors).toEqual([]);
  });

  it('names every change it makes', () => {
    expect(correctSpf({ records: ['v=spf1 mx +all'], addExchangeOnline: true, fixAll: true, ...base })!.changes).toEqual([
      { kind: 'added', term: 'include:spf.protection.outlook.com' },
      { kind: 'replaced', from: '+all', to: '~all' },
    ]);
  });

  it('refuses to rewrite a record holding control characters', () => {
    expect(correctSpf({ records: ['v=spf1 mx\n+all'], addExchangeOnline: false, fixAll: true, ...base })).toBeUndefined();
  });
});

describe('composeDmarc (RFC 7489 §6.4)', () => {
  it.each<[string, Parameters<typeof composeDmarc>[0], string]>([
    [
      'minimal monitoring record',
      { p: 'none', rua: ['mailto:dmarc-reports@firma.cz'] },
      'v=DMARC1; p=none; rua=mailto:dmarc-reports@firma.cz',
    ],
    ['defaults are left out', { p: 'reject', pct: 100, rua: [], adkim: 'r', aspf: 'r', fo: ['0'] }, 'v=DMARC1; p=reject'],
    [
      'strict alignment, sp, pct, several URIs',
      {
        p: 'quarantine',
        sp: 'reject',
        pct: 25,
        rua: ['mailto:a@firma.cz', 'mailto:b@firma.cz!10485760'],
        adkim: 's',
        aspf: 's',
        fo: ['1', 'd'],
      },
      'v=DMARC1; p=quarantine; sp=reject; pct=25; rua=mailto:a@firma.cz,mailto:b@firma.cz!10485760; adkim=s; aspf=s; fo=1:d',
    ],
  ])('%s', (_, input, expected) => {
    const text = composeDmarc(input);
    expect(text).toBe(expected);
    const parsed = parseDmarcRecord(text);
    // pct and a !size are valid RFC 7489 syntax that RFC 9989 reports as historic/obsolete; the
    // DMARC plan never passes them (test/shared/remediation/dmarc-rfc9989.test.ts).
    expect(parsed.problems.filter((p) => p.code !== 'historic_tag' && p.code !== 'obsolete_size')).toEqual([]);
    expect(parsed.record.p).toBe(input.p);
  });

  it('reuses only URIs that survive re-serialisation', () => {
    expect(reusableUri({ uri: 'mailto:d@firma.cz', address: 'd@firma.cz', domain: 'firma.cz', maxBytes: 10485760 })).toBe(
      'mailto:d@firma.cz!10485760',
    );
    expect(reusableUri({ uri: 'https://firma.cz/r', address: '', domain: 'firma.cz' })).toBeUndefined();
    expect(reusableUri({ uri: 'mailto:a;b@firma.cz', address: 'a;b@firma.cz', domain: 'firma.cz' })).toBeUndefined();
    expect(reusableUri({ uri: 'mailto:a@evil domain', address: 'a@evil domain', domain: 'evil domain' })).toBeUndefined();
  });

  it('lists tags a new record leaves out, but not defaults', () => {
    const parsed = parseDmarcRecord('v=DMARC1; p=none; pct=100; rua=mailto:d@firma.cz; t=y; foo=bar; ri=3600');
    const dropped = droppedDmarcTags(
      { ...parsed.record, tags: parsed.record.tags, rua: [], ruf: [], fo: parsed.record.fo },
      'v=DMARC1; p=quarantine; rua=mailto:d@firma.cz',
    );
    expect(dropped).toEqual(['t=y', 'foo=bar', 'ri=3600']);
  });
});

describe('withoutTestingFlag (RFC 6376 §3.6.1 t=)', () => {
  it.each<[string, string | undefined]>([
    ['v=DKIM1; k=rsa; t=y; p=QUJD', 'v=DKIM1; k=rsa; p=QUJD'],
    ['v=DKIM1; t=y:s; p=QUJD', 'v=DKIM1; t=s; p=QUJD'],
    ['v=DKIM1; t = s:y ; p=QUJD', 'v=DKIM1; t=s; p=QUJD'],
    ['v=DKIM1;t=Y;p=QUJD', 'v=DKIM1;p=QUJD'],
    ['v=DKIM1; p=QUJD', undefined],
    ['v=DKIM1; t=y;\np=QUJD', undefined],
  ])('%j → %j', (input, expected) => {
    const out = withoutTestingFlag(input);
    expect(out).toBe(expected);
    if (out) expect(parseDkimKeyRecord(out).record?.testing).toBe(false);
  });
});
