/**
 * Fake DNS for tests, in one place, at the two levels the code talks DNS:
 *
 * - `FakeDns`: an in-memory `DnsResolver` (shared/dns.ts) over a TXT zone, for the pure
 *   evaluators and the checks (DMARC discovery, DKIM selectors). It answers as the engine's
 *   resolver reports: CNAMEs already followed, records owned by the last name of the chain.
 * - `fakeDnsServer`: a small UDP (and optionally TCP) server on loopback that hands each decoded
 *   query to the test's script, for the wire client and the resolver (hostile answers, CNAME
 *   chains a server does not chase, AD bits, dropped queries).
 *
 * For whole zones served the way a real authoritative server does, use the lab server
 * (test/lab/dns-server.ts); for the OpenSPF suite's zone format, test/shared/spf/zone-resolver.ts.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Packet } from 'dns-packet';
import type { ServerAddress } from '../../electron/engine/net/dns-client';
import { DnsError, type DnsRcode, type DnsResolver, type LookupResult, type QueryType, type RecordOfType } from '../../shared/dns';

// ---------------------------------------------------------------------------------------------
// In-memory resolver

/** What one name holds for `FakeDns`. */
export type FakeTxtEntry =
  /** TXT records, each as its character-strings (RFC 7208 §3.3 and RFC 7489 §6.6.2 join them) */
  | string[][]
  | {
      /** TXT records at the end of the chain; a plain string is a record of one character-string */
      txt?: (string | string[])[];
      /** CNAME targets followed on the way, as `LookupResult.cnames` reports them */
      cnames?: string[];
      /** the response code (default NOERROR): NXDOMAIN at the end of a chain, SERVFAIL, … */
      rcode?: DnsRcode;
    }
  /** thrown by every lookup of the name: a transport failure (timeout, network, aborted) */
  | DnsError;

export interface FakeDnsOptions {
  /** each lookup takes this long, so concurrency is observable (default: answers at once) */
  latencyMs?: number;
  /** the `server` every answer names (default 127.0.0.1:53) */
  server?: string;
}

/**
 * A `DnsResolver` over a TXT zone: `name → records | { txt, cnames, rcode } | DnsError`. Names are
 * matched exactly as asked. A name not in the zone is NXDOMAIN; a name in it answers another type
 * with no records (NODATA), its rcode or its DnsError applying to every type.
 */
export class FakeDns implements DnsResolver {
  /** the names looked up, in order */
  readonly queries: string[] = [];
  /** every lookup as `name TYPE`, in order */
  readonly asked: string[] = [];
  /** lookups under way now, and the most there were at once */
  inFlight = 0;
  maxInFlight = 0;
  /** called as each lookup starts, with the number of lookups so far */
  onQuery?: (count: number) => void;

  readonly #zone: Readonly<Record<string, FakeTxtEntry>>;
  readonly #latencyMs: number;
  readonly #server: string;

  constructor(zone: Readonly<Record<string, FakeTxtEntry>>, options: FakeDnsOptions = {}) {
    this.#zone = zone;
    this.#latencyMs = options.latencyMs ?? 0;
    this.#server = options.server ?? '127.0.0.1:53';
  }

  async lookup<T extends QueryType>(name: string, type: T): Promise<LookupResult<RecordOfType<T>>> {
    this.queries.push(name);
    this.asked.push(`${name} ${type}`);
    this.onQuery?.(this.queries.length);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.#latencyMs > 0) await sleep(this.#latencyMs);
      const entry = Object.hasOwn(this.#zone, name) ? this.#zone[name] : undefined;
      if (entry instanceof DnsError) throw entry;
      const answer = Array.isArray(entry) ? { txt: entry } : entry;
      const cnames = answer?.cnames ?? [];
      const owner = cnames.at(-1) ?? name;
      const rcode = answer === undefined ? 'NXDOMAIN' : (answer.rcode ?? 'NOERROR');
      const records =
        type === 'TXT' && rcode === 'NOERROR'
          ? (answer?.txt ?? []).map((record) => ({
              type: 'TXT' as const,
              name: owner,
              ttl: 300,
              strings: typeof record === 'string' ? [record] : record,
            }))
          : [];
      return { name, type, rcode, records, cnames, authenticated: false, server: this.#server } as unknown as LookupResult<RecordOfType<T>>;
    } finally {
      this.inFlight--;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Wire server

/** A decoded query, with its question section. */
export type DnsQuery = DecodedPacket & { questions: NonNullable<DecodedPacket['questions']> };

export interface FakeDnsServer extends ServerAddress {
  /** queries received over UDP, in order */
  udp: DnsQuery[];
  /** queries received over TCP */
  tcp: DnsQuery[];
  /** the question of every UDP query as `name TYPE`, in order */
  asked: string[];
  close(): Promise<void>;
}

export type UdpHandler = (query: DnsQuery, send: (wire: Buffer) => void, sendFromOtherPort: (wire: Buffer) => Promise<void>) => void;
export type TcpHandler = (query: DnsQuery, socket: net.Socket) => void;

const running = new Set<FakeDnsServer>();

/** Binds a TCP listener on the UDP socket's port; false when another process holds that TCP port. */
function listenTcp(server: net.Server, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
}

/**
 * A UDP server on 127.0.0.1 that hands each decoded query to `onUdp`; with `onTcp`, also a TCP
 * listener on the same port (RFC 7766 two-byte framing) that hands each query to `onTcp`.
 * `closeFakeDnsServers` (in an afterEach) closes every server still open.
 */
export async function fakeDnsServer(onUdp: UdpHandler, onTcp?: TcpHandler): Promise<FakeDnsServer> {
  const udp = dgram.createSocket('udp4');
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
  const port = udp.address().port;
  const server: FakeDnsServer = { host: '127.0.0.1', port, udp: [], tcp: [], asked: [], close: async () => {} };
  udp.on('message', (msg, rinfo) => {
    const query = dnsPacket.decode(msg) as DnsQuery;
    server.udp.push(query);
    const q = query.questions[0];
    if (q) server.asked.push(`${q.name} ${q.type}`);
    onUdp(
      query,
      (wire) => udp.send(wire, rinfo.port, rinfo.address),
      async (wire) => {
        const other = dgram.createSocket('udp4');
        await new Promise<void>((r) => other.send(wire, rinfo.port, rinfo.address, () => r()));
        await new Promise<void>((r) => other.close(() => r()));
      },
    );
  });
  let tcp: net.Server | undefined;
  const sockets = new Set<net.Socket>();
  if (onTcp) {
    tcp = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      let buffered = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        buffered = Buffer.concat([buffered, chunk]);
        while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
          const query = dnsPacket.decode(buffered.subarray(2, 2 + buffered.readUInt16BE(0))) as DnsQuery;
          buffered = buffered.subarray(2 + buffered.readUInt16BE(0));
          server.tcp.push(query);
          onTcp(query, socket);
        }
      });
    });
    // The UDP port's TCP twin can be taken by a concurrent test process: start again on another.
    if (!(await listenTcp(tcp, port))) {
      await new Promise<void>((r) => udp.close(() => r()));
      return fakeDnsServer(onUdp, onTcp);
    }
  }
  server.close = async () => {
    if (!running.delete(server)) return;
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => udp.close(() => r()));
    const listener = tcp;
    if (listener) await new Promise<void>((r) => listener.close(() => r()));
  };
  running.add(server);
  return server;
}

/** Closes every fake server of this test file that is still open. */
export async function closeFakeDnsServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.close()));
}

/** A well-formed response to `query`: question and EDNS echoed, RD and RA set, AD when asked. */
export function dnsReply(query: DnsQuery, overrides: Partial<Packet> & { rcode?: number; ad?: boolean } = {}): Buffer {
  const { rcode = 0, ad = false, ...rest } = overrides;
  return dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (ad ? dnsPacket.AUTHENTIC_DATA : 0) | rcode,
    questions: query.questions,
    answers: [],
    additionals: [
      { type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] },
    ],
    ...rest,
  });
}

/** A DNS message with the two-byte length prefix of DNS over TCP (RFC 7766 §8). */
export const framed = (wire: Buffer) => Buffer.concat([Buffer.from([wire.length >> 8, wire.length & 0xff]), wire]);

/** The answer a `scriptedDnsServer` gives one question, or 'drop' for none at all. */
export type DnsScript = (
  name: string,
  type: string,
) => { answers?: Answer[]; authorities?: Answer[]; rcode?: number; ad?: boolean } | 'drop';

/**
 * A server that answers each question as the script says (the name lower-cased), like an
 * authoritative server that does not chase CNAMEs, or a validating resolver that sets AD.
 */
export function scriptedDnsServer(script: DnsScript): Promise<FakeDnsServer> {
  return fakeDnsServer((query, send) => {
    const q = query.questions[0];
    if (q === undefined) return;
    const outcome = script(q.name.toLowerCase(), q.type);
    if (outcome === 'drop') return;
    send(dnsReply(query, outcome));
  });
}

export const aRecord = (name: string, address: string): Answer => ({ type: 'A', name, ttl: 60, class: 'IN', data: address });
export const cnameRecord = (name: string, target: string): Answer => ({ type: 'CNAME', name, ttl: 60, class: 'IN', data: target });
export const soaRecord = (zone: string): Answer => ({
  type: 'SOA',
  name: zone,
  ttl: 60,
  class: 'IN',
  data: { mname: `ns.${zone}`, rname: `hostmaster.${zone}`, serial: 1, minimum: 60 },
});
