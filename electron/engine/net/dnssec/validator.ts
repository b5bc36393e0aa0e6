/**
 * Our own DNSSEC validation (RFC 4033–4035, 5155, 6840): from a trust anchor down to the asked
 * name, one zone at a time, proving every step. A validating stub in the manner of `delv`: it
 * asks its resolver with DO and CD set, so it sees the data and the signatures even where the
 * resolver itself would have answered SERVFAIL, and decides on its own.
 *
 * Zone cuts are found top-down: a DS query at each label below the last known zone either returns
 * a signed DS RRset (a secure delegation: fetch the child's DNSKEY and match it), an NSEC/NSEC3
 * proof that the name is a delegation without DS (insecure from there on: proven, not assumed),
 * a proof that the name is inside the parent zone (no cut: go on), or a proof that it does not
 * exist (the answer will be a denial). Every step is recorded for the report.
 */
import type { TrustAnchor, WireRecord, DnskeyData, DsData, NsecData, Nsec3Data } from '../../../../shared/dnssec/types';
import {
  type NameValidation,
  type SignatureCheck,
  type ValidationReason,
  type ValidationStatus,
  type ZoneLink,
  worstStatus,
} from '../../../../shared/dnssec/result';
import {
  RR_TYPE,
  formatName,
  isSubdomain,
  labelCount,
  parentName,
  parseDnskey,
  parseDs,
  parseNsec,
  parseNsec3,
  parseRrsig,
  rdataTarget,
  signatureWindow,
  typeMnemonic,
  base32hex,
  compareBytes,
  rightmostLabels,
  type ParsedMessage,
} from '../../../../shared/dnssec/wire';
import { signedData } from '../../../../shared/dnssec/canonical';
import { toHex } from '../../../../shared/dnssec/presentation';
import { nsec3Denial, nsecDenial, wildcardProof, type DenialResult, type WildcardProof } from '../../../../shared/dnssec/denial';
import { dsMatches, nsec3Hash, verifySignature } from './crypto';

/** One DNS exchange with DO and CD set; throws DnsError when no usable response came. */
export type DnssecFetch = (name: string, type: number) => Promise<{ message: ParsedMessage; server: string }>;

export interface ValidatorOptions {
  fetch: DnssecFetch;
  anchors: readonly TrustAnchor[];
  /** epoch ms; tests set the clock */
  now?: () => number;
  /** queries one validator may send in all (every name of an assessment), default 400 */
  maxQueries?: number;
  /**
   * Where to turn when the resolver strips DNSSEC data: iterative resolution from the root hints
   * (iterative.ts). Validation then starts again on this path, once.
   */
  fallback?: DnssecFetch;
}

/** How the validator's answers were obtained: through the resolver, or from the root servers down. */
export type ValidationPath = 'resolver' | 'iterative';

export interface DnssecValidator {
  validate(name: string, type: number): Promise<NameValidation>;
  /** distinct queries sent so far */
  readonly queries: number;
  /** the servers that answered, `ip:port` */
  readonly servers: readonly string[];
  readonly path: ValidationPath;
  /** the resolver that stripped DNSSEC data, when the validator had to go iterative */
  readonly strippingResolver?: string;
}

/** RFC 4034 §2.1.1: bit 7 of the flags marks a zone key; only zone keys verify RRSIGs. */
const ZONE_KEY = 0x0100;
/** RFC 5011 §7: a revoked key must not be used to validate. */
const REVOKED = 0x0080;
/** RFC 8624 §3.1: what this validator can verify. */
const SUPPORTED_ALGORITHMS = new Set([5, 7, 8, 10, 13, 14, 15, 16]);
const SUPPORTED_DIGESTS = new Set([1, 2, 4]);
/** RFC 1034 §3.1: a name has at most 127 labels; CNAME chains are cut far earlier. */
const MAX_CNAMES = 8;

interface ZoneKey {
  data: DnskeyData;
}

interface ZoneState {
  zone: string;
  status: ValidationStatus;
  reason?: ValidationReason;
  detail?: string;
  keys: ZoneKey[];
  link: ZoneLink;
}

interface Walk {
  /** the deepest zone reached and its state */
  zone: ZoneState;
  links: ZoneLink[];
}

class Indeterminate extends Error {
  constructor(
    readonly reason: ValidationReason,
    detail: string,
  ) {
    super(detail);
  }
}

export function createValidator(options: ValidatorOptions): DnssecValidator {
  const now = options.now ?? Date.now;
  const maxQueries = options.maxQueries ?? 400;
  const cache = new Map<string, Promise<{ message: ParsedMessage; server: string }>>();
  let source = options.fetch;
  let path: ValidationPath = 'resolver';
  let strippingResolver: string | undefined;
  const zones = new Map<string, Promise<ZoneState>>();
  let queries = 0;
  const servers = new Set<string>();

  const fetch = (name: string, type: number): Promise<{ message: ParsedMessage; server: string }> => {
    const key = `${name}\u0000${type}`;
    const hit = cache.get(key);
    if (hit) return hit;
    if (queries >= maxQueries)
      return Promise.reject(new Indeterminate('too_many_queries', `more than ${maxQueries} DNSSEC queries were needed`));
    queries++;
    const from = source;
    const pending = from(name, type);
    void pending.then(
      ({ server }) => from === source && servers.add(server),
      () => {},
    );
    cache.set(key, pending);
    pending.catch(() => cache.get(key) === pending && cache.delete(key));
    return pending;
  };

  const nowSeconds = () => Math.floor(now() / 1000);

  /** RFC 4035 §5.3: at least one RRSIG by a key of `zone`, in its validity window, verifies. */
  function verifyRrset(rrset: WireRecord[], sigs: WireRecord[], zone: ZoneState, keys = zone.keys): RrsetCheck {
    const first = rrset[0]!;
    const checks: SignatureCheck[] = [];
    /** the label counts of the signatures that verified (wildcard detection) */
    const validLabels: number[] = [];
    for (const sig of sigs) {
      const d = parseRrsig(sig.rdata);
      if (d.typeCovered !== first.type) continue;
      const window = signatureWindow(d, nowSeconds());
      const check = (result: SignatureCheck['result']): SignatureCheck => ({
        covers: typeMnemonic(d.typeCovered),
        owner: first.name,
        keyTag: d.keyTag,
        algorithm: d.algorithm,
        signer: d.signerName,
        inception: new Date(window.inception * 1000).toISOString(),
        expiration: new Date(window.expiration * 1000).toISOString(),
        result,
      });
      // RFC 4035 §5.3.1: the signer is the zone holding the RRset, and labels ≤ the owner's.
      if (d.signerName !== zone.zone || d.labels > labelCount(first.name)) {
        checks.push(check('invalid'));
        continue;
      }
      const t = nowSeconds();
      if (t > window.expiration) {
        checks.push(check('expired'));
        continue;
      }
      if (t < window.inception) {
        checks.push(check('not_yet_valid'));
        continue;
      }
      const candidates = keys.filter((k) => k.data.keyTag === d.keyTag && k.data.algorithm === d.algorithm);
      if (candidates.length === 0) {
        checks.push(check('no_key'));
        continue;
      }
      if (!SUPPORTED_ALGORITHMS.has(d.algorithm)) {
        checks.push(check('unsupported'));
        continue;
      }
      const data = signedData(sig.rdata, d, rrset);
      const outcomes = candidates.map((k) => verifySignature(k.data, data, d.signature));
      if (outcomes.includes('valid')) validLabels.push(d.labels);
      checks.push(check(outcomes.includes('valid') ? 'valid' : outcomes.includes('invalid') ? 'invalid' : 'unsupported'));
    }
    if (validLabels.length > 0) return { ok: true, checks, labels: Math.min(...validLabels) };
    return { ok: false, checks, reason: failureReason(checks), detail: describeFailure(first, checks) };
  }

  /** The zone's keys from its DS set (or an anchor's), RFC 4035 §5.2. */
  async function keysFromDs(zone: string, ds: DsData[], anchoredKeys: Uint8Array[] | undefined, link: ZoneLink): Promise<ZoneState> {
    const state = (status: ValidationStatus, reason?: ValidationReason, detail?: string, keys: ZoneKey[] = []): ZoneState => {
      link.status = status;
      if (reason) link.reason = reason;
      if (detail) link.detail = detail;
      return { zone, status, ...(reason ? { reason } : {}), ...(detail ? { detail } : {}), keys, link };
    };
    // RFC 4509 §3: with a SHA-256 DS present, SHA-1 DS records are ignored (no downgrade).
    const strongest = ds.some((d) => d.digestType === 2 || d.digestType === 4) ? ds.filter((d) => d.digestType !== 1) : ds;
    const usable = strongest.filter((d) => SUPPORTED_DIGESTS.has(d.digestType) && SUPPORTED_ALGORITHMS.has(d.algorithm));
    link.ds = ds.map((d) => ({ keyTag: d.keyTag, algorithm: d.algorithm, digestType: d.digestType, matched: false }));
    if (!anchoredKeys && usable.length === 0) {
      // RFC 4035 §5.2, RFC 6840 §5.2: no DS we can use → the zone is treated as unsigned.
      const algs = [...new Set(ds.map((d) => `${d.algorithm}/${d.digestType}`))].join(', ');
      return state('insecure', 'unsupported_algorithm', `no DS with an algorithm and digest this validator supports (${algs})`);
    }
    const { message } = await fetch(zone, RR_TYPE.DNSKEY);
    if (message.rcode !== 0) {
      throw new Indeterminate('lookup_failed', `DNSKEY ${formatName(zone)}: the resolver answered ${rcodeName(message.rcode)}`);
    }
    const rrset = message.answers.filter((r) => r.name === zone && r.type === RR_TYPE.DNSKEY);
    const sigs = rrsigsFor(message.answers, zone, RR_TYPE.DNSKEY);
    if (rrset.length === 0) {
      if (anchoredKeys !== undefined || link.anchored) {
        if (!hasDnssecData(message)) throw new Indeterminate('resolver_strips_dnssec', `no DNSKEY and no RRSIG for ${formatName(zone)}`);
      }
      return state('bogus', 'dnskey_missing', `${formatName(zone)} has DS records at its parent but answers no DNSKEY`);
    }
    if (link.anchored && sigs.length === 0) {
      throw new Indeterminate('resolver_strips_dnssec', `the DNSKEY RRset of ${formatName(zone)} came without any RRSIG`);
    }
    const keys = rrset.map((r) => ({ data: parseDnskey(r.rdata), rdata: r.rdata }));
    link.dnskeys = keys.map((k) => ({ keyTag: k.data.keyTag, algorithm: k.data.algorithm, flags: k.data.flags }));
    const zoneKeys = keys.filter((k) => (k.data.flags & ZONE_KEY) !== 0 && (k.data.flags & REVOKED) === 0);
    const entry = anchoredKeys
      ? zoneKeys.filter((k) => anchoredKeys.some((a) => compareBytes(a, k.rdata) === 0))
      : zoneKeys.filter((k) => {
          const matching = usable.filter((d) => d.keyTag === k.data.keyTag && d.algorithm === k.data.algorithm);
          const matched = matching.filter((d) => dsMatches(d, zone, k.rdata) === 'match');
          for (const d of matched) link.ds[ds.indexOf(d)]!.matched = true;
          return matched.length > 0;
        });
    if (entry.length === 0) {
      const tags = anchoredKeys ? 'the trust anchor' : usable.map((d) => `DS ${d.keyTag}/${d.algorithm}/${d.digestType}`).join(', ');
      const have = zoneKeys.map((k) => k.data.keyTag).join(', ') || 'none';
      return state('bogus', 'no_dnskey_matches_ds', `no DNSKEY of ${formatName(zone)} matches ${tags} (key tags served: ${have})`);
    }
    const probe: ZoneState = { zone, status: 'secure', keys: entry, link };
    const check = verifyRrset(rrset, sigs, probe, entry);
    link.signatures.push(...check.checks);
    if (!check.ok) return state('bogus', check.reason, check.detail);
    return state('secure', undefined, undefined, zoneKeys);
  }

  /** The anchor zone covering `name`: the most specific anchor owner above it. */
  function anchorZone(name: string): Promise<ZoneState> | undefined {
    const owners = [...new Set(options.anchors.map((a) => a.owner))].filter((o) => isSubdomain(name, o));
    if (owners.length === 0) return undefined;
    const owner = owners.sort((a, b) => labelCount(b) - labelCount(a))[0]!;
    return memoZone(owner, async () => {
      const link: ZoneLink = { zone: owner, status: 'indeterminate', anchored: true, ds: [], dnskeys: [], signatures: [] };
      const mine = options.anchors.filter((a) => a.owner === owner);
      const ds = mine.flatMap((a) => (a.kind === 'ds' ? [a.data] : []));
      const keys = mine.flatMap((a) => (a.kind === 'dnskey' ? [a.rdata] : []));
      if (keys.length > 0 && ds.length === 0) return keysFromDs(owner, [], keys, link);
      return keysFromDs(owner, ds, undefined, link);
    });
  }

  function memoZone(zone: string, make: () => Promise<ZoneState>): Promise<ZoneState> {
    let hit = zones.get(zone);
    if (!hit) {
      hit = make();
      zones.set(zone, hit);
    }
    return hit;
  }

  type Step = { kind: 'zone'; zone: ZoneState } | { kind: 'no-cut' } | { kind: 'nxdomain' } | { kind: 'stop'; zone: ZoneState };

  /** What the parent's answer to `DS candidate` proves (RFC 4035 §5.2, RFC 5155 §8.6). */
  async function delegationStep(parent: ZoneState, candidate: string): Promise<Step> {
    const memo = steps.get(candidate);
    if (memo) return memo;
    const pending = (async (): Promise<Step> => {
      const { message } = await fetch(candidate, RR_TYPE.DS);
      if (message.rcode !== 0 && message.rcode !== 3) {
        throw new Indeterminate('lookup_failed', `DS ${formatName(candidate)}: the resolver answered ${rcodeName(message.rcode)}`);
      }
      const link = (status: ValidationStatus, extra: Partial<ZoneLink> = {}): ZoneLink => ({
        zone: candidate,
        status,
        anchored: false,
        ds: [],
        dnskeys: [],
        signatures: [],
        ...extra,
      });
      const dsSet = message.answers.filter((r) => r.name === candidate && r.type === RR_TYPE.DS);
      if (dsSet.length > 0) {
        const check = verifyRrset(dsSet, rrsigsFor(message.answers, candidate, RR_TYPE.DS), parent);
        if (!check.ok) {
          const l = link('bogus', {
            signatures: check.checks,
            ...(check.reason ? { reason: check.reason } : {}),
            detail: `DS RRset: ${check.detail}`,
          });
          return { kind: 'stop', zone: { zone: candidate, status: 'bogus', reason: check.reason ?? 'bad_signature', keys: [], link: l } };
        }
        const zone = await memoZone(candidate, () => {
          const l = link('indeterminate', { signatures: check.checks });
          return keysFromDs(
            candidate,
            dsSet.map((r) => parseDs(r.rdata)),
            undefined,
            l,
          );
        });
        return zone.status === 'secure' ? { kind: 'zone', zone } : { kind: 'stop', zone };
      }
      if (message.answers.some((r) => r.name === candidate && (r.type === RR_TYPE.CNAME || r.type === RR_TYPE.DNAME))) {
        // RFC 2181 §10.1: a CNAME owner holds no NS, so it is no zone cut.
        return { kind: 'no-cut' };
      }
      const proof = await verifiedDenial(message, { name: candidate, type: RR_TYPE.DS }, parent);
      if (!proof.ok) {
        const l = link('bogus', { reason: proof.reason, detail: `DS ${formatName(candidate)}: ${proof.detail}`, signatures: proof.checks });
        return { kind: 'stop', zone: { zone: candidate, status: 'bogus', reason: proof.reason, keys: [], link: l } };
      }
      const d = proof.denial;
      switch (d.kind) {
        case 'no-ds': {
          // RFC 5155 §8.4: in an NXDOMAIN answer an Opt-Out span is a name error proof, not §8.6's DS NODATA.
          if (message.rcode === 3 && d.optOut) return { kind: 'nxdomain' };
          const l = link('insecure', {
            reason: 'no_ds',
            proof: proof.text,
            detail: d.optOut ? 'NSEC3 opt-out span covers the delegation (RFC 5155 §6)' : undefined,
          });
          if (!l.detail) delete l.detail;
          return { kind: 'stop', zone: { zone: candidate, status: 'insecure', reason: 'no_ds', keys: [], link: l } };
        }
        case 'insecure-iterations': {
          const l = link('insecure', {
            reason: 'nsec3_iterations',
            proof: proof.text,
            detail: `NSEC3 with ${d.iterations} iterations (RFC 9276 §3.2)`,
          });
          return { kind: 'stop', zone: { zone: candidate, status: 'insecure', reason: 'nsec3_iterations', keys: [], link: l } };
        }
        case 'nxdomain':
          return { kind: 'nxdomain' };
        case 'nodata':
        case 'wildcard-nodata':
          return { kind: 'no-cut' };
        case 'none':
          return {
            kind: 'stop',
            zone: {
              zone: candidate,
              status: 'bogus',
              reason: 'denial_broken',
              keys: [],
              link: link('bogus', { reason: 'denial_broken', detail: `DS ${formatName(candidate)}: ${d.reason}`, proof: proof.text }),
            },
          };
      }
    })();
    steps.set(candidate, pending);
    pending.catch(() => steps.delete(candidate));
    return pending;
  }
  const steps = new Map<string, Promise<Step>>();

  /** NSEC/NSEC3 of a negative answer, each RRset verified with the zone's keys, then the proof itself. */
  async function verifiedDenial(
    message: ParsedMessage,
    q: { name: string; type: number },
    zone: ZoneState,
  ): Promise<
    | { ok: true; denial: DenialResult; text: string; checks: SignatureCheck[] }
    | { ok: false; reason: ValidationReason; detail: string; checks: SignatureCheck[] }
  > {
    const checks: SignatureCheck[] = [];
    const nsecs: { owner: string; data: NsecData }[] = [];
    const nsec3s: { owner: string; data: Nsec3Data }[] = [];
    const lines: string[] = [];
    for (const type of [RR_TYPE.NSEC, RR_TYPE.NSEC3]) {
      for (const [owner, rrset] of groupByOwner(message.authorities.filter((r) => r.type === type))) {
        const check = verifyRrset(rrset, rrsigsFor(message.authorities, owner, type), zone);
        checks.push(...check.checks);
        if (!check.ok) return { ok: false, reason: check.reason ?? 'bad_signature', detail: check.detail ?? '', checks };
        for (const r of rrset) {
          if (type === RR_TYPE.NSEC) {
            const data = parseNsec(r.rdata);
            nsecs.push({ owner, data });
            lines.push(`${formatName(owner)} NSEC ${formatName(data.next)} ${data.types.map(typeMnemonic).join(' ')}`);
          } else {
            const data = parseNsec3(r.rdata);
            nsec3s.push({ owner, data });
            lines.push(
              `${formatName(owner)} NSEC3 ${data.hashAlgorithm} ${data.flags} ${data.iterations} ${base32hex(data.nextHashed)} ${data.types.map(typeMnemonic).join(' ')}`,
            );
          }
        }
      }
    }
    if (nsecs.length === 0 && nsec3s.length === 0) {
      const unsigned = !hasDnssecData(message);
      return {
        ok: false,
        reason: 'denial_broken',
        detail: unsigned
          ? `the negative answer for ${formatName(q.name)} ${typeMnemonic(q.type)} carries no NSEC/NSEC3 and no signatures`
          : `the negative answer for ${formatName(q.name)} ${typeMnemonic(q.type)} carries no NSEC/NSEC3 proof`,
        checks,
      };
    }
    const denial = nsec3s.length > 0 ? nsec3Denial(q, zone.zone, nsec3s, nsec3Hash) : nsecDenial(q, zone.zone, nsecs);
    return { ok: true, denial, text: lines.join('; '), checks };
  }

  /** Walks from the anchor to `name`, stopping at the first zone that is not secure or a proven non-existence. */
  async function walk(name: string): Promise<Walk> {
    const anchor = anchorZone(name);
    if (!anchor) {
      const link: ZoneLink = { zone: '', status: 'insecure', reason: 'no_ds', anchored: false, ds: [], dnskeys: [], signatures: [] };
      link.detail = 'no trust anchor covers this name';
      return { zone: { zone: '', status: 'insecure', reason: 'no_ds', keys: [], link }, links: [link] };
    }
    let current = await anchor;
    const links = [current.link];
    if (current.status !== 'secure') return { zone: current, links };
    for (const candidate of namesBelow(current.zone, name)) {
      const step = await delegationStep(current, candidate);
      if (step.kind === 'no-cut') continue;
      if (step.kind === 'nxdomain') break;
      links.push(step.zone.link);
      current = step.zone;
      if (step.kind === 'stop') break;
    }
    return { zone: current, links };
  }

  async function validateOnce(name: string, type: number, depth: number): Promise<NameValidation> {
    const typeText = typeMnemonic(type);
    // RFC 4034 §5, RFC 4035 §5.2: the DS RRset is the parent zone's data, signed (or denied) by the parent.
    const { zone, links } = await walk(type === RR_TYPE.DS && name !== '' ? parentName(name) : name);
    const { message } = await fetch(name, type);
    const base = {
      name,
      type: typeText,
      rcode: rcodeName(message.rcode),
      zone: zone.zone,
      chain: links,
      signatures: [] as SignatureCheck[],
      cnames: [] as string[],
      records: [] as string[],
    };
    if (message.rcode !== 0 && message.rcode !== 3) {
      return { ...base, status: 'indeterminate', reason: 'lookup_failed', detail: `the resolver answered ${base.rcode}` };
    }
    const rrset = message.answers.filter((r) => r.name === name && r.type === type);
    const alias = message.answers.find((r) => r.name === name && r.type === RR_TYPE.CNAME && type !== RR_TYPE.CNAME);
    const dname = alias ? undefined : coveringDname(message.answers, name);
    const records = rrset.map((r) => presentRecord(r));

    if (zone.status !== 'secure') {
      const follow = alias ? rdataTarget(alias.rdata) : dname ? substitute(name, dname) : undefined;
      const own: NameValidation = {
        ...base,
        status: zone.status,
        ...(zone.reason ? { reason: zone.reason } : {}),
        ...(zone.detail ? { detail: zone.detail } : {}),
        records,
      };
      return follow ? chase(own, follow, type, depth) : own;
    }

    if (rrset.length > 0) {
      const check = verifyRrset(rrset, rrsigsFor(message.answers, name, type), zone);
      const result: NameValidation = { ...base, records, signatures: check.checks, status: check.ok ? 'secure' : 'bogus' };
      if (!check.ok) return { ...result, reason: check.reason ?? 'bad_signature', detail: check.detail ?? '' };
      if (check.labels !== undefined && check.labels < labelCount(name)) {
        // RFC 4035 §5.3.4: a wildcard expansion needs proof that the name itself does not exist.
        const wildcard = `*.${rightmostLabels(name, check.labels)}`;
        const proof = await wildcardProven(message, name, check.labels, zone);
        if (proof === 'opt-out' || proof === 'insecure-iterations') {
          // RFC 5155 §9.2: an opt-out span cannot prove the name absent; the answer is insecure, not bogus.
          return { ...result, status: 'insecure', reason: proof === 'opt-out' ? 'no_ds' : 'nsec3_iterations', wildcard };
        }
        if (proof !== 'proven') {
          return {
            ...result,
            status: 'bogus',
            reason: 'wildcard_unproven',
            wildcard,
            detail: `no proof that ${formatName(name)} itself does not exist`,
          };
        }
        return { ...result, wildcard };
      }
      return result;
    }

    if (alias || dname) {
      const record = (alias ?? dname)!;
      const check = verifyRrset(
        message.answers.filter((r) => r.name === record.name && r.type === record.type),
        rrsigsFor(message.answers, record.name, record.type),
        zone,
      );
      const own: NameValidation = {
        ...base,
        signatures: check.checks,
        records: [presentRecord(record)],
        status: check.ok ? 'secure' : 'bogus',
        ...(check.ok ? {} : { reason: check.reason ?? 'bad_signature', detail: check.detail ?? '' }),
      };
      return chase(own, alias ? rdataTarget(alias.rdata) : substitute(name, dname!), type, depth);
    }

    // A denial: NXDOMAIN, or NODATA (RFC 4035 §5.4).
    const proof = await verifiedDenial(message, { name, type }, zone);
    if (!proof.ok) return { ...base, signatures: proof.checks, status: 'bogus', reason: proof.reason, detail: proof.detail };
    // RFC 4035 §5.2, RFC 5155 §8.6: for DS, a delegation without DS (NS bit, or an Opt-Out span) is the NODATA proof.
    const expected =
      message.rcode === 3 ? ['nxdomain'] : type === RR_TYPE.DS ? ['nodata', 'wildcard-nodata', 'no-ds'] : ['nodata', 'wildcard-nodata'];
    if (proof.denial.kind === 'insecure-iterations') {
      return { ...base, signatures: proof.checks, status: 'insecure', reason: 'nsec3_iterations', detail: proof.text };
    }
    if (!expected.includes(proof.denial.kind)) {
      const why =
        proof.denial.kind === 'none' ? proof.denial.reason : `the records prove ${proof.denial.kind}, the answer says ${base.rcode}`;
      return { ...base, signatures: proof.checks, status: 'bogus', reason: 'denial_broken', detail: why };
    }
    return { ...base, signatures: proof.checks, status: 'secure', detail: proof.text };
  }

  async function chase(own: NameValidation, target: string, type: number, depth: number): Promise<NameValidation> {
    if (depth >= MAX_CNAMES) return { ...own, status: 'indeterminate', reason: 'lookup_failed', detail: `more than ${MAX_CNAMES} CNAMEs` };
    if (own.cnames.includes(target) || target === own.name) {
      return { ...own, status: 'indeterminate', reason: 'lookup_failed', detail: `CNAME loop at ${formatName(target)}` };
    }
    const next = await validateOnce(target, type, depth + 1);
    const status = worstStatus([own.status, next.status]);
    const worse = status === own.status ? own : next;
    return {
      ...next,
      name: own.name,
      status,
      ...(worse.reason ? { reason: worse.reason } : {}),
      ...(worse.detail ? { detail: worse.detail } : {}),
      cnames: [target, ...next.cnames],
      chain: [...own.chain, ...next.chain.filter((l) => !own.chain.some((o) => o.zone === l.zone))],
      signatures: [...own.signatures, ...next.signatures],
    };
  }

  async function wildcardProven(message: ParsedMessage, name: string, labels: number, zone: ZoneState): Promise<WildcardProof> {
    const nsecs: { owner: string; data: NsecData }[] = [];
    const nsec3s: { owner: string; data: Nsec3Data }[] = [];
    for (const type of [RR_TYPE.NSEC, RR_TYPE.NSEC3]) {
      for (const [owner, rrset] of groupByOwner(message.authorities.filter((r) => r.type === type))) {
        if (!verifyRrset(rrset, rrsigsFor(message.authorities, owner, type), zone).ok) return 'unproven';
        for (const r of rrset) {
          if (type === RR_TYPE.NSEC) nsecs.push({ owner, data: parseNsec(r.rdata) });
          else nsec3s.push({ owner, data: parseNsec3(r.rdata) });
        }
      }
    }
    return wildcardProof(name, labels, zone.zone, nsecs, nsec3s, nsec3Hash);
  }

  return {
    async validate(name: string, type: number): Promise<NameValidation> {
      try {
        const startedOn = path;
        try {
          return await validateOnce(name, type, 0);
        } catch (error) {
          const stripped = error instanceof Indeterminate && error.reason === 'resolver_strips_dnssec';
          if (!stripped || !options.fallback || startedOn !== 'resolver') throw error;
          if (path === 'resolver') {
            // Everything learnt through the stripping resolver is dropped; the iterative path starts afresh.
            strippingResolver = [...servers].join(', ');
            source = options.fallback;
            path = 'iterative';
            cache.clear();
            zones.clear();
            steps.clear();
            servers.clear();
          }
          return await validateOnce(name, type, 0);
        }
      } catch (error) {
        const reason = error instanceof Indeterminate ? error.reason : 'lookup_failed';
        return {
          name,
          type: typeMnemonic(type),
          status: 'indeterminate',
          reason,
          detail: (error as Error).message,
          rcode: '',
          zone: '',
          chain: [],
          signatures: [],
          cnames: [],
          records: [],
        };
      }
    },
    get queries() {
      return queries;
    },
    get servers() {
      return [...servers];
    },
    get path() {
      return path;
    },
    get strippingResolver() {
      return strippingResolver;
    },
  };
}

interface RrsetCheck {
  ok: boolean;
  checks: SignatureCheck[];
  reason?: ValidationReason;
  detail?: string;
  /** the smallest label count among the valid signatures (wildcard detection) */
  labels?: number;
}

function rrsigsFor(records: WireRecord[], owner: string, type: number): WireRecord[] {
  return records.filter((r) => r.name === owner && r.type === RR_TYPE.RRSIG && parseRrsig(r.rdata).typeCovered === type);
}

/** The most telling reason among failed signatures: dates first, since they are the usual cause. */
function failureReason(checks: SignatureCheck[]): ValidationReason {
  if (checks.length === 0) return 'rrsig_missing';
  if (checks.some((c) => c.result === 'expired')) return 'signature_expired';
  if (checks.some((c) => c.result === 'not_yet_valid')) return 'signature_not_yet_valid';
  if (checks.some((c) => c.result === 'invalid')) return 'bad_signature';
  if (checks.some((c) => c.result === 'no_key')) return 'no_key_for_signature';
  return 'unsupported_algorithm';
}

function describeFailure(first: WireRecord, checks: SignatureCheck[]): string {
  const what = `${formatName(first.name)} ${typeMnemonic(first.type)}`;
  if (checks.length === 0) return `${what} has no RRSIG`;
  return `${what}: ${checks
    .map((c) => {
      const sig = `RRSIG ${c.keyTag}/${c.algorithm} by ${formatName(c.signer)}`;
      switch (c.result) {
        case 'expired':
          return `${sig} expired on ${c.expiration.slice(0, 10)}`;
        case 'not_yet_valid':
          return `${sig} is valid only from ${c.inception.slice(0, 10)}`;
        case 'no_key':
          return `${sig}: the zone has no such key`;
        case 'unsupported':
          return `${sig}: algorithm ${c.algorithm} not supported`;
        default:
          return `${sig} does not verify`;
      }
    })
    .join('; ')}`;
}

function groupByOwner(records: WireRecord[]): Map<string, WireRecord[]> {
  const groups = new Map<string, WireRecord[]>();
  for (const r of records) groups.set(r.name, [...(groups.get(r.name) ?? []), r]);
  return groups;
}

/** Names from just below `zone` down to `name`, e.g. (`cz`, `mail.firma.cz`) → `firma.cz`, `mail.firma.cz`. */
function namesBelow(zone: string, name: string): string[] {
  const out: string[] = [];
  for (let n = name; n !== zone && n !== ''; n = parentName(n)) out.unshift(n);
  return out;
}

function coveringDname(records: WireRecord[], name: string): WireRecord | undefined {
  return records.find((r) => r.type === RR_TYPE.DNAME && r.name !== name && isSubdomain(name, r.name));
}

/** RFC 6672 §2.2: the DNAME substitution of the owner suffix. */
function substitute(name: string, dname: WireRecord): string {
  const target = rdataTarget(dname.rdata);
  const prefix = name.slice(0, name.length - dname.name.length - 1);
  return target === '' ? prefix : `${prefix}.${target}`;
}

function hasDnssecData(message: ParsedMessage): boolean {
  return [...message.answers, ...message.authorities].some((r) =>
    [RR_TYPE.RRSIG, RR_TYPE.NSEC, RR_TYPE.NSEC3].includes(r.type as 46 | 47 | 50),
  );
}

/** Presentation text of the validated records the checks use (RFC 1035 §5.1, RFC 6698 §2.2). */
function presentRecord(r: WireRecord): string {
  const d = r.rdata;
  let text: string;
  switch (r.type) {
    case RR_TYPE.A:
      text = d.join('.');
      break;
    case RR_TYPE.AAAA:
      text = Array.from({ length: 8 }, (_, i) => ((d[2 * i]! << 8) | d[2 * i + 1]!).toString(16)).join(':');
      break;
    case RR_TYPE.MX:
      text = `${(d[0]! << 8) | d[1]!} ${formatName(rdataTarget(d.subarray(2)))}`;
      break;
    case RR_TYPE.CNAME:
    case RR_TYPE.DNAME:
    case RR_TYPE.NS:
      text = formatName(rdataTarget(d));
      break;
    case RR_TYPE.TLSA:
      text = `${d[0]} ${d[1]} ${d[2]} ${toHex(d.subarray(3))}`;
      break;
    default:
      text = `\\# ${d.length} ${toHex(d)}`;
  }
  return `${formatName(r.name)} ${typeMnemonic(r.type)} ${text}`;
}

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];
function rcodeName(rcode: number): string {
  return RCODES[rcode] ?? `RCODE${rcode}`;
}
