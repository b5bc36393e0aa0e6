/**
 * Stub DNS client over UDP with TCP fallback, built on dns-packet.
 *
 * Anti-spoofing (RFC 5452 §9.1): random 16-bit IDs, a fresh ephemeral port per query (one
 * connected UDP socket per server, so the kernel drops datagrams from other addresses), and a
 * response is only accepted when its ID, QR bit and question match; anything else is ignored
 * and the client keeps waiting. Every socket and timer is closed before a query settles.
 */
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { getServers } from 'node:dns';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { Packet, RecordType } from 'dns-packet';
import { DnsError, type DnsErrorKind, type DnsResponse, type QueryType } from '../../../shared/dns';
import { parseDomainName } from '../../../shared/domain-name';
import { canonicalName, decodeMessage, messageRcode, toDnsRecord, type WireMessage } from './dns-message';
import { assertDestinationAllowed } from './loopback-guard';

export interface ServerAddress {
  /** IPv4 or IPv6 literal */
  host: string;
  port: number;
}

export interface DnsClientOptions {
  servers: ServerAddress[];
  /** per attempt, default 2500 ms */
  timeoutMs?: number;
  /** UDP attempts per server before moving to the next one, default 2 */
  retries?: number;
  /** aborts every query of this client */
  signal?: AbortSignal;
}

export interface QueryOptions {
  /** set the EDNS0 DO bit (RFC 3225) so the server includes DNSSEC records */
  dnssec?: boolean;
  /** set CD (RFC 4035 §3.2.2): ask a validating resolver for data even if validation fails */
  checkingDisabled?: boolean;
  /** default true; false for queries sent straight to an authoritative server */
  recursionDesired?: boolean;
  signal?: AbortSignal;
}

/** A response with access to dns-packet's decoding and the wire bytes (for DNSSEC validation). */
export interface RawDnsResponse extends WireMessage {
  response: DnsResponse;
}

export const DEFAULT_TIMEOUT_MS = 2500;
export const DEFAULT_RETRIES = 2;
/** RFC 9715 / DNS Flag Day 2020: avoids IP fragmentation */
export const EDNS_UDP_PAYLOAD = 1232;

/** Validates a query name and returns its A-label, lower-case form; throws DnsError('invalid_name'). */
export function queryName(name: string, type: string): string {
  // The root (`.`): the DNSSEC validator asks for its DNSKEY.
  if (name === '.') return '';
  const parsed = parseDomainName(name, { allowServiceLabels: true, allowSingleLabel: true });
  if (!parsed.ok)
    throw new DnsError(
      'invalid_name',
      name,
      type,
      `invalid DNS name "${name}": ${parsed.reason}${parsed.detail ? ` (${parsed.detail})` : ''}`,
    );
  return parsed.ascii;
}

export function formatServer(server: ServerAddress): string {
  return net.isIPv6(server.host) ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

export class DnsClient {
  readonly servers: readonly ServerAddress[];
  readonly timeoutMs: number;
  readonly retries: number;
  private readonly signal: AbortSignal | undefined;

  constructor(options: DnsClientOptions) {
    if (options.servers.length === 0) throw new TypeError('DnsClient needs at least one server');
    for (const s of options.servers) {
      if (!net.isIP(s.host)) throw new TypeError(`DNS server host must be an IP address, got "${s.host}"`);
      if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535) throw new TypeError(`DNS server port must be 1–65535, got ${s.port}`);
    }
    this.servers = options.servers.map((s) => ({ ...s }));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = Math.max(1, options.retries ?? DEFAULT_RETRIES);
    this.signal = options.signal;
  }

  async query(name: string, type: QueryType, options: QueryOptions = {}): Promise<DnsResponse> {
    return (await this.queryRaw(name, type, options)).response;
  }

  async queryRaw(name: string, type: QueryType, options: QueryOptions = {}): Promise<RawDnsResponse> {
    const qname = queryName(name, type);
    const signals = [this.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    const question: Question = { name: qname, type, options };
    const failures: DnsError[] = [];
    for (const server of this.servers) {
      throwIfAborted(signals, qname, type);
      try {
        let transport: 'udp' | 'tcp' = 'udp';
        let answer = await udpExchange(server, question, this.retries, this.timeoutMs, signals);
        if (answer === 'truncated') {
          // RFC 7766 §5: a truncated UDP response is retried over TCP.
          transport = 'tcp';
          answer = await tcpExchange(server, question, this.timeoutMs, signals);
        }
        return { ...answer, response: toResponse(answer, question, server, transport) };
      } catch (error) {
        if (!(error instanceof DnsError) || error.kind === 'aborted') throw error;
        failures.push(error);
      }
    }
    // The most telling failure wins: garbage from some server says more than silence.
    const rank: DnsErrorKind[] = ['malformed', 'network', 'timeout'];
    failures.sort((a, b) => rank.indexOf(a.kind) - rank.indexOf(b.kind));
    const first = failures[0]!;
    throw new DnsError(first.kind, qname, type, failures.map((f) => f.message).join('; '));
  }
}

interface Question {
  name: string;
  type: QueryType;
  options: QueryOptions;
}

function encodeQuery(q: Question, id: number): Buffer {
  let flags = 0;
  if (q.options.recursionDesired ?? true) flags |= dnsPacket.RECURSION_DESIRED;
  if (q.options.checkingDisabled) flags |= dnsPacket.CHECKING_DISABLED;
  // RFC 6840 §5.7: AD in a query asks a validating resolver to report AD even without DO.
  flags |= dnsPacket.AUTHENTIC_DATA;
  const packet: Packet = {
    type: 'query',
    id,
    flags,
    questions: [{ name: q.name, type: q.type as RecordType, class: 'IN' }],
    additionals: [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: EDNS_UDP_PAYLOAD,
        extendedRcode: 0,
        ednsVersion: 0,
        flags: q.options.dnssec ? dnsPacket.DNSSEC_OK : 0,
        flag_do: !!q.options.dnssec,
        options: [],
      },
    ],
  };
  return dnsPacket.encode(packet);
}

type Verdict = 'ignore' | 'truncated' | 'malformed' | WireMessage;

/** RFC 5452 §9.1 acceptance: ID, QR and the question (name case-insensitively, type, class). */
function judge(msg: Buffer, ids: ReadonlySet<number>, q: Question): Verdict {
  if (msg.length < 12) return 'malformed';
  const ours = ids.has(msg.readUInt16BE(0)) && (msg.readUInt16BE(2) & 0x8000) !== 0;
  // A truncated answer may be cut anywhere (RFC 2181 §9), so TC needs no body check; a spoofed
  // TC over UDP can only push us to TCP, which resists spoofing. Over TCP the whole message fits
  // (RFC 7766 §8), so TC there means the server cut it anyway: never a complete answer.
  if (ours && msg.readUInt16BE(2) & dnsPacket.TRUNCATED_RESPONSE) return 'truncated';
  let message: WireMessage;
  try {
    message = decodeMessage(msg);
  } catch {
    return 'malformed';
  }
  if (!ours) return 'ignore';
  const [question, ...rest] = message.packet.questions;
  if (!question || rest.length > 0) return 'ignore';
  if (canonicalName(question.name) !== q.name || question.type !== q.type || (question.class ?? 'IN') !== 'IN') return 'ignore';
  if (message.packet.opcode !== 'QUERY') return 'ignore';
  return message;
}

function toResponse(message: WireMessage, q: Question, server: ServerAddress, transport: 'udp' | 'tcp'): DnsResponse {
  const p = message.packet;
  const convert = (list: typeof p.answers, raw: Buffer[]) =>
    list.flatMap((a, i) => {
      if (a.type !== 'OPT' && (a.class ?? 'IN') !== 'IN') return [];
      const r = toDnsRecord(a, raw[i]!);
      return r ? [r] : [];
    });
  return {
    name: q.name,
    type: q.type,
    rcode: messageRcode(p),
    flags: { aa: p.flag_aa, tc: p.flag_tc, ra: p.flag_ra, ad: p.flag_ad, cd: p.flag_cd },
    answers: convert(p.answers, message.rdata.answers),
    authorities: convert(p.authorities, message.rdata.authorities),
    additionals: convert(p.additionals, message.rdata.additionals),
    server: formatServer(server),
    transport,
  };
}

function newId(ids: ReadonlySet<number>): number {
  for (;;) {
    const id = randomInt(0, 0x10000);
    if (!ids.has(id)) return id;
  }
}

function throwIfAborted(signals: AbortSignal[], qname: string, qtype: string): void {
  if (signals.some((s) => s.aborted)) throw new DnsError('aborted', qname, qtype, `query ${qtype} ${qname} aborted`);
}

/** Runs `fn` once when any signal aborts; returns a disposer. */
function onAbort(signals: AbortSignal[], fn: () => void): () => void {
  for (const s of signals) s.addEventListener('abort', fn, { once: true });
  return () => {
    for (const s of signals) s.removeEventListener('abort', fn);
  };
}

/**
 * Sends up to `attempts` queries (fresh ID each, on one connected socket so a late answer to an
 * earlier attempt still counts) and resolves with the first acceptable response.
 */
function udpExchange(
  server: ServerAddress,
  q: Question,
  attempts: number,
  timeoutMs: number,
  signals: AbortSignal[],
): Promise<WireMessage | 'truncated'> {
  const where = `${q.type} ${q.name} @${formatServer(server)}`;
  return new Promise((resolve, reject) => {
    assertDestinationAllowed(server.host);
    const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    const ids = new Set<number>();
    let sent = 0;
    let malformed = 0;
    let timer: NodeJS.Timeout | undefined;
    let done = false;

    const finish = (outcome: WireMessage | 'truncated' | DnsError): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      disposeAbort();
      const settle = () => (outcome instanceof DnsError ? reject(outcome) : resolve(outcome));
      try {
        socket.close(settle);
      } catch {
        settle();
      }
    };
    const disposeAbort = onAbort(signals, () => finish(new DnsError('aborted', q.name, q.type, `${where}: aborted`)));

    const send = (): void => {
      const id = newId(ids);
      ids.add(id);
      sent++;
      socket.send(encodeQuery(q, id), (error) => {
        if (error) finish(new DnsError('network', q.name, q.type, `${where}: ${error.message}`));
      });
      timer = setTimeout(() => {
        if (sent < attempts) return send();
        finish(
          malformed > 0
            ? new DnsError(
                'malformed',
                q.name,
                q.type,
                `${where}: ${malformed} undecodable response(s), no valid one within ${attempts} × ${timeoutMs} ms`,
              )
            : new DnsError('timeout', q.name, q.type, `${where}: no response within ${attempts} × ${timeoutMs} ms`),
        );
      }, timeoutMs);
    };

    socket.on('message', (msg) => {
      const verdict = judge(msg, ids, q);
      if (verdict === 'ignore') return;
      if (verdict === 'malformed') {
        malformed++;
        return;
      }
      finish(verdict);
    });
    // ICMP port unreachable surfaces here as ECONNREFUSED on a connected socket.
    socket.on('error', (error) => finish(new DnsError('network', q.name, q.type, `${where}: ${error.message}`)));
    if (signals.some((s) => s.aborted)) return finish(new DnsError('aborted', q.name, q.type, `${where}: aborted`));
    socket.connect(server.port, server.host, () => {
      if (!done) send();
    });
  });
}

/** One query over TCP with RFC 1035 §4.2.2 / RFC 7766 §8 two-byte length framing. */
function tcpExchange(server: ServerAddress, q: Question, timeoutMs: number, signals: AbortSignal[]): Promise<WireMessage> {
  const where = `${q.type} ${q.name} @${formatServer(server)} (TCP)`;
  return new Promise((resolve, reject) => {
    const ids = new Set<number>([newId(new Set())]);
    assertDestinationAllowed(server.host);
    const socket = net.connect({ host: server.host, port: server.port });
    let buffered = Buffer.alloc(0);
    let done = false;
    let ignored = 0;

    const finish = (outcome: WireMessage | DnsError): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      disposeAbort();
      const settle = () => (outcome instanceof DnsError ? reject(outcome) : resolve(outcome));
      if (socket.closed) settle();
      else socket.once('close', settle);
      socket.destroy();
    };
    const timer = setTimeout(
      () => finish(new DnsError('timeout', q.name, q.type, `${where}: no response within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const disposeAbort = onAbort(signals, () => finish(new DnsError('aborted', q.name, q.type, `${where}: aborted`)));

    socket.on('connect', () => {
      const wire = encodeQuery(q, [...ids][0]!);
      const frame = Buffer.alloc(2 + wire.length);
      frame.writeUInt16BE(wire.length, 0);
      wire.copy(frame, 2);
      socket.write(frame);
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (!done && buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) return;
        const msg = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        const verdict = judge(msg, ids, q);
        if (verdict === 'ignore') {
          ignored++;
          continue;
        }
        if (verdict === 'truncated')
          return finish(new DnsError('malformed', q.name, q.type, `${where}: response truncated (TC) even over TCP`));
        if (verdict === 'malformed') return finish(new DnsError('malformed', q.name, q.type, `${where}: undecodable response`));
        return finish(verdict);
      }
    });
    socket.on('end', () =>
      finish(
        ignored > 0 || buffered.length > 0
          ? new DnsError('malformed', q.name, q.type, `${where}: connection closed without a matching response`)
          : new DnsError('network', q.name, q.type, `${where}: connection closed before a response`),
      ),
    );
    socket.on('error', (error) => finish(new DnsError('network', q.name, q.type, `${where}: ${error.message}`)));
    if (signals.some((s) => s.aborted)) finish(new DnsError('aborted', q.name, q.type, `${where}: aborted`));
  });
}

const RESOLVER_ERROR = (input: string, why: string) => new Error(`invalid resolver address "${input}": ${why}`);

/** Parses `IP`, `IP:PORT`, `IPv6` or `[IPv6]:PORT` (port defaults to 53). Throws a descriptive Error. */
export function parseResolverAddress(input: string): ServerAddress {
  const text = input.trim();
  if (text === '') throw RESOLVER_ERROR(input, 'empty');
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
    if (!net.isIPv6(host)) throw RESOLVER_ERROR(input, 'brackets must contain an IPv6 address');
  } else if (text.includes('[') || text.includes(']')) {
    throw RESOLVER_ERROR(input, 'unbalanced brackets; write IPv6 with a port as [addr]:port');
  } else if (text.split(':').length > 2) {
    host = text;
    if (!net.isIPv6(host)) throw RESOLVER_ERROR(input, 'not an IPv6 address (write IPv6 with a port as [addr]:port)');
  } else {
    [host, portText] = text.split(':') as [string, string | undefined];
    if (!net.isIPv4(host)) throw RESOLVER_ERROR(input, 'host must be an IPv4 or IPv6 address, not a name');
  }
  let port = 53;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText)) throw RESOLVER_ERROR(input, `port "${portText}" is not a number`);
    port = Number(portText);
    if (port < 1 || port > 65535) throw RESOLVER_ERROR(input, `port ${port} is outside 1–65535`);
  }
  return { host, port };
}

/** The operating system's resolvers: node:dns's view, else /etc/resolv.conf nameserver lines. */
export function systemResolvers(resolvConfPath = '/etc/resolv.conf'): ServerAddress[] {
  const fromNode = getServers();
  const list = fromNode.length > 0 ? fromNode : readResolvConf(resolvConfPath);
  const out: ServerAddress[] = [];
  for (const entry of list) {
    try {
      out.push(parseResolverAddress(entry));
    } catch {
      // skip entries we cannot use (e.g. a name); the rest still work
    }
  }
  return out;
}

export function readResolvConf(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return parseResolvConf(text);
}

/** `nameserver` lines of a resolv.conf (resolv.conf(5)); comments start with # or ;. */
export function parseResolvConf(text: string): string[] {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/[#;].*$/, '')
        .trim()
        .split(/\s+/),
    )
    .filter((words) => words[0] === 'nameserver' && words[1])
    .map((words) => words[1]!);
}
