/**
 * Property tests of the DNS record parsers in shared/: SPF (shared/spf/parse.ts), DMARC
 * (shared/dmarc.ts), DKIM key records (shared/dkim.ts). Seeds are the records the lab publishes
 * (test/lab/zones.ts, hostile ones included), edited character by character. None of these
 * parsers documents a throw: each returns its problems as data, so every property first asks
 * "no throw", then that the result is consistent and no bigger than its input allows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePublicKey, parseDkimKeyRecord } from '../../shared/dkim';
import { isDmarcRecord, parseDmarcRecord } from '../../shared/dmarc';
import { parseSpfRecord } from '../../shared/spf/parse';
import { HOSTILE, labZones } from '../lab/zones';
import { FUZZ_TIMEOUT_MS, fuzz, mutatedBytes, mutatedText } from './fuzz';

const texts = labZones().flatMap((z) => z.records.flatMap((r) => (r.type === 'TXT' ? [(r.data as string[]).join('')] : [])));
const SPF = [...texts.filter((t) => /^v=spf1/i.test(t)), HOSTILE.spf, HOSTILE.exoSpf];
const DMARC = [...texts.filter((t) => /^v=DMARC1/i.test(t)), HOSTILE.dmarc, HOSTILE.dmarcDiscarded, HOSTILE.exoDmarc];
const DKIM = texts.filter((t) => /^v=DKIM1/.test(t));

/** Characters that mean something to these grammars, controls and odd Unicode, or anything. */
const piece = fc.oneof(
  fc.constantFrom(
    ' ',
    ';',
    '=',
    ':',
    ',',
    '!',
    '/',
    '%',
    '{',
    '}',
    '.',
    '-',
    '+',
    '~',
    '?',
    '@',
    '\t',
    '\r\n',
    '\0',
    '\u202e',
    '\u0085',
    '\u2028',
    '\uFFFD',
  ),
  fc.constantFrom(
    'v=spf1',
    'include:',
    'ip4:',
    'ip6:',
    'redirect=',
    'exp=',
    '%{d}',
    '%{l1r-}',
    'all',
    'a/24',
    'mx//64',
    '::',
    '255.255.255.255',
    '/0',
    '/33',
  ),
  fc.constantFrom(
    'v=DMARC1',
    'p=',
    'sp=',
    'pct=',
    'rua=mailto:',
    'ri=',
    '!10',
    '!99999999999999999999t',
    'k=',
    'p=MIIB',
    't=y:s',
    'h=sha1',
  ),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const text = (seeds: string[]) =>
  fc.oneof({ weight: 4, arbitrary: mutatedText(seeds, piece) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) });
const bounded = (value: unknown, input: string) => expect(JSON.stringify(value).length).toBeLessThanOrEqual(64 * (input.length + 1) + 2048);

describe('SPF (RFC 7208)', () => {
  it('parses every real record without errors', () => {
    for (const t of SPF.filter((s) => s !== HOSTILE.spf && /^[\x20-\x7e]*$/.test(s))) expect(parseSpfRecord(t).errors, t).toEqual([]);
  });

  it(
    'never throws; ok exactly when there are no errors; every term accounted for, in order, within the text',
    () => {
      fuzz(
        fc.property(text(SPF), (t) => {
          const r = parseSpfRecord(t);
          expect(r.ok).toBe(r.errors.length === 0);
          expect(r.record.text).toBe(t);
          if (!/^v=spf1(?: |$)/i.test(t)) {
            expect(r.errors.map((e) => e.code)).toEqual(['not_spf_record']);
            return;
          }
          const words = t.slice(6).split(' ').filter(Boolean).length;
          expect(r.record.terms.length + r.errors.length).toBe(words);
          for (const e of r.errors) {
            expect(t.slice(e.position, e.position + e.term.length)).toBe(e.term);
            expect(e.rfc).toMatch(/^RFC 7208 §/);
          }
          expect(r.record.mechanisms.length + r.record.unknownModifiers.length + (r.record.redirect ? 1 : 0) + (r.record.exp ? 1 : 0)).toBe(
            r.record.terms.length,
          );
          bounded(r, t);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'reads back a record written from valid terms',
    () => {
      const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
      const domain = fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => [...l, 'test'].join('.'));
      const qualifier = fc.constantFrom('', '+', '-', '~', '?');
      const mechanism = fc.oneof(
        fc.tuple(qualifier, fc.constantFrom('include', 'exists'), domain).map(([q, k, d]) => ({ text: `${q}${k}:${d}`, kind: k })),
        fc
          .tuple(
            qualifier,
            fc.constantFrom('a', 'mx'),
            fc.option(domain),
            fc.option(fc.integer({ min: 0, max: 32 })),
            fc.option(fc.integer({ min: 0, max: 128 })),
          )
          .map(([q, k, d, c4, c6]) => ({
            text: `${q}${k}${d ? `:${d}` : ''}${c4 !== null ? `/${c4}` : ''}${c6 !== null ? `//${c6}` : ''}`,
            kind: k,
          })),
        fc
          .tuple(qualifier, fc.ipV4(), fc.option(fc.integer({ min: 0, max: 32 })))
          .map(([q, ip, c]) => ({ text: `${q}ip4:${ip}${c !== null ? `/${c}` : ''}`, kind: 'ip4' })),
        fc
          .tuple(qualifier, fc.ipV6(), fc.option(fc.integer({ min: 0, max: 128 })))
          .map(([q, ip, c]) => ({ text: `${q}ip6:${ip}${c !== null ? `/${c}` : ''}`, kind: 'ip6' })),
      );
      fuzz(
        fc.property(fc.array(mechanism, { maxLength: 12 }), fc.option(domain), fc.constantFrom(' ', '  '), (ms, redirect, sep) => {
          const record = ['v=spf1', ...ms.map((m) => m.text), ...(redirect ? [`redirect=${redirect}`] : []), '-all'].join(sep);
          const r = parseSpfRecord(record);
          expect(r.errors).toEqual([]);
          expect(r.record.mechanisms.map((m) => m.kind)).toEqual([...ms.map((m) => m.kind), 'all']);
          expect(r.record.redirect?.value).toBe(redirect ?? undefined);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe('DMARC (RFC 7489)', () => {
  it('parses every real record', () => {
    for (const t of DMARC.filter((d) => isDmarcRecord(d) && /; *p=/.test(d))) expect(parseDmarcRecord(t).evaluation.usable, t).toBe(true);
  });

  it(
    'never throws; tags unique; values in their ranges or defaulted with a problem; bounded',
    () => {
      fuzz(
        fc.property(text(DMARC), (t) => {
          const { record, problems, evaluation } = parseDmarcRecord(t);
          const names = record.tags.map((x) => x.name);
          expect(new Set(names).size).toBe(names.length);
          expect(record.pct).toBeGreaterThanOrEqual(0);
          expect(record.pct).toBeLessThanOrEqual(100);
          expect(Number.isSafeInteger(record.ri) && record.ri >= 0 && record.ri <= 0xffffffff).toBe(true);
          for (const p of ['p', 'sp', 'np'] as const)
            if (record[p] !== undefined) expect(['none', 'quarantine', 'reject']).toContain(record[p]);
          for (const u of [...record.rua, ...record.ruf]) {
            expect(u.address.endsWith(`@${u.domain}`)).toBe(true);
            expect(u.domain).toMatch(/^[a-z0-9._-]+$/);
          }
          if (evaluation.usable) expect(evaluation.policy).toBeDefined();
          expect(problems.length).toBeLessThanOrEqual(t.split(/[;,]/).length + 2);
          bounded({ record, problems, evaluation }, t);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  // Was the "DMARC size overflow" bug: `!99999999999999999999t` gave maxBytes 1.0995e32, a longer one Infinity.
  it(
    'a report size limit (RFC 7489 §6.2 `!size`) is a safe integer, or reported as invalid_size',
    () => {
      fuzz(
        fc.property(fc.stringMatching(/^[1-9][0-9]{0,24}$/), fc.constantFrom('', 'k', 'm', 'g', 't', 'T'), (digits, unit) => {
          const { record, problems } = parseDmarcRecord(`v=DMARC1; p=none; rua=mailto:d@example.test!${digits}${unit}`);
          const size = record.rua[0]?.maxBytes;
          if (size !== undefined) expect(Number.isSafeInteger(size), `maxBytes ${size}`).toBe(true);
          else expect(problems.map((p) => p.code)).toContain('invalid_size');
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe('DKIM key records (RFC 6376 §3.6.1)', () => {
  it('decodes the real keys', () => {
    expect(
      DKIM.map((t) => parseDkimKeyRecord(t).record?.key?.bits ?? (parseDkimKeyRecord(t).record?.revoked ? 'revoked' : 'none')),
    ).toEqual(expect.arrayContaining([2048, 1024]));
  });

  it(
    'never throws; usable only with a decoded key and no problems; bounded',
    () => {
      fuzz(
        fc.property(text(DKIM), (t) => {
          const r = parseDkimKeyRecord(t);
          if (r.usable) {
            expect(r.problems).toEqual([]);
            expect(r.record?.key).toBeDefined();
            expect(r.record?.revoked).toBe(false);
          }
          if (!r.record) expect(r.problems.length).toBeGreaterThan(0);
          bounded(r, t);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'decodePublicKey on mutated real key bytes returns a key or a problem, never throws, bits within the bytes',
    () => {
      const keys = DKIM.map((t) => /p=([A-Za-z0-9+/=]+)/.exec(t)?.[1])
        .filter((p): p is string => !!p)
        .map((p) => Buffer.from(p, 'base64'));
      fuzz(
        fc.property(mutatedBytes(keys), fc.constantFrom('rsa' as const, 'ed25519' as const), (bytes, type) => {
          const r = decodePublicKey(bytes.toString('base64'), type);
          if ('key' in r) expect(r.key.bits).toBeLessThanOrEqual(bytes.length * 8);
          else expect(r.problem.code).toMatch(/^key_/);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
