/**
 * DNS wire format for DNSSEC validation: a strict message parser of our own (RFC 1035 §4, RFC 3597,
 * RFC 6891), domain-name helpers, and the RDATA of the DNSSEC record types (RFC 4034, RFC 5155).
 *
 * Pure (no `node:`, no Buffer): it loads in the renderer too. Every parser throws `Error` on input
 * it cannot read exactly; nothing is guessed. Names are presentation form without the trailing dot
 * (`''` is the root) with `\.`, `\\` and `\DDD` escapes (see types.ts); names parsed out of
 * records are lower-cased (ASCII A–Z only, RFC 4343), RDATA bytes keep the case they arrived in.
 */
import type { DnskeyData, DsData, Nsec3Data, NsecData, RrsigData, WireRecord } from './types';

// ---------------------------------------------------------------------------------------------
// RR types

/** RR type numbers (IANA "Resource Record (RR) TYPEs"). */
export const RR_TYPE = {
  A: 1,
  NS: 2,
  MD: 3,
  MF: 4,
  CNAME: 5,
  SOA: 6,
  MB: 7,
  MG: 8,
  MR: 9,
  NULL: 10,
  WKS: 11,
  PTR: 12,
  HINFO: 13,
  MINFO: 14,
  MX: 15,
  TXT: 16,
  RP: 17,
  AFSDB: 18,
  X25: 19,
  ISDN: 20,
  RT: 21,
  NSAP: 22,
  SIG: 24,
  KEY: 25,
  PX: 26,
  GPOS: 27,
  AAAA: 28,
  LOC: 29,
  NXT: 30,
  SRV: 33,
  NAPTR: 35,
  KX: 36,
  CERT: 37,
  A6: 38,
  DNAME: 39,
  OPT: 41,
  APL: 42,
  DS: 43,
  SSHFP: 44,
  IPSECKEY: 45,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  DHCID: 49,
  NSEC3: 50,
  NSEC3PARAM: 51,
  TLSA: 52,
  SMIMEA: 53,
  HIP: 55,
  CDS: 59,
  CDNSKEY: 60,
  OPENPGPKEY: 61,
  CSYNC: 62,
  ZONEMD: 63,
  SVCB: 64,
  HTTPS: 65,
  SPF: 99,
  TKEY: 249,
  TSIG: 250,
  IXFR: 251,
  AXFR: 252,
  ANY: 255,
  URI: 256,
  CAA: 257,
} as const;

const MNEMONICS = new Map<number, string>(Object.entries(RR_TYPE).map(([k, v]) => [v, k]));

/** Type number for a mnemonic (case-insensitive) or the RFC 3597 §5 `TYPEnnn` form. */
export function typeNumber(mnemonic: string): number | undefined {
  const upper = mnemonic.toUpperCase();
  if (Object.hasOwn(RR_TYPE, upper)) return RR_TYPE[upper as keyof typeof RR_TYPE];
  const m = /^TYPE(\d{1,5})$/.exec(upper);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 0xffff ? n : undefined;
}

/** Mnemonic of a type number, `TYPEnnn` for types we have no name for (RFC 3597 §5). */
export function typeMnemonic(n: number): string {
  return MNEMONICS.get(n) ?? `TYPE${n}`;
}

// ---------------------------------------------------------------------------------------------
// Bytes

function u16(buf: Uint8Array, at: number): number {
  if (at + 2 > buf.length) throw new Error('read past the end of the data');
  return (buf[at]! << 8) | buf[at + 1]!;
}

function u32(buf: Uint8Array, at: number): number {
  if (at + 4 > buf.length) throw new Error('read past the end of the data');
  return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
}

function u8(buf: Uint8Array, at: number): number {
  const b = buf[at];
  if (b === undefined) throw new Error('read past the end of the data');
  return b;
}

/** Concatenation of byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Octet-string order: byte by byte, a proper prefix first (RFC 4034 §6.3 "left-justified"). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function lowerByte(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

// ---------------------------------------------------------------------------------------------
// Names

const MAX_NAME_OCTETS = 255; // RFC 1035 §2.3.4, wire form including the root octet
const MAX_LABEL_OCTETS = 63;
/** Loop guard on top of the backward-only rule; 255 octets hold at most 127 pointers. */
const MAX_POINTERS = 127;

function labelText(label: Uint8Array): string {
  let s = '';
  for (const b of label) {
    if (b === 0x2e) s += '\\.';
    else if (b === 0x5c) s += '\\\\';
    else if (b < 0x21 || b > 0x7e) s += `\\${String(b).padStart(3, '0')}`;
    else s += String.fromCharCode(b);
  }
  return s;
}

/** Presentation form of labels (no trailing dot; `''` for the root). */
export function labelsToName(labels: readonly Uint8Array[]): string {
  return labels.map(labelText).join('.');
}

/** ASCII lower-casing of a presentation name (escapes hold no A–Z, so this is exact). */
export function lowerName(name: string): string {
  return name.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** Labels of a presentation-form name, left to right, escapes decoded; the root has none. */
export function nameLabels(name: string): Uint8Array[] {
  if (name === '' || name === '.') return [];
  const labels: Uint8Array[] = [];
  let cur: number[] = [];
  let total = 1;
  const close = (): void => {
    if (cur.length === 0) throw new Error(`empty label in ${JSON.stringify(name)}`);
    if (cur.length > MAX_LABEL_OCTETS) throw new Error(`label longer than 63 octets in ${JSON.stringify(name)}`);
    total += cur.length + 1;
    labels.push(Uint8Array.from(cur));
    cur = [];
  };
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c) {
      const digits = /^\d{3}/.exec(name.slice(i + 1, i + 4));
      if (digits) {
        const v = Number(digits[0]);
        if (v > 255) throw new Error(`escape \\${digits[0]} is not an octet`);
        cur.push(v);
        i += 3;
      } else {
        const next = name.charCodeAt(i + 1);
        if (Number.isNaN(next) || next > 0x7e || next < 0x20) throw new Error(`bad escape in ${JSON.stringify(name)}`);
        cur.push(next);
        i += 1;
      }
    } else if (c === 0x2e) {
      close();
      if (i === name.length - 1) break; // trailing root dot
    } else {
      if (c < 0x21 || c > 0x7e) throw new Error(`unescaped character ${c} in ${JSON.stringify(name)}`);
      cur.push(c);
    }
  }
  if (cur.length > 0) close();
  if (total > MAX_NAME_OCTETS) throw new Error(`name longer than 255 octets: ${JSON.stringify(name)}`);
  return labels;
}

/** Uncompressed wire form of a presentation name, case kept. */
export function nameToWire(name: string): Uint8Array {
  const labels = nameLabels(name);
  const parts: Uint8Array[] = [];
  for (const l of labels) parts.push(Uint8Array.of(l.length), l);
  parts.push(Uint8Array.of(0));
  return concatBytes(parts);
}

/** Lower-cased (canonical, RFC 4034 §6.2) uncompressed wire form of a name. */
export function canonicalNameWire(name: string): Uint8Array {
  return nameToWire(name).map(lowerByte);
}

/** RFC 4034 §3.1.3 label count: the root and a leading `*` label are not counted. */
export function labelCount(name: string): number {
  const labels = nameLabels(name);
  const first = labels[0];
  return first && first.length === 1 && first[0] === 0x2a ? labels.length - 1 : labels.length;
}

function labelEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (lowerByte(a[i]!) !== lowerByte(b[i]!)) return false;
  return true;
}

/** True when `name` is `zone` or below it (case-insensitive, label-wise). */
export function isSubdomain(name: string, zone: string): boolean {
  const n = nameLabels(name);
  const z = nameLabels(zone);
  if (z.length > n.length) return false;
  for (let i = 1; i <= z.length; i++) if (!labelEqual(n[n.length - i]!, z[z.length - i]!)) return false;
  return true;
}

/** The name with its leftmost label removed; throws for the root. */
export function parentName(name: string): string {
  const labels = nameLabels(name);
  if (labels.length === 0) throw new Error('the root has no parent');
  return labelsToName(labels.slice(1));
}

/** The rightmost `count` labels of a name. */
export function rightmostLabels(name: string, count: number): string {
  const labels = nameLabels(name);
  return labelsToName(labels.slice(Math.max(0, labels.length - count)));
}

export interface ReadName {
  /** presentation form, case as on the wire */
  name: string;
  labels: Uint8Array[];
  /** offset in `buf` just after the name (after the first pointer, when compressed) */
  next: number;
}

/**
 * Reads a wire-format name at `offset` of `buf`. Compression pointers (RFC 1035 §4.1.4) are accepted
 * only when `message` is given: the whole DNS message, which `buf` is or is a view of. A pointer must
 * point before the start of the labels that led to it, so it can never loop (a stricter form of
 * "backward only"); it may not point into the 12-octet header.
 */
export function readName(buf: Uint8Array, offset: number, message?: Uint8Array): ReadName {
  let src = buf;
  let base = 0;
  if (message) {
    if (message !== buf) {
      if (message.buffer !== buf.buffer || buf.byteOffset < message.byteOffset) throw new Error('buf is not part of message');
      base = buf.byteOffset - message.byteOffset;
    }
    src = message;
  }
  let pos = base + offset;
  let segmentStart = pos;
  let end = -1;
  let octets = 1;
  let pointers = 0;
  const labels: Uint8Array[] = [];
  for (;;) {
    const len = src[pos];
    if (len === undefined) throw new Error('name runs past the end of the data');
    if (len === 0) {
      if (end < 0) end = pos + 1;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (!message) throw new Error('compression pointer where none is allowed');
      const low = src[pos + 1];
      if (low === undefined) throw new Error('compression pointer runs past the end of the message');
      const target = ((len & 0x3f) << 8) | low;
      if (end < 0) end = pos + 2;
      if (target < 12) throw new Error('compression pointer into the message header');
      if (target >= segmentStart) throw new Error('compression pointer does not point backward');
      if (++pointers > MAX_POINTERS) throw new Error('too many compression pointers');
      pos = segmentStart = target;
      continue;
    }
    if (kind !== 0) throw new Error(`unsupported label type 0x${kind.toString(16)}`);
    if (pos + 1 + len > src.length) throw new Error('label runs past the end of the data');
    octets += len + 1;
    if (octets > MAX_NAME_OCTETS) throw new Error('name longer than 255 octets');
    labels.push(src.slice(pos + 1, pos + 1 + len));
    pos += len + 1;
  }
  return { name: labelsToName(labels), labels, next: end - base };
}

function labelsWire(labels: readonly Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const l of labels) parts.push(Uint8Array.of(l.length), l);
  parts.push(Uint8Array.of(0));
  return concatBytes(parts);
}

// ---------------------------------------------------------------------------------------------
// RDATA layouts: where the domain names are

type Field = 'name' | 'cstr' | 'rest' | 'bitmap' | number;

/**
 * RDATA layouts of the types whose RDATA holds domain names. RFC 1035 types may be compressed,
 * RFC 3597 §4 asks receivers to decompress RP, AFSDB, RT, SIG, PX, NXT, NAPTR and SRV too; RRSIG and
 * NSEC must not be compressed (RFC 4034 §3.1.7, §4.1.1) but expanding them costs nothing.
 */
const NAME_LAYOUTS = new Map<number, readonly Field[]>([
  [RR_TYPE.NS, ['name']],
  [RR_TYPE.MD, ['name']],
  [RR_TYPE.MF, ['name']],
  [RR_TYPE.CNAME, ['name']],
  [RR_TYPE.SOA, ['name', 'name', 20]],
  [RR_TYPE.MB, ['name']],
  [RR_TYPE.MG, ['name']],
  [RR_TYPE.MR, ['name']],
  [RR_TYPE.PTR, ['name']],
  [RR_TYPE.MINFO, ['name', 'name']],
  [RR_TYPE.MX, [2, 'name']],
  [RR_TYPE.RP, ['name', 'name']],
  [RR_TYPE.AFSDB, [2, 'name']],
  [RR_TYPE.RT, [2, 'name']],
  [RR_TYPE.SIG, [18, 'name', 'rest']],
  [RR_TYPE.PX, [2, 'name', 'name']],
  [RR_TYPE.NXT, ['name', 'rest']],
  [RR_TYPE.SRV, [6, 'name']],
  [RR_TYPE.NAPTR, [4, 'cstr', 'cstr', 'cstr', 'name']],
  [RR_TYPE.KX, [2, 'name']],
  [RR_TYPE.DNAME, ['name']],
  [RR_TYPE.RRSIG, [18, 'name', 'rest']],
  [RR_TYPE.NSEC, ['name', 'bitmap']],
]);

interface Walked {
  rdata: Uint8Array;
  /** [start, end) of each name inside `rdata` */
  names: [number, number][];
}

/**
 * Walks RDATA of a type with names in `src[start, end)`, expanding compressed names when `message`
 * is given, and checks that the fields fill RDLENGTH exactly. Returns undefined for other types.
 */
function walkRdata(type: number, src: Uint8Array, start: number, end: number, message?: Uint8Array): Walked | undefined {
  if (type === RR_TYPE.A6) return walkA6(src, start, end);
  const layout = NAME_LAYOUTS.get(type);
  if (!layout) return undefined;
  const parts: Uint8Array[] = [];
  const names: [number, number][] = [];
  let out = 0;
  let pos = start;
  const take = (n: number): void => {
    if (pos + n > end) throw new Error(`${typeMnemonic(type)} RDATA shorter than its fields`);
    parts.push(src.subarray(pos, pos + n));
    pos += n;
    out += n;
  };
  for (const field of layout) {
    if (typeof field === 'number') take(field);
    else if (field === 'cstr') take(1 + u8(src, pos));
    else if (field === 'rest') take(end - pos);
    else if (field === 'bitmap') {
      parseTypeBitmap(src, pos, end);
      take(end - pos);
    } else {
      const r = readName(src, pos, message);
      if (r.next > end) throw new Error(`${typeMnemonic(type)} RDATA: name runs past RDLENGTH`);
      const wire = labelsWire(r.labels);
      names.push([out, out + wire.length]);
      parts.push(wire);
      out += wire.length;
      pos = r.next;
    }
  }
  if (pos !== end) throw new Error(`${typeMnemonic(type)} RDATA longer than its fields`);
  return { rdata: concatBytes(parts), names };
}

/** A6 (RFC 2874 §3.1): prefix length, address suffix, prefix name (only when the prefix length > 0). */
function walkA6(src: Uint8Array, start: number, end: number): Walked {
  const prefix = u8(src, start);
  if (prefix > 128) throw new Error('A6 prefix length above 128');
  const suffix = Math.ceil((128 - prefix) / 8);
  let pos = start + 1 + suffix;
  if (pos > end) throw new Error('A6 RDATA shorter than its address suffix');
  const names: [number, number][] = [];
  if (prefix > 0) {
    const r = readName(src, pos);
    if (r.next > end) throw new Error('A6 RDATA: name runs past RDLENGTH');
    names.push([pos - start, r.next - start]);
    pos = r.next;
  }
  if (pos !== end) throw new Error('A6 RDATA length does not match its fields');
  return { rdata: src.slice(start, end), names };
}

/** [start, end) of each domain name inside uncompressed RDATA of `type` (empty for other types). */
export function rdataNameSpans(type: number, rdata: Uint8Array): [number, number][] {
  return walkRdata(type, rdata, 0, rdata.length)?.names ?? [];
}

/** Structure checks for types without names whose RDATA has a fixed shape. */
function checkRdata(type: number, rdata: Uint8Array): void {
  const len = rdata.length;
  const need = (ok: boolean): void => {
    if (!ok) throw new Error(`${typeMnemonic(type)} RDATA of ${len} octets is malformed`);
  };
  switch (type) {
    case RR_TYPE.A:
      return need(len === 4);
    case RR_TYPE.AAAA:
      return need(len === 16);
    case RR_TYPE.TXT:
    case RR_TYPE.SPF:
    case RR_TYPE.HINFO: {
      let pos = 0;
      let count = 0;
      while (pos < len) {
        pos += 1 + rdata[pos]!;
        count++;
      }
      return need(pos === len && (type === RR_TYPE.HINFO ? count === 2 : count >= 1));
    }
    case RR_TYPE.DS:
    case RR_TYPE.CDS:
    case RR_TYPE.DNSKEY:
    case RR_TYPE.CDNSKEY:
    case RR_TYPE.KEY:
      return need(len >= 4);
    case RR_TYPE.NSEC3:
      parseNsec3(rdata);
      return;
    case RR_TYPE.NSEC3PARAM:
      parseNsec3Param(rdata);
      return;
    case RR_TYPE.TLSA:
    case RR_TYPE.SMIMEA:
      return need(len >= 3);
    case RR_TYPE.SSHFP:
      return need(len >= 2);
    case RR_TYPE.CAA:
      return need(len >= 2 && rdata[1]! >= 1 && 2 + rdata[1]! <= len);
    default:
  }
}

// ---------------------------------------------------------------------------------------------
// Messages

export interface ParsedMessage {
  id: number;
  flags: { qr: boolean; aa: boolean; tc: boolean; rd: boolean; ra: boolean; ad: boolean; cd: boolean };
  opcode: number;
  /** full RCODE: the header's 4 bits plus the EDNS extended bits (RFC 6891 §6.1.3) */
  rcode: number;
  question: { name: string; type: number; class: number }[];
  answers: WireRecord[];
  authorities: WireRecord[];
  /** without the OPT pseudo-record, which becomes `edns` */
  additionals: WireRecord[];
  edns?: { udpPayload: number; version: number; do: boolean };
}

/**
 * Parses a DNS message (without a TCP length prefix). Strict: throws on overruns, trailing octets,
 * bad compression, over-long names or labels, RDATA that does not fill RDLENGTH exactly for types
 * of known shape, and misplaced or repeated OPT. RDATA names are expanded, so every record's RDATA
 * is self-contained; owner names are lower-cased.
 */
export function parseMessage(wire: Uint8Array): ParsedMessage {
  if (wire.length < 12) throw new Error('message shorter than the 12-octet header');
  const id = u16(wire, 0);
  const f = u16(wire, 2);
  const counts = [u16(wire, 4), u16(wire, 6), u16(wire, 8), u16(wire, 10)] as const;
  let pos = 12;
  const question: ParsedMessage['question'] = [];
  for (let i = 0; i < counts[0]; i++) {
    const r = readName(wire, pos, wire);
    if (r.next + 4 > wire.length) throw new Error('question runs past the end of the message');
    question.push({ name: lowerName(r.name), type: u16(wire, r.next), class: u16(wire, r.next + 2) });
    pos = r.next + 4;
  }
  const sections: WireRecord[][] = [[], [], []];
  let opt: { class: number; ttl: number } | undefined;
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]!; i++) {
      const r = readName(wire, pos, wire);
      if (r.next + 10 > wire.length) throw new Error('record header runs past the end of the message');
      const type = u16(wire, r.next);
      const klass = u16(wire, r.next + 2);
      const ttl = u32(wire, r.next + 4);
      const rdlength = u16(wire, r.next + 8);
      const start = r.next + 10;
      const end = start + rdlength;
      if (end > wire.length) throw new Error('RDATA runs past the end of the message');
      pos = end;
      if (type === RR_TYPE.OPT) {
        // RFC 6891 §6.1.1: one OPT, in the additional section, owned by the root.
        if (s !== 2) throw new Error('OPT outside the additional section');
        if (opt) throw new Error('more than one OPT record');
        if (r.labels.length !== 0) throw new Error('OPT not owned by the root');
        checkOptions(wire.subarray(start, end));
        opt = { class: klass, ttl };
        continue;
      }
      let rdata: Uint8Array;
      try {
        const walked = walkRdata(type, wire, start, end, wire);
        rdata = walked ? walked.rdata : wire.slice(start, end);
        if (!walked) checkRdata(type, rdata);
      } catch (e) {
        throw new Error(`record ${i + 1} of section ${s + 2} (${typeMnemonic(type)}): ${(e as Error).message}`);
      }
      sections[s]!.push({ name: lowerName(r.name), type, class: klass, ttl, rdata });
    }
  }
  if (pos !== wire.length) throw new Error(`${wire.length - pos} octets after the last record`);
  const msg: ParsedMessage = {
    id,
    flags: {
      qr: (f & 0x8000) !== 0,
      aa: (f & 0x0400) !== 0,
      tc: (f & 0x0200) !== 0,
      rd: (f & 0x0100) !== 0,
      ra: (f & 0x0080) !== 0,
      ad: (f & 0x0020) !== 0,
      cd: (f & 0x0010) !== 0,
    },
    opcode: (f >> 11) & 0x0f,
    rcode: f & 0x0f,
    question,
    answers: sections[0]!,
    authorities: sections[1]!,
    additionals: sections[2]!,
  };
  if (opt) {
    msg.rcode |= (opt.ttl >>> 24) << 4;
    msg.edns = { udpPayload: opt.class, version: (opt.ttl >>> 16) & 0xff, do: (opt.ttl & 0x8000) !== 0 };
  }
  return msg;
}

/** EDNS options are {code, length, data} and must fill the OPT RDATA exactly (RFC 6891 §6.1.2). */
function checkOptions(rdata: Uint8Array): void {
  let pos = 0;
  while (pos < rdata.length) {
    const len = u16(rdata, pos + 2);
    pos += 4 + len;
  }
  if (pos !== rdata.length) throw new Error('EDNS option runs past the OPT RDATA');
}

// ---------------------------------------------------------------------------------------------
// DNSSEC RDATA

/**
 * Type bitmap (RFC 4034 §4.1.2): windows in increasing order, each 1–32 octets. Trailing zero
 * octets in a window are tolerated (they add no types), anything else odd is rejected.
 */
export function parseTypeBitmap(buf: Uint8Array, start: number, end: number): number[] {
  const types: number[] = [];
  let last = -1;
  let pos = start;
  while (pos < end) {
    if (pos + 2 > end) throw new Error('type bitmap: window header cut off');
    const win = buf[pos]!;
    const len = buf[pos + 1]!;
    if (win <= last) throw new Error('type bitmap: windows out of order');
    if (len < 1 || len > 32) throw new Error(`type bitmap: window length ${len}`);
    if (pos + 2 + len > end) throw new Error('type bitmap: window runs past the data');
    for (let i = 0; i < len; i++) {
      const octet = buf[pos + 2 + i]!;
      for (let bit = 0; bit < 8; bit++) if (octet & (0x80 >> bit)) types.push(win * 256 + i * 8 + bit);
    }
    last = win;
    pos += 2 + len;
  }
  return types;
}

/** Type bitmap of a set of types (RFC 4034 §4.1.2), shortest form. */
export function typeBitmap(types: Iterable<number>): Uint8Array {
  const windows = new Map<number, number[]>();
  for (const t of new Set(types)) {
    const w = t >> 8;
    const octets = windows.get(w) ?? [];
    const i = (t & 0xff) >> 3;
    while (octets.length <= i) octets.push(0);
    octets[i]! |= 0x80 >> (t & 7);
    windows.set(w, octets);
  }
  const parts: Uint8Array[] = [];
  for (const w of [...windows.keys()].sort((a, b) => a - b)) {
    const octets = windows.get(w)!;
    parts.push(Uint8Array.of(w, octets.length, ...octets));
  }
  return concatBytes(parts);
}

/** RFC 4034 Appendix B key tag of DNSKEY RDATA, with the algorithm 1 (RSA/MD5) rule of B.1. */
export function keyTag(dnskeyRdata: Uint8Array): number {
  if (dnskeyRdata.length < 4) throw new Error('DNSKEY RDATA shorter than 4 octets');
  if (dnskeyRdata[3] === 1) {
    // B.1: the most significant 16 of the least significant 24 bits of the modulus
    const n = dnskeyRdata.length;
    if (n < 7) throw new Error('RSA/MD5 DNSKEY too short for a key tag');
    return (dnskeyRdata[n - 3]! << 8) | dnskeyRdata[n - 2]!;
  }
  let ac = 0;
  for (let i = 0; i < dnskeyRdata.length; i++) ac += i & 1 ? dnskeyRdata[i]! : dnskeyRdata[i]! << 8;
  ac += (ac >> 16) & 0xffff;
  return ac & 0xffff;
}

/** RRSIG RDATA (RFC 4034 §3.1); the signer name must be uncompressed. */
export function parseRrsig(rdata: Uint8Array): RrsigData {
  if (rdata.length < 19) throw new Error('RRSIG RDATA shorter than its fixed fields');
  const signer = readName(rdata, 18);
  return {
    typeCovered: u16(rdata, 0),
    algorithm: rdata[2]!,
    labels: rdata[3]!,
    originalTtl: u32(rdata, 4),
    expiration: u32(rdata, 8),
    inception: u32(rdata, 12),
    keyTag: u16(rdata, 16),
    signerName: lowerName(signer.name),
    signature: rdata.slice(signer.next),
  };
}

/** DNSKEY RDATA (RFC 4034 §2.1) with its key tag. */
export function parseDnskey(rdata: Uint8Array): DnskeyData {
  if (rdata.length < 4) throw new Error('DNSKEY RDATA shorter than 4 octets');
  return { flags: u16(rdata, 0), protocol: rdata[2]!, algorithm: rdata[3]!, publicKey: rdata.slice(4), keyTag: keyTag(rdata) };
}

/** DS RDATA (RFC 4034 §5.1); the digest length is checked against the digest type by the caller. */
export function parseDs(rdata: Uint8Array): DsData {
  if (rdata.length < 4) throw new Error('DS RDATA shorter than 4 octets');
  return { keyTag: u16(rdata, 0), algorithm: rdata[2]!, digestType: rdata[3]!, digest: rdata.slice(4) };
}

/** NSEC RDATA (RFC 4034 §4.1); the next name is lower-cased here (RDATA itself keeps its case). */
export function parseNsec(rdata: Uint8Array): NsecData {
  const next = readName(rdata, 0);
  return { next: lowerName(next.name), types: parseTypeBitmap(rdata, next.next, rdata.length) };
}

/** NSEC3 RDATA (RFC 5155 §3.2). */
export function parseNsec3(rdata: Uint8Array): Nsec3Data {
  const saltLength = u8(rdata, 4);
  const hashAt = 5 + saltLength;
  const hashLength = u8(rdata, hashAt);
  if (hashLength === 0) throw new Error('NSEC3 with an empty next hashed owner name');
  const typesAt = hashAt + 1 + hashLength;
  if (typesAt > rdata.length) throw new Error('NSEC3 next hashed owner name runs past the RDATA');
  return {
    hashAlgorithm: rdata[0]!,
    flags: rdata[1]!,
    iterations: u16(rdata, 2),
    salt: rdata.slice(5, hashAt),
    nextHashed: rdata.slice(hashAt + 1, typesAt),
    types: parseTypeBitmap(rdata, typesAt, rdata.length),
  };
}

/** NSEC3PARAM RDATA (RFC 5155 §4.2). */
export function parseNsec3Param(rdata: Uint8Array): { hashAlgorithm: number; flags: number; iterations: number; salt: Uint8Array } {
  const saltLength = u8(rdata, 4);
  if (rdata.length !== 5 + saltLength) throw new Error('NSEC3PARAM RDATA length does not match its salt');
  return { hashAlgorithm: rdata[0]!, flags: rdata[1]!, iterations: u16(rdata, 2), salt: rdata.slice(5) };
}

/** The one name that is the whole RDATA of CNAME, DNAME, NS or PTR, lower-cased. */
export function rdataTarget(rdata: Uint8Array): string {
  const r = readName(rdata, 0);
  if (r.next !== rdata.length) throw new Error('octets after the target name');
  return lowerName(r.name);
}

/** SOA RDATA (RFC 1035 §3.3.13); `minimum` bounds negative caching (RFC 2308 §5). */
export function parseSoaMinimum(rdata: Uint8Array): {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
} {
  const m = readName(rdata, 0);
  const r = readName(rdata, m.next);
  if (r.next + 20 !== rdata.length) throw new Error('SOA RDATA length does not match its fields');
  return {
    mname: lowerName(m.name),
    rname: lowerName(r.name),
    serial: u32(rdata, r.next),
    refresh: u32(rdata, r.next + 4),
    retry: u32(rdata, r.next + 8),
    expire: u32(rdata, r.next + 12),
    minimum: u32(rdata, r.next + 16),
  };
}

// ---------------------------------------------------------------------------------------------
// Presentation helpers for evidence

/** A name with its trailing dot; the root is `.`. */
export function formatName(name: string): string {
  return name === '' ? '.' : `${name}.`;
}

/** RRSIG time field in the RFC 4034 §3.2 form YYYYMMDDHHmmSS (UTC), from epoch seconds. */
export function signatureTime(value: number): string {
  const d = new Date(value * 1000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

const BASE32HEX = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

/** RFC 4648 §7 base32hex, upper-case, without padding (the NSEC3 owner label form, RFC 5155 §3.3). */
export function base32hex(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32HEX[(acc << (5 - bits)) & 31];
  return out;
}

/** Inverse of `base32hex`, case-insensitive; throws on other characters or a non-canonical tail. */
export function base32hexDecode(text: string): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of text.toUpperCase()) {
    const v = BASE32HEX.indexOf(ch);
    if (v < 0) throw new Error(`not base32hex: ${JSON.stringify(text)}`);
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((acc >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0) throw new Error(`not canonical base32hex: ${JSON.stringify(text)}`);
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------------------------
// Time

const TWO_32 = 2 ** 32;

/** A 32-bit RRSIG time as the epoch second nearest to `nowSeconds` (RFC 1982 serial arithmetic). */
function nearest(value: number, nowSeconds: number): number {
  let diff = (value - (nowSeconds % TWO_32) + TWO_32) % TWO_32;
  if (diff >= 2 ** 31) diff -= TWO_32;
  return nowSeconds + diff;
}

/**
 * The signature's validity window in epoch seconds. RFC 4034 §3.1.5: the 32-bit fields are serial
 * numbers, so each resolves to the time within 68 years of now — correct after 2106 too.
 */
export function signatureWindow(rrsig: RrsigData, nowSeconds: number): { inception: number; expiration: number } {
  return { inception: nearest(rrsig.inception, nowSeconds), expiration: nearest(rrsig.expiration, nowSeconds) };
}
