/**
 * Every TCP connection the engine makes to a mail or web server goes through a Connector
 * (DESIGN §3.6): it applies `connect-to` overrides (like curl's `--connect-to`), keeps at most N
 * connections open per server address (politeness, DESIGN §4), bounds the TCP handshake in time,
 * destroys the socket when the caller's signal aborts, and counts connections per address.
 */
import { setMaxListeners } from 'node:events';
import net from 'node:net';
import { parseDomainName } from '../../../shared/domain-name';
import { assertDestinationAllowed } from './loopback-guard';

export interface ConnectRequest {
  /** host name the connection is for (matched by connect-to rules, shown in results) */
  host: string;
  /** IP address to connect to, from our own DNS lookup */
  address: string;
  port: number;
  signal?: AbortSignal;
  /** TCP handshake deadline in ms (default 10 s); waiting for a free slot is bounded by `signal` only */
  timeoutMs?: number;
}

/** `ctx.connect`: resolves to a connected socket; rejects with ConnectError. */
export interface ConnectFn {
  (request: ConnectRequest): Promise<net.Socket>;
  /** after a 421 (rate limiting): new connections to that server fail fast for `ms` instead of piling on */
  pause(target: { host: string; address: string; port: number }, ms: number): void;
}

export type ConnectProblem = 'refused' | 'timeout' | 'unreachable' | 'reset' | 'aborted' | 'rate_limited' | 'network';

export class ConnectError extends Error {
  constructor(
    readonly problem: ConnectProblem,
    /** the endpoint actually tried, `addr:port` */
    readonly endpoint: string,
    detail: string,
    /** the OS error code, when there was one */
    readonly code?: string,
  ) {
    super(`${endpoint}: ${detail}`);
    this.name = 'ConnectError';
  }
}

/** One `HOST:PORT:ADDR:PORT` rule. An empty field on the left matches anything; on the right keeps the original. */
export interface ConnectToRule {
  /** lower-case host name or IP literal; '' matches any host */
  fromHost: string;
  fromPort?: number;
  /** IP literal; undefined keeps the resolved address */
  toAddress?: string;
  toPort?: number;
}

export class ConnectToError extends Error {
  constructor(
    readonly spec: string,
    reason: string,
  ) {
    super(`invalid --connect-to "${spec}": ${reason}`);
    this.name = 'ConnectToError';
  }
}

// The grammar both settings share (`--connect-to HOST:PORT:ADDR:PORT`, `--port25-reference
// HOST[:PORT]`), like curl's: a host field is an IPv6 literal in brackets, an IPv4 address, or a
// host name (validated like any domain name, an IDN taken as its A-label); a port is 1–65535.
// The structure sees a host field as a bracketed IPv6 literal or anything without a colon.
const HOST_FIELD = String.raw`(\[[0-9a-fA-F:.]*\]|[^:\[\]]*)`;
const CONNECT_TO = new RegExp(`^${HOST_FIELD}:(\\d*):${HOST_FIELD}:(\\d*)$`);
const HOST_PORT = new RegExp(`^${HOST_FIELD}(?::(\\d+))?$`);

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * One non-empty host field, canonical: an IP address normalised, a name in lower-case A-label
 * form without the trailing dot. `names: false` accepts IP addresses only (where no system DNS
 * may be used); `singleLabel` accepts a name of one label, like `localhost`.
 */
function parseHostField(field: string, accept: { names: boolean; singleLabel?: boolean }): Parsed<string> {
  if (field.startsWith('[')) {
    const inner = field.slice(1, -1);
    return net.isIPv6(inner) ? { ok: true, value: normaliseAddress(inner) } : { ok: false, reason: `"${field}" is not an IPv6 address` };
  }
  if (net.isIPv4(field)) return { ok: true, value: field };
  if (!accept.names) return { ok: false, reason: `"${field}" must be an IP address` };
  // parseDomainName forgives surrounding blanks; inside a setting they are a typo.
  const name = /\s/.test(field) ? undefined : parseDomainName(field, { allowSingleLabel: accept.singleLabel ?? false });
  return name?.ok ? { ok: true, value: name.ascii } : { ok: false, reason: `"${field}" is not a host name or IP address` };
}

/** A port field of digits: 1–65535. */
function parsePortField(digits: string): Parsed<number> {
  const port = Number(digits);
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? { ok: true, value: port }
    : { ok: false, reason: `port ${digits} is not 1–65535` };
}

/**
 * Parses curl's `HOST1:PORT1:HOST2:PORT2` (the `--connect-to` setting). HOST1 is a host name or
 * an IP address; HOST2 must be an IP address (no system DNS is used). An empty field on the left
 * matches anything, on the right keeps the original. Throws a ConnectToError with the reason.
 */
export function parseConnectTo(spec: string): ConnectToRule {
  const m = CONNECT_TO.exec(spec.trim());
  if (!m) throw new ConnectToError(spec, 'expected HOST:PORT:ADDR:PORT (IPv6 addresses in brackets)');
  const [, fromHost, fromPort, toAddress, toPort] = m as unknown as [string, string, string, string, string];
  const value = <T>(parsed: Parsed<T>): T => {
    if (!parsed.ok) throw new ConnectToError(spec, parsed.reason);
    return parsed.value;
  };
  const rule: ConnectToRule = { fromHost: fromHost === '' ? '' : value(parseHostField(fromHost, { names: true, singleLabel: true })) };
  if (fromPort !== '') rule.fromPort = value(parsePortField(fromPort));
  if (toAddress !== '') rule.toAddress = value(parseHostField(toAddress, { names: false }));
  if (toPort !== '') rule.toPort = value(parsePortField(toPort));
  return rule;
}

/**
 * Parses `HOST[:PORT]`, `IPv4[:PORT]` or `[IPv6][:PORT]` (the `--port25-reference` setting); the
 * host name has at least two labels. Throws a RangeError with the reason.
 */
export function parseHostPort(spec: string, defaultPort: number): { host: string; port: number } {
  const m = HOST_PORT.exec(spec.trim());
  if (!m || m[1] === '') throw new RangeError(`"${spec}" is not HOST[:PORT] (IPv6 addresses in brackets)`);
  const host = parseHostField(m[1]!, { names: true });
  if (!host.ok) throw new RangeError(host.reason);
  const port = m[2] === undefined ? { ok: true as const, value: defaultPort } : parsePortField(m[2]);
  if (!port.ok) throw new RangeError(port.reason);
  return { host: host.value, port: port.value };
}

/** Canonical text of an IP address so rules and counters compare equal (`::0001` → `::1`). */
export function normaliseAddress(address: string): string {
  if (net.isIPv4(address)) return address;
  if (!net.isIPv6(address)) return address;
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address.toLowerCase();
  }
}

/** `addr:port`, IPv6 in brackets. */
export function formatEndpoint(address: string, port: number): string {
  return net.isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
}

export interface ConnectorOptions {
  connectTo?: readonly ConnectToRule[];
  /** simultaneous connections per server address (default 2, DESIGN §4) */
  maxPerAddress?: number;
  /** default TCP handshake deadline */
  timeoutMs?: number;
  /** aborts every connection of this connector (the assessment's cancellation) */
  signal?: AbortSignal;
}

export interface AddressStats {
  address: string;
  /** connections opened (TCP handshake completed or attempted) */
  connections: number;
  /** highest number open at the same time */
  peakConcurrent: number;
}

interface Slot {
  active: number;
  waiting: (() => void)[];
  stats: AddressStats;
  /** epoch ms until which new connections fail fast (after a 421) */
  pausedUntil: number;
}

export const DEFAULT_MAX_PER_ADDRESS = 2;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export class Connector {
  readonly rules: readonly ConnectToRule[];
  readonly maxPerAddress: number;
  readonly timeoutMs: number;
  private readonly signal: AbortSignal | undefined;
  private readonly slots = new Map<string, Slot>();

  constructor(options: ConnectorOptions = {}) {
    this.rules = [...(options.connectTo ?? [])];
    this.maxPerAddress = options.maxPerAddress ?? DEFAULT_MAX_PER_ADDRESS;
    if (!Number.isInteger(this.maxPerAddress) || this.maxPerAddress < 1) throw new RangeError('maxPerAddress must be a positive integer');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.signal = options.signal;
    if (this.signal) setMaxListeners(0, this.signal);
  }

  /** Where a connection for host/address/port really goes. Rules naming the address win over rules naming the host; the first match wins. */
  target(host: string, address: string, port: number): { address: string; port: number; rule?: ConnectToRule } {
    const h = host.toLowerCase().replace(/\.$/, '');
    const a = normaliseAddress(address);
    const portOk = (r: ConnectToRule) => r.fromPort === undefined || r.fromPort === port;
    const rule =
      this.rules.find((r) => r.fromHost !== '' && net.isIP(r.fromHost) && r.fromHost === a && portOk(r)) ??
      this.rules.find((r) => r.fromHost !== '' && !net.isIP(r.fromHost) && r.fromHost === h && portOk(r)) ??
      this.rules.find((r) => r.fromHost === '' && portOk(r));
    if (!rule) return { address: a, port };
    return { address: rule.toAddress ?? a, port: rule.toPort ?? port, rule };
  }

  /** Connections per (real) address so far. */
  stats(): AddressStats[] {
    return [...this.slots.values()].map((s) => ({ ...s.stats }));
  }

  /** After a 421 (rate limiting): new connections to the server behind `target` fail fast for `ms` instead of piling on. */
  pause(target: { host: string; address: string; port: number }, ms: number): void {
    const slot = this.slot(this.target(target.host, target.address, target.port).address);
    slot.pausedUntil = Math.max(slot.pausedUntil, Date.now() + ms);
  }

  /** The connect function bound to this connector, with extra signals applied to every socket. */
  bind(...signals: AbortSignal[]): ConnectFn {
    const connect = (request: ConnectRequest) => {
      const all = [...signals, ...(request.signal ? [request.signal] : [])];
      return this.open({ ...request, ...(all.length ? { signal: all.length === 1 ? all[0]! : AbortSignal.any(all) } : {}) });
    };
    return Object.assign(connect, {
      pause: (target: { host: string; address: string; port: number }, ms: number) => this.pause(target, ms),
    });
  }

  readonly connect: ConnectFn = this.bind();

  private async open(request: ConnectRequest): Promise<net.Socket> {
    const { address, port } = this.target(request.host, request.address, request.port);
    const endpoint = formatEndpoint(address, port);
    if (!net.isIP(address)) throw new ConnectError('network', endpoint, `"${address}" is not an IP address`);
    const signals = [request.signal, this.signal].filter((s): s is AbortSignal => s !== undefined);
    for (const s of signals) setMaxListeners(0, s);
    const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    if (signal) setMaxListeners(0, signal);
    const slot = this.slot(address);
    const paused = () => new ConnectError('rate_limited', endpoint, 'the server asked us to slow down (421); not connecting again yet');
    if (slot.pausedUntil > Date.now()) throw paused();
    await this.acquire(slot, endpoint, signal);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      slot.active -= 1;
      slot.waiting.shift()?.();
    };
    // A 421 may have arrived while this connection waited for its slot.
    if (slot.pausedUntil > Date.now()) {
      release();
      throw paused();
    }
    slot.stats.connections += 1;
    slot.stats.peakConcurrent = Math.max(slot.stats.peakConcurrent, slot.active);
    try {
      const socket = await openSocket(address, port, endpoint, request.timeoutMs ?? this.timeoutMs, signal);
      socket.once('close', release);
      if (socket.destroyed) release();
      return socket;
    } catch (error) {
      release();
      throw error;
    }
  }

  private slot(address: string): Slot {
    let slot = this.slots.get(address);
    if (!slot) {
      slot = { active: 0, waiting: [], stats: { address, connections: 0, peakConcurrent: 0 }, pausedUntil: 0 };
      this.slots.set(address, slot);
    }
    return slot;
  }

  private acquire(slot: Slot, endpoint: string, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new ConnectError('aborted', endpoint, 'aborted'));
    if (slot.active < this.maxPerAddress) {
      slot.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        slot.active += 1;
        resolve();
      };
      const onAbort = () => {
        const i = slot.waiting.indexOf(grant);
        if (i >= 0) slot.waiting.splice(i, 1);
        reject(new ConnectError('aborted', endpoint, 'aborted while waiting for a free connection slot'));
      };
      slot.waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

const UNREACHABLE = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT', 'ENETDOWN', 'EHOSTDOWN']);

function classify(error: NodeJS.ErrnoException): ConnectProblem {
  if (error.code === 'ECONNREFUSED') return 'refused';
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return 'reset';
  if (error.code === 'ETIMEDOUT') return 'timeout';
  if (error.code && UNREACHABLE.has(error.code)) return 'unreachable';
  return 'network';
}

function openSocket(
  address: string,
  port: number,
  endpoint: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ConnectError('aborted', endpoint, 'aborted'));
    assertDestinationAllowed(address);
    const socket = net.connect({ host: address, port, family: net.isIPv6(address) ? 6 : 4 });
    let settled = false;
    const onAbort = () => {
      socket.destroy();
      if (!settled) fail(new ConnectError('aborted', endpoint, 'aborted'));
    };
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new ConnectError('timeout', endpoint, `no TCP connection within ${timeoutMs} ms`));
    }, timeoutMs);
    const fail = (error: ConnectError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    };
    const onError = (error: NodeJS.ErrnoException) => fail(new ConnectError(classify(error), endpoint, error.message, error.code));
    socket.once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      settled = true;
      clearTimeout(timer);
      socket.off('error', onError);
      // Later errors surface to whoever reads the socket; this keeps one from becoming uncaught.
      socket.on('error', () => {});
      socket.setNoDelay(true);
      // The abort listener stays for the socket's life: cancellation reaches open conversations.
      socket.once('close', () => signal?.removeEventListener('abort', onAbort));
      resolve(socket);
    });
  });
}
