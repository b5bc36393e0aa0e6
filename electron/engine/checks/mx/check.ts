/**
 * MX discovery: the mail servers every later check (STARTTLS, TLS, DANE) will test.
 * RFC 5321 §5.1 (MX selection, implicit MX), RFC 7505 (null MX), RFC 2181 §10.3 (MX must not be an alias).
 */
import type { Target } from '../../../../shared/assessment';
import { recordText, type DnsResolver } from '../../../../shared/dns';
import { parseDomainName } from '../../../../shared/domain-name';
import { defineCheck, dnsEvidence, expectAnswer, type FindingOf, type OutputOf } from '../../check';
import { mxSpec, type MxHost } from './spec';

/**
 * A and AAAA of a host. A failed lookup of one family (a broken AAAA answer is common) keeps the
 * other family's addresses and is reported in `failed`; only when both fail does this throw.
 */
async function addresses(dns: DnsResolver, name: string) {
  const [v4, v6] = await Promise.allSettled([dns.lookup(name, 'A').then(expectAnswer), dns.lookup(name, 'AAAA').then(expectAnswer)]);
  if (v4.status === 'rejected' && v6.status === 'rejected') throw v4.reason;
  const failed = [
    v4.status === 'rejected' ? { family: 'IPv4', error: v4.reason as unknown } : undefined,
    v6.status === 'rejected' ? { family: 'IPv6', error: v6.reason as unknown } : undefined,
  ].filter((f) => f !== undefined);
  const lookups = [v4, v6].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  return {
    ipv4: v4.status === 'fulfilled' ? v4.value.records.map((r) => r.address) : [],
    ipv6: v6.status === 'fulfilled' ? v6.value.records.map((r) => r.address) : [],
    cnames: lookups.find((l) => l.cnames.length > 0)?.cnames ?? [],
    lookups,
    failed: failed.map((f) => ({ family: f.family, error: f.error instanceof Error ? f.error.message : String(f.error) })),
  };
}

const IPV4_LIKE = /^\d{1,3}(\.\d{1,3}){3}$/;

export const mxCheck = defineCheck(mxSpec, {
  async run(ctx): Promise<OutputOf<typeof mxSpec>> {
    const findings: FindingOf<typeof mxSpec>[] = [];
    const targets: Target[] = [];
    const domain = ctx.domain;
    const mx = expectAnswer(await ctx.dns.lookup(domain, 'MX'));
    const mxEvidence = dnsEvidence(mx, mx.records.map(recordText));

    const extraHosts = await Promise.all(
      ctx.request.extraHosts.map(async (name) => {
        try {
          const a = await addresses(ctx.dns, name);
          targets.push({ kind: 'host', name, addresses: [...a.ipv4, ...a.ipv6], source: 'request' });
          if (a.ipv4.length + a.ipv6.length === 0) {
            findings.push({
              status: 'warning',
              key: 'finding.mx.extra_host_no_address',
              target: name,
              params: { host: name },
              evidence: a.lookups.map((l) => dnsEvidence(l, [])),
            });
          }
          return { name, ipv4: a.ipv4, ipv6: a.ipv6 };
        } catch {
          findings.push({ status: 'warning', key: 'finding.mx.extra_host_no_address', target: name, params: { host: name }, evidence: [] });
          return { name, ipv4: [], ipv6: [] };
        }
      }),
    );

    // RFC 7505 §3: a null MX is a single record "0 ." and nothing else.
    const isNull = (r: { exchange: string }) => r.exchange === '' || r.exchange === '.';
    const realRecords = mx.records.filter((r) => !isNull(r));
    if (realRecords.length < mx.records.length) {
      if (mx.records.length === 1 && mx.records[0]!.preference === 0) {
        findings.push({ status: 'info', key: 'finding.mx.null_mx', params: { domain }, evidence: [mxEvidence] });
        return { data: { kind: 'null-mx', hosts: [], extraHosts }, findings, targets };
      }
      findings.push({ status: 'fail', key: 'finding.mx.null_mx_mixed', params: { domain }, evidence: [mxEvidence] });
      // Senders that skip the "0 ." still deliver to the real hosts, so those are tested as mail servers.
      if (realRecords.length === 0) return { data: { kind: 'null-mx', hosts: [], extraHosts }, findings, targets };
    }

    if (mx.records.length === 0) {
      // RFC 5321 §5.1: without MX, the domain's own address is the implicit MX.
      const a = await addresses(ctx.dns, domain);
      const evidence = [mxEvidence, ...a.lookups.map((l) => dnsEvidence(l, l.records.map(recordText)))];
      if (a.ipv4.length + a.ipv6.length === 0) {
        findings.push({
          status: 'fail',
          key: mx.rcode === 'NXDOMAIN' ? 'finding.mx.domain_not_found' : 'finding.mx.none',
          params: { domain },
          evidence,
        });
        return { data: { kind: 'none', hosts: [], extraHosts }, findings, targets };
      }
      findings.push({ status: 'warning', key: 'finding.mx.implicit', params: { domain, addresses: [...a.ipv4, ...a.ipv6] }, evidence });
      targets.push({ kind: 'mx', name: domain, addresses: [...a.ipv4, ...a.ipv6], source: 'implicit-mx' });
      return {
        data: { kind: 'implicit', hosts: [{ preference: 0, exchange: domain, cnames: a.cnames, ipv4: a.ipv4, ipv6: a.ipv6 }], extraHosts },
        findings,
        targets,
      };
    }

    const sorted = [...realRecords].sort((x, y) => x.preference - y.preference || x.exchange.localeCompare(y.exchange));
    const hosts = await Promise.all(
      sorted.map(async (record): Promise<MxHost> => {
        const host: MxHost = { preference: record.preference, exchange: record.exchange, cnames: [], ipv4: [], ipv6: [] };
        ctx.progress.target(record.exchange, 'started');
        if (IPV4_LIKE.test(record.exchange) || record.exchange.includes(':')) {
          host.problem = 'ip_literal';
          findings.push({
            status: 'fail',
            key: 'finding.mx.ip_literal',
            target: record.exchange,
            params: { host: record.exchange },
            evidence: [mxEvidence],
          });
        } else if (!parseDomainName(record.exchange).ok) {
          host.problem = 'invalid_name';
          findings.push({
            status: 'fail',
            key: 'finding.mx.invalid_name',
            target: record.exchange,
            params: { host: record.exchange },
            evidence: [mxEvidence],
          });
        } else {
          try {
            const a = await addresses(ctx.dns, record.exchange);
            Object.assign(host, { ipv4: a.ipv4, ipv6: a.ipv6, cnames: a.cnames });
            const evidence = a.lookups.map((l) => dnsEvidence(l, l.records.map(recordText)));
            for (const f of a.failed) {
              findings.push({
                status: 'warning',
                key: 'finding.mx.address_lookup_partial',
                target: record.exchange,
                params: { host: record.exchange, family: f.family, error: f.error },
                evidence: [mxEvidence, ...evidence],
              });
            }
            if (a.cnames.length > 0) {
              findings.push({
                status: 'warning',
                key: 'finding.mx.cname',
                target: record.exchange,
                params: { host: record.exchange, target: a.cnames[a.cnames.length - 1]! },
                evidence: [mxEvidence, ...evidence],
              });
            }
            if (a.ipv4.length + a.ipv6.length === 0) {
              host.problem = 'no_address';
              findings.push({
                status: 'fail',
                key: 'finding.mx.no_address',
                target: record.exchange,
                params: { host: record.exchange },
                evidence,
              });
            } else {
              targets.push({ kind: 'mx', name: record.exchange, addresses: [...a.ipv4, ...a.ipv6], source: 'mx' });
              for (const address of [...a.ipv4, ...a.ipv6]) evidence.push({ type: 'address', host: record.exchange, address });
            }
          } catch (error) {
            host.problem = 'lookup_failed';
            findings.push({
              status: 'error',
              key: 'finding.mx.lookup_failed',
              target: record.exchange,
              params: { host: record.exchange, error: error instanceof Error ? error.message : String(error) },
              evidence: [mxEvidence],
            });
          }
        }
        ctx.progress.target(record.exchange, 'finished', host.problem ? 'fail' : 'pass');
        return host;
      }),
    );

    const usable = hosts.filter((h) => !h.problem);
    if (usable.length > 0) {
      findings.push({
        status: 'pass',
        key: 'finding.mx.ok',
        params: { domain, hosts: usable.map((h) => `${h.preference} ${h.exchange}`) },
        evidence: [
          mxEvidence,
          ...usable.flatMap((h) => [...h.ipv4, ...h.ipv6].map((address) => ({ type: 'address' as const, host: h.exchange, address }))),
        ],
      });
    } else {
      findings.push({ status: 'fail', key: 'finding.mx.no_usable_host', params: { domain }, evidence: [mxEvidence] });
    }
    return { data: { kind: 'mx', hosts, extraHosts }, findings, targets };
  },
});
