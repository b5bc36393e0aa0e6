import { describe, expect, it } from 'vitest';
import { buildRequest, checkHosts, checkSelectors, emptyFields, splitList, validateFields } from '../../renderer/src/lib/form';
import { AssessmentRequestSchema } from '../../shared/assessment';

describe('splitList', () => {
  it.each([
    ['', []],
    ['mail.firma.cz', ['mail.firma.cz']],
    ['mail.firma.cz, owa.firma.cz', ['mail.firma.cz', 'owa.firma.cz']],
    ['mail.firma.cz\nowa.firma.cz\n\n', ['mail.firma.cz', 'owa.firma.cz']],
    ['s1; s2  s3', ['s1', 's2', 's3']],
    ['Mail.firma.cz mail.FIRMA.cz', ['Mail.firma.cz']],
  ])('%j → %j', (input, expected) => {
    expect(splitList(input)).toEqual(expected);
  });
});

describe('validateFields', () => {
  const fields = (over: Partial<ReturnType<typeof emptyFields>>) => ({ ...emptyFields(), ...over });

  it.each([
    ['', 'domain.empty'],
    ['firma', 'domain.single_label'],
    ['192.0.2.1', 'domain.ip_literal'],
    ['fir ma.cz', 'domain.invalid_character'],
    ['-firma.cz', 'domain.hyphen_position'],
    ['firma..cz', 'domain.empty_label'],
    ['firma.123', 'domain.numeric_tld'],
  ])('domain %j is refused with %s (RFC 1035 §2.3.4, RFC 3696 §2)', (domain, key) => {
    expect(validateFields(fields({ domain })).domain).toEqual({ key });
  });

  it.each(['firma.cz', 'FIRMA.cz.', 'příklad.cz', 'xn--pklad-zsa96e.cz', 'mail.sub.firma.co.uk'])('domain %j is accepted', (domain) => {
    expect(validateFields(fields({ domain }))).toEqual({});
  });

  it('names the first bad extra host and the reason key', () => {
    expect(validateFields(fields({ domain: 'firma.cz', extraHosts: 'mail.firma.cz, ho$t.firma.cz, owa' })).extraHosts).toEqual({
      key: 'ui.domain.list_invalid',
      params: { item: 'ho$t.firma.cz', reason: 'domain.invalid_character' },
    });
  });

  it('accepts single-label DKIM selectors (RFC 6376 §3.1) but not a bad one', () => {
    expect(checkSelectors('s2024, selector1').every((c) => c.ok)).toBe(true);
    expect(validateFields(fields({ domain: 'firma.cz', dkimSelectors: 's1, a_b' })).dkimSelectors?.params['item']).toBe('a_b');
  });

  it('limits names and list lengths as the request schema does', () => {
    expect(validateFields(fields({ domain: 'firma.cz', clientName: 'x'.repeat(201) })).clientName).toBeDefined();
    const hosts = Array.from({ length: 51 }, (_, i) => `h${i}.firma.cz`).join(' ');
    expect(validateFields(fields({ domain: 'firma.cz', extraHosts: hosts })).extraHosts?.key).toBe('ui.domain.list_too_long');
  });

  it('shows both forms of an IDN host', () => {
    expect(checkHosts('pošta.příklad.cz')[0]).toMatchObject({
      ok: true,
      ascii: 'xn--pota-h6a.xn--pklad-zsa96e.cz',
      unicode: 'pošta.příklad.cz',
    });
  });
});

describe('buildRequest', () => {
  it('builds a request the engine schema accepts, trimmed, with the UI language', () => {
    const request = buildRequest(
      {
        domain: ' Příklad.cz ',
        clientName: ' Firma s.r.o. ',
        consultantName: '',
        extraHosts: 'mail.příklad.cz',
        dkimSelectors: 's2024',
        platformHint: 'exchange-2019',
      },
      'en',
    );
    expect(request).toEqual({
      domain: 'Příklad.cz',
      clientName: 'Firma s.r.o.',
      extraHosts: ['mail.příklad.cz'],
      dkimSelectors: ['s2024'],
      platformHint: 'exchange-2019',
      language: 'en',
    });
    const parsed = AssessmentRequestSchema.parse(request);
    expect(parsed.domain).toBe('xn--pklad-zsa96e.cz');
  });

  it('builds nothing while a field is invalid', () => {
    expect(buildRequest({ ...emptyFields(), domain: 'firma' }, 'cs')).toBeUndefined();
  });
});
