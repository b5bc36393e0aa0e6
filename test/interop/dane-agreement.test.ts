/**
 * Interop (DESIGN §6): the dane check, run by the engine's own `assess()` with the lab's resolver,
 * trust anchor, --connect-to and CA settings, must agree with ldns-dane (fed by delv and
 * `openssl s_client`, test/lab/ldns-dane.ts) on every DANE scenario of the lab. Then chains the lab
 * serves nowhere, built from the lab CA and matched by ldns-dane offline, check the name rules:
 * DANE-EE ignores the certificate's names (RFC 7672 §3.1.1), DANE-TA does not (§3.2.2–3.2.3).
 *
 * Known differences, on purpose, both because ldns-dane follows RFC 6698 and SMTP follows RFC 7672:
 * - dane-usage1.test (KNOWN): PKIX-TA(0) and PKIX-EE(1) records count for ldns-dane; RFC 7672
 *   §3.1.3 makes them unusable for SMTP, so ldns-dane validates and we report
 *   `finding.dane.unusable_usage`. A difference not listed in KNOWN fails, and so does an entry
 *   that no longer applies.
 * - a DANE-EE(3) match on a leaf issued to another name: ldns-dane checks the names unless given
 *   `-n`; RFC 7672 §3.1.1 says an SMTP client must not. With `-n` ldns-dane agrees with us.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Assessment } from '../../shared/assessment';
import { assess } from '../../electron/engine/engine';
import { certificateCheck } from '../../electron/engine/checks/certificate/check';
import { daneCheck } from '../../electron/engine/checks/dane/check';
import { dnssecCheck } from '../../electron/engine/checks/dnssec/check';
import { mxCheck } from '../../electron/engine/checks/mx/check';
import { startTlsCheck } from '../../electron/engine/checks/starttls/check';
import type { CertificateResultSchema } from '../../electron/engine/checks/certificate/spec';
import type { DnssecResult } from '../../electron/engine/checks/dnssec/spec';
import type { MxResult } from '../../electron/engine/checks/mx/spec';
import { DnsClient } from '../../electron/engine/net/dns-client';
import { clientFetch } from '../../electron/engine/net/dnssec/fetch';
import { createValidator } from '../../electron/engine/net/dnssec/validator';
import { createResolver } from '../../electron/engine/net/resolver';
import { parseTrustAnchorFile } from '../../shared/dnssec/presentation';
import { LDNS_DANE, ldnsDaneVerify, type LdnsDaneVerdict } from '../lab/ldns-dane';
import { run } from '../lab/openssl-peer';
import { REFERENCE_HOST, daneMaterial, spkiSha256 } from '../lab/smtp-lab';
import { checkContext, runCheck } from '../support/check-context';
import { useLabServices } from '../support/lab-services';
import type { z } from 'zod';

/** What our dane findings for one MX host amount to, in ldns-dane's terms. */
type OurVerdict = LdnsDaneVerdict | 'unusable';

interface KnownDifference {
  domain: string;
  ldnsDane: LdnsDaneVerdict;
  ours: OurVerdict;
  reason: string;
}

const KNOWN: readonly KnownDifference[] = [
  {
    domain: 'dane-usage1.test',
    ldnsDane: 'dane-validated',
    ours: 'unusable',
    reason:
      'RFC 7672 §3.1.3: SMTP clients treat PKIX-TA(0)/PKIX-EE(1) TLSA records as unusable; ldns-dane applies RFC 6698, where they match and PKIX validates',
  },
];

/** The DANE scenarios and what ldns-dane says of each (test/lab/dnssec-world.test.ts). */
const SCENARIOS: [string, LdnsDaneVerdict][] = [
  ['dane-ok.test', 'dane-validated'],
  ['dane-ta.test', 'dane-validated'],
  ['dane-mismatch.test', 'failed'],
  ['dane-rollover.test', 'dane-validated'],
  ['dane-unsigned.test', 'not-secure'],
  ['dane-usage1.test', 'dane-validated'],
  ['dnssec-ok.test', 'no-tlsa'],
];

function ourVerdict(keys: string[]): OurVerdict | undefined {
  if (keys.includes('finding.dane.mismatch')) return 'failed';
  if (keys.includes('finding.dane.match')) return 'dane-validated';
  if (keys.includes('finding.dane.not_secure')) return 'not-secure';
  if (keys.includes('finding.dane.missing')) return 'no-tlsa';
  if (keys.includes('finding.dane.unusable_usage')) return 'unusable';
  return undefined;
}

const lab = useLabServices();

/** The engine as the CLI runs it with the lab's arguments, limited to what the dane check needs. */
function ours(domain: string): Promise<Assessment> {
  return assess(
    { domain },
    {
      resolvers: [lab.dns.address],
      trustAnchorFile: lab.world.anchorFile,
      connectTo: lab.smtp.connectTo,
      caFile: lab.smtp.caFile,
      port25ReferenceHost: REFERENCE_HOST.name,
      checks: [mxCheck, dnssecCheck, startTlsCheck, certificateCheck, daneCheck],
    },
  );
}

const used = new Set<KnownDifference>();

describe('the dane check agrees with ldns-dane on the lab’s DANE scenarios', () => {
  it.each(SCENARIOS)('%s: ldns-dane %s', async (domain, expected) => {
    const mx = `mail.${domain}`;
    const [assessment, theirs] = await Promise.all([ours(domain), lab.ldnsDane(mx)]);
    // The oracle still says what the lab recorded, so both cannot drift together.
    expect(theirs.verdict, theirs.output).toBe(expected);
    expect(assessment.attempts.find((a) => a.checkId === 'dane')).toMatchObject({ status: 'completed' });
    const findings = assessment.findings.filter((f) => f.checkId === 'dane' && f.target === mx);
    const mine = ourVerdict(findings.map((f) => f.key));
    const known = KNOWN.find((k) => k.domain === domain);
    if (known && known.ldnsDane === theirs.verdict && known.ours === mine) {
      used.add(known);
      return;
    }
    expect(mine, `ldns-dane: ${theirs.verdict} ${theirs.reason ?? ''}; ours: ${findings.map((f) => f.key).join(', ')}`).toBe(
      theirs.verdict,
    );
    // Where ldns-dane used TLSA records, they are the ones our validator returned as secure.
    if (theirs.verdict === 'dane-validated' || theirs.verdict === 'failed') {
      const dane = assessment.attempts.find((a) => a.checkId === 'dane')!.data as { hosts: { tlsa?: { records: string[] } }[] };
      const normalise = (line: string) => line.replace(/^(\S+)\s+\d+\s+IN\s+/, '$1 ').replace(/\.\s/, ' ');
      expect(dane.hosts[0]!.tlsa!.records.map((l) => l.replace(/\.\s/, ' ')).sort()).toEqual(theirs.tlsa.map(normalise).sort());
    }
  });

  it('needs no known difference it does not use', () => {
    expect(KNOWN.filter((k) => !used.has(k))).toEqual([]);
  });
});

type CertificateResult = z.output<typeof CertificateResultSchema>;

/**
 * ldns-dane offline with `-n` ("do *not* verify server name in certificate"): by default it checks
 * the leaf's names for every usage, while RFC 7672 §3.1.1 (and RFC 7671 §5.1) say a DANE-EE(3)
 * match is made on the key alone, names and dates ignored. `-n` is that rule.
 */
async function ldnsDaneWithoutNames(host: string, tlsa: string[], chainPem: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mailaudit-dane-agreement-'));
  try {
    await writeFile(join(dir, 'chain.pem'), chainPem.join(''), 'utf8');
    await writeFile(join(dir, 'tlsa.zone'), `${tlsa.join('\n')}\n`, 'utf8');
    const r = await run(LDNS_DANE, ['-n', '-c', join(dir, 'chain.pem'), '-t', join(dir, 'tlsa.zone'), 'verify', host, '25'], {
      timeoutMs: 15_000,
    });
    return `${r.stdout}${r.stderr}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('names in the served chain: ldns-dane offline and the dane check on the same chain', () => {
  const baselines = new Map<string, { mx: MxResult; dnssec: DnssecResult; certificate: CertificateResult }>();

  beforeAll(async () => {
    // Real assessments give the mx, dnssec and certificate results; only the served chain is replaced.
    for (const domain of ['dane-ok.test', 'dane-ta.test']) {
      const a = await ours(domain);
      const data = (id: string) => a.attempts.find((x) => x.checkId === id)!.data;
      baselines.set(domain, {
        mx: data('mx') as MxResult,
        dnssec: data('dnssec') as DnssecResult,
        certificate: data('certificate') as CertificateResult,
      });
    }
  }, 30_000);

  /** The dane check on the domain's real inputs with the served chain replaced by `chainPem` (names not matching). */
  async function daneWith(domain: string, chainPem: string[]): Promise<string[]> {
    const given = baselines.get(domain)!;
    const client = new DnsClient({ servers: [{ host: lab.dns.host, port: lab.dns.port }], timeoutMs: 1000 });
    const anchors = parseTrustAnchorFile(await readFile(lab.world.anchorFile, 'utf8'), lab.world.anchorFile);
    const certificate: CertificateResult = {
      ...given.certificate,
      groups: given.certificate.groups.map((g) => ({
        ...g,
        tls: { ...g.tls, hostMatch: false, chain: chainPem.map((pem, i) => ({ ...(g.tls.chain[i] ?? g.tls.chain[0]!), pem })) },
      })),
    };
    const results = new Map<{ id: string }, unknown>([
      [mxCheck, given.mx],
      [dnssecCheck, given.dnssec],
      [certificateCheck, certificate],
    ]);
    const { ctx } = checkContext(
      daneCheck,
      createResolver(client),
      { domain },
      {
        results,
        dnssec: createValidator({ fetch: clientFetch(client), anchors }),
      },
    );
    return (await runCheck(daneCheck, ctx)).findings.map((f) => f.key);
  }

  const pems = (chain: string) => chain.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n?/g)!;
  const hex = (b: Buffer) => b.toString('hex').toUpperCase();
  /** A lab-CA chain (leaf + intermediate) for the DANE key, issued to a name that is not the MX host's. */
  const wrongName = () =>
    pems(lab.smtp.ca.issue({ commonName: 'other.test', dnsNames: ['other.test'], key: daneMaterial().current }).chain);

  it('DANE-EE 3 1 1 and a leaf for another name with the same key: validated on the key alone (RFC 7672 §3.1.1)', async () => {
    const host = 'mail.dane-ok.test';
    const chain = wrongName();
    const tlsa = [`_25._tcp.${host}. 300 IN TLSA 3 1 1 ${hex(spkiSha256(daneMaterial().current))}`];
    // Known difference: ldns-dane checks names unless told not to; with -n (the RFC 7672 rule) it validates.
    const strict = await ldnsDaneVerify({ host, port: 25, tlsa, chainPem: chain });
    expect(strict, strict.output).toMatchObject({ verdict: 'failed', reason: expect.stringMatching(/hostname mismatch/) });
    expect(await ldnsDaneWithoutNames(host, tlsa, chain)).toMatch(/dane-validated successfully/);
    const keys = await daneWith('dane-ok.test', chain);
    expect(ourVerdict(keys)).toBe('dane-validated');
    expect(keys).toContain('finding.dane.ee_name_irrelevant');
  });

  it('DANE-TA 2 1 1 and a leaf for another name: both refuse it, names count under DANE-TA (RFC 7672 §3.2.3)', async () => {
    const host = 'mail.dane-ta.test';
    const chain = wrongName();
    const tlsa = [`_25._tcp.${host}. 300 IN TLSA 2 1 1 ${hex(spkiSha256(daneMaterial().ca.intermediate.key))}`];
    const theirs = await ldnsDaneVerify({ host, port: 25, tlsa, chainPem: chain });
    expect(theirs, theirs.output).toMatchObject({ verdict: 'failed', reason: expect.stringMatching(/hostname mismatch/) });
    const keys = await daneWith('dane-ta.test', chain);
    expect(ourVerdict(keys)).toBe('failed');
    expect(keys).not.toContain('finding.dane.ee_name_irrelevant');
  });
});
