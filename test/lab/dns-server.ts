/**
 * The lab's authoritative DNS server (DESIGN §6): serves fixture zones over UDP and TCP on one
 * loopback port and answers as a resolver over that data would (RA set, CNAME chains chased
 * across its own zones), so the engine can use it as its "resolver" in tests and `npm run lab`.
 *
 * DNSSEC: signed zones (test/lab/dnssec-signer.ts, signed by BIND) carry their RRSIG, DNSKEY,
 * NSEC, NSEC3 and NSEC3PARAM records as ordinary zone data in dns-packet's shapes. With the DO
 * bit the server answers as RFC 4035 §3.1 asks of an authoritative server, without referrals
 * since it holds parent and child alike: the RRSIGs of every RRset it returns; DS from the
 * parent side of a cut (§3.1.4.1); for NXDOMAIN the NSEC covering the name and the one denying
 * the wildcard (§3.1.3.2), for NODATA the NSEC at the name (§3.1.3.1), for wildcard answers the
 * NSEC proving the name itself does not exist (§3.1.3.3, §3.1.3.4); in NSEC3 zones the closest
 * encloser proofs of RFC 5155 §7.2.1–7.2.6, opt-out included. A name below a delegation whose
 * child zone the lab does not serve (e.g. `com` in the lab root) is REFUSED, as a name outside
 * every zone is. `stripDnssec` (or a zone's `strip-dnssec` behaviour) plays a resolver that
 * drops DNSSEC data: no RRSIG/NSEC/NSEC3, and DNSKEY/DS queries answered NOERROR without data.
 *
 * `authoritative` makes it a plain authoritative server, one of several an iterative resolver
 * walks: RA clear, and a name at or below a delegation whose child zone this server does not
 * serve gets a referral (RFC 1034 §4.3.2 step 3b) instead of REFUSED: AA clear, the parent's NS
 * RRset in authority, the name servers' addresses in additional (glue, or any served zone's data),
 * and with DO the signed DS RRset or the NSEC/NSEC3 proof that there is none (RFC 4035 §3.1.4,
 * RFC 5155 §7.2.7). Everything else answers as in the default mode.
 */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type {
  Answer,
  CaaData,
  DecodedPacket,
  DnskeyData,
  DsData,
  Nsec3Data,
  NsecData,
  Packet,
  RecordType,
  RrsigData,
  SrvData,
  StringAnswer,
  TlsaData,
} from 'dns-packet';
import { base32hexDecode, compareCanonical, nsec3Hash } from './dnssec-names';
import type { LabSigning } from './dnssec-signer';

export type LabBehaviour =
  | 'normal'
  /** never answers: the timeout scenario */
  | 'drop'
  | 'servfail'
  /** answers undecodable random bytes */
  | 'garbage'
  /** always TC over UDP, the full answer over TCP */
  | 'truncate-udp'
  /** answers like a resolver that strips DNSSEC data (see LabDnsServerOptions.stripDnssec) */
  | 'strip-dnssec';

export interface LabSoa {
  mname: string;
  rname: string;
  serial?: number;
  refresh?: number;
  retry?: number;
  expire?: number;
  /** negative-caching TTL (RFC 2308 §4) */
  minimum?: number;
}

/** Record data by type. Names inside data are absolute (trailing dot optional); `@` is the origin. */
export interface LabRecordDataMap {
  A: string;
  AAAA: string;
  CNAME: string;
  NS: string;
  PTR: string;
  DNAME: string;
  MX: { preference: number; exchange: string };
  /** character-strings, each at most 255 bytes: use `txt()` to split a long value */
  TXT: string[];
  SPF: string[];
  SOA: LabSoa;
  SRV: SrvData;
  CAA: CaaData;
  TLSA: TlsaData;
  DS: DsData;
  DNSKEY: DnskeyData;
  RRSIG: RrsigData;
  NSEC: NsecData;
  NSEC3: Nsec3Data;
}

export type LabRecord =
  | {
      [T in keyof LabRecordDataMap]: {
        /** `@` or '' for the origin, `www` relative, `www.example.org.` (or ending in the origin) absolute, `*` wildcard */
        name: string;
        type: T;
        ttl?: number;
        data: LabRecordDataMap[T];
      };
    }[keyof LabRecordDataMap]
  /** any other type as opaque RDATA (RFC 3597) */
  | { name: string; type: `TYPE${number}`; ttl?: number; data: Uint8Array };

export interface LabZone {
  /** e.g. `example.org` */
  origin: string;
  records: LabRecord[];
  behaviour?: LabBehaviour;
  /** sign the zone at lab start (test/lab/dnssec-world.ts); the server itself only serves records */
  dnssec?: LabSigning;
}

export interface LabQuery {
  transport: 'udp' | 'tcp';
  /** `ip:port` of the client */
  from: string;
  id: number;
  /** as received (case preserved) */
  name: string;
  type: string;
  /** EDNS DO bit */
  dnssec: boolean;
  /** EDNS UDP payload size, undefined without EDNS */
  udpPayload?: number;
}

export interface LabDnsServer {
  host: string;
  port: number;
  /** `ip:port`, `[ip]:port` for IPv6 */
  address: string;
  /** every well-formed query received, in order */
  queryLog: LabQuery[];
  close(): Promise<void>;
}

export interface LabDnsServerOptions {
  host?: string;
  port?: number;
  zones: LabZone[];
  /** a resolver that strips DNSSEC data: never RRSIG/NSEC/NSEC3, DNSKEY and DS answered NOERROR without data */
  stripDnssec?: boolean;
  /** an authoritative-only server: no RA, referrals for names below delegations to zones it does not serve */
  authoritative?: boolean;
}

const DEFAULT_TTL = 300;
/** RFC 1035 §2.3.4 */
const MAX_UDP_WITHOUT_EDNS = 512;
const TCP_IDLE_MS = 10_000;

/** Splits a long TXT value into ≤255-byte character-strings (RFC 1035 §3.3.14) without breaking UTF-8 sequences. */
export function txt(value: string): string[] {
  const out: string[] = [];
  let chunk = '';
  let bytes = 0;
  for (const ch of value) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > 255) {
      out.push(chunk);
      chunk = '';
      bytes = 0;
    }
    chunk += ch;
    bytes += size;
  }
  out.push(chunk);
  return out;
}

export async function startLabDnsServer(options: LabDnsServerOptions): Promise<LabDnsServer> {
  const host = options.host ?? '127.0.0.1';
  const zones = options.zones.map(compileZone);
  const queryLog: LabQuery[] = [];
  const { udp, tcp, port } = await bindBoth(host, options.port ?? 0);
  const connections = new Set<net.Socket>();

  const respond = (msg: Buffer, transport: 'udp' | 'tcp', from: string): Buffer | undefined => {
    let query: DecodedPacket & { opcode?: string };
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return undefined;
    }
    if (query.flag_qr) return undefined;
    const q = query.questions?.[0];
    const opt = query.additionals?.find((a) => a.type === 'OPT');
    const edns = opt && 'udpPayloadSize' in opt ? opt : undefined;
    if (q)
      queryLog.push({
        transport,
        from,
        id: query.id ?? 0,
        name: q.name,
        type: q.type,
        dnssec: !!edns?.flag_do,
        ...(edns ? { udpPayload: edns.udpPayloadSize } : {}),
      });
    return answerQuery(zones, query, transport, edns, !!options.stripDnssec, !!options.authoritative);
  };

  udp.on('message', (msg, rinfo) => {
    const reply = respond(msg, 'udp', formatAddress(rinfo.address, rinfo.port));
    if (reply) udp.send(reply, rinfo.port, rinfo.address);
  });
  udp.on('error', () => {});

  tcp.on('connection', (socket) => {
    connections.add(socket);
    socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
    socket.on('close', () => connections.delete(socket));
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    const from = formatAddress(socket.remoteAddress ?? '', socket.remotePort ?? 0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      // RFC 7766 §6.2.1: several framed queries may arrive on one connection.
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const reply = respond(buffered.subarray(2, 2 + length), 'tcp', from);
        buffered = buffered.subarray(2 + length);
        if (!reply) continue;
        const frame = Buffer.alloc(2 + reply.length);
        frame.writeUInt16BE(reply.length, 0);
        reply.copy(frame, 2);
        socket.write(frame);
      }
    });
  });

  return {
    host,
    port,
    address: formatAddress(host, port),
    queryLog,
    close: async () => {
      for (const socket of connections) socket.destroy();
      await Promise.all([new Promise<void>((r) => udp.close(() => r())), new Promise<void>((r) => tcp.close(() => r()))]);
    },
  };
}

function formatAddress(host: string, port: number): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Binds UDP and TCP to the same port; with port 0, retries when the UDP port is taken on TCP. */
async function bindBoth(host: string, port: number): Promise<{ udp: dgram.Socket; tcp: net.Server; port: number }> {
  for (let attempt = 0; ; attempt++) {
    const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(port, host, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    const bound = udp.address().port;
    const tcp = net.createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(bound, host, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
      return { udp, tcp, port: bound };
    } catch (error) {
      await new Promise<void>((r) => udp.close(() => r()));
      if (port !== 0 || attempt >= 20) throw error;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Zone data

interface Nsec3Entry {
  /** the hashed owner name's hash, raw */
  hash: Buffer;
  owner: string;
  nsec3: Extract<Answer, { type: 'NSEC3' }>;
  /** its RRSIGs */
  sigs: Answer[];
}

interface CompiledZone {
  origin: string;
  behaviour: LabBehaviour;
  /** owner name → records, names lower-case without trailing dot; NSEC3 owners are kept apart */
  nodes: Map<string, Answer[]>;
  /** owners plus every empty non-terminal between them and the origin (RFC 4592 §2.2.2) */
  existing: Set<string>;
  soa: Answer;
  /** delegation points: owners of NS RRsets below the apex (RFC 4035 §2.2: the parent side of a cut) */
  cuts: Set<string>;
  /** the NSEC chain, in canonical order (RFC 4034 §6.1) */
  nsec: Extract<Answer, { type: 'NSEC' }>[];
  /** the NSEC3 chain, in hash order (RFC 5155 §7.1) */
  nsec3: Nsec3Entry[];
  nsec3Params?: { salt: Buffer; iterations: number };
}

const lower = (name: string): string => {
  const n = name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return n.endsWith('.') ? n.slice(0, -1) : n;
};

const parentName = (name: string): string => {
  const dot = name.indexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1);
};

const isAtOrBelow = (name: string, zone: string): boolean => zone === '' || name === zone || name.endsWith(`.${zone}`);

function ownerName(name: string, origin: string): string {
  if (name === '@' || name === '') return origin;
  if (name.endsWith('.')) return lower(name);
  const n = lower(name);
  return isAtOrBelow(n, origin) ? n : `${n}.${origin}`;
}

function dataName(name: string, origin: string): string {
  return name === '@' ? origin : lower(name);
}

/** A LabRecord owner as the server reads it: lower case, no trailing dot, `''` for the root. */
export const absoluteOwnerName = (name: string, origin: string): string => ownerName(name, lower(origin));
/** A name inside LabRecord data as the server reads it (always absolute; `@` is the origin). */
export const absoluteDataName = (name: string, origin: string): string => dataName(name, lower(origin));

const isNsec3Data = (a: Answer): boolean => a.type === 'NSEC3' || (a.type === 'RRSIG' && a.data.typeCovered === 'NSEC3');

function compileZone(zone: LabZone): CompiledZone {
  const origin = lower(zone.origin);
  const nodes = new Map<string, Answer[]>();
  const nsec3Owners = new Map<string, Answer[]>();
  for (const record of zone.records) {
    const owner = ownerName(record.name, origin);
    if (!isAtOrBelow(owner, origin)) throw new Error(`lab zone ${origin}: record ${record.name} lies outside the zone`);
    const answer = toAnswer(record, owner, origin);
    // RFC 5155 §7.1: hashed owner names are not names of the zone (a query for one is NXDOMAIN).
    const map = isNsec3Data(answer) ? nsec3Owners : nodes;
    const list = map.get(owner) ?? [];
    list.push(answer);
    map.set(owner, list);
  }
  for (const [owner, list] of nodes) {
    // RFC 1034 §3.6.2 / RFC 2181 §10.1: a CNAME owner has no other data (DNSSEC records aside).
    if (list.some((a) => a.type === 'CNAME') && list.some((a) => !['CNAME', 'RRSIG', 'NSEC', 'NSEC3'].includes(a.type))) {
      throw new Error(`lab zone ${origin}: ${owner} has a CNAME and other data`);
    }
  }
  const existing = new Set<string>();
  for (const owner of nodes.keys()) {
    for (let n = owner; n !== origin; n = parentName(n)) existing.add(n);
  }
  existing.add(origin);
  const soa =
    nodes.get(origin)?.find((a) => a.type === 'SOA') ??
    toAnswer({ name: '@', type: 'SOA', ttl: 3600, data: { mname: `ns.${origin}`, rname: `hostmaster.${origin}` } }, origin, origin);
  const cuts = new Set([...nodes].filter(([owner, list]) => owner !== origin && list.some((a) => a.type === 'NS')).map(([o]) => o));
  const nsec = [...nodes.values()]
    .flat()
    .filter((a): a is Extract<Answer, { type: 'NSEC' }> => a.type === 'NSEC')
    .sort((a, b) => compareCanonical(a.name, b.name));
  const nsec3: Nsec3Entry[] = [];
  for (const [owner, list] of nsec3Owners) {
    const record = list.find((a): a is Extract<Answer, { type: 'NSEC3' }> => a.type === 'NSEC3');
    if (!record) continue;
    nsec3.push({ hash: base32hexOwner(owner), owner, nsec3: record, sigs: list.filter((a) => a.type === 'RRSIG') });
  }
  nsec3.sort((a, b) => Buffer.compare(a.hash, b.hash));
  const first = nsec3[0]?.nsec3.data;
  return {
    origin,
    behaviour: zone.behaviour ?? 'normal',
    nodes,
    existing,
    soa,
    cuts,
    nsec,
    nsec3,
    ...(first ? { nsec3Params: { salt: Buffer.from(first.salt), iterations: first.iterations } } : {}),
  };
}

/** The hash in an NSEC3 owner name's first label (RFC 5155 §3.3, base32hex). */
const base32hexOwner = (owner: string): Buffer => base32hexDecode(owner.split('.')[0]!);

function toAnswer(record: LabRecord, owner: string, origin: string): Answer {
  const base = { name: owner, ttl: record.ttl ?? DEFAULT_TTL, class: 'IN' as const };
  const n = (name: string) => dataName(name, origin);
  switch (record.type) {
    case 'A':
    case 'AAAA':
      return { ...base, type: record.type, data: record.data };
    case 'CNAME':
    case 'NS':
    case 'PTR':
    case 'DNAME':
      return { ...base, type: record.type, data: n(record.data) };
    case 'MX':
      return { ...base, type: 'MX', data: { preference: record.data.preference, exchange: n(record.data.exchange) } };
    case 'TXT':
    case 'SPF': {
      for (const s of record.data) {
        if (Buffer.byteLength(s) > 255)
          throw new Error(`lab zone ${origin}: ${record.type} string of ${Buffer.byteLength(s)} bytes at ${owner}; split it with txt()`);
      }
      if (record.type === 'TXT') return { ...base, type: 'TXT', data: record.data };
      // dns-packet has no SPF codec; its RDATA is TXT's (RFC 7208 §3.1).
      const rdata = Buffer.concat(record.data.map((s) => Buffer.concat([Buffer.from([Buffer.byteLength(s)]), Buffer.from(s)])));
      return { ...base, type: 'SPF' as RecordType, data: rdata } as Answer;
    }
    case 'SOA': {
      const d = record.data;
      return {
        ...base,
        type: 'SOA',
        data: {
          mname: n(d.mname),
          rname: n(d.rname),
          serial: d.serial ?? 1,
          refresh: d.refresh ?? 3600,
          retry: d.retry ?? 600,
          expire: d.expire ?? 86400,
          minimum: d.minimum ?? 300,
        },
      };
    }
    case 'SRV':
      return { ...base, type: 'SRV', data: { ...record.data, target: n(record.data.target) } };
    case 'CAA':
      return { ...base, type: 'CAA', data: record.data };
    case 'TLSA':
      return { ...base, type: 'TLSA', data: record.data };
    case 'DS':
      return { ...base, type: 'DS', data: record.data };
    case 'DNSKEY':
      return { ...base, type: 'DNSKEY', data: record.data };
    case 'RRSIG':
      return { ...base, type: 'RRSIG', data: record.data };
    case 'NSEC':
      return { ...base, type: 'NSEC', data: record.data };
    case 'NSEC3':
      return { ...base, type: 'NSEC3', data: record.data };
    default: {
      const code = Number(record.type.slice(4));
      if (!Number.isInteger(code) || code < 1 || code > 65535) throw new Error(`lab zone ${origin}: bad type ${record.type}`);
      // NSEC3PARAM (RFC 5155 §4): dns-packet names it but has no codec, so it travels as opaque RDATA under its name.
      const type = code === 51 ? 'NSEC3PARAM' : `UNKNOWN_${code}`;
      return { ...base, type: type as RecordType, data: Buffer.from(record.data) } as Answer;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Answering

const DNSSEC_TYPES = new Set(['RRSIG', 'NSEC', 'NSEC3', 'DNSKEY', 'DS', 'NSEC3PARAM']);
const MAX_CHASE = 16;

type EdnsOpt = { udpPayloadSize: number; ednsVersion: number; flag_do: boolean };

/** Deepest zone containing `name`; for DS at a zone apex the parent side answers (RFC 4035 §3.1.4.1). */
function findZone(zones: CompiledZone[], name: string, type: string): CompiledZone | undefined {
  let best: CompiledZone | undefined;
  for (const z of zones) {
    if (!isAtOrBelow(name, z.origin)) continue;
    if (type === 'DS' && name === z.origin && zones.some((p) => p !== z && p.origin !== z.origin && isAtOrBelow(z.origin, p.origin)))
      continue;
    if (!best || z.origin.length > best.origin.length) best = z;
  }
  return best;
}

/** The delegation point at or above `name` inside `zone`, if any. */
function cutAbove(zone: CompiledZone, name: string): string | undefined {
  if (zone.cuts.size === 0) return undefined;
  for (let n = name; n !== zone.origin && n !== ''; n = parentName(n)) if (zone.cuts.has(n)) return n;
  return undefined;
}

/** The zone answering for `name`, or undefined when no zone holds it or it lies below a cut to a zone the lab does not serve. */
function zoneFor(zones: CompiledZone[], name: string, type: string): CompiledZone | undefined {
  const zone = findZone(zones, name, type);
  if (!zone) return undefined;
  const cut = cutAbove(zone, name);
  // RFC 4035 §3.1.4.1: the DS RRset at a cut is the parent's; everything else at or below it is the child's.
  if (cut !== undefined && !(type === 'DS' && cut === name)) return undefined;
  return zone;
}

/**
 * Authoritative mode: the zone holding the delegation `name` lies at or below, and that cut. The
 * highest cut counts: below it nothing is the zone's own data (RFC 1034 §4.2.1).
 */
function delegationFor(zones: CompiledZone[], name: string, type: string): { zone: CompiledZone; cut: string } | undefined {
  const zone = findZone(zones, name, type);
  if (!zone || zone.cuts.size === 0) return undefined;
  let cut: string | undefined;
  for (let n = name; n !== zone.origin && n !== ''; n = parentName(n)) if (zone.cuts.has(n)) cut = n;
  return cut === undefined ? undefined : { zone, cut };
}

type Lookup =
  | { kind: 'node'; owner: string; node: Answer[] }
  /** synthesised from `*.<closest encloser>` (RFC 4592 §3.3.1) */
  | { kind: 'wildcard'; owner: string; node: Answer[]; closestEncloser: string }
  | { kind: 'nxdomain'; closestEncloser: string };

/** The records at `name`, directly, as an empty non-terminal, or synthesised from a wildcard. */
function lookup(zone: CompiledZone, name: string): Lookup {
  const direct = zone.nodes.get(name);
  if (direct) return { kind: 'node', owner: name, node: direct };
  // An empty non-terminal exists and has no data; it also blocks wildcard synthesis.
  if (zone.existing.has(name)) return { kind: 'node', owner: name, node: [] };
  let closest = name;
  while (!zone.existing.has(closest)) closest = parentName(closest);
  const source = closest === '' ? '*' : `*.${closest}`;
  const wild = zone.nodes.get(source);
  return wild ? { kind: 'wildcard', owner: source, node: wild, closestEncloser: closest } : { kind: 'nxdomain', closestEncloser: closest };
}

/** The ancestor of `name` one label longer than `encloser` (RFC 5155 §1.3 "next closer name"). */
function nextCloser(name: string, encloser: string): string {
  let n = name;
  while (parentName(n) !== encloser && n !== '') n = parentName(n);
  return n;
}

const wildcardAt = (encloser: string) => (encloser === '' ? '*' : `*.${encloser}`);

/** Denial-of-existence records of one zone, each NSEC/NSEC3 with its RRSIGs, without repeats. */
class Proof {
  readonly records: Answer[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly zone: CompiledZone) {}

  get nsec3(): boolean {
    return this.zone.nsec3.length > 0;
  }

  private add(owner: string, record: Answer, sigs: Answer[]): void {
    if (this.seen.has(owner)) return;
    this.seen.add(owner);
    this.records.push(record, ...sigs);
  }

  private nsecSigs(owner: string): Answer[] {
    return (this.zone.nodes.get(owner) ?? []).filter((a) => a.type === 'RRSIG' && a.data.typeCovered === 'NSEC');
  }

  /** RFC 4035 §3.1.3.1: the NSEC at an existing name. */
  nsecAt(owner: string): boolean {
    const record = this.zone.nodes.get(owner)?.find((a) => a.type === 'NSEC');
    if (record) this.add(owner, record, this.nsecSigs(owner));
    return !!record;
  }

  /** The NSEC whose owner sorts before `name` and whose next name after it (the last one wraps to the apex). */
  nsecCovering(name: string): void {
    const chain = this.zone.nsec;
    let cover: (typeof chain)[number] | undefined;
    for (const record of chain) if (compareCanonical(record.name, name) < 0) cover = record;
    cover ??= chain.at(-1);
    if (cover) this.add(cover.name, cover, this.nsecSigs(cover.name));
  }

  private hash(name: string): Buffer {
    const p = this.zone.nsec3Params!;
    return nsec3Hash(name, p.salt, p.iterations);
  }

  /** RFC 5155 §7.2.3: the NSEC3 whose hashed owner equals H(name). */
  nsec3Matching(name: string): boolean {
    const h = this.hash(name);
    const entry = this.zone.nsec3.find((e) => e.hash.equals(h));
    if (entry) this.add(entry.owner, entry.nsec3, entry.sigs);
    return !!entry;
  }

  /** RFC 5155 §3.1.7: the NSEC3 whose owner hash < H(name) < next hash (the last one wraps around). */
  nsec3Covering(name: string): void {
    const h = this.hash(name);
    const chain = this.zone.nsec3;
    let cover: Nsec3Entry | undefined;
    for (const entry of chain) if (Buffer.compare(entry.hash, h) < 0) cover = entry;
    cover ??= chain.at(-1);
    if (cover) this.add(cover.owner, cover.nsec3, cover.sigs);
  }

  /**
   * RFC 5155 §7.2.1: the closest provable encloser's matching NSEC3 and the next closer name's
   * covering NSEC3. Returns the encloser, the nearest ancestor of `name` that has an NSEC3 (with
   * opt-out, an insecure delegation has none, §6).
   */
  closestEncloser(name: string): string {
    let encloser = parentName(name);
    while (encloser !== this.zone.origin && !this.zone.nsec3.some((e) => e.hash.equals(this.hash(encloser))))
      encloser = parentName(encloser);
    this.nsec3Matching(encloser);
    this.nsec3Covering(nextCloser(name, encloser));
    return encloser;
  }

  /** Name error: RFC 4035 §3.1.3.2 (NSEC) / RFC 5155 §7.2.2 (NSEC3). */
  nxdomain(name: string, closestEncloser: string): void {
    if (this.nsec3) {
      this.closestEncloser(name);
      this.nsec3Covering(wildcardAt(closestEncloser));
    } else {
      this.nsecCovering(name);
      this.nsecCovering(wildcardAt(closestEncloser));
    }
  }

  /** No data at an existing name: RFC 4035 §3.1.3.1 / RFC 5155 §7.2.3, §7.2.4 (DS at an opt-out delegation). */
  nodata(owner: string): void {
    if (this.nsec3) {
      if (!this.nsec3Matching(owner)) this.closestEncloser(owner);
    } else if (!this.nsecAt(owner)) {
      // An empty non-terminal has no NSEC of its own: the one covering it proves it has no types.
      this.nsecCovering(owner);
    }
  }

  /** No data for the type at the wildcard: RFC 4035 §3.1.3.4 / RFC 5155 §7.2.5. */
  wildcardNodata(name: string, wildcard: string): void {
    if (this.nsec3) {
      this.closestEncloser(name);
      this.nsec3Matching(wildcard);
    } else {
      this.nsecCovering(name);
      this.nsecAt(wildcard);
    }
  }

  /** A wildcard answer: RFC 4035 §3.1.3.3 / RFC 5155 §7.2.6 — the name itself does not exist. */
  wildcardAnswer(name: string, closestEncloser: string): void {
    if (this.nsec3) this.nsec3Covering(nextCloser(name, closestEncloser));
    else this.nsecCovering(name);
  }
}

function answerQuery(
  zones: CompiledZone[],
  query: DecodedPacket & { opcode?: string },
  transport: 'udp' | 'tcp',
  edns: EdnsOpt | undefined,
  stripDnssec: boolean,
  authoritative: boolean,
): Buffer | undefined {
  const q = query.questions?.[0];
  const doBit = !!edns?.flag_do;
  const reply: Packet & { flags: number; answers: Answer[]; authorities: Answer[]; additionals: Answer[] } = {
    type: 'response',
    id: query.id ?? 0,
    flags:
      (authoritative ? 0 : dnsPacket.RECURSION_AVAILABLE) |
      (query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0) |
      (query.flag_cd ? dnsPacket.CHECKING_DISABLED : 0),
    questions: query.questions ?? [],
    answers: [],
    authorities: [],
    additionals: [],
  };
  const opt = (extendedRcode = 0): Answer => ({
    type: 'OPT',
    name: '.',
    udpPayloadSize: 1232,
    extendedRcode,
    ednsVersion: 0,
    flags: doBit ? dnsPacket.DNSSEC_OK : 0,
    flag_do: doBit,
    options: [],
  });
  const finish = (rcode: number): Buffer => {
    reply.flags |= rcode & 0xf;
    if (edns) reply.additionals.push(opt(rcode >> 4));
    let wire = dnsPacket.encode(reply);
    const limit = edns ? Math.max(MAX_UDP_WITHOUT_EDNS, edns.udpPayloadSize) : MAX_UDP_WITHOUT_EDNS;
    if (transport === 'udp' && wire.length > limit) {
      // RFC 2181 §9: drop whole sections rather than send a partial RRset; the client retries over TCP.
      reply.flags |= dnsPacket.TRUNCATED_RESPONSE;
      reply.answers = [];
      reply.authorities = [];
      reply.additionals = edns ? [opt(rcode >> 4)] : [];
      wire = dnsPacket.encode(reply);
    }
    return wire;
  };

  if (query.opcode !== undefined && query.opcode !== 'QUERY') return finish(4); // NOTIMP
  if (!q || (query.questions?.length ?? 0) !== 1) return finish(1); // FORMERR
  // RFC 6891 §6.1.3: unsupported EDNS version → BADVERS (16).
  if (edns && edns.ednsVersion !== 0) return finish(16);
  const qname = lower(q.name);
  const zone = zoneFor(zones, qname, q.type);
  const delegation = !zone && authoritative ? delegationFor(zones, qname, q.type) : undefined;
  const acting = zone ?? delegation?.zone;
  if (!acting || (q.class ?? 'IN') !== 'IN') return finish(5); // REFUSED

  switch (acting.behaviour) {
    case 'drop':
      return undefined;
    case 'servfail':
      return finish(2);
    case 'garbage': {
      const junk = randomBytes(12 + (randomBytes(1)[0]! % 100));
      // Random bytes, but with an impossible question count so they can never decode by luck.
      junk.writeUInt16BE(0xffff, 4);
      return junk;
    }
    case 'truncate-udp':
      if (transport === 'udp') {
        reply.flags |= dnsPacket.TRUNCATED_RESPONSE;
        return finish(0);
      }
      break;
    case 'normal':
    case 'strip-dnssec':
      break;
  }

  const strip = stripDnssec || acting.behaviour === 'strip-dnssec';
  const dnssec = doBit && !strip;
  const wantSigs = dnssec && q.type !== 'RRSIG';
  const addSigs = (target: Answer[], z: CompiledZone, owner: string, type: string, asOwner: string) => {
    if (!wantSigs) return;
    for (const sig of z.nodes.get(owner) ?? []) {
      if (sig.type === 'RRSIG' && sig.data.typeCovered === type) target.push({ ...sig, name: asOwner });
    }
  };

  if (delegation) {
    // RFC 1034 §4.3.2 step 3b: a referral, not authoritative (AA clear). RFC 4035 §3.1.4: with DO
    // the signed DS RRset, or the NSEC/NSEC3 proving there is none (RFC 5155 §7.2.7: the closest
    // provable encloser when opt-out leaves the delegation without an NSEC3 of its own).
    const { zone: parent, cut } = delegation;
    const node = parent.nodes.get(cut) ?? [];
    const ns = node.filter((a): a is StringAnswer => a.type === 'NS');
    reply.authorities.push(...ns);
    if (dnssec) {
      const ds = node.filter((a) => a.type === 'DS');
      if (ds.length > 0) {
        reply.authorities.push(...ds);
        addSigs(reply.authorities, parent, cut, 'DS', cut);
      } else {
        const p = new Proof(parent);
        p.nodata(cut);
        reply.authorities.push(...p.records);
      }
    }
    // "Put whatever addresses are available into the additional section": glue, or any zone served here.
    const seen = new Set<string>();
    for (const target of new Set(ns.map((a) => lower(a.data)))) {
      for (const z of zones) {
        for (const a of z.nodes.get(target) ?? []) {
          const key = `${a.name} ${a.type} ${'data' in a ? String(a.data) : ''}`;
          if ((a.type === 'A' || a.type === 'AAAA') && !seen.has(key)) {
            seen.add(key);
            reply.additionals.push(a);
          }
        }
      }
    }
    return finish(0);
  }
  if (!zone) return finish(5); // not reached: without a delegation, `acting` is `zone`

  reply.flags |= dnsPacket.AUTHORITATIVE_ANSWER;
  const negative = (z: CompiledZone, proof?: (p: Proof) => void) => {
    reply.authorities.push(negativeSoa(z));
    addSigs(reply.authorities, z, z.origin, 'SOA', z.origin);
    if (dnssec && proof) {
      const p = new Proof(z);
      proof(p);
      reply.authorities.push(...p.records);
    }
  };

  // RFC 1034 §4.3.2 over our own data, chasing CNAMEs into any zone we serve.
  let name = qname;
  let current = zone;
  const seen = new Set<string>();
  for (let hop = 0; ; hop++) {
    seen.add(name);
    const found = lookup(current, name);
    if (found.kind === 'nxdomain') {
      negative(current, (p) => p.nxdomain(name, found.closestEncloser));
      return finish(3); // NXDOMAIN: RFC 6604 §3, the rcode describes the last name
    }
    const { node, owner } = found;
    const visible = strip ? node.filter((a) => !DNSSEC_TYPES.has(a.type)) : node;
    const matching = visible.filter((a) => ((q.type as string) === 'ANY' ? dnssec || !DNSSEC_TYPES.has(a.type) : a.type === q.type));
    const wildcardProof = (p: Proof) => {
      if (found.kind === 'wildcard') p.wildcardAnswer(name, found.closestEncloser);
    };
    if (matching.length > 0) {
      for (const a of matching) reply.answers.push({ ...a, name });
      for (const type of new Set(matching.map((a) => a.type))) addSigs(reply.answers, current, owner, type, name);
      if (dnssec && found.kind === 'wildcard') {
        const p = new Proof(current);
        wildcardProof(p);
        reply.authorities.push(...p.records);
      }
      return finish(0);
    }
    const cname = visible.find((a): a is StringAnswer => a.type === 'CNAME');
    if (!cname || q.type === 'CNAME') {
      // NODATA (RFC 2308 §2.2): SOA in authority, plus the proof that the type is absent.
      negative(current, (p) => (found.kind === 'wildcard' ? p.wildcardNodata(name, owner) : p.nodata(owner)));
      return finish(0);
    }
    reply.answers.push({ ...cname, name });
    addSigs(reply.answers, current, owner, 'CNAME', name);
    if (dnssec && found.kind === 'wildcard') {
      const p = new Proof(current);
      wildcardProof(p);
      reply.authorities.push(...p.records);
    }
    const target = cname.data;
    const next = zoneFor(zones, target, q.type);
    // Outside our data, looping, or too long: answer with the chain so far, as an authority would.
    if (!next || seen.has(target) || hop >= MAX_CHASE) return finish(0);
    name = target;
    current = next;
  }
}

/** RFC 2308 §3: the SOA's TTL in a negative answer is min(SOA TTL, SOA MINIMUM). */
function negativeSoa(zone: CompiledZone): Answer {
  const soa = zone.soa as Extract<Answer, { type: 'SOA' }>;
  return { ...soa, ttl: Math.min(soa.ttl ?? DEFAULT_TTL, soa.data.minimum ?? DEFAULT_TTL) };
}
