/**
 * The certificate each MX host serves after STARTTLS (requirements 3 and 10 of the measure):
 * chain to a recognised CA, the MX name, validity, key and signature strength. It reads the
 * chains the starttls check's handshakes already saw — no new connections. Addresses of one host
 * that serve the same certificate are reported together.
 */
import type { Evidence } from '../../../../shared/assessment';
import { assessCertificate, servedChain, type CertificateFacts, type TlsHandshakeFacts } from '../../../../shared/certificate';
import { SkipCheck, defineCheck, type FindingOf, type OutputOf } from '../../check';
import { startTlsSpec } from '../starttls/spec';
import { certificateSpec, type CertificateGroup } from './spec';

/** `2026-01-01 – 2027-01-01`, or the dates as encoded when they are no valid time. */
function validity(c: CertificateFacts): string {
  const from = c.validFrom?.slice(0, 10) ?? c.invalidDates?.notBefore ?? '?';
  const to = c.validTo?.slice(0, 10) ?? c.invalidDates?.notAfter ?? '?';
  return `${from} – ${to}`;
}

function chainEvidence(tls: TlsHandshakeFacts): Evidence {
  const lines = servedChain(tls.chain).map(
    (c, i) =>
      `${i}: ${c.subject} ← ${c.issuer} (${validity(c)}, ${c.keyUnreadable === undefined ? `${c.keyType.toUpperCase()} ${c.curve ?? c.keyBits}` : 'unreadable key'}, ${c.signatureAlgorithm}, SHA-256 ${c.fingerprint256})`,
  );
  return { type: 'text', key: 'evidence.certificate.chain', value: lines.join('\n') };
}

export const certificateCheck = defineCheck(certificateSpec, {
  async run(ctx): Promise<OutputOf<typeof certificateSpec>> {
    const starttls = ctx.resultOf(startTlsSpec);
    if (!starttls) throw new SkipCheck('skipped.requires_starttls');
    const now = new Date();
    const groups = new Map<string, CertificateGroup>();
    const hosts = new Set<string>();
    for (const a of starttls.addresses) {
      hosts.add(a.host);
      if (!a.tls) continue;
      const leaf = a.tls.chain[0]?.fingerprint256 ?? 'none';
      const id = `${a.host}|${leaf}|${a.tls.authorized}|${a.tls.authorizationError ?? ''}`;
      const group = groups.get(id);
      if (group) group.addresses.push(a.address);
      else groups.set(id, { host: a.host, addresses: [a.address], port: a.port, tls: a.tls, verdicts: [] });
    }

    const findings: FindingOf<typeof certificateSpec>[] = [];
    for (const g of groups.values()) {
      ctx.progress.target(g.host, 'started');
      const verdicts = assessCertificate({ host: g.host, addresses: g.addresses, port: g.port, tls: g.tls, now });
      g.verdicts = verdicts.map((v) => v.key);
      const evidence: Evidence[] = [
        ...g.addresses.map((address): Evidence => ({ type: 'address', host: g.host, address })),
        chainEvidence(g.tls),
      ];
      for (const v of verdicts) findings.push({ ...v, target: g.host, evidence });
      ctx.progress.target(
        g.host,
        'finished',
        verdicts.some((v) => v.status === 'fail') ? 'fail' : verdicts.some((v) => v.status === 'warning') ? 'warning' : 'pass',
      );
    }
    const seen = new Set([...groups.values()].map((g) => g.host));
    const notAvailable = [...hosts].filter((h) => !seen.has(h));
    if (starttls.port25 === 'open') {
      for (const host of notAvailable) {
        findings.push({
          status: 'not_tested',
          key: 'finding.certificate.not_available',
          target: host,
          params: { host, addresses: starttls.addresses.filter((a) => a.host === host).map((a) => a.address), port: starttls.port },
          evidence: [],
        });
      }
    }
    return { data: { groups: [...groups.values()], notAvailable }, findings };
  },
});
