/**
 * Network readiness (issue 11, shared/readiness.ts): measured once before the checks, with real
 * packets. Each resolver is asked for the trust anchor zone's DNSKEY with the DO bit (RFC 3225):
 * the anchor zone is signed by definition, so keys without their RRSIG (or no keys at all in a
 * NOERROR answer) mean the resolver strips DNSSEC data. Outbound TCP is tried on 25 against the
 * port-25 reference MX and on 465/587/993/995/443 against an optional reference host, all at
 * once, through the engine's Connector (so --connect-to applies) with a short deadline; only the
 * SMTP greeting on 25 is read, then QUIT.
 */
import net from 'node:net';
import type { DnsResolver, DnsResponse } from '../../shared/dns';
import {
  CLIENT_PORTS,
  type DnssecPassState,
  type NetworkReadiness,
  type PortReadiness,
  type ResolverReadiness,
} from '../../shared/readiness';
import { ConnectError, formatEndpoint, type Connector } from './net/connect';
import { DnsClient, formatServer, type ServerAddress } from './net/dns-client';
import { SmtpConversation } from './net/smtp';

/** TCP handshake deadline of each port probe: a dropped SYN is "blocked" after this long. */
export const READINESS_CONNECT_TIMEOUT_MS = 5_000;
/** how long the SMTP greeting on 25 is waited for once connected (the connection is the answer) */
const GREETING_WAIT_MS = 2_000;
/** the non-25 ports, tried against `portReference` */
export const REFERENCE_PORTS = [...CLIENT_PORTS, 443] as const;

export interface ReadinessInput {
  /** the resolvers the assessment uses; undefined when a test resolver stands in for DNS */
  servers: readonly ServerAddress[] | undefined;
  dnsTimeoutMs?: number;
  /** owner of the trust anchors (normally the root, "."), whose DNSKEY is asked for */
  anchorZone: string;
  /** the engine falls back to iterative validation when the resolver strips DNSSEC data */
  iterativeFallback: boolean;
  /** resolves the reference host names (the assessment's resolver) */
  dns: DnsResolver;
  /** connections (its --connect-to rules apply) */
  connector: Connector;
  port25Reference: { host: string; port: number };
  /** host tried on 465, 587, 993, 995 and 443; without it those ports are not tested */
  portReference?: string;
  signal?: AbortSignal;
  connectTimeoutMs?: number;
  now?: () => Date;
}

export async function checkReadiness(input: ReadinessInput): Promise<NetworkReadiness> {
  const now = input.now ?? (() => new Date());
  const started = now();
  const zone = canonical(input.anchorZone);
  const [resolvers, ports] = await Promise.all([
    input.servers ? Promise.all(input.servers.map((s) => probeResolver(s, zone, input))) : Promise.resolve(undefined),
    probePorts(input),
  ]);
  const finished = now();
  // Cancelled while measuring: what did not finish says nothing about the network.
  const cancelled = input.signal?.aborted ?? false;
  const kept = cancelled ? resolvers?.filter((r) => r.result.answered) : resolvers;
  return {
    checkedAt: started.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    resolvers: (kept ?? []).map((r) => r.result),
    dnssec: dnssecState(kept, zone === '' ? '.' : zone, input.iterativeFallback),
    ports: cancelled
      ? ports.map((p) =>
          p.state === 'open' ? p : { port: p.port, ...(p.host ? { host: p.host } : {}), state: 'not_tested', detail: 'cancelled' },
        )
      : ports,
  };
}

type DnssecReason = NetworkReadiness['dnssec']['reason'];

interface ResolverProbe {
  result: ResolverReadiness;
  reason: NonNullable<DnssecReason>;
}

function canonical(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** One resolver, one query: DNSKEY of the anchor zone with DO (and CD, as the validator asks). */
async function probeResolver(server: ServerAddress, zone: string, input: ReadinessInput): Promise<ResolverProbe> {
  const client = new DnsClient({
    servers: [server],
    ...(input.dnsTimeoutMs ? { timeoutMs: input.dnsTimeoutMs } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const started = Date.now();
  let response: DnsResponse;
  try {
    response = await client.query(zone === '' ? '.' : zone, 'DNSKEY', { dnssec: true, checkingDisabled: true });
  } catch (error) {
    return {
      result: { server: formatServer(server), answered: false, problem: error instanceof Error ? error.message : String(error) },
      reason: 'no_answer',
    };
  }
  const ms = Date.now() - started;
  const [dnssec, reason] = dnssecOf(response, zone);
  return { result: { server: formatServer(server), answered: true, rcode: response.rcode, ms, dnssec }, reason };
}

function dnssecOf(response: DnsResponse, zone: string): [DnssecPassState, NonNullable<DnssecReason>] {
  if (response.rcode !== 'NOERROR') return ['unknown', 'rcode'];
  const own = response.answers.filter((r) => canonical(r.name) === zone);
  const keys = own.filter((r) => r.type === 'OTHER' && r.rrtype === 'DNSKEY');
  // RRSIG presentation: the type covered comes first (RFC 4034 §3.2).
  const sigs = own.filter((r) => r.type === 'OTHER' && r.rrtype === 'RRSIG' && /^DNSKEY\s/i.test(r.text));
  if (keys.length === 0) return ['strips', 'no_dnskey'];
  if (sigs.length === 0) return ['strips', 'no_rrsig'];
  return ['passes', 'signed'];
}

/**
 * The network's verdict from every resolver: any answering resolver that strips makes the run
 * depend on which one answers, so it counts as stripping; passes when every answer was signed.
 */
function dnssecState(probes: ResolverProbe[] | undefined, zone: string, iterative: boolean): NetworkReadiness['dnssec'] {
  if (probes === undefined) return { state: 'unknown', zone, reason: 'not_queried' };
  const answered = probes.filter((p) => p.result.answered);
  const stripping = answered.find((p) => p.result.dnssec === 'strips');
  if (stripping)
    return {
      state: 'strips',
      zone,
      reason: stripping.reason,
      detail: stripping.result.server,
      ...(iterative ? { fallback: 'iterative' as const } : {}),
    };
  const unknown = answered.find((p) => p.result.dnssec !== 'passes');
  if (answered.length === 0) return { state: 'unknown', zone, reason: 'no_answer' };
  if (unknown) return { state: 'unknown', zone, reason: unknown.reason, ...(unknown.result.rcode ? { detail: unknown.result.rcode } : {}) };
  return { state: 'passes', zone, reason: 'signed' };
}

async function probePorts(input: ReadinessInput): Promise<PortReadiness[]> {
  const ref25 = input.port25Reference;
  const other = input.portReference;
  const address25 = resolveReference(ref25.host, input.dns);
  const addressOther = other !== undefined ? (other === ref25.host ? address25 : resolveReference(other, input.dns)) : undefined;
  return Promise.all([
    probePort(input, ref25.host, 25, ref25.port, address25),
    ...REFERENCE_PORTS.map((port) =>
      other !== undefined && addressOther !== undefined
        ? probePort(input, other, port, port, addressOther)
        : Promise.resolve<PortReadiness>({ port, state: 'not_tested' }),
    ),
  ]);
}

type Resolved = { address: string } | { problem: string };

/** The reference host's first address (A, else AAAA) through the assessment's resolver; an IP literal as it is. */
async function resolveReference(host: string, dns: DnsResolver): Promise<Resolved> {
  if (net.isIP(host)) return { address: host };
  try {
    for (const type of ['A', 'AAAA'] as const) {
      const answer = await dns.lookup(host, type);
      const address = answer.records[0]?.address;
      if (address) return { address };
      if (answer.rcode !== 'NOERROR') return { problem: `${host}: ${answer.rcode}` };
    }
    return { problem: `${host}: no address in DNS` };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * One TCP connection. `port` is the service shown, `connectPort` the reference's own port (the
 * port-25 reference may name another). A handshake that times out is "blocked" (a filter drops
 * the SYN, as guest networks do for 25); a reset is "refused".
 */
async function probePort(
  input: ReadinessInput,
  host: string,
  port: number,
  connectPort: number,
  resolving: Promise<Resolved>,
): Promise<PortReadiness> {
  const resolved = await resolving;
  if ('problem' in resolved) return { port, host, state: 'unresolved', detail: resolved.problem.slice(0, 500) };
  const address = resolved.address;
  const base = { port, host, address: formatEndpoint(...target(input.connector, host, address, connectPort)) };
  const started = Date.now();
  let socket: net.Socket;
  try {
    socket = await input.connector.connect({
      host,
      address,
      port: connectPort,
      timeoutMs: input.connectTimeoutMs ?? READINESS_CONNECT_TIMEOUT_MS,
      ...(input.signal ? { signal: input.signal } : {}),
    });
  } catch (error) {
    // Anything else (a destination the test guard refuses) is no answer from this network either.
    const problem = error instanceof ConnectError ? error.problem : 'network';
    const state = problem === 'timeout' ? 'blocked' : problem === 'refused' ? 'refused' : 'unreachable';
    const detail = error instanceof Error ? error.message : String(error);
    return { ...base, state, ms: Date.now() - started, detail: detail.slice(0, 500) };
  }
  const ms = Date.now() - started;
  if (port === 25) {
    // Like the STARTTLS check's reference probe: read the greeting and say goodbye, politely.
    const c = new SmtpConversation(socket, input.signal ? { signal: input.signal } : {});
    await c.readReply(GREETING_WAIT_MS).catch(() => undefined);
    await c.quit().catch(() => undefined);
  }
  socket.destroy();
  return { ...base, state: 'open', ms };
}

function target(connector: Connector, host: string, address: string, port: number): [string, number] {
  const t = connector.target(host, address, port);
  return [t.address, t.port];
}
