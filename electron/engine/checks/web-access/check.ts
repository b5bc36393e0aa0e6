/**
 * Web access (requirement 9): for each address of the organisation's web hosts, HTTPS and HTTP
 * GETs of Exchange's virtual directories, then the certificate, TLS versions and cipher suites of port 443.
 * Politeness (DESIGN §4): one connection per request through `ctx.connect` (at most two at once
 * per address); the first request on a port goes alone, and when it finds the port closed,
 * filtered, without TLS or silent, no further request is made to that port.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { Evidence } from '../../../../shared/assessment';
import { assessCertificate, keyDescription, type TlsHandshakeFacts } from '../../../../shared/certificate';
import { worstStatus } from '../../../../shared/status';
import { keyExchangeFindings } from '../../../../shared/tls/assess';
import type { TlsCiphersResult, TlsKeyExchangeResult, TlsVersionsResult } from '../../../../shared/tls/profile';
import { SkipCheck, defineCheck, type CheckContext, type FindingOf, type OutputOf } from '../../check';
import { formatEndpoint } from '../../net/connect';
import { DEFAULT_HTTP_LIMITS, PORT_PROBLEMS, httpGet, headerValues, type HttpExchange, type HttpLimits } from '../../net/http';
import { TlsProbeSession, probeCipherSuites, probeKeyExchange, probeVersions } from '../../net/tls';
import { accessHostsSpec, type AccessHost } from '../access-hosts/spec';
import { platformSpec } from '../platform/spec';
import { HSTS_MIN_MAX_AGE, classifyHttpAnswer, owaAssetBuild, parseHsts, resolveLocation } from './assess';
import { KEPT_HEADERS, WEB_PATHS, webAccessSpec, type WebAddress, type WebRequest } from './spec';

type Finding = FindingOf<typeof webAccessSpec>;

/** Which names say "web access here", most specific first: that one is used as Host and SNI. */
const SOURCE_RANK = ['common-name', 'request', 'autodiscover', 'srv', 'mx'] as const;

/** No new request on an address after this; in-flight ones end within their own limits. */
const ADDRESS_BUDGET_MS = 60_000;
const MAX_HEADER_VALUE = 1_024;

function rankOf(host: AccessHost): number {
  const ranks = host.sources.map((s) => SOURCE_RANK.indexOf(s.kind));
  return Math.min(...ranks.map((r) => (r < 0 ? SOURCE_RANK.length : r)));
}

/** A web host: found as a web name, user-given, autodiscover (A or SRV), or an MX (OWA on the same box). */
function isWebHost(host: AccessHost): boolean {
  return host.sources.some((s) => s.kind !== 'srv') || host.srv.some((s) => s.service === 'autodiscover');
}

interface AddressPlan {
  address: string;
  names: string[];
}

/** Each address once, with every web name pointing at it, the most specific first. */
export function webAddresses(hosts: readonly AccessHost[]): AddressPlan[] {
  const byAddress = new Map<string, AccessHost[]>();
  for (const h of hosts) for (const a of h.addresses) byAddress.set(a, [...(byAddress.get(a) ?? []), h]);
  return [...byAddress.entries()].map(([address, list]) => ({
    address,
    names: [...new Set([...list].sort((x, y) => rankOf(x) - rankOf(y) || x.name.localeCompare(y.name)).map((h) => h.name))],
  }));
}

function toRequest(x: HttpExchange, scheme: 'http' | 'https', path: string): WebRequest {
  const headers = (x.response?.headers ?? [])
    .filter(([name]) => (KEPT_HEADERS as readonly string[]).includes(name))
    .map(([name, value]): [string, string] => [name, value.slice(0, MAX_HEADER_VALUE)]);
  const location = headerValues(x.response, 'location')[0];
  const asset = owaAssetBuild(`${location ?? ''}\n${x.body ?? ''}`);
  return {
    scheme,
    path,
    url: x.url,
    ...(x.response ? { status: x.response.status } : {}),
    headers,
    ...(asset ? { owaAssetBuild: asset } : {}),
    ...(x.bodyBytes !== undefined ? { bodyBytes: x.bodyBytes } : {}),
    ...(x.problem ? { problem: x.problem } : {}),
    ...(x.detail ? { detail: x.detail } : {}),
    durationMs: x.durationMs,
  };
}

interface PortRun {
  state: WebAddress['https'];
  requests: WebRequest[];
  tls?: TlsHandshakeFacts;
  endpoint?: string;
}

/** `/owa/auth/logon.aspx?…` when the answer redirects there on the same origin. */
function logonPath(x: HttpExchange): string | undefined {
  const location = headerValues(x.response, 'location')[0];
  if (!x.response || x.response.status < 300 || x.response.status > 399 || location === undefined) return undefined;
  try {
    const from = new URL(x.url);
    const to = new URL(location, x.url);
    return to.origin === from.origin && to.pathname.toLowerCase().startsWith('/owa/auth/') ? to.pathname + to.search : undefined;
  } catch {
    return undefined;
  }
}

/** The paths on one port: the first alone; the rest only when it got an HTTP answer. */
async function probePort(
  ctx: CheckContext,
  scheme: 'http' | 'https',
  host: string,
  address: string,
  until: number,
  limits: Partial<HttpLimits>,
): Promise<PortRun> {
  const get = (path: string) =>
    httpGet(ctx.connect, {
      scheme,
      host,
      address,
      path,
      extraCaPem: ctx.settings.extraCaPem,
      signal: ctx.signal,
      limits,
      // The OWA logon page names its build in asset paths.
      keepBody: path.toLowerCase().startsWith('/owa/'),
    });
  const first = await get(WEB_PATHS[0]);
  const requests = [toRequest(first, scheme, WEB_PATHS[0])];
  const base = { requests, ...(first.tls ? { tls: first.tls } : {}), endpoint: first.endpoint };
  if (first.problem && PORT_PROBLEMS.has(first.problem)) {
    const state: WebAddress['https'] =
      first.problem === 'refused'
        ? 'refused'
        : first.problem === 'connect_timeout'
          ? 'filtered'
          : first.problem === 'tls_failed' || first.problem === 'tls_timeout'
            ? 'no_tls'
            : 'unreachable';
    return { ...base, state };
  }
  // Connected, but no HTTP answer (silent, endless header, garbage): asking again would only wait again.
  if (!first.response) return { ...base, state: 'open' };
  // Exchange redirects /owa/ to its logon page, which names the build in asset paths: one more GET, same host only.
  const logon = logonPath(first);
  if (logon) requests.push(toRequest(await get(logon), scheme, logon));
  const rest = await Promise.all(
    WEB_PATHS.slice(1).map(async (path) =>
      Date.now() < until && !ctx.signal.aborted ? toRequest(await get(path), scheme, path) : undefined,
    ),
  );
  return { ...base, state: 'open', requests: [...requests, ...rest.filter((r): r is WebRequest => r !== undefined)] };
}

/**
 * Our own ClientHellos on port 443 (DESIGN §4), over fresh connections through ctx.connect, one at
 * a time: the versions, then the suites of each version (the prober's elimination of whole groups
 * keeps this to a few dozen handshakes), then the key exchange (groups, DH, signature hash) as the
 * MX checks probe it. The TLS extras are not probed here.
 */
async function probeWebTls(
  ctx: CheckContext,
  host: string,
  address: string,
): Promise<{ versions: TlsVersionsResult; ciphers: TlsCiphersResult; keyExchange?: TlsKeyExchangeResult }> {
  const session = new TlsProbeSession(
    (signal) => ctx.connect({ host, address, port: 443, timeoutMs: 8_000, signal: AbortSignal.any([ctx.signal, signal]) }),
    { serverName: host, maxConcurrent: 1, openTimeoutMs: 30_000, maxHandshakes: 150, signal: ctx.signal },
  );
  const versions = await probeVersions(session);
  const ciphers = await probeCipherSuites(session, versions);
  if (session.interruption || ciphers.versions.every((v) => v.suites.length === 0)) return { versions, ciphers };
  return { versions, ciphers, keyExchange: await probeKeyExchange(session, versions, ciphers) };
}

const first = (r: WebRequest, name: string) => r.headers.find(([k]) => k === name)?.[1];
const answers = (list: readonly WebRequest[]) => list.map((r) => `${r.url} → ${r.status ?? r.problem ?? '?'}`);
/** The virtual directories asked (not the logon page Exchange redirects to), by path: short enough for a verdict's reason. */
const pathsOf = (list: readonly WebRequest[]) => [
  ...new Set(list.filter((r) => !r.path.toLowerCase().startsWith('/owa/auth/')).map((r) => r.path)),
];
const days = (seconds: number) => Math.floor(seconds / 86_400);

function httpsFindings(a: WebAddress, base: { host: string; address: string }): Finding[] {
  const out: Finding[] = [];
  const answered = a.requests.filter((r) => r.scheme === 'https' && r.status !== undefined);
  const firstHttps = a.requests.find((r) => r.scheme === 'https');
  if (a.https === 'no_tls' || (a.https === 'open' && answered.length === 0 && firstHttps)) {
    out.push({
      status: 'not_tested',
      key: 'finding.web_access.https_no_answer',
      params: { ...base, url: firstHttps?.url ?? '', detail: firstHttps?.detail ?? firstHttps?.problem ?? '' },
    });
    return out;
  }
  if (answered.length === 0) return out;
  // RFC 6797 §8.1: only the first STS header field of a response counts.
  const withHeader = answered.filter((r) => first(r, 'strict-transport-security') !== undefined);
  const without = answered.filter((r) => first(r, 'strict-transport-security') === undefined);
  if (withHeader.length === 0) {
    out.push({ status: 'fail', key: 'finding.web_access.hsts_missing', params: { ...base, urls: pathsOf(answered) } });
    return out;
  }
  const shown = withHeader.find((r) => r.path === '/owa/') ?? withHeader[0]!;
  const header = first(shown, 'strict-transport-security')!;
  const parsed = parseHsts(header);
  if (!parsed.ok) out.push({ status: 'fail', key: 'finding.web_access.hsts_invalid', params: { ...base, header } });
  else if (parsed.maxAge < HSTS_MIN_MAX_AGE)
    out.push({
      status: 'fail',
      key: 'finding.web_access.hsts_short',
      params: { ...base, header, maxAge: parsed.maxAge, days: days(parsed.maxAge) },
    });
  else if (without.length > 0)
    out.push({ status: 'warning', key: 'finding.web_access.hsts_partial', params: { ...base, header, urls: pathsOf(without) } });
  else
    out.push({
      status: 'pass',
      key: 'finding.web_access.hsts_ok',
      params: { ...base, header, maxAge: parsed.maxAge, days: days(parsed.maxAge), includeSubDomains: parsed.includeSubDomains },
    });
  return out;
}

function httpFindings(a: WebAddress, base: { host: string; address: string }, connectMs: number): Finding[] {
  if (a.http === 'refused') return [{ status: 'pass', key: 'finding.web_access.http_closed', params: base }];
  if (a.http === 'filtered' || a.http === 'unreachable')
    return [{ status: 'pass', key: 'finding.web_access.http_filtered', params: { ...base, seconds: Math.round(connectMs / 1000) } }];
  if (a.http !== 'open') return [];
  const plain = a.requests.filter((r) => r.scheme === 'http');
  const answered = plain.filter((r) => r.status !== undefined);
  if (answered.length === 0) {
    const r = plain[0];
    return r
      ? [
          {
            status: 'not_tested',
            key: 'finding.web_access.http_no_answer',
            params: { ...base, url: r.url, detail: r.detail ?? r.problem ?? '' },
          },
        ]
      : [];
  }
  const kinds = answered.map((r) => ({ r, kind: classifyHttpAnswer(r.status!, first(r, 'location'), r.url) }));
  // `301 → https://mail.firma.cz/owa/` for /owa/, then each other status and target origin once.
  const redirectText = (list: typeof kinds) => [
    ...new Set(
      list.map(({ r }, i) => {
        const target = resolveLocation(first(r, 'location') ?? '', r.url) ?? first(r, 'location') ?? '';
        return `${i === 0 ? `${r.path} ` : ''}${r.status} → ${i === 0 ? target : target.replace(/^(https?:\/\/[^/]+).*$/, '$1/…')}`;
      }),
    ),
  ];
  const served = kinds.filter((k) => k.kind === 'served');
  if (served.length > 0)
    return [{ status: 'fail', key: 'finding.web_access.http_served', params: { ...base, answers: answers(served.map((k) => k.r)) } }];
  const insecure = kinds.filter((k) => k.kind === 'redirect_http');
  if (insecure.length > 0)
    return [{ status: 'fail', key: 'finding.web_access.http_redirect_insecure', params: { ...base, redirects: redirectText(insecure) } }];
  const refused = kinds.filter((k) => k.kind === 'refused');
  if (refused.length > 0)
    return [
      { status: 'warning', key: 'finding.web_access.http_no_redirect', params: { ...base, answers: answers(refused.map((k) => k.r)) } },
    ];
  return [{ status: 'pass', key: 'finding.web_access.http_redirects', params: { ...base, redirects: redirectText(kinds) } }];
}

function certificateFindings(a: WebAddress, base: { host: string; address: string }, now: Date): Finding[] {
  if (!a.tls) return [];
  const leaf = a.tls.chain[0];
  if (!leaf) return [];
  const verdicts = assessCertificate({ host: a.host, addresses: [a.address], port: 443, tls: a.tls, now });
  const names = leaf.dnsNames.length ? leaf.dnsNames : leaf.commonName ? [leaf.commonName] : [];
  const facts = {
    ...base,
    subject: leaf.subject,
    issuer: leaf.issuer,
    names,
    validFrom: leaf.validFrom?.slice(0, 10) ?? '?',
    validTo: leaf.validTo?.slice(0, 10) ?? '?',
  };
  const out: Finding[] = [];
  const keys = new Set(verdicts.map((v) => v.key));
  if (
    keys.has('finding.certificate.untrusted') ||
    keys.has('finding.certificate.self_signed') ||
    keys.has('finding.certificate.chain_incomplete')
  )
    out.push({
      status: 'fail',
      key: 'finding.web_access.certificate_untrusted',
      params: { ...facts, error: a.tls.authorizationError ?? 'UNKNOWN' },
    });
  if (a.namesNotCovered.length > 0)
    out.push({ status: 'fail', key: 'finding.web_access.certificate_name_mismatch', params: { ...facts, missing: a.namesNotCovered } });
  if (
    keys.has('finding.certificate.expired') ||
    keys.has('finding.certificate.not_yet_valid') ||
    keys.has('finding.certificate.invalid_dates')
  )
    out.push({ status: 'fail', key: 'finding.web_access.certificate_expired', params: facts });
  const soon = verdicts.find((v) => v.key === 'finding.certificate.expires_soon');
  if (soon)
    out.push({
      status: 'warning',
      key: 'finding.web_access.certificate_expires_soon',
      params: { ...facts, daysLeft: soon.params.daysLeft ?? null },
    });
  if (
    keys.has('finding.certificate.key_weak') ||
    keys.has('finding.certificate.signature_weak') ||
    keys.has('finding.certificate.key_unreadable')
  )
    out.push({
      status: 'fail',
      key: 'finding.web_access.certificate_weak',
      params: { ...facts, key: keyDescription(leaf), signature: leaf.signatureAlgorithm },
    });
  if (out.length === 0) out.push({ status: 'pass', key: 'finding.web_access.certificate_ok', params: facts });
  return out;
}

const LEGACY = ['SSLv3', 'TLSv1.0', 'TLSv1.1'];

function versionFindings(a: WebAddress, base: { host: string; address: string }): Finding[] {
  const v = a.versions;
  if (!v) return [];
  const legacy = v.supported.filter((x) => LEGACY.includes(x));
  if (legacy.length > 0)
    return [{ status: 'fail', key: 'finding.web_access.tls_legacy', params: { ...base, legacy, versions: v.supported } }];
  const unknown = v.probes.filter((p) => p.state === 'unknown');
  if (unknown.length > 0 || v.supported.length === 0)
    return [
      {
        status: 'not_tested',
        key: 'finding.web_access.tls_unknown',
        params: {
          ...base,
          detail:
            unknown.map((p) => `${p.version}: ${p.evidence.outcome}${p.evidence.detail ? ` (${p.evidence.detail})` : ''}`).join('; ') ||
            'no version answered',
        },
      },
    ];
  return [{ status: 'pass', key: 'finding.web_access.tls_ok', params: { ...base, versions: v.supported } }];
}

/** NCSC-NL classes as the TLS checks apply them: insufficient fails, phase-out warns. */
function cipherFindings(a: WebAddress, base: { host: string; address: string }): Finding[] {
  const c = a.ciphers;
  if (!c) return [];
  const ofClass = (cls: string) =>
    c.versions.flatMap((v) => v.suites.filter((s) => s.class === cls).map((s) => ({ version: v.version, name: s.name })));
  const out: Finding[] = [];
  for (const [cls, status, key] of [
    ['insufficient', 'fail', 'finding.web_access.ciphers_insufficient'],
    ['phase_out', 'warning', 'finding.web_access.ciphers_phase_out'],
  ] as const) {
    const list = ofClass(cls);
    if (list.length > 0)
      out.push({
        status,
        key,
        params: { ...base, suites: [...new Set(list.map((s) => s.name))], versions: [...new Set(list.map((s) => s.version))] },
      });
  }
  return out;
}

/** The key exchange of port 443, judged as the MX checks judge theirs (weak groups, small DH, SHA-1 signatures). */
function webKeyExchangeFindings(a: WebAddress): Finding[] {
  if (!a.keyExchange) return [];
  const [address, port] = [a.address, 443];
  const at = {
    host: a.host,
    address,
    family: isIP(address) === 6 ? (6 as const) : (4 as const),
    port,
    endpoint: a.endpoint ?? `${address}:${port}`,
  };
  return keyExchangeFindings({ ...at, state: 'completed', keyExchange: a.keyExchange }, a.ciphers).filter((f) => f.status !== 'pass');
}

function requestEvidence(a: WebAddress): Evidence {
  const lines = a.requests.map((r) => {
    const kept = r.headers.filter(([k]) => k !== 'request-id').map(([k, v]) => `${k}: ${v}`);
    return `GET ${r.url} [${a.address}] → ${r.status ?? `${r.problem ?? '?'}${r.detail ? ` (${r.detail})` : ''}`}${kept.length ? ` | ${kept.join(' | ')}` : ''}`;
  });
  return { type: 'text', key: 'evidence.web_access.requests', value: lines.join('\n') };
}

/** Names of the address the leaf certificate does not cover (RFC 6125 via node:crypto). */
function namesNotCovered(tls: TlsHandshakeFacts | undefined, names: readonly string[]): string[] {
  const pem = tls?.chain[0]?.pem;
  if (!pem) return [];
  try {
    const leaf = new X509Certificate(pem);
    return names.filter((n) => leaf.checkHost(n, { subject: 'default' }) === undefined);
  } catch {
    return [...names];
  }
}

export const webAccessCheck = defineCheck(webAccessSpec, {
  timeoutMs: 180_000,
  async run(ctx): Promise<OutputOf<typeof webAccessSpec>> {
    const hostsResult = ctx.resultOf(accessHostsSpec);
    if (!hostsResult) throw new SkipCheck('skipped.web_access.requires_access_hosts');
    const platform = ctx.resultOf(platformSpec);
    const exchangeOnline = hostsResult.autodiscoverExchangeOnline || platform?.platform === 'exchange-online';
    const hosts = hostsResult.hosts.map((h) => ({
      name: h.name,
      addresses: h.addresses,
      probed: !h.microsoft && isWebHost(h) && h.addresses.length > 0,
      ...(h.microsoft
        ? { reason: 'microsoft' }
        : !isWebHost(h)
          ? { reason: 'not_web' }
          : h.addresses.length === 0
            ? { reason: 'no_address' }
            : {}),
    }));
    const plans = webAddresses(hostsResult.hosts.filter((h) => !h.microsoft && isWebHost(h)));
    const now = new Date();
    const limits: Partial<HttpLimits> = {};
    const connectMs = DEFAULT_HTTP_LIMITS.connectMs;
    const findings: Finding[] = [];
    const addresses = await Promise.all(
      plans.map(async (plan): Promise<{ entry: WebAddress; findings: Finding[] }> => {
        const host = plan.names[0]!;
        const label = `${host} [${plan.address}]`;
        ctx.progress.target(label, 'started');
        const until = Date.now() + ADDRESS_BUDGET_MS;
        const [https, http] = await Promise.all([
          probePort(ctx, 'https', host, plan.address, until, limits),
          probePort(ctx, 'http', host, plan.address, until, limits),
        ]);
        const entry: WebAddress = {
          host,
          names: plan.names,
          address: plan.address,
          endpoint: https.endpoint ?? formatEndpoint(plan.address, 443),
          https: https.state,
          http: http.state,
          requests: [...https.requests, ...http.requests],
          ...(https.tls ? { tls: https.tls } : {}),
          namesNotCovered: namesNotCovered(https.tls, plan.names),
          verdicts: [],
        };
        if (https.tls && !ctx.signal.aborted) Object.assign(entry, await probeWebTls(ctx, host, plan.address));
        const base = { host, address: plan.address };
        let own: Finding[];
        const closed = (s: WebAddress['https']) => s === 'refused' || s === 'filtered' || s === 'unreachable';
        if (closed(entry.https) && closed(entry.http)) {
          own = [
            {
              status: 'info',
              key: 'finding.web_access.no_web_service',
              params: { ...base, https: entry.https, http: entry.http },
            },
          ];
        } else {
          own = [
            ...httpsFindings(entry, base),
            ...httpFindings(entry, base, connectMs),
            ...certificateFindings(entry, base, now),
            ...versionFindings(entry, base),
            ...cipherFindings(entry, base),
            ...webKeyExchangeFindings(entry),
          ];
        }
        const evidence: Evidence[] = [{ type: 'address', host, address: plan.address }, requestEvidence(entry)];
        entry.verdicts = own.map((f) => f.key);
        ctx.progress.target(label, 'finished', worstStatus(own.map((f) => f.status)));
        // Key-exchange findings keep their own evidence (groups, DH, signature) before the requests.
        return { entry, findings: own.map((f) => ({ ...f, target: host, evidence: [...(f.evidence ?? []), ...evidence] })) };
      }),
    );
    for (const a of addresses) findings.push(...a.findings);
    if (plans.length === 0) {
      const via = [
        ...(hostsResult.autodiscoverExchangeOnline ? [`autodiscover.${ctx.domain} → autodiscover.outlook.com`] : []),
        ...(platform?.platform === 'exchange-online' ? ['MX → Exchange Online'] : []),
      ];
      findings.push(
        exchangeOnline
          ? { status: 'pass', key: 'finding.web_access.exchange_online', params: { domain: ctx.domain, via } }
          : { status: 'info', key: 'finding.web_access.no_hosts', params: { domain: ctx.domain } },
      );
    }
    return { data: { hosts, addresses: addresses.map((a) => a.entry), exchangeOnline }, findings };
  },
});
