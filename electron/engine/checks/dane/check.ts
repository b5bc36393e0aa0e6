/**
 * DANE for SMTP (RFC 7672). For each MX host: the domain's MX RRset and the host's address records
 * must be DNSSEC-secure (§2.2), else senders ignore TLSA; then `_25._tcp.<base>` TLSA, validated by
 * our own validator; usages 2 and 3 are usable (§3.1.3); at least one usable record must match the
 * chain each address served (no new connections: the certificate check's chains).
 */
import type { Evidence } from '../../../../shared/assessment';
import { classifyTlsa, formatTlsa, parseTlsaText, rolloverReadiness, usageMnemonic, type TlsaRecord } from '../../../../shared/dane/tlsa';
import { validationLines } from '../../../../shared/dnssec/describe';
import type { NameValidation } from '../../../../shared/dnssec/result';
import { RR_TYPE } from '../../../../shared/dnssec/wire';
import { SkipCheck, defineCheck, type FindingOf, type OutputOf } from '../../check';
import { matchTlsa } from '../../net/dane/tlsa-match';
import { certificateSpec } from '../certificate/spec';
import { dnssecSpec } from '../dnssec/spec';
import { mxSpec } from '../mx/spec';
import { daneSpec, type DaneHost } from './spec';

type DaneFinding = FindingOf<typeof daneSpec>;

/** DESIGN §4: a certificate expiring within 30 days is a warning. */
const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/** `_25._tcp.mail.firma.cz. TLSA 3 1 1 AB…` → the record's data. */
function tlsaOf(line: string): TlsaRecord | undefined {
  const at = line.indexOf(' TLSA ');
  try {
    return at < 0 ? undefined : parseTlsaText(line.slice(at + 6));
  } catch {
    return undefined;
  }
}

export const daneCheck = defineCheck(daneSpec, {
  async run(ctx): Promise<OutputOf<typeof daneSpec>> {
    const validator = ctx.dnssec;
    if (!validator) throw new SkipCheck('skipped.dnssec_unavailable');
    const mx = ctx.resultOf(mxSpec);
    const dnssec = ctx.resultOf(dnssecSpec);
    if (!mx) throw new SkipCheck('skipped.requires_mx');
    if (!dnssec) throw new SkipCheck('skipped.requires_dnssec');
    if (dnssec.resolverStrips) throw new SkipCheck('skipped.dnssec_stripped');
    const certificates = ctx.resultOf(certificateSpec);
    const now = new Date();
    const findings: DaneFinding[] = [];
    const hosts: DaneHost[] = [];

    for (const { host, addresses } of dnssec.hosts) {
      ctx.progress.target(host, 'started');
      const a = addresses.find((v) => v.type === 'A') ?? addresses[0]!;
      // RFC 7672 §2.2.2: with a secure CNAME chain the TLSA base is the final name, else the MX name.
      const base = a.cnames.length > 0 && a.status === 'secure' ? a.cnames[a.cnames.length - 1]! : host;
      const name = `_25._tcp.${base}`;
      const entry: DaneHost = { host, base, state: 'checked', records: [], authenticated: false, rolloverReady: false };
      hosts.push(entry);
      const finish = (f: DaneFinding) => {
        findings.push(f);
        ctx.progress.target(host, 'finished', f.status);
      };

      const statuses = [dnssec.domain.status, ...addresses.map((v) => v.status)];
      if (statuses.includes('indeterminate')) {
        entry.state = 'lookup_failed';
        finish({ status: 'error', key: 'finding.dane.lookup_failed', target: host, params: { host, name }, evidence: [] });
        continue;
      }
      // §2.2.1/§2.2.2: an insecure MX RRset or insecure addresses make TLSA unusable for senders.
      if (statuses.some((s) => s !== 'secure')) {
        entry.state = 'not_secure';
        finish({ status: 'fail', key: 'finding.dane.not_secure', target: host, params: { host }, evidence: [] });
        continue;
      }
      let tlsa: NameValidation = await validator.validate(name, RR_TYPE.TLSA);
      if (base !== host && tlsa.status === 'secure' && tlsa.records.length === 0) {
        // §2.2.2: no TLSA at the CNAME target → try the original MX name.
        entry.base = host;
        tlsa = await validator.validate(`_25._tcp.${host}`, RR_TYPE.TLSA);
      }
      entry.tlsa = tlsa;
      const evidence: Evidence[] = [{ type: 'text', key: 'evidence.dnssec.chain', value: validationLines(tlsa).join('\n') }];
      const tlsaName = `_25._tcp.${entry.base}`;
      if (tlsa.status === 'bogus') {
        entry.state = 'bogus';
        finish({ status: 'fail', key: 'finding.dane.bogus', target: host, params: { host, name: tlsaName }, evidence });
        continue;
      }
      if (tlsa.status === 'indeterminate') {
        entry.state = 'lookup_failed';
        finish({ status: 'error', key: 'finding.dane.lookup_failed', target: host, params: { host, name: tlsaName }, evidence });
        continue;
      }
      const records = tlsa.status === 'secure' ? tlsa.records.map(tlsaOf).filter((r) => r !== undefined) : [];
      if (records.length === 0) {
        entry.state = 'missing';
        finish({ status: 'fail', key: 'finding.dane.missing', target: host, params: { host, name: tlsaName }, evidence });
        continue;
      }
      const classified = records.map((r) => ({ record: r, ...classifyTlsa(r) }));
      if (!classified.some((c) => c.usable)) {
        entry.state = 'unusable';
        entry.records = classified.map((c) => ({
          record: formatTlsa(c.record),
          usable: false,
          ...(c.reason ? { reason: c.reason } : {}),
          matches: [],
        }));
        const usages = [...new Set(records.map((r) => `${usageMnemonic(r.usage) ?? r.usage}(${r.usage})`))].join(', ');
        finish({ status: 'fail', key: 'finding.dane.unusable_usage', target: host, params: { host, name: tlsaName, usages }, evidence });
        continue;
      }

      const groups = (certificates?.groups ?? []).filter((g) => g.host === host && g.tls.chain.length > 0);
      entry.records = classified.map((c) => ({
        record: formatTlsa(c.record),
        usable: c.usable,
        ...(c.reason ? { reason: c.reason } : {}),
        matches: [],
      }));
      if (groups.length === 0) {
        entry.state = 'no_certificate';
        finish({ status: 'not_tested', key: 'finding.dane.not_tested', target: host, params: { host }, evidence });
        continue;
      }
      const matched = new Set<number>();
      let allAuthenticated = true;
      const hostFindings: DaneFinding[] = [];
      for (const g of groups) {
        const result = matchTlsa(
          records,
          g.tls.chain.map((c) => c.pem),
          { hostnames: [host, entry.base], now },
        );
        result.records.forEach((r, i) => {
          entry.records[i]!.matches.push({ addresses: g.addresses, ...(r.matched ? { certificate: r.matchedCertificate ?? 0 } : {}) });
          if (r.matched) matched.add(i);
        });
        const lines = result.records.map(
          (r) =>
            `${formatTlsa(r.record)}: ${!r.usable ? `unusable (${r.reason ?? ''})` : r.matched ? `matches certificate ${r.matchedCertificate ?? 0} of the chain` : 'no match'}`,
        );
        const groupEvidence: Evidence[] = [
          ...g.addresses.map((address): Evidence => ({ type: 'address', host, address })),
          { type: 'text', key: 'evidence.dane.tlsa', value: lines.join('\n') },
          ...evidence,
        ];
        const addressText = g.addresses.join(', ');
        if (result.authenticated) {
          const first = result.records.find((r) => r.matched)!;
          hostFindings.push({
            status: 'pass',
            key: 'finding.dane.match',
            target: host,
            params: {
              host,
              addresses: addressText,
              record: formatTlsa(first.record),
              via: result.via === 'dane-ta' ? 'DANE-TA' : 'DANE-EE',
            },
            evidence: groupEvidence,
          });
          if (result.via === 'dane-ee' && !g.tls.hostMatch) {
            hostFindings.push({ status: 'info', key: 'finding.dane.ee_name_irrelevant', target: host, params: { host }, evidence: [] });
          }
        } else {
          allAuthenticated = false;
          hostFindings.push({
            status: 'fail',
            key: 'finding.dane.mismatch',
            target: host,
            params: { host, addresses: addressText, name: tlsaName },
            evidence: groupEvidence,
          });
        }
      }
      entry.authenticated = allAuthenticated;
      const rollover = rolloverReadiness(records, matched);
      entry.rolloverReady = rollover.ready;
      if (allAuthenticated) {
        hostFindings.push(
          rollover.ready
            ? {
                status: 'pass',
                key: 'finding.dane.rollover_ready',
                target: host,
                params: { name: tlsaName },
                evidence: [],
              }
            : { status: 'warning', key: 'finding.dane.no_rollover', target: host, params: { name: tlsaName }, evidence: [] },
        );
        const expiries = groups.flatMap((g) => (g.tls.chain[0]?.validTo ? [g.tls.chain[0].validTo] : []));
        const soonest = expiries.sort()[0];
        if (!rollover.ready && soonest && Date.parse(soonest) - now.getTime() < EXPIRY_WARNING_DAYS * DAY_MS) {
          hostFindings.push({
            status: 'warning',
            key: 'finding.dane.expiring_no_successor',
            target: host,
            params: { host, date: soonest.slice(0, 10) },
            evidence: [],
          });
        }
      }
      findings.push(...hostFindings);
      ctx.progress.target(host, 'finished', allAuthenticated ? 'pass' : 'fail');
    }
    return { data: { hosts }, findings };
  },
});
