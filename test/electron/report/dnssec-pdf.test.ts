/**
 * DNSSEC and DANE in the PDF report: assessments of the signed lab world (validated from the lab
 * root with `trustAnchorFile`, the SMTP lab serving the DANE keys) rendered and read back with
 * pdftotext. The appendix shows the chain of trust one zone per line with key tags, algorithms and
 * signature dates, and each TLSA record with what it matched; long lines wrap between their parts,
 * so no key tag, date range or digest is cut in two. Artefacts go to test-results/report/.
 */
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment } from '../../../shared/assessment';
import { assess } from '../../../electron/engine/engine';
import { renderReportPdf } from '../../../electron/report/pdf';
import { WRAP_MARK } from '../../../electron/report/text';
import { startLabDnsServer, type LabDnsServer } from '../../lab/dns-server';
import type { LabWorld } from '../../lab/dnssec-world';
import { REFERENCE_HOST, startSmtpLab, type SmtpLab } from '../../lab/smtp-lab';
import { labWorld } from '../../lab/zones';
import { artefact, pdfText, requirePoppler } from './pdf-text';

let world: LabWorld;
let lab: LabDnsServer;
let smtp: SmtpLab;
const reports = new Map<string, { assessment: Assessment; layout: string }>();

beforeAll(async () => {
  requirePoppler();
  world = await labWorld();
  [lab, smtp] = await Promise.all([startLabDnsServer({ zones: world.zones }), startSmtpLab()]);
  for (const domain of ['dnssec-ok.test', 'dane-ok.test', 'dnssec-expired.test']) {
    const assessment = await assess(
      { domain },
      {
        resolvers: [lab.address],
        dnsTimeoutMs: 1000,
        trustAnchorFile: world.anchorFile,
        connectTo: smtp.connectTo,
        caFile: smtp.caFile,
        port25ReferenceHost: REFERENCE_HOST.name,
      },
    );
    const file = artefact(`${domain}-en.pdf`);
    await writeFile(file, await renderReportPdf(assessment, 'en', { timeZone: 'Europe/Prague' }));
    reports.set(domain, { assessment, layout: pdfText(file, 'layout') });
  }
}, 120_000);

afterAll(async () => {
  await lab?.close();
  await smtp?.close();
  await world?.dispose();
});

const DAY = String.raw`\d{4}-\d{2}-\d{2}`;

/** The key tags of every zone the domain's validation went through. */
function keyTags(a: Assessment): number[] {
  const data = a.attempts.find((x) => x.checkId === 'dnssec')!.data as {
    domain: { chain: { ds: { keyTag: number }[]; dnskeys: { keyTag: number }[] }[] };
  };
  return data.domain.chain.flatMap((link) => [...link.ds, ...link.dnskeys].map((k) => k.keyTag));
}

describe('the DNSSEC chain of trust in the PDF appendix', () => {
  it('dnssec-ok.test: one line per zone with DS, keys and the RRSIG dates, continuation lines indented', () => {
    const { assessment, layout } = reports.get('dnssec-ok.test')!;
    expect(layout).toContain('DNSSEC chain of trust');
    // The lab root: anchored, its DS matched by its KSK; the signature over its keys on the next line.
    expect(layout).toMatch(
      new RegExp(
        String.raw`^ *\. secure · trust anchor · DS (\d+)/13/2 matched · DNSKEY \1/13 KSK ·\n +RRSIG DNSKEY \1/13 ${DAY}–${DAY} valid$`,
        'm',
      ),
    );
    expect(layout).toMatch(
      new RegExp(String.raw`^ *test\. secure · DS (\d+)/13/2 matched · DNSKEY \1/13 KSK ·\n +RRSIG DS \d+/13 ${DAY}–${DAY} valid ·$`, 'm'),
    );
    expect(layout).toMatch(new RegExp(String.raw`^ *dnssec-ok\.test\. MX NOERROR: secure · RRSIG MX \d+/13 ${DAY}–${DAY} valid$`, 'm'));
    // Every key tag is printed whole, as DS or DNSKEY tag/algorithm.
    const tags = keyTags(assessment);
    expect(tags.length).toBeGreaterThanOrEqual(6);
    for (const tag of tags) expect(layout).toMatch(new RegExp(String.raw`(DS|DNSKEY) ${tag}/13\b`));
    // Lines of a listing are lines, not escapes; no glyph the fonts lack.
    expect(layout).not.toMatch(/valid\\n|\\u\{2713\}/);
  });

  it('dnssec-expired.test: the expired signature with its dates, and the verdict naming the date', () => {
    const { assessment, layout } = reports.get('dnssec-expired.test')!;
    const date = String(assessment.findings.find((f) => f.key === 'finding.dnssec.signature_expired')!.params.date);
    expect(layout).toMatch(new RegExp(String.raw`^ *dnssec-expired\.test\. bogus \(signature_expired\) · DS (\d+)/13/2 matched ·`, 'm'));
    expect(layout).toMatch(new RegExp(String.raw`RRSIG DNSKEY \d+/13 ${DAY}–${date} expired`));
    expect(layout).toMatch(new RegExp(`expired on\\s+${date}`));
  });
});

describe('TLSA records in the PDF', () => {
  it('dane-ok.test: the record and what it matched; the 64-digit digest never cut in two in the findings or the evidence', () => {
    const { assessment, layout } = reports.get('dane-ok.test')!;
    const record = String(assessment.findings.find((f) => f.key === 'finding.dane.match')!.params.record);
    const digest = record.split(' ')[3]!;
    expect(digest).toMatch(/^[0-9A-F]{64}$/);
    expect(layout).toContain('TLSA records and what each matched');
    // Wrapped between words, the break marked.
    expect(layout).toMatch(new RegExp(`^ *${record}: matches ${WRAP_MARK}\\n +certificate 0 of the chain$`, 'm'));
    // The findings section quotes it whole too.
    expect(layout.split(digest).length - 1).toBeGreaterThanOrEqual(2);
    expect(layout).toMatch(
      new RegExp(String.raw`^ *_25\._tcp\.mail\.dane-ok\.test\. TLSA NOERROR: secure ·\n +RRSIG TLSA \d+/13 ${DAY}–${DAY} valid$`, 'm'),
    );
  });
});
