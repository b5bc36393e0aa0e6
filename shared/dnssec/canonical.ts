/**
 * DNSSEC canonical forms (RFC 4034 §6): name order, canonical RDATA, the octets an RRSIG signs
 * (§3.1.8.1) and the octets a DS digests (§5.1.4). Pure: no `node:` imports.
 */
import type { RrsigData, WireRecord } from './types';
import {
  RR_TYPE,
  canonicalNameWire,
  compareBytes,
  concatBytes,
  labelCount,
  nameLabels,
  rdataNameSpans,
  readName,
  rightmostLabels,
  typeMnemonic,
} from './wire';

function lowerByte(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

/**
 * RFC 4034 §6.1 canonical order: compare label by label from the rightmost, each label as an
 * octet string after ASCII lower-casing; a name sorts after all of its ancestors.
 */
export function compareNames(a: string, b: string): number {
  const la = nameLabels(a);
  const lb = nameLabels(b);
  const n = Math.min(la.length, lb.length);
  for (let i = 1; i <= n; i++) {
    const x = la[la.length - i]!;
    const y = lb[lb.length - i]!;
    const m = Math.min(x.length, y.length);
    for (let k = 0; k < m; k++) {
      const d = lowerByte(x[k]!) - lowerByte(y[k]!);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  }
  return la.length === lb.length ? 0 : la.length < lb.length ? -1 : 1;
}

/**
 * Types whose embedded names are lower-cased in canonical RDATA: RFC 4034 §6.2 item 3, with NSEC
 * removed by RFC 6840 §5.1 ("DNS names in the RDATA section of NSEC resource records are not
 * converted to lowercase. DNS names in the RDATA section of RRSIG resource records are"). HINFO is
 * in the RFC 4034 list but holds no names. Types defined later are never lower-cased (RFC 3597 §7).
 */
const LOWERCASED_TYPES: ReadonlySet<number> = new Set([
  RR_TYPE.NS,
  RR_TYPE.MD,
  RR_TYPE.MF,
  RR_TYPE.CNAME,
  RR_TYPE.SOA,
  RR_TYPE.MB,
  RR_TYPE.MG,
  RR_TYPE.MR,
  RR_TYPE.PTR,
  RR_TYPE.HINFO,
  RR_TYPE.MINFO,
  RR_TYPE.MX,
  RR_TYPE.RP,
  RR_TYPE.AFSDB,
  RR_TYPE.RT,
  RR_TYPE.SIG,
  RR_TYPE.PX,
  RR_TYPE.NXT,
  RR_TYPE.NAPTR,
  RR_TYPE.KX,
  RR_TYPE.SRV,
  RR_TYPE.DNAME,
  RR_TYPE.A6,
  RR_TYPE.RRSIG,
]);

/**
 * Canonical RDATA (RFC 4034 §6.2 item 3 as amended by RFC 6840 §5.1): the names inside RDATA of the
 * listed types lower-cased. RDATA must be uncompressed (as `parseMessage` yields it); throws when
 * its names cannot be found. Returns `rdata` itself when nothing changes.
 */
export function canonicalRdata(type: number, rdata: Uint8Array): Uint8Array {
  if (!LOWERCASED_TYPES.has(type) || type === RR_TYPE.HINFO) return rdata;
  const spans = rdataNameSpans(type, rdata);
  let out: Uint8Array | undefined;
  for (const [start, end] of spans) {
    for (let i = start; i < end; i++) {
      const b = rdata[i]!;
      // label length octets are at most 63, below 'A', so only name text changes
      if (b >= 0x41 && b <= 0x5a) (out ??= rdata.slice())[i] = b | 0x20;
    }
  }
  return out ?? rdata;
}

/**
 * The owner name as RFC 4035 §5.3.2 puts it into the signed data: lower-cased, and when the RRSIG
 * Labels field is less than the owner's label count the answer came from a wildcard, whose name
 * `*.` + the rightmost Labels labels is what was signed. Labels above the count make the RRSIG
 * unusable (§5.3.1): that throws.
 */
function signedOwner(owner: string, labels: number): Uint8Array {
  const count = labelCount(owner);
  if (labels > count) throw new Error(`RRSIG labels ${labels} exceeds the ${count} labels of ${owner}`);
  const name = labels < count ? (labels === 0 ? '*' : `*.${rightmostLabels(owner, labels)}`) : owner;
  return canonicalNameWire(name);
}

/**
 * The data an RRSIG signs (RFC 4034 §3.1.8.1): the RRSIG RDATA up to and including the signer name
 * (lower-cased), then each RR of the RRset in canonical form — owner per `signedOwner`, type,
 * class, the RRSIG's Original TTL, RDLENGTH, canonical RDATA — sorted by canonical RDATA as
 * left-justified octet strings, with duplicates removed (§6.3). Throws when the records do not form
 * one RRset of the covered type, or when the RRSIG cannot apply to their owner.
 */
export function signedData(rrsigRdata: Uint8Array, rrsig: RrsigData, rrset: WireRecord[]): Uint8Array {
  const first = rrset[0];
  if (!first) throw new Error('empty RRset');
  const signer = readName(rrsigRdata, 18);
  const prefix = concatBytes([rrsigRdata.subarray(0, 18), canonicalNameWire(signer.name)]);
  const ownerWire = signedOwner(first.name, rrsig.labels);
  const rdatas: Uint8Array[] = [];
  for (const rr of rrset) {
    if (rr.type !== rrsig.typeCovered)
      throw new Error(`${typeMnemonic(rr.type)} record in an RRSIG over ${typeMnemonic(rrsig.typeCovered)}`);
    if (rr.class !== first.class) throw new Error('records of different classes in one RRset');
    if (compareBytes(canonicalNameWire(rr.name), canonicalNameWire(first.name)) !== 0)
      throw new Error('records of different owners in one RRset');
    rdatas.push(canonicalRdata(rr.type, rr.rdata));
  }
  rdatas.sort(compareBytes);
  const header = new Uint8Array(10);
  const view = new DataView(header.buffer);
  view.setUint16(0, first.type);
  view.setUint16(2, first.class);
  view.setUint32(4, rrsig.originalTtl);
  const parts: Uint8Array[] = [prefix];
  let previous: Uint8Array | undefined;
  for (const rdata of rdatas) {
    if (previous && compareBytes(previous, rdata) === 0) continue;
    previous = rdata;
    const h = header.slice();
    new DataView(h.buffer).setUint16(8, rdata.length);
    parts.push(ownerWire, h, rdata);
  }
  return concatBytes(parts);
}

/** What a DS digest covers (RFC 4034 §5.1.4): the canonical owner name, then the DNSKEY RDATA. */
export function dsDigestInput(owner: string, dnskeyRdata: Uint8Array): Uint8Array {
  return concatBytes([canonicalNameWire(owner), dnskeyRdata]);
}
