/**
 * Finds the organisation's client and web access hosts: MX hosts, the request's extra hosts,
 * autodiscover.<domain>, the usual mail./webmail./owa./remote. names and RFC 6186 SRV records
 * (RFC 6186 §3.4: a target of "." says the service is not offered). Microsoft's Exchange Online
 * endpoints are kept in the list, marked, and never probed by the checks that read it.
 */
import type { Evidence } from '../../../../shared/assessment';
import { recordText, type DnsResolver } from '../../../../shared/dns';
import { parseDomainName } from '../../../../shared/domain-name';
import { defineCheck, dnsEvidence, expectAnswer, type FindingOf, type OutputOf } from '../../check';
import { mxSpec } from '../mx/spec';
import { accessHostsSpec, type AccessHost, type AccessHostSource } from './spec';

/** RFC 6186 §3.1–3.3 client services, plus Microsoft's autodiscover SRV. */
export const SRV_SERVICES = ['submission', 'submissions', 'imap', 'imaps', 'pop3', 'pop3s', 'autodiscover'] as const;
export const COMMON_NAMES = ['mail', 'webmail', 'owa', 'remote'] as const;
/** Bounds: a hostile zone must not turn discovery into hundreds of probes. */
export const MAX_HOSTS = 32;
const MAX_SRV_PER_NAME = 8;

/** Names of Microsoft 365 / Exchange Online endpoints (their MX, autodiscover and client hosts). */
const MICROSOFT_SUFFIXES = ['outlook.com', 'office365.com', 'office.com', 'microsoft.com', 'outlook.office365.com'];
export const isMicrosoftName = (name: string): boolean => MICROSOFT_SUFFIXES.some((s) => name === s || name.endsWith(`.${s}`));

const normal = (name: string): string | undefined => {
  const parsed = parseDomainName(name.replace(/\.$/, ''));
  return parsed.ok ? parsed.ascii.toLowerCase() : undefined;
};

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

interface Resolved {
  addresses: string[];
  cnames: string[];
  evidence: Evidence[];
}

async function resolve(dns: DnsResolver, name: string): Promise<Resolved> {
  const [v4, v6] = await Promise.allSettled([dns.lookup(name, 'A').then(expectAnswer), dns.lookup(name, 'AAAA').then(expectAnswer)]);
  if (v4.status === 'rejected' && v6.status === 'rejected') throw v4.reason;
  const lookups = [v4, v6].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  return {
    addresses: [...new Set(lookups.flatMap((l) => l.records.map((r) => r.address.toLowerCase())))],
    cnames: lookups.find((l) => l.cnames.length > 0)?.cnames ?? [],
    evidence: lookups.map((l) => dnsEvidence(l, [...l.cnames.map((c) => `CNAME ${c}.`), ...l.records.map(recordText)])),
  };
}

/** RFC 2782 presentation: "priority weight port target". */
function parseSrv(text: string): { port: number; target: string } | undefined {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 4) return undefined;
  const port = Number(parts[2]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  return { port, target: parts[3]!.replace(/\.$/, '').toLowerCase() };
}

export const accessHostsCheck = defineCheck(accessHostsSpec, {
  async run(ctx): Promise<OutputOf<typeof accessHostsSpec>> {
    const findings: FindingOf<typeof accessHostsSpec>[] = [];
    const domain = ctx.domain;
    const hosts = new Map<string, AccessHost>();
    const evidence: Evidence[] = [];
    let truncated = false;

    const add = (name: string, source: { kind: AccessHostSource; via?: string }, addresses: string[], extra: Partial<AccessHost> = {}) => {
      let host = hosts.get(name);
      if (!host) {
        if (hosts.size >= MAX_HOSTS) {
          truncated = true;
          return;
        }
        host = { name, addresses: [], sources: [], srv: [], microsoft: isMicrosoftName(name) };
        hosts.set(name, host);
      }
      for (const a of addresses) if (!host.addresses.includes(a)) host.addresses.push(a);
      if (!host.sources.some((s) => s.kind === source.kind && s.via === source.via)) host.sources.push(source);
      for (const s of extra.srv ?? []) if (!host.srv.some((x) => x.service === s.service && x.port === s.port)) host.srv.push(s);
      if (extra.microsoft) host.microsoft = true;
      if (extra.cname && !host.cname) host.cname = extra.cname;
    };
    const lookupFailed = (name: string, type: string, e: unknown) =>
      findings.push({
        status: 'warning',
        key: 'finding.access_hosts.lookup_failed',
        target: name,
        params: { name, type, error: errorText(e) },
      });

    const mx = ctx.resultOf(mxSpec);
    for (const h of mx?.hosts ?? []) {
      const name = normal(h.exchange);
      if (!name || h.problem === 'ip_literal' || h.problem === 'invalid_name') continue;
      add(
        name,
        { kind: 'mx' },
        [...h.ipv4, ...h.ipv6].map((a) => a.toLowerCase()),
      );
    }
    for (const h of mx?.extraHosts ?? []) {
      const name = normal(h.name);
      if (name)
        add(
          name,
          { kind: 'request' },
          [...h.ipv4, ...h.ipv6].map((a) => a.toLowerCase()),
        );
    }

    let autodiscoverExchangeOnline = false;
    const named = async (label: string, kind: AccessHostSource) => {
      const name = `${label}.${domain}`;
      try {
        const r = await resolve(ctx.dns, name);
        const canonical = r.cnames.at(-1);
        const microsoft = r.cnames.some(isMicrosoftName);
        if (kind === 'autodiscover' && r.cnames.includes('autodiscover.outlook.com')) autodiscoverExchangeOnline = true;
        if (r.addresses.length === 0 && !microsoft) return;
        evidence.push(...r.evidence);
        return { name, kind, addresses: r.addresses, canonical, microsoft };
      } catch (e) {
        lookupFailed(name, 'A/AAAA', e);
        return undefined;
      }
    };
    const srv = async (service: (typeof SRV_SERVICES)[number]) => {
      const owner = `_${service}._tcp.${domain}`;
      try {
        const r = expectAnswer(await ctx.dns.lookup(owner, 'SRV'));
        const records = r.records.flatMap((rec) => (rec.type === 'OTHER' && rec.rrtype === 'SRV' ? [rec.text] : []));
        if (records.length > 0) evidence.push(dnsEvidence(r, records));
        return { service, owner, records: records.slice(0, MAX_SRV_PER_NAME) };
      } catch (e) {
        lookupFailed(owner, 'SRV', e);
        return { service, owner, records: [] };
      }
    };
    const [autodiscover, common, services] = await Promise.all([
      named('autodiscover', 'autodiscover'),
      Promise.all(COMMON_NAMES.map((label) => named(label, 'common-name'))),
      Promise.all(SRV_SERVICES.map(srv)),
    ]);
    for (const found of [autodiscover, ...common]) {
      if (!found) continue;
      add(found.name, { kind: found.kind }, found.addresses, {
        microsoft: found.microsoft,
        ...(found.canonical ? { cname: found.canonical } : {}),
      });
    }

    // SRV targets resolved after the names above, so a target already known is not asked again.
    const targets: { name: string; service: string; port: number; owner: string }[] = [];
    for (const s of services) {
      for (const text of s.records) {
        const parsed = parseSrv(text);
        if (!parsed) continue;
        if (parsed.target === '' || parsed.target === '.') {
          findings.push({
            status: 'info',
            key: 'finding.access_hosts.srv_not_offered',
            target: s.owner,
            params: { record: s.owner, service: s.service },
          });
          continue;
        }
        const name = normal(parsed.target);
        if (!name) {
          findings.push({ status: 'warning', key: 'finding.access_hosts.invalid_name', params: { record: s.owner, host: parsed.target } });
          continue;
        }
        targets.push({ name, service: s.service, port: parsed.port, owner: s.owner });
      }
    }
    const unknown = [...new Set(targets.map((t) => t.name))].filter((n) => !hosts.has(n)).slice(0, MAX_HOSTS);
    const resolved = new Map(
      await Promise.all(
        unknown.map(async (name): Promise<[string, Resolved | undefined]> => {
          try {
            const r = await resolve(ctx.dns, name);
            evidence.push(...r.evidence);
            return [name, r];
          } catch (e) {
            lookupFailed(name, 'A/AAAA', e);
            return [name, undefined];
          }
        }),
      ),
    );
    for (const t of targets) {
      const r = resolved.get(t.name);
      const canonical = r?.cnames.at(-1);
      add(t.name, { kind: 'srv', via: t.owner }, r?.addresses ?? [], {
        srv: [{ service: t.service, port: t.port }],
        microsoft: r?.cnames.some(isMicrosoftName) ?? false,
        ...(canonical ? { cname: canonical } : {}),
      });
    }

    const list = [...hosts.values()];
    if (autodiscoverExchangeOnline) {
      findings.push({ status: 'info', key: 'finding.access_hosts.exchange_online', params: { domain }, evidence });
    }
    if (truncated) findings.push({ status: 'warning', key: 'finding.access_hosts.truncated', params: { limit: MAX_HOSTS } });
    if (list.length === 0) {
      findings.push({ status: 'info', key: 'finding.access_hosts.none', params: { domain }, evidence });
    } else {
      const describe = (h: AccessHost) =>
        `${h.name} (${h.sources.map((s) => (s.via ? `${s.kind} ${s.via}` : s.kind)).join(', ')}${h.microsoft ? ', Microsoft' : ''}): ${
          h.addresses.length > 0 ? h.addresses.join(' ') : '—'
        }`;
      findings.push({ status: 'info', key: 'finding.access_hosts.found', params: { domain, hosts: list.map(describe) }, evidence });
    }
    return { data: { hosts: list, autodiscoverExchangeOnline }, findings };
  },
});
