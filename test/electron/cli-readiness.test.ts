/**
 * Network readiness through the CLI as a user runs it (issue 11), on a network where port 25 is
 * blocked: a namespace that drops SYNs to 25 and answers on 465, 587, 993, 995 and 443
 * (test/support/blocked-network.ts), named as both references, with every port-25 connection of
 * the run sent there by --connect-to, as a guest network would treat it. The Assessment JSON
 * records the readiness, the summary (Czech by default, and English) and the progress say what
 * the blocked port means in plain words, and the PDF report shows it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssessment, type Assessment } from '../../shared/assessment';
import { evaluateRequirements } from '../../shared/requirements';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import type { LabWorld } from '../lab/dnssec-world';
import { labWorld } from '../lab/zones';
import { OPEN_PORTS, blockedNetworkUnavailable, startBlockedNetwork, type BlockedNetwork } from '../support/blocked-network';
import { runCli, type CliRun } from '../support/cli';
import { pdfText, requirePoppler } from './report/pdf-text';

const skip = blockedNetworkUnavailable();
const DOMAIN = 'onprem.test';

let world: LabWorld;
let dns: LabDnsServer;
let network: BlockedNetwork;
let dir: string;
let en: CliRun;
let cs: CliRun;
let assessment: Assessment | undefined;
let pdf: string;
let cover: string;

/** The text as one line: the summary and pdftotext break long sentences where they like. */
const squash = (text: string) => text.replace(/\s+/g, ' ');

describe.skipIf(skip)(`CLI on a network where port 25 is blocked${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    requirePoppler();
    // The signed world: the resolver passes DNSSEC data, so port 25 is the one limitation.
    world = await labWorld();
    dns = await startLabDnsServer({ zones: world.zones });
    network = await startBlockedNetwork();
    dir = await mkdtemp(join(tmpdir(), 'mailaudit-cli-readiness-'));
    const args = [
      'assess',
      DOMAIN,
      '--resolver',
      dns.address,
      '--dns-timeout',
      '500',
      '--trust-anchor',
      world.anchorFile,
      // Every port-25 connection of the run (the MX, the reference) meets the dropping filter.
      '--connect-to',
      `:25:${network.address}:25`,
      '--port25-reference',
      network.address,
      '--port-reference',
      network.address,
    ];
    const json = join(dir, 'a.json');
    const pdfFile = join(dir, 'a.pdf');
    [en, cs] = await Promise.all([
      runCli([...args, '--lang', 'en', '--json', json, '--pdf', pdfFile], { timeoutMs: 120_000 }),
      runCli(args, { timeoutMs: 120_000 }),
    ]);
    const parsed = parseAssessment(JSON.parse(await readFile(json, 'utf8')));
    if (parsed.ok) assessment = parsed.value;
    pdf = squash(pdfText(pdfFile, 'raw'));
    cover = squash(pdfText(pdfFile, 'raw', { first: 1, last: 1 }));
  }, 180_000);

  afterAll(async () => {
    await dns?.close();
    await network?.close();
    await world?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('records the readiness in the Assessment JSON: 25 blocked, the others open, the resolver answering', () => {
    expect(en.code, en.stderr).toBe(0);
    expect(assessment?.readiness).toBeDefined();
    const r = assessment!.readiness!;
    expect(r.resolvers).toEqual([expect.objectContaining({ server: dns.address, answered: true, rcode: 'NOERROR', dnssec: 'passes' })]);
    expect(r.dnssec).toMatchObject({ state: 'passes', zone: '.' });
    expect(r.ports.map((p) => [p.port, p.state, p.host])).toEqual([
      [25, 'blocked', network.address],
      ...OPEN_PORTS.map((p) => [p, 'open', network.address]),
    ]);
    // The STARTTLS row agrees: not verified, port 25 blocked on this network.
    const row1 = evaluateRequirements(assessment!).find((v) => v.number === 1)!;
    expect(row1.verdict).toBe('not_verified');
  });

  it('prints the limitation in plain words in the English summary, before the verdicts, and in the progress', () => {
    const out = squash(en.stdout);
    expect(out).toContain('== Network readiness');
    expect(out).toContain('DNSSEC data: the resolver passes DNSSEC signatures');
    // The one limitation of this network: no other line marked "!".
    expect(en.stdout.match(/^ {4}! /gm)).toHaveLength(1);
    expect(out).toContain(`25 SMTP: blocked (no answer), against ${network.address}`);
    expect(out).toMatch(/465 SMTP for clients \(TLS\): open/);
    expect(out).toContain(
      `Port 25 is blocked here (no answer from the reference server ${network.address}): requirements 1–3, 5 and 10 can’t be verified from this network. Run again from another network`,
    );
    expect(out.indexOf('== Network readiness')).toBeLessThan(out.indexOf('== Requirements'));
    expect(squash(en.stderr)).toMatch(/Network readiness: 25 blocked \(no answer\), 465 open, 587 open, 993 open, 995 open, 443 open/);
    expect(squash(en.stderr)).toContain('! Port 25 is blocked here');
  });

  it('says it in Czech by default', () => {
    expect(cs.code, cs.stderr).toBe(0);
    const out = squash(cs.stdout);
    expect(out).toContain('== Připravenost sítě');
    expect(out).toContain(
      `Port 25 je z této sítě blokovaný (kontrolní server ${network.address} bez odpovědi): požadavky 1–3, 5 a 10 z této sítě nelze ověřit.`,
    );
    expect(out).toMatch(/443 HTTPS: otevřený/);
  });

  it('shows it in the PDF report: a cover line, the summary block and the appendix measurements', () => {
    expect(cover).toContain('The network the assessment ran from did not allow everything to be verified');
    // Under the summary's table and again in the appendix with the measurements.
    const limitation = 'requirements 1–3, 5 and 10 can’t be verified from this network';
    expect(pdf.split(limitation)).toHaveLength(3);
    expect(pdf.indexOf(limitation)).toBeLessThan(pdf.lastIndexOf('Technical appendix'));
    expect(pdf.lastIndexOf(limitation)).toBeGreaterThan(pdf.lastIndexOf('Technical appendix'));
    expect(pdf).toMatch(/25 SMTP: blocked \(no answer\)/);
    expect(pdf).toMatch(/993 IMAP over TLS: open/);
  });
});

describe('--port-reference is checked before the run', () => {
  it('refuses a port in it and a name that is no host name (exit 2)', async () => {
    const withPort = await runCli(['assess', 'firma.cz', '--port-reference', 'mail.firma.cz:443', '--resolver', '127.0.0.1:1']);
    expect(withPort.code).toBe(2);
    expect(withPort.stderr).toContain('--port-reference: "mail.firma.cz:443": give the host without a port');
    const bad = await runCli(['assess', 'firma.cz', '--port-reference', 'not a host', '--resolver', '127.0.0.1:1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port-reference');
    const tlsa = await runCli(['tlsa', 'x.pem', '--port-reference', 'mail.firma.cz']);
    expect(tlsa.code).toBe(2);
    expect(tlsa.stderr).toContain('--port-reference is an option of "assess"');
  });
});
