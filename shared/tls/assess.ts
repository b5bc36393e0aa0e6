/**
 * What the four TLS checks (tls-versions, tls-ciphers, tls-key-exchange, tls-extras) found per MX
 * address, and the findings that follow from it. Pure: the checks do the probing, this file only
 * judges, so every verdict is table-tested. Classes are NCSC-NL 2025-05 (shared/tls/classify.ts);
 * Internet.nl's mapping applies: insufficient → fail, phase-out → warning, good/sufficient → pass.
 */
import type { Evidence, ParamValue } from '../assessment';
import type { FindingStatus } from '../status';
import { evaluateCipherOrder, type CipherOrderVerdict, type TlsClass } from './classify';
import { suiteByCode, suiteName } from './facts';
import type {
  HandshakeEvidence,
  TlsCiphersResult,
  TlsExtrasResult,
  TlsGroupInfo,
  TlsKeyExchangeResult,
  TlsProbeStats,
  TlsVersionsResult,
} from './profile';
import { versionRank, type TlsVersionName } from './protocol';

/** Why probing an address stopped before the step was done. */
export type TlsAddressProblemKind =
  /** the server answered 421 (or the connector is pausing after one): it limits our connections */
  | 'rate_limited'
  /** a new connection or its STARTTLS failed although it had worked before */
  | 'connection_failed'
  /** no ready stream within the time allowed */
  | 'timeout'
  /** the address's time budget for this step ran out */
  | 'deadline'
  /** the handshake budget of the session was spent */
  | 'budget_exhausted'
  /** the step this one builds on did not finish for this address */
  | 'previous_step';

export interface TlsAddressProblem {
  kind: TlsAddressProblemKind;
  detail: string;
  /** the server's reply that stopped us, e.g. `421 4.7.0 Too many connections` */
  reply?: string;
}

export interface TlsAddressBase {
  host: string;
  address: string;
  family: 4 | 6;
  port: number;
  /** where the connections really went, `addr:port` (differs under --connect-to) */
  endpoint: string;
  /** completed: the step ran to its end; interrupted: it stopped early (see problem); not_run: it did not start */
  state: 'completed' | 'interrupted' | 'not_run';
  problem?: TlsAddressProblem;
  /** connections and ClientHellos this step cost on this address */
  stats?: TlsProbeStats;
}

export interface TlsVersionsAddress extends TlsAddressBase {
  versions?: TlsVersionsResult;
}
export interface TlsCiphersAddress extends TlsAddressBase {
  ciphers?: TlsCiphersResult;
  /** NCSC cipher-order verdict on the highest version below TLS 1.3 */
  order?: CipherOrderVerdict;
}
export interface TlsKeyExchangeAddress extends TlsAddressBase {
  keyExchange?: TlsKeyExchangeResult;
}
export interface TlsExtrasAddress extends TlsAddressBase {
  extras?: TlsExtrasResult;
}

/** Attempt data of each check: the classification source and one entry per tested address. */
export interface TlsCheckData<A extends TlsAddressBase> {
  /** e.g. "NCSC-NL 2025-05" */
  classification: string;
  addresses: A[];
}
export type TlsVersionsData = TlsCheckData<TlsVersionsAddress>;
export type TlsCiphersData = TlsCheckData<TlsCiphersAddress>;
export type TlsKeyExchangeData = TlsCheckData<TlsKeyExchangeAddress>;
export type TlsExtrasData = TlsCheckData<TlsExtrasAddress>;

/** What the TLS checks can say; `checks/tls/findings.ts` declares each key's texts. */
export type TlsFindingWhat =
  | 'rate_limited'
  | 'connection_failed'
  | 'deadline'
  | 'previous_step_incomplete'
  | 'ssl3_offered'
  | 'legacy_versions_offered'
  | 'versions_modern'
  | 'versions_tls12_max'
  | 'no_modern_version'
  | 'no_tls_handshake'
  | 'versions_unknown'
  | 'cipher_insufficient'
  | 'cipher_phase_out'
  | 'cipher_order_not_enforced'
  | 'cipher_order_weak_first'
  | 'ciphers_incomplete'
  | 'ciphers_ok'
  | 'group_insufficient'
  | 'group_phase_out'
  | 'dh_small'
  | 'dh_insufficient'
  | 'dh_phase_out'
  | 'kex_hash_legacy'
  | 'kex_hash_sha1'
  | 'kex_hash_unknown'
  | 'kex_hash_sha224'
  | 'no_forward_secrecy'
  | 'groups_incomplete'
  | 'key_exchange_ok'
  | 'extras_tls13_only'
  | 'extras_unknown'
  | 'compression_enabled'
  | 'insecure_renegotiation'
  | 'no_extended_master_secret'
  | 'extras_ok';
export type TlsFindingKey = `finding.tls.${TlsFindingWhat}`;

export interface TlsFinding {
  status: FindingStatus;
  key: TlsFindingKey;
  params: Record<string, ParamValue>;
  target: string;
  evidence: Evidence[];
}

// ------------------------------------------------------------------------------ shared parts

function formatEndpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** What every TLS finding carries: the tested address and port, and what the step cost. */
function baseParams(a: TlsAddressBase): Record<string, ParamValue> {
  return { host: a.host, address: a.address, port: a.port, endpoint: a.endpoint, handshakes: a.stats?.handshakes ?? 0 };
}

function evidenceLines(a: TlsAddressBase, extra: Evidence[]): Evidence[] {
  const out: Evidence[] = [{ type: 'address', host: a.host, address: a.address }];
  if (a.endpoint !== formatEndpoint(a.address, a.port)) out.push({ type: 'text', key: 'evidence.connect.endpoint', value: a.endpoint });
  out.push(...extra);
  if (a.stats)
    out.push({
      type: 'text',
      key: 'evidence.tls.probe_stats',
      value: `${a.stats.handshakes} × ClientHello, ${a.stats.connections} × TCP + STARTTLS, ${a.stats.durationMs} ms`,
    });
  return out;
}

export function describeHandshake(e: HandshakeEvidence): string {
  const parts: string[] = [e.outcome];
  if (e.version) parts.push(e.version);
  if (e.suite !== undefined) parts.push(suiteName(e.suite));
  if (e.alert) parts.push(e.alert);
  if (e.detail) parts.push(e.detail);
  return parts.join(' ');
}

function finding(
  a: TlsAddressBase,
  status: FindingStatus,
  what: TlsFindingWhat,
  params: Record<string, ParamValue>,
  evidence: Evidence[],
): TlsFinding {
  return {
    status,
    key: `finding.tls.${what}`,
    params: { ...baseParams(a), ...params },
    target: a.host,
    evidence: evidenceLines(a, evidence),
  };
}

/** The not-tested finding of an address whose step stopped early or could not start. */
export function problemFinding(a: TlsAddressBase, evidence: Evidence[] = []): TlsFinding | undefined {
  const p = a.problem;
  if (!p) return undefined;
  const what =
    p.kind === 'rate_limited'
      ? 'rate_limited'
      : p.kind === 'deadline'
        ? 'deadline'
        : p.kind === 'previous_step'
          ? 'previous_step_incomplete'
          : 'connection_failed';
  return finding(a, 'not_tested', what, { reply: p.reply ?? null, detail: p.detail }, evidence);
}

const unique = (list: readonly string[]) => [...new Set(list)];
const newestFirst = <T extends { version: TlsVersionName }>(list: readonly T[]) =>
  [...list].sort((x, y) => versionRank(y.version) - versionRank(x.version));

// ---------------------------------------------------------------------------------- versions

const LEGACY_VERSIONS: readonly TlsVersionName[] = ['TLSv1.0', 'TLSv1.1'];

export function versionsEvidence(v: TlsVersionsResult): Evidence {
  return {
    type: 'text',
    key: 'evidence.tls.versions',
    value: v.probes.map((p) => `${p.version}: ${p.state} [${p.class}] — ${describeHandshake(p.evidence)}`).join('\n'),
  };
}

/**
 * Requirement 2 of the measure with NCSC 3.3.1: SSL 3.0 forbidden; TLS 1.0 and 1.1 insufficient
 * (the measure tolerates them only where unavoidable, which an outside test cannot know, so they
 * fail with that explained); TLS 1.2 sufficient; TLS 1.3 good.
 */
export function versionFindings(a: TlsVersionsAddress): TlsFinding[] {
  const v = a.versions;
  const evidence = v ? [versionsEvidence(v)] : [];
  const out: TlsFinding[] = [];
  const problem = problemFinding(a, evidence);
  if (problem) out.push(problem);
  if (!v) return out;
  const supported = v.supported;
  // A proven weakness stays proven even when the step stopped early.
  if (supported.includes('SSLv3')) out.push(finding(a, 'fail', 'ssl3_offered', { versions: ['SSLv3'] }, evidence));
  const legacy = supported.filter((x) => LEGACY_VERSIONS.includes(x));
  if (legacy.length > 0) out.push(finding(a, 'fail', 'legacy_versions_offered', { versions: legacy }, evidence));
  if (a.state !== 'completed') return out;

  const modern = supported.filter((x) => x === 'TLSv1.2' || x === 'TLSv1.3');
  const unknown = v.probes.filter((p) => p.state === 'unknown');
  if (modern.includes('TLSv1.3')) out.push(finding(a, 'pass', 'versions_modern', { versions: modern }, evidence));
  else if (modern.includes('TLSv1.2')) out.push(finding(a, 'pass', 'versions_tls12_max', { versions: modern }, evidence));
  else if (supported.length > 0) out.push(finding(a, 'fail', 'no_modern_version', { versions: supported }, evidence));
  else if (unknown.length === 0) {
    // Every hello closed or reset without a single alert: the server takes STARTTLS but speaks no TLS.
    const silent = v.probes.every((p) => p.evidence.outcome === 'closed' || p.evidence.outcome === 'reset');
    out.push(
      silent
        ? finding(a, 'fail', 'no_tls_handshake', { detail: unique(v.probes.map((p) => p.evidence.outcome)).join(', ') }, evidence)
        : finding(a, 'fail', 'no_modern_version', { versions: null }, evidence),
    );
  }
  if (unknown.length > 0) {
    out.push(
      finding(
        a,
        'not_tested',
        'versions_unknown',
        { versions: unknown.map((p) => p.version), detail: unique(unknown.map((p) => describeHandshake(p.evidence))).join('; ') },
        evidence,
      ),
    );
  }
  return out;
}

// ----------------------------------------------------------------------------------- ciphers

export function ciphersEvidence(c: TlsCiphersResult): Evidence {
  const blocks = newestFirst(c.versions).map((v) => {
    const head = `${v.version} (${v.preference === 'server' ? 'server order' : v.preference === 'client' ? 'client order' : v.preference}${v.complete ? '' : ', incomplete'}):`;
    return [head, ...v.suites.map((s, i) => `  ${i + 1}. ${s.name} [${s.class}]`)].join('\n');
  });
  return { type: 'text', key: 'evidence.tls.suites', value: blocks.join('\n') };
}

/** NCSC 3.3.2–3.3.5 and appendix B per suite; NCSC sections 2–3 for the server's order. */
export function cipherFindings(a: TlsCiphersAddress): TlsFinding[] {
  const c = a.ciphers;
  const evidence = c ? [ciphersEvidence(c)] : [];
  const out: TlsFinding[] = [];
  const problem = problemFinding(a, evidence);
  if (problem) out.push(problem);
  if (!c) return out;
  const versions = newestFirst(c.versions);
  const ofClass = (cls: TlsClass) =>
    versions.flatMap((v) => v.suites.filter((s) => s.class === cls).map((s) => ({ version: v.version, name: s.name })));
  const insufficient = ofClass('insufficient');
  const phaseOut = ofClass('phase_out');
  if (insufficient.length > 0) {
    out.push(
      finding(
        a,
        'fail',
        'cipher_insufficient',
        { suites: unique(insufficient.map((s) => s.name)), versions: unique(insufficient.map((s) => s.version)) },
        evidence,
      ),
    );
  }
  if (phaseOut.length > 0)
    out.push(
      finding(
        a,
        'warning',
        'cipher_phase_out',
        { suites: unique(phaseOut.map((s) => s.name)), versions: unique(phaseOut.map((s) => s.version)) },
        evidence,
      ),
    );
  if (a.state !== 'completed') return out;

  const incomplete = versions.filter((v) => !v.complete);
  const order = a.order ?? evaluateCipherOrder(c.versions);
  let orderFails = false;
  if (order.class === 'insufficient') {
    orderFails = true;
    if (order.reason === 'no_server_preference')
      out.push(finding(a, 'fail', 'cipher_order_not_enforced', { version: order.version }, evidence));
    else
      out.push(
        finding(
          a,
          'fail',
          'cipher_order_weak_first',
          {
            version: order.version,
            suite: order.suite !== undefined ? suiteName(order.suite) : null,
            over: order.over !== undefined ? suiteName(order.over) : null,
          },
          evidence,
        ),
      );
  }
  if (incomplete.length > 0) {
    out.push(
      finding(
        a,
        'not_tested',
        'ciphers_incomplete',
        {
          versions: incomplete.map((v) => v.version),
          detail: unique(incomplete.flatMap((v) => (v.incompleteBecause ? [describeHandshake(v.incompleteBecause)] : []))).join('; '),
        },
        evidence,
      ),
    );
  }
  const count = versions.reduce((n, v) => n + v.suites.length, 0);
  if (insufficient.length === 0 && phaseOut.length === 0 && !orderFails && incomplete.length === 0 && count > 0) {
    out.push(finding(a, 'pass', 'ciphers_ok', { versions: versions.map((v) => v.version), suiteCount: count }, evidence));
  }
  return out;
}

// ------------------------------------------------------------------------------ key exchange

const hasForwardSecrecy = (code: number, version: TlsVersionName) => {
  if (version === 'TLSv1.3') return true;
  const kex = suiteByCode(code)?.kex;
  return kex === 'ECDHE' || kex === 'DHE';
};

export function keyExchangeEvidence(k: TlsKeyExchangeResult): Evidence[] {
  const out: Evidence[] = [];
  if (k.groups.length > 0) {
    out.push({
      type: 'text',
      key: 'evidence.tls.groups',
      value: k.groups
        .map((g) => `${g.version}${g.complete ? '' : ' (incomplete)'}: ${g.groups.map((x) => `${x.name} [${x.class}]`).join(', ') || '—'}`)
        .join('\n'),
    });
  }
  if (k.dh)
    out.push({
      type: 'text',
      key: 'evidence.tls.dh',
      value: `${k.dh.version} ${suiteName(k.dh.suite)}: ${k.dh.bits} bit${k.dh.group ? ` (${k.dh.group})` : ''}${k.dh.generator !== undefined ? `, g=${k.dh.generator}` : ''} [${k.dh.class}]`,
    });
  if (k.signature) {
    const s = k.signature;
    const how = s.scheme
      ? s.scheme.name
      : s.legacyHash === 'md5_sha1'
        ? 'MD5+SHA-1 (fixed by the protocol)'
        : s.legacyHash
          ? `${s.legacyHash} (fixed by the protocol)`
          : '—';
    const tests =
      s.sha1Accepted !== undefined
        ? `; SHA-1 only: ${s.sha1Accepted ? 'accepted' : 'refused'}${s.sha224Accepted !== undefined ? `; SHA-224 only: ${s.sha224Accepted ? 'accepted' : 'refused'}` : ''}`
        : '';
    out.push({ type: 'text', key: 'evidence.tls.kex_signature', value: `${s.version} ${suiteName(s.suite)}: ${how}${tests} [${s.class}]` });
  }
  return out;
}

/**
 * NCSC 3.3.3 (groups: ECDHE curves sufficient, secp224r1 phase-out, RFC 7919 groups ≥ 3072 phase-out,
 * any other finite-field group insufficient) and 3.3.5 (SHA-1 in the key-exchange signature
 * insufficient, SHA-224 phase-out). `ciphers` tells whether any suite has forward secrecy at all.
 */
export function keyExchangeFindings(a: TlsKeyExchangeAddress, ciphers?: TlsCiphersResult): TlsFinding[] {
  const k = a.keyExchange;
  const evidence = k ? keyExchangeEvidence(k) : [];
  const out: TlsFinding[] = [];
  const problem = problemFinding(a, evidence);
  if (problem) out.push(problem);
  if (!k) return out;
  const groups = new Map<number, TlsGroupInfo>();
  for (const probe of k.groups) for (const g of probe.groups) groups.set(g.code, g);
  const named = (cls: TlsClass) => [...groups.values()].filter((g) => g.class === cls).map((g) => g.name);
  const bad = named('insufficient');
  const old = named('phase_out');
  if (bad.length > 0) out.push(finding(a, 'fail', 'group_insufficient', { groups: bad }, evidence));
  if (old.length > 0) out.push(finding(a, 'warning', 'group_phase_out', { groups: old }, evidence));
  const dh = k.dh;
  if (dh) {
    const params = { bits: dh.bits, group: dh.group ?? null, suite: suiteName(dh.suite), version: dh.version };
    // Below 2048 bits the group is breakable by a well-funded attacker (Logjam, RFC 7919 §1).
    if (dh.bits < 2048) out.push(finding(a, 'fail', 'dh_small', params, evidence));
    else if (dh.class === 'insufficient') out.push(finding(a, 'fail', 'dh_insufficient', params, evidence));
    else if (dh.class === 'phase_out') out.push(finding(a, 'warning', 'dh_phase_out', params, evidence));
  }
  const sig = k.signature;
  if (sig && sig.class === 'insufficient') {
    if (sig.legacyHash)
      out.push(
        finding(
          a,
          'fail',
          'kex_hash_legacy',
          { version: sig.version, hash: sig.legacyHash === 'md5_sha1' ? 'MD5+SHA-1' : sig.legacyHash },
          evidence,
        ),
      );
    else out.push(finding(a, 'fail', 'kex_hash_sha1', { version: sig.version, scheme: sig.scheme?.name ?? null }, evidence));
  } else if (sig && sig.class === 'phase_out')
    out.push(finding(a, 'warning', 'kex_hash_sha224', { version: sig.version, scheme: sig.scheme?.name ?? null }, evidence));
  else if (sig?.unanswered)
    out.push(finding(a, 'not_tested', 'kex_hash_unknown', { version: sig.version, hash: sig.unanswered }, evidence));

  const suites = ciphers?.versions.flatMap((v) => v.suites.map((s) => ({ code: s.code, version: v.version }))) ?? [];
  const noForwardSecrecy = suites.length > 0 && !suites.some((s) => hasForwardSecrecy(s.code, s.version));
  if (noForwardSecrecy)
    out.push(finding(a, 'fail', 'no_forward_secrecy', { suites: unique(suites.map((s) => suiteName(s.code))) }, evidence));
  if (a.state !== 'completed') return out;

  const incomplete = k.groups.filter((g) => !g.complete);
  if (incomplete.length > 0) {
    out.push(
      finding(
        a,
        'info',
        'groups_incomplete',
        {
          versions: incomplete.map((g) => g.version),
          detail: unique(incomplete.map((g) => g.note ?? (g.incompleteBecause ? describeHandshake(g.incompleteBecause) : ''))).join('; '),
        },
        evidence,
      ),
    );
  }
  const judged = out.some((f) => f.status === 'fail' || f.status === 'warning' || f.status === 'not_tested');
  if (!judged && (groups.size > 0 || dh)) {
    out.push(
      finding(
        a,
        'pass',
        'key_exchange_ok',
        { groups: [...groups.values()].map((g) => g.name), dhBits: dh?.bits ?? null, hash: sig?.scheme?.hash ?? null },
        evidence,
      ),
    );
  }
  return out;
}

// ------------------------------------------------------------------------------------ extras

export function extrasEvidence(e: TlsExtrasResult): Evidence[] {
  if (e.compression === undefined)
    return e.evidence ? [{ type: 'text', key: 'evidence.tls.extras', value: describeHandshake(e.evidence) }] : [];
  const yes = (b: boolean | undefined) => (b ? 'yes' : 'no');
  return [
    {
      type: 'text',
      key: 'evidence.tls.extras',
      value: `${e.version}: compression ${yes(e.compression)}, secure renegotiation (RFC 5746) ${yes(e.secureRenegotiation)}, extended master secret (RFC 7627) ${yes(e.extendedMasterSecret)}`,
    },
  ];
}

/** NCSC 3.4.1 compression off, 3.4.2 secure renegotiation, 4.1 extended master secret (recommended here, DESIGN §4). */
export function extrasFindings(a: TlsExtrasAddress): TlsFinding[] {
  const e = a.extras;
  const evidence = e ? extrasEvidence(e) : [];
  const out: TlsFinding[] = [];
  const problem = problemFinding(a, evidence);
  if (problem) out.push(problem);
  if (!e) return out;
  if (e.notApplicable === 'only_tls13') return [...out, finding(a, 'pass', 'extras_tls13_only', {}, evidence)];
  if (e.notApplicable) return out;
  if (!e.classes) {
    if (!problem)
      out.push(
        finding(
          a,
          'not_tested',
          'extras_unknown',
          { version: e.version ?? null, detail: e.evidence ? describeHandshake(e.evidence) : '' },
          evidence,
        ),
      );
    return out;
  }
  const version = e.version ?? null;
  if (e.classes.compression === 'insufficient') out.push(finding(a, 'fail', 'compression_enabled', { version }, evidence));
  if (e.classes.secureRenegotiation === 'insufficient') out.push(finding(a, 'fail', 'insecure_renegotiation', { version }, evidence));
  if (e.classes.extendedMasterSecret === 'insufficient')
    out.push(finding(a, 'warning', 'no_extended_master_secret', { version }, evidence));
  if (out.length === 0) out.push(finding(a, 'pass', 'extras_ok', { version }, evidence));
  return out;
}
