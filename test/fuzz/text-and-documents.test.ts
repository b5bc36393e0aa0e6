/**
 * Property tests of SMTP replies (shared/smtp-reply.ts), domain names (shared/domain-name.ts), the
 * DER signature-algorithm reader (shared/certificate.ts) and the Assessment loader
 * (shared/assessment.ts `parseAssessment`). Seeds: the lab's SMTP greeting and EHLO lines,
 * the lab's scenario names, certificates issued by the lab CA code, and an Assessment the engine
 * produced against the lab (DNS and SMTP/TLS servers).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../../electron/engine/engine';
import { parseAssessment, type Assessment } from '../../shared/assessment';
import { SIGNATURE_HASHES_KNOWN, signatureAlgorithm } from '../../shared/certificate';
import { parseDomainName, toUnicode } from '../../shared/domain-name';
import { ReplyAssembler, ReplyFormatError, ehloExtensions, parseReplyLine, replyText, type SmtpReply } from '../../shared/smtp-reply';
import { issueCertificate, labKey } from '../lab/ca';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import { startSmtpLab, type SmtpLab } from '../lab/smtp-lab';
import { labZones, scenarios } from '../lab/zones';
import { FUZZ_TIMEOUT_MS, fuzz, mutatedBytes, mutatedText } from './fuzz';

// --- SMTP replies (RFC 5321 §4.2) ---

const LAB_LINES = [
  '220 mail.tls-modern.test ESMTP MailAudit lab',
  '250-mail.tls-modern.test Hello',
  '250-PIPELINING',
  '250-SIZE 36700160',
  '250-STARTTLS',
  '250 ENHANCEDSTATUSCODES',
  '421 4.7.0 mail.tls-421.test Too many connections from your address, try again later',
  '454 4.7.0 TLS not available due to local problem',
  '220 2.0.0 Ready to start TLS',
];
const linePiece = fc.oneof(
  fc.constantFrom(' ', '-', '\t', '\r', '\n', '\0', '\x7f', '\u202e', '\u0085', '\uFFFD', '999', '100', '2', '5', '250', '250-', '550 '),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const line = fc.oneof(
  { weight: 4, arbitrary: mutatedText(LAB_LINES, linePiece) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
);

describe('SMTP replies', () => {
  it(
    'parseReplyLine returns null or a 2xx–5xx line whose text holds no control character but TAB',
    () => {
      fuzz(
        fc.property(line, (l) => {
          const r = parseReplyLine(l);
          if (r === null) return;
          expect(r.code).toBeGreaterThanOrEqual(200);
          expect(r.code).toBeLessThan(560);
          expect(r.text).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);
          expect(l.startsWith(String(r.code))).toBe(true);
          expect(r.text.length).toBeLessThanOrEqual(l.length);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'ReplyAssembler only ever throws ReplyFormatError, and every reply it returns has one code',
    () => {
      fuzz(
        fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
          const a = new ReplyAssembler();
          for (const l of lines) {
            let reply: SmtpReply | undefined;
            try {
              reply = a.push(l);
            } catch (error) {
              expect(error).toBeInstanceOf(ReplyFormatError);
              expect((error as Error).message.length).toBeLessThan(200);
              return;
            }
            if (reply) {
              expect(reply.lines.length).toBeGreaterThan(0);
              expect(ehloExtensions(reply).size).toBeLessThanOrEqual(reply.lines.length);
            }
          }
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'a reply written with replyText reads back the same (RFC 5321 §4.2.1)',
    () => {
      const textLine = fc.stringMatching(/^[\x21-\x7e](?:[\x20-\x7e\t]{0,60}[\x21-\x7e])?$/);
      fuzz(
        fc.property(
          fc.integer({ min: 200, max: 559 }).filter((c) => c % 100 < 60),
          fc.array(textLine, { minLength: 1, maxLength: 20 }),
          (code, lines) => {
            const a = new ReplyAssembler();
            const written = replyText({ code, lines });
            const got = written.map((l) => a.push(l));
            expect(got.slice(0, -1).every((r) => r === undefined)).toBe(true);
            expect(got.at(-1)).toEqual({ code, lines });
          },
        ),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

// --- domain names (RFC 1035 §2.3.4, RFC 5891) ---

const NAMES = [
  ...scenarios.map((s) => s.domain),
  'xn--pklad-zsa96e.test',
  'příklad.cz',
  '_dmarc.firma.cz',
  'selector1._domainkey.firma.cz',
  'a.b.c.d.e.f.g.h.example.com',
];
const namePiece = fc.oneof(
  fc.constantFrom(
    '.',
    '..',
    '-',
    '_',
    'xn--',
    'xn--zz',
    'ß',
    'ř',
    '\u200d',
    '\u202e',
    ' ',
    '@',
    ':',
    '[',
    ']',
    '1',
    '%',
    '\0',
    'A',
    'İ',
    '\uFF0E',
    '。',
  ),
  fc.stringMatching(/^[a-z0-9]{1,70}$/),
);
const nameInput = fc.oneof(
  { weight: 4, arbitrary: mutatedText(NAMES, namePiece) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.array(fc.stringMatching(/^[a-z0-9]{1,63}$/), { minLength: 2, maxLength: 8 }).map((l) => l.join('.')) },
);

describe('domain names', () => {
  it(
    'parseDomainName never throws; an accepted name is LDH A-labels within RFC 1035 limits, and parses to itself',
    () => {
      fuzz(
        fc.property(nameInput, fc.boolean(), fc.boolean(), (input, allowServiceLabels, allowSingleLabel) => {
          const r = parseDomainName(input, { allowServiceLabels, allowSingleLabel });
          expect(toUnicode(input)).toEqual(expect.any(String));
          if (!r.ok) return;
          expect(r.ascii).toMatch(/^[a-z0-9_.-]+$/);
          expect(r.ascii.length).toBeLessThanOrEqual(253);
          for (const label of r.ascii.split('.')) expect(label.length).toBeLessThanOrEqual(63);
          expect(parseDomainName(r.ascii, { allowServiceLabels, allowSingleLabel })).toEqual(r);
          expect(parseDomainName(r.unicode, { allowServiceLabels, allowSingleLabel })).toMatchObject({ ok: true, ascii: r.ascii });
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

// --- certificates: the DER signatureAlgorithm reader (RFC 5280 §4.1.1.2) ---

const rsa = labKey({ type: 'rsa', bits: 2048 });
const ec = labKey({ type: 'ec', curve: 'P-256' });
const CERTS = [
  { der: issueCertificate({ commonName: 'mail.tls-modern.test', key: rsa }).der, name: 'sha256WithRSAEncryption', hash: 'sha256' },
  { der: issueCertificate({ commonName: 'mail.tls-sha1.test', key: rsa, hash: 'sha1' }).der, name: 'sha1WithRSAEncryption', hash: 'sha1' },
  { der: issueCertificate({ commonName: 'mail.tls-ecdsa.test', key: ec, hash: 'sha384' }).der, name: 'ecdsa-with-SHA384', hash: 'sha384' },
];

describe('certificate signature algorithm', () => {
  it('reads the lab certificates', () => {
    for (const c of CERTS) expect(signatureAlgorithm(c.der)).toMatchObject({ name: c.name, hash: c.hash });
  });

  it(
    'never throws on mutated certificates; the answer is a known hash and bounded by the input',
    () => {
      fuzz(
        fc.property(
          mutatedBytes(
            CERTS.map((c) => c.der),
            8,
          ),
          (der) => {
            const r = signatureAlgorithm(der);
            expect(SIGNATURE_HASHES_KNOWN).toContain(r.hash);
            expect(r.oid.length).toBeLessThanOrEqual(4 * der.length);
            expect(r.name.length).toBeLessThanOrEqual(4 * der.length + 32);
          },
        ),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

// --- the Assessment loader ---

let dns: LabDnsServer;
let smtp: SmtpLab;
let real: Assessment;

beforeAll(async () => {
  dns = await startLabDnsServer({ zones: labZones() });
  smtp = await startSmtpLab();
  real = await assess(
    { domain: 'onprem.test' },
    { resolvers: [dns.address], connectTo: smtp.connectTo, caFile: smtp.caFile, port25ReferenceHost: 'mx.port25-reference.test' },
  );
}, 120_000);

afterAll(async () => {
  await dns?.close();
  await smtp?.close();
});

/** A JSON value with one part replaced: at a path chosen by `pick`, by `value`. */
function replaceAt(doc: unknown, pick: number, value: unknown): unknown {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(doc, []);
  const path = paths[pick % paths.length]!;
  if (path.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return copy;
}

const jsonValue = fc.oneof(
  fc.constantFrom(
    null,
    true,
    0,
    -1,
    1e308,
    '',
    'x'.repeat(10_000),
    '\u202e',
    '2026-13-45T99:99:99Z',
    [],
    {},
    { __proto__: 1 },
    'finding.nope',
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

describe('parseAssessment', () => {
  it('accepts the Assessment the engine made against the lab, and a JSON round trip keeps it whole', () => {
    expect(real.findings.length).toBeGreaterThan(5);
    const parsed = parseAssessment(JSON.parse(JSON.stringify(real)));
    expect(parsed).toEqual({ ok: true, value: JSON.parse(JSON.stringify(real)) });
  });

  it(
    'never throws on a changed document: ok with a valid value, or a bounded list of error strings',
    () => {
      fuzz(
        fc.property(fc.array(fc.tuple(fc.nat(), jsonValue), { minLength: 1, maxLength: 4 }), (edits) => {
          const doc = edits.reduce<unknown>((d, [pick, value]) => replaceAt(d, pick, value), JSON.parse(JSON.stringify(real)));
          const r = parseAssessment(doc);
          if (r.ok) {
            // What passes the schema survives being saved as JSON and loaded again (as JSON sees it: -0 is 0).
            const again = parseAssessment(JSON.parse(JSON.stringify(r.value)));
            expect(again.ok && JSON.stringify(again.value)).toBe(JSON.stringify(r.value));
          } else {
            expect(r.errors.length).toBeGreaterThan(0);
            expect(r.errors.every((e) => typeof e === 'string')).toBe(true);
            expect(r.errors.length).toBeLessThanOrEqual(64 * edits.length);
          }
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'never throws on the document as bytes, mutated and parsed as JSON where it still is JSON',
    () => {
      fuzz(
        fc.property(
          fc.constant(null).chain(() => mutatedBytes([Buffer.from(JSON.stringify(real))], 4)),
          (bytes) => {
            let doc: unknown;
            try {
              doc = JSON.parse(bytes.toString('utf8'));
            } catch {
              return;
            }
            const r = parseAssessment(doc);
            expect(typeof r.ok).toBe('boolean');
          },
        ),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
