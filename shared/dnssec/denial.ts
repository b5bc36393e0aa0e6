/**
 * Authenticated denial of existence: what a set of NSEC (RFC 4034 §4, RFC 4035 §5.4) or NSEC3
 * (RFC 5155 §8) records proves about a name and type. Pure: the NSEC3 hash comes in as a function.
 *
 * The records passed in must already have had their signatures verified by the caller, and `zone`
 * is the zone that signed them (the RRSIG signer name). Nothing here looks at signatures or time.
 */
import { compareNames } from './canonical';
import type { Nsec3Data, Nsec3Hasher, NsecData } from './types';
import {
  RR_TYPE,
  base32hexDecode,
  compareBytes,
  formatName,
  isSubdomain,
  labelCount,
  lowerName,
  nameLabels,
  parentName,
  rightmostLabels,
} from './wire';

export type DenialResult =
  /** the name does not exist, nor a wildcard that could have matched it (RFC 4035 §5.4, RFC 5155 §8.4) */
  | {
      kind: 'nxdomain';
      closestEncloser: string;
      /**
       * RFC 5155 §9.2: the NSEC3 covering the next closer name has Opt-Out set, so an unsigned
       * delegation may exist there; the name is proven absent only among signed names (Unbound treats
       * such an answer as insecure). Present only when true.
       */
      optOut?: true;
    }
  /** the name exists without the type (RFC 4035 §5.4, RFC 5155 §8.5), or is an empty non-terminal */
  | { kind: 'nodata' }
  /**
   * qtype DS at a delegation point: NS bit set, DS and SOA bits clear (RFC 4035 §5.2), or an Opt-Out
   * NSEC3 span covering the next closer name (RFC 5155 §8.6, `optOut: true`)
   */
  | { kind: 'no-ds'; delegation: true; optOut: boolean }
  /** the name does not exist, and the wildcard that matches it lacks the type (RFC 5155 §8.7) */
  | { kind: 'wildcard-nodata'; wildcard: string }
  /** NSEC3 with more iterations than we hash: treated as insecure (RFC 9276 §3.2) */
  | { kind: 'insecure-iterations'; iterations: number }
  | { kind: 'none'; reason: string };

export interface NsecRecord {
  owner: string;
  data: NsecData;
}

export interface Nsec3Record {
  owner: string;
  data: Nsec3Data;
}

/**
 * Iteration cap for NSEC3 (RFC 9276 §3.2: validators MAY treat NSEC3 with iterations above a limit
 * they choose as insecure). BIND 9.20 lowered its limit from 150 to 50 (GL #4363); Unbound's
 * default is still 150. We follow the stricter, so a zone that BIND users see as insecure is
 * reported so here.
 */
export const NSEC3_MAX_ITERATIONS = 50;

/** RFC 5155 §11: hash algorithm 1 is SHA-1, 20 octets. */
const NSEC3_SHA1 = 1;
const SHA1_LENGTH = 20;
const OPT_OUT = 0x01;

const none = (reason: string): DenialResult => ({ kind: 'none', reason });

function isProperSubdomain(name: string, ancestor: string): boolean {
  return isSubdomain(name, ancestor) && compareNames(name, ancestor) !== 0;
}

/** The deepest common ancestor of two names. */
function commonAncestor(a: string, b: string): string {
  const la = nameLabels(lowerName(a));
  const lb = nameLabels(lowerName(b));
  let n = 0;
  while (n < la.length && n < lb.length && compareBytes(la[la.length - 1 - n]!, lb[lb.length - 1 - n]!) === 0) n++;
  return rightmostLabels(lowerName(a), n);
}

function wildcardAt(name: string): string {
  return name === '' ? '*' : `*.${name}`;
}

/**
 * A record at a zone cut of the zone that signed it: NS without SOA (a delegation point) or DNAME.
 * RFC 6840 §4.1: such NSEC/NSEC3 records must not be used to deny names below them (nor, for the
 * delegation, any type at the name other than DS); RFC 5155 §8.3 says the same of the closest encloser.
 */
function cutKind(types: readonly number[]): string | undefined {
  if (types.includes(RR_TYPE.DNAME)) return 'DNAME';
  if (types.includes(RR_TYPE.NS) && !types.includes(RR_TYPE.SOA)) return 'delegation';
  return undefined;
}

/** NODATA rules for a record that matches the query name (RFC 4035 §5.4, RFC 5155 §8.5, §8.6). */
function atName(qtype: number, types: readonly number[], what: string): DenialResult {
  const has = (t: number): boolean => types.includes(t);
  if (qtype === RR_TYPE.DS) {
    // The DS RRset lives in the parent; the child's apex record speaks for the wrong zone.
    if (has(RR_TYPE.SOA)) return none(`${what} from the child zone apex cannot deny its DS`);
    if (has(RR_TYPE.DS)) return none(`${what} at the name shows the type exists`);
    if (has(RR_TYPE.CNAME)) return none(`${what} at the name shows a CNAME`);
    if (has(RR_TYPE.NS)) return { kind: 'no-ds', delegation: true, optOut: false };
    return { kind: 'nodata' };
  }
  if (cutKind(types) === 'delegation') return none(`${what} at a delegation point proves only the absence of DS`);
  if (has(qtype)) return none(`${what} at the name shows the type exists`);
  if (has(RR_TYPE.CNAME)) return none(`${what} at the name shows a CNAME`);
  return { kind: 'nodata' };
}

// ---------------------------------------------------------------------------------------------
// NSEC

/**
 * Does the NSEC owner→next span cover `name` (RFC 4034 §4.1.1, RFC 4035 §5.4): owner < name < next
 * in canonical order, or, for the last NSEC of the zone whose next name is the apex (sorting at or
 * before the owner), any name after the owner.
 */
export function nsecCovers(owner: string, next: string, name: string): boolean {
  if (compareNames(owner, name) >= 0) return false;
  return compareNames(name, next) < 0 || compareNames(next, owner) <= 0;
}

/** An NSEC that covers `name` and so proves it absent: its next name is not below `name` (else an empty non-terminal). */
function nsecProvesAbsent(r: NsecRecord, name: string): boolean {
  return nsecCovers(r.owner, r.data.next, name) && !isProperSubdomain(r.data.next, name);
}

function nsecsInZone(zone: string, nsecs: readonly NsecRecord[]): NsecRecord[] {
  return nsecs.filter((r) => isSubdomain(r.owner, zone));
}

/** An NSEC at a proper ancestor of `name` showing a zone cut: `name` is not this zone's to deny. */
function nsecCutAbove(name: string, nsecs: readonly NsecRecord[]): string | undefined {
  for (const r of nsecs) {
    if (!isProperSubdomain(name, r.owner)) continue;
    const cut = cutKind(r.data.types);
    if (cut) return `the name is below a ${cut} at ${formatName(r.owner)}`;
  }
  return undefined;
}

/** What NSEC records prove about `q` in `zone` (RFC 4035 §5.4, RFC 6840 §4.1, §4.3 for empty non-terminals). */
export function nsecDenial(q: { name: string; type: number }, zone: string, nsecs: NsecRecord[]): DenialResult {
  const qname = lowerName(q.name);
  if (!isSubdomain(qname, zone)) return none('the name is not in the zone');
  const records = nsecsInZone(zone, nsecs);
  const cut = nsecCutAbove(qname, records);
  if (cut) return none(cut);
  const match = records.find((r) => compareNames(r.owner, qname) === 0);
  if (match) return atName(q.type, match.data.types, 'NSEC');
  const cover = records.find((r) => nsecCovers(r.owner, r.data.next, qname));
  if (!cover) return none('no NSEC covers the name');
  // next name below qname: qname is an empty non-terminal, which exists with no data
  if (isProperSubdomain(cover.data.next, qname)) return { kind: 'nodata' };
  const a = commonAncestor(qname, cover.owner);
  const b = commonAncestor(qname, cover.data.next);
  const closestEncloser = nameLabels(b).length > nameLabels(a).length && isSubdomain(b, zone) ? b : a;
  const wildcard = wildcardAt(closestEncloser);
  const wild = records.find((r) => compareNames(r.owner, wildcard) === 0);
  if (wild) {
    const types = wild.data.types;
    if (types.includes(q.type) || types.includes(RR_TYPE.CNAME)) return none(`the wildcard ${formatName(wildcard)} exists with the type`);
    return { kind: 'wildcard-nodata', wildcard };
  }
  if (!records.some((r) => nsecProvesAbsent(r, wildcard))) return none(`no NSEC proves that ${formatName(wildcard)} does not exist`);
  return { kind: 'nxdomain', closestEncloser };
}

// ---------------------------------------------------------------------------------------------
// NSEC3

interface UsableNsec3 extends Nsec3Record {
  ownerHash: Uint8Array;
}

/**
 * NSEC3 records we can use: SHA-1, flags 0 or Opt-Out only (RFC 5155 §8.2 says to ignore the rest),
 * owner one base32hex label directly below the zone (§3.3), 20-octet hashes.
 */
function usableNsec3(zone: string, nsec3s: readonly Nsec3Record[]): UsableNsec3[] {
  const depth = nameLabels(zone).length + 1;
  const out: UsableNsec3[] = [];
  for (const r of nsec3s) {
    if (r.data.hashAlgorithm !== NSEC3_SHA1 || (r.data.flags & ~OPT_OUT) !== 0) continue;
    if (r.data.nextHashed.length !== SHA1_LENGTH) continue;
    const owner = lowerName(r.owner);
    if (nameLabels(owner).length !== depth || !isSubdomain(owner, zone)) continue;
    let ownerHash: Uint8Array;
    try {
      ownerHash = base32hexDecode(owner.slice(0, owner.indexOf('.') < 0 ? owner.length : owner.indexOf('.')));
    } catch {
      continue;
    }
    if (ownerHash.length === SHA1_LENGTH) out.push({ ...r, owner, ownerHash });
  }
  return out;
}

/** owner < hash < next, or past the end of the ring (next at or before owner) (RFC 5155 §3.1.7, §8.3). */
function nsec3Covers(owner: Uint8Array, next: Uint8Array, hash: Uint8Array): boolean {
  const afterOwner = compareBytes(owner, hash) < 0;
  const beforeNext = compareBytes(hash, next) < 0;
  // RFC 5155 §3.1.7: the last NSEC3 of the chain wraps round to the first.
  return compareBytes(owner, next) < 0 ? afterOwner && beforeNext : afterOwner || beforeNext;
}

interface Nsec3Oracle {
  match(name: string): UsableNsec3 | undefined;
  cover(name: string): UsableNsec3 | undefined;
}

function nsec3Oracle(records: readonly UsableNsec3[], hash: Nsec3Hasher): Nsec3Oracle {
  const cache = new Map<string, Uint8Array>();
  const hashFor = (name: string, r: UsableNsec3): Uint8Array => {
    const key = `${r.data.iterations}/${Array.from(r.data.salt).join(',')}/${name}`;
    let h = cache.get(key);
    if (!h) cache.set(key, (h = hash(name, r.data.salt, r.data.iterations)));
    return h;
  };
  return {
    match: (name) => records.find((r) => compareBytes(r.ownerHash, hashFor(name, r)) === 0),
    cover: (name) => records.find((r) => nsec3Covers(r.ownerHash, r.data.nextHashed, hashFor(name, r))),
  };
}

type EncloserProof =
  { ok: true; closestEncloser: string; nextCloser: string; nextCloserRecord: UsableNsec3 } | { ok: false; reason: string };

/**
 * RFC 5155 §8.3 closest encloser proof for a name with no matching NSEC3: the longest ancestor with
 * a matching NSEC3 (not at a zone cut), and an NSEC3 covering the next closer name below it.
 */
function closestEncloserProof(qname: string, zone: string, o: Nsec3Oracle): EncloserProof {
  if (compareNames(qname, zone) === 0) return { ok: false, reason: 'no NSEC3 matches the zone apex' };
  let child = qname;
  for (let name = parentName(qname); ; child = name, name = parentName(name)) {
    const m = o.match(name);
    if (m) {
      const cut = cutKind(m.data.types);
      if (cut) return { ok: false, reason: `the closest encloser ${formatName(name)} is a ${cut}` };
      const nc = o.cover(child);
      if (!nc) return { ok: false, reason: `no NSEC3 covers the next closer name ${formatName(child)}` };
      return { ok: true, closestEncloser: name, nextCloser: child, nextCloserRecord: nc };
    }
    if (compareNames(name, zone) === 0) return { ok: false, reason: 'no NSEC3 matches any ancestor of the name' };
  }
}

function maxIterations(records: readonly UsableNsec3[]): number {
  return records.reduce((m, r) => Math.max(m, r.data.iterations), 0);
}

/**
 * What NSEC3 records prove about `q` in `zone`: NODATA (RFC 5155 §8.5, §8.6), NXDOMAIN (§8.4),
 * wildcard NODATA (§8.7), no DS at a delegation (§8.6, Opt-Out). Owners are `<base32hex>.<zone>`.
 */
export function nsec3Denial(
  q: { name: string; type: number },
  zone: string,
  nsec3s: Nsec3Record[],
  hash: Nsec3Hasher,
  options: { maxIterations?: number } = {},
): DenialResult {
  const qname = lowerName(q.name);
  if (!isSubdomain(qname, zone)) return none('the name is not in the zone');
  const records = usableNsec3(zone, nsec3s);
  if (records.length === 0) return none('no usable NSEC3 (unknown hash algorithm or flags, or not of this zone)');
  const iterations = maxIterations(records);
  if (iterations > (options.maxIterations ?? NSEC3_MAX_ITERATIONS)) return { kind: 'insecure-iterations', iterations };
  const o = nsec3Oracle(records, hash);
  const match = o.match(qname);
  if (match) return atName(q.type, match.data.types, 'NSEC3');
  const proof = closestEncloserProof(qname, zone, o);
  if (!proof.ok) return none(proof.reason);
  const optOut = (proof.nextCloserRecord.data.flags & OPT_OUT) !== 0;
  if (q.type === RR_TYPE.DS && optOut) return { kind: 'no-ds', delegation: true, optOut: true };
  const wildcard = wildcardAt(proof.closestEncloser);
  const wild = o.match(wildcard);
  if (wild) {
    const types = wild.data.types;
    if (types.includes(q.type) || types.includes(RR_TYPE.CNAME)) return none(`the wildcard ${formatName(wildcard)} exists with the type`);
    return { kind: 'wildcard-nodata', wildcard };
  }
  if (!o.cover(wildcard)) return none(`no NSEC3 covers the wildcard ${formatName(wildcard)}`);
  return optOut
    ? { kind: 'nxdomain', closestEncloser: proof.closestEncloser, optOut: true }
    : { kind: 'nxdomain', closestEncloser: proof.closestEncloser };
}

// ---------------------------------------------------------------------------------------------
// Wildcard answers

/**
 * Proof that a wildcard answer was rightly synthesized: no name closer to `qname` than the wildcard
 * exists. `rrsigLabels` is the RRSIG Labels field (fewer than the labels of `qname`, RFC 4035
 * §5.3.2); the wildcard is `*.` + the rightmost `rrsigLabels` labels, and the proof is a record
 * denying the next closer name — an NSEC covering it (RFC 4035 §5.3.4) or an NSEC3 covering its hash
 * (RFC 5155 §8.8).
 *
 * `opt-out`: only an Opt-Out NSEC3 covers it, so an unsigned delegation could be there (RFC 5155
 * §9.2; Unbound calls the answer insecure). `insecure-iterations`: NSEC3 iterations above the cap.
 */
export type WildcardProof = 'proven' | 'opt-out' | 'insecure-iterations' | 'unproven';

export function wildcardProof(
  qname: string,
  rrsigLabels: number,
  zone: string,
  nsecs: NsecRecord[],
  nsec3s: Nsec3Record[],
  hash?: Nsec3Hasher,
  options: { maxIterations?: number } = {},
): WildcardProof {
  const name = lowerName(qname);
  if (rrsigLabels >= labelCount(name) || !isSubdomain(name, zone)) return 'unproven';
  const encloser = rightmostLabels(name, rrsigLabels);
  if (!isSubdomain(encloser, zone)) return 'unproven';
  const nextCloser = rightmostLabels(name, rrsigLabels + 1);
  const records = nsecsInZone(zone, nsecs);
  if (!nsecCutAbove(nextCloser, records) && records.some((r) => nsecProvesAbsent(r, nextCloser))) return 'proven';
  if (!hash) return 'unproven';
  const usable = usableNsec3(zone, nsec3s);
  if (usable.length === 0) return 'unproven';
  if (maxIterations(usable) > (options.maxIterations ?? NSEC3_MAX_ITERATIONS)) return 'insecure-iterations';
  const cover = nsec3Oracle(usable, hash).cover(nextCloser);
  if (!cover) return 'unproven';
  return (cover.data.flags & OPT_OUT) !== 0 ? 'opt-out' : 'proven';
}
