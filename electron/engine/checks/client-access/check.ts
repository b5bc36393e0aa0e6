/**
 * Mail client ports of the organisation's own hosts (requirement 8). Every address of every
 * non-Microsoft host from access-hosts gets each client port probed once (names sharing an
 * address share the probe), plus the ports SRV records name. TLS ports then get the TLS versions
 * step of the MX checks (same prober, same connector limits, a budget per port) and the same
 * certificate evaluation. Port 25 AUTH before STARTTLS is read from the starttls check's EHLO.
 */
import type { Evidence, ParamValue } from '../../../../shared/assessment';
import { assessCertificate } from '../../../../shared/certificate';
import { evaluateCipherOrder } from '../../../../shared/tls/classify';
import {
  cipherFindings,
  keyExchangeFindings,
  versionFindings,
  type TlsAddressProblem,
  type TlsCiphersAddress,
  type TlsKeyExchangeAddress,
  type TlsVersionsAddress,
} from '../../../../shared/tls/assess';
import { SkipCheck, defineCheck, type CheckContext, type FindingOf, type OutputOf } from '../../check';
import { STANDARD_PORTS, isImplicitTls, probeClientPort, type ClientPortResult, type ClientProtocol } from '../../net/client-ports';
import { DEFAULT_MAX_PER_ADDRESS } from '../../net/connect';
import { smtpStartTlsOpener } from '../../net/smtp';
import { TlsProbeSession, probeCipherSuites, probeKeyExchange, probeVersions, type TlsStreamOpener } from '../../net/tls';
import { accessHostsSpec } from '../access-hosts/spec';
import { isMicrosoftName } from '../access-hosts/check';
import { startTlsSpec } from '../starttls/spec';
import { clientAccessSpec, type ClientPort } from './spec';

type Finding = FindingOf<typeof clientAccessSpec>;

const SERVICE: Readonly<Record<ClientProtocol, string>> = {
  smtps: 'SMTP submission over TLS',
  submission: 'SMTP submission',
  imaps: 'IMAPS',
  imap: 'IMAP',
  pop3s: 'POP3S',
  pop3: 'POP3',
};
const SRV_PROTOCOL: Readonly<Record<string, ClientProtocol>> = {
  submissions: 'smtps',
  submission: 'submission',
  imaps: 'imaps',
  imap: 'imap',
  pop3s: 'pop3s',
  pop3: 'pop3',
};
const CONNECT_TIMEOUT_MS = 8_000;
/** The TLS profile per port (versions, suites, key exchange); the MX checks allow 90 + 240 + 150 s over three checks. */
const PROFILE_BUDGET_MS = 120_000;
/** Bounds: a long host list must not turn into hundreds of connections. */
const MAX_ADDRESSES = 16;
const MAX_EXTRA_PORTS_PER_ADDRESS = 6;

interface Probe {
  host: string;
  names: string[];
  address: string;
  port: number;
  protocol: ClientProtocol;
}

/** One probe per address and port; the first name (MX before the others) is the one sent as SNI. */
function plan(
  hosts: readonly { name: string; addresses: string[]; microsoft: boolean; srv: { service: string; port: number }[] }[],
): Probe[] {
  const byAddress = new Map<string, { names: string[]; ports: Map<number, ClientProtocol> }>();
  for (const h of hosts) {
    if (h.microsoft) continue;
    for (const address of h.addresses) {
      let entry = byAddress.get(address);
      if (!entry) {
        if (byAddress.size >= MAX_ADDRESSES) continue;
        entry = { names: [], ports: new Map() };
        for (const [protocol, port] of Object.entries(STANDARD_PORTS) as [ClientProtocol, number][]) entry.ports.set(port, protocol);
        byAddress.set(address, entry);
      }
      if (!entry.names.includes(h.name)) entry.names.push(h.name);
      let extra = 0;
      for (const s of h.srv) {
        const protocol = SRV_PROTOCOL[s.service];
        if (!protocol || s.port <= 0 || entry.ports.has(s.port) || extra >= MAX_EXTRA_PORTS_PER_ADDRESS) continue;
        entry.ports.set(s.port, protocol);
        extra += 1;
      }
    }
  }
  return [...byAddress].flatMap(([address, e]) =>
    [...e.ports].map(([port, protocol]) => ({ host: e.names[0]!, names: e.names, address, port, protocol })),
  );
}

/**
 * The MX checks' TLS profile on one TLS port — versions, then suites, then key exchange, each step
 * seeded by the one before (as tls-versions → tls-ciphers → tls-key-exchange) — on one probe
 * session: a fresh connection (and STARTTLS on 587) per ClientHello, the connector's per-address
 * limit, a time budget per port after which no new connection is opened.
 */
async function profileOn(
  ctx: CheckContext,
  p: ClientPortResult,
): Promise<{ versions: TlsVersionsAddress; ciphers?: TlsCiphersAddress; keyExchange?: TlsKeyExchangeAddress }> {
  const target = { host: p.host, address: p.address, port: p.port };
  const budget = Math.max(1_000, Math.min(PROFILE_BUDGET_MS, ctx.deadline - Date.now() - 30_000));
  const until = Date.now() + budget;
  const failures: unknown[] = [];
  const open: TlsStreamOpener = async (signal) => {
    try {
      if (Date.now() >= until) throw new BudgetSpent(budget);
      const s = AbortSignal.any([ctx.signal, signal]);
      if (p.protocol === 'submission')
        return await smtpStartTlsOpener(ctx.connect, target, {
          signal: s,
          ...(ctx.settings.heloName ? { heloName: ctx.settings.heloName } : {}),
        })();
      return await ctx.connect({ ...target, signal: s, timeoutMs: CONNECT_TIMEOUT_MS });
    } catch (error) {
      failures.push(error);
      throw error;
    }
  };
  const session = new TlsProbeSession(open, {
    serverName: p.host,
    maxConcurrent: DEFAULT_MAX_PER_ADDRESS,
    openTimeoutMs: 60_000,
    signal: ctx.signal,
  });
  const base = { host: p.host, address: p.address, family: p.family, port: p.port, endpoint: p.endpoint };
  const ended = (start: ReturnType<TlsProbeSession['snapshot']>) => {
    const stats = session.statsSince(start);
    const stop = session.interruption;
    if (!stop) return { ...base, state: 'completed' as const, stats };
    const first = failures[0];
    const problem: TlsAddressProblem = {
      kind: stop.reason === 'budget_exhausted' ? 'budget_exhausted' : first instanceof BudgetSpent ? 'deadline' : 'connection_failed',
      detail: first instanceof Error ? first.message : stop.error.message,
    };
    return { ...base, state: 'interrupted' as const, problem, stats };
  };

  let start = session.snapshot();
  const known = await probeVersions(session);
  const versions: TlsVersionsAddress = { ...ended(start), versions: known };
  if (versions.state !== 'completed' || known.supported.length === 0) return { versions };
  start = session.snapshot();
  const suites = await probeCipherSuites(session, known);
  const order = session.interruption ? undefined : evaluateCipherOrder(suites.versions);
  const ciphers: TlsCiphersAddress = { ...ended(start), ciphers: suites, ...(order ? { order } : {}) };
  if (ciphers.state !== 'completed' || suites.versions.every((v) => v.suites.length === 0)) return { versions, ciphers };
  start = session.snapshot();
  const kex = await probeKeyExchange(session, known, suites);
  return { versions, ciphers, keyExchange: { ...ended(start), keyExchange: kex } };
}

class BudgetSpent extends Error {
  constructor(ms: number) {
    super(`the time budget of ${Math.round(ms / 1000)} s for this port was spent`);
    this.name = 'BudgetSpent';
  }
}

function portEvidence(p: ClientPortResult): Evidence[] {
  const out: Evidence[] = [{ type: 'address', host: p.host, address: p.address }];
  if (p.capabilities?.length) out.push({ type: 'text', key: 'evidence.client_access.capabilities', value: p.capabilities.join(' ') });
  if (p.transcript.length) out.push({ type: 'text', key: 'evidence.client_access.transcript', value: p.transcript.join('\n') });
  return out;
}

/** The findings of one probed port. */
function judge(p: ClientPortResult, names: string[]): Finding[] {
  const plaintextPort = !isImplicitTls(p.protocol) && p.protocol !== 'submission';
  const params: Record<string, ParamValue> = {
    host: p.host,
    names,
    address: p.address,
    endpoint: p.endpoint,
    port: p.port,
    service: SERVICE[p.protocol],
  };
  const evidence = portEvidence(p);
  const one = (status: Finding['status'], key: Finding['key'], extra: Record<string, ParamValue> = {}): Finding[] => [
    { status, key, target: p.host, params: { ...params, ...extra }, evidence },
  ];
  const absent = plaintextPort ? 'pass' : 'info';
  switch (p.outcome) {
    case 'closed':
      return one(absent, 'finding.client_access.port_closed');
    case 'filtered':
      return one(absent, 'finding.client_access.port_filtered', { seconds: CONNECT_TIMEOUT_MS / 1000 });
    case 'unreachable':
      return one(absent, 'finding.client_access.port_unreachable', { detail: p.detail ?? '' });
    case 'connect_error':
      return one('not_tested', 'finding.client_access.connect_error', { detail: p.detail ?? '' });
    case 'refused':
      return one('info', 'finding.client_access.service_refused', { detail: p.detail ?? '' });
    case 'silent':
    case 'garbled':
    case 'dropped':
      return one('warning', 'finding.client_access.no_answer', { detail: p.detail ?? '' });
    case 'tls_failed':
      return one('fail', 'finding.client_access.tls_failed', { detail: p.detail ?? '' });
    case 'ok':
      break;
  }
  const caps = p.capabilities?.join(' ') || '—';
  const login = p.loginEvidence ?? '';
  switch (p.protocol) {
    case 'imap':
      if (!p.plaintextLogin) return one('pass', 'finding.client_access.imap_login_after_tls', { capabilities: caps });
      return p.starttls
        ? one('fail', 'finding.client_access.imap_login_before_tls', { capabilities: caps })
        : one('fail', 'finding.client_access.imap_plaintext_only', { capabilities: caps });
    case 'pop3':
      if (!p.plaintextLogin) return one('pass', 'finding.client_access.pop3_login_after_tls', { login });
      return p.starttls
        ? one('fail', 'finding.client_access.pop3_login_before_tls', { login })
        : one('fail', 'finding.client_access.pop3_plaintext_only', { login });
    case 'submission': {
      const auth = p.capabilities?.find((c) => /^AUTH\b/i.test(c)) ?? 'no AUTH';
      if (!p.starttls) return one('fail', 'finding.client_access.submission_no_starttls', { auth });
      if (p.plaintextLogin) return one('fail', 'finding.client_access.submission_auth_before_tls', { auth });
      const after = p.authAfterTls?.length ? `AUTH ${p.authAfterTls.join(' ')}` : 'no AUTH';
      return one('pass', 'finding.client_access.submission_ok', { auth: after, protocol: p.tls?.protocol ?? '' });
    }
    default:
      return one('pass', 'finding.client_access.tls_ok', { protocol: p.tls?.protocol ?? '', cipher: p.tls?.cipher ?? '' });
  }
}

export const clientAccessCheck = defineCheck(clientAccessSpec, {
  timeoutMs: 300_000,
  async run(ctx): Promise<OutputOf<typeof clientAccessSpec>> {
    const access = ctx.resultOf(accessHostsSpec);
    if (!access) throw new SkipCheck('skipped.requires_access_hosts');
    const findings: Finding[] = [];
    const microsoftHosts = access.hosts.filter((h) => h.microsoft).map((h) => h.name);
    if (microsoftHosts.length > 0 || access.autodiscoverExchangeOnline)
      findings.push({ status: 'pass', key: 'finding.client_access.microsoft', params: { hosts: microsoftHosts } });

    // Port 25: the EHLO the starttls check already had before STARTTLS.
    const smtp25: { host: string; address: string; auth?: string; starttls: boolean }[] = [];
    for (const a of ctx.resultOf(startTlsSpec)?.addresses ?? []) {
      if (!a.session || isMicrosoftName(a.host)) continue;
      const auth = a.session.extensions.find((e) => /^AUTH\b/i.test(e));
      const starttls = a.session.extensions.some((e) => /^STARTTLS\b/i.test(e));
      smtp25.push({ host: a.host, address: a.address, ...(auth ? { auth } : {}), starttls });
      if (auth)
        findings.push({
          status: 'fail',
          key: 'finding.client_access.smtp_auth_before_tls',
          target: a.host,
          params: { host: a.host, address: a.address, endpoint: a.endpoint ?? `${a.address}:${a.port}`, port: a.port, auth },
          evidence: [
            { type: 'address', host: a.host, address: a.address },
            { type: 'text', key: 'evidence.client_access.transcript', value: a.session.transcript.join('\n') },
          ],
        });
    }

    const probes = plan(access.hosts);
    if (probes.length === 0 && microsoftHosts.length === 0)
      findings.push({ status: 'not_tested', key: 'finding.client_access.no_hosts', params: { domain: ctx.domain } });

    const ports = await Promise.all(
      probes.map(async (probe): Promise<ClientPort> => {
        const label = `${probe.host} [${probe.address}]:${probe.port}`;
        ctx.progress.target(label, 'started');
        const result = await probeClientPort(ctx.connect, probe, {
          signal: ctx.signal,
          extraCaPem: ctx.settings.extraCaPem,
          connectTimeoutMs: CONNECT_TIMEOUT_MS,
          ...(ctx.settings.heloName ? { heloName: ctx.settings.heloName } : {}),
        });
        const own = judge(result, probe.names);
        let profile: Awaited<ReturnType<typeof profileOn>> | undefined;
        if (result.tls) {
          profile = await profileOn(ctx, result);
          const tlsFindings = [
            ...versionFindings(profile.versions),
            ...(profile.ciphers ? cipherFindings(profile.ciphers) : []),
            ...(profile.keyExchange ? keyExchangeFindings(profile.keyExchange, profile.ciphers?.ciphers) : []),
          ];
          own.push(...tlsFindings.map((f) => ({ ...f, params: { ...f.params, service: SERVICE[probe.protocol] } })));
        }
        findings.push(...own);
        ctx.progress.target(label, 'finished', own.some((f) => f.status === 'fail') ? 'fail' : 'pass');
        return { ...result, names: probe.names, ...profile };
      }),
    );
    // One certificate verdict per host and served certificate, naming every port that serves it.
    const groups = new Map<string, ClientPort[]>();
    for (const p of ports) {
      if (!p.tls) continue;
      const id = `${p.host}|${p.tls.chain[0]?.fingerprint256 ?? 'none'}|${p.tls.authorized}`;
      groups.set(id, [...(groups.get(id) ?? []), p]);
    }
    const now = new Date();
    for (const group of groups.values()) {
      const first = group[0]!;
      const addresses = [...new Set(group.map((p) => p.address))];
      const endpoints = group.map((p) => `${p.address}:${p.port}`);
      for (const v of assessCertificate({ host: first.host, addresses, port: first.port, tls: first.tls!, now }))
        findings.push({
          ...v,
          params: { ...v.params, ports: [...new Set(group.map((p) => String(p.port)))] },
          target: first.host,
          evidence: [
            ...addresses.map((address): Evidence => ({ type: 'address', host: first.host, address })),
            { type: 'text', key: 'evidence.client_access.ports', value: endpoints.join(', ') },
          ],
        });
    }
    return { data: { ports, smtp25, microsoftHosts }, findings };
  },
});
