/**
 * Iterative resolution for the DNSSEC validator (RFC 1034 §5.3.3): when the resolver at hand strips
 * DNSSEC data, the engine asks the authoritative servers itself, from the root hints down. Every
 * query goes with DO set (RFC 3225) and RD clear to one server of the closest known zone cut;
 * referrals are followed only downwards, towards the name (RFC 1034 §4.3.2), and the final
 * response (an answer, NXDOMAIN or NODATA) goes back to the validator as it came, in the shape
 * `clientFetch` gives, so the validator proves it exactly as it proves a resolver's answers.
 *
 * Within one run (one `iterativeFetch`) the zone cuts learnt from referrals, the addresses of
 * their name servers, and the servers that did not answer are remembered. UDP with TCP fallback,
 * retries and the anti-spoofing checks are the DnsClient's (one client per server address).
 *
 * Glue (RFC 2181 §5.4.1) is only used to reach the zone it came with, and only when the name
 * server's name is in bailiwick of the zone whose server sent the referral (RFC 8499 §7: at or
 * below that zone, so in-domain and sibling glue, RFC 9471 §2); a server cannot speak for names
 * outside its zone. Other name servers are found by a nested iterative lookup of their A (then
 * AAAA) records.
 *
 * Bounds: referrals followed per question, exchanges per top-level question (nested lookups
 * included, as BIND's max-recursion-queries), nesting of name-server lookups (MAX_NESTING).
 */
import { DnsError, type DnsErrorKind, type QueryType } from '../../../../shared/dns';
import type { WireRecord } from '../../../../shared/dnssec/types';
import {
  RR_TYPE,
  formatName,
  isSubdomain,
  labelsToName,
  lowerName,
  nameLabels,
  parentName,
  parseMessage,
  rdataTarget,
  typeMnemonic,
  type ParsedMessage,
} from '../../../../shared/dnssec/wire';
import { DEFAULT_TIMEOUT_MS, DnsClient, formatServer, type ServerAddress } from '../dns-client';
import type { DnssecFetch } from './validator';

export interface IterativeOptions {
  /** root server addresses (IANA root hints by default: ROOT_HINTS) */
  rootHints?: ServerAddress[];
  /** per attempt, default 2500 ms */
  timeoutMs?: number;
  /** UDP attempts per server before moving to the next one, default 1: another server is the better retry */
  retries?: number;
  signal?: AbortSignal;
  /** referrals followed per question, default 16 */
  maxReferrals?: number;
  /** exchanges one question may cost, nested name-server lookups included, default 200 */
  maxQueries?: number;
  /**
   * port of the name servers learnt from referrals and lookups: 53 (RFC 1035 §4.2); a referral
   * carries addresses only, so the lab, running several servers on loopback addresses, sets its port
   */
  port?: number;
}

/** referrals followed per question */
const DEFAULT_MAX_REFERRALS = 16;
/** exchanges per top-level question */
const DEFAULT_MAX_QUERIES = 200;
/** nested lookups of name-server addresses (an alias followed counts as one more) */
const MAX_NESTING = 4;
const DNS_PORT = 53;
/** a failure text of a nested lookup is cut to this many characters inside the outer one */
const MAX_DETAIL = 300;

/**
 * The IANA root hints (named.root): the 13 root server names with their IPv4 and IPv6 addresses,
 * as InterNIC publishes them at https://www.internic.net/domain/named.root ("last update: June 24,
 * 2025", root zone 2025062402), taken from a public copy of that file:
 * https://github.com/domainr/dnsr/blob/1bfc616def69512f2530d56bed530061222fa195/named.root
 * (B changed to 170.247.170.2 / 2801:1b8:10::b in November 2023).
 */
const ROOT_SERVERS: readonly { name: string; ipv4: string; ipv6: string }[] = [
  { name: 'a.root-servers.net', ipv4: '198.41.0.4', ipv6: '2001:503:ba3e::2:30' },
  { name: 'b.root-servers.net', ipv4: '170.247.170.2', ipv6: '2801:1b8:10::b' },
  { name: 'c.root-servers.net', ipv4: '192.33.4.12', ipv6: '2001:500:2::c' },
  { name: 'd.root-servers.net', ipv4: '199.7.91.13', ipv6: '2001:500:2d::d' },
  { name: 'e.root-servers.net', ipv4: '192.203.230.10', ipv6: '2001:500:a8::e' },
  { name: 'f.root-servers.net', ipv4: '192.5.5.241', ipv6: '2001:500:2f::f' },
  { name: 'g.root-servers.net', ipv4: '192.112.36.4', ipv6: '2001:500:12::d0d' },
  { name: 'h.root-servers.net', ipv4: '198.97.190.53', ipv6: '2001:500:1::53' },
  { name: 'i.root-servers.net', ipv4: '192.36.148.17', ipv6: '2001:7fe::53' },
  { name: 'j.root-servers.net', ipv4: '192.58.128.30', ipv6: '2001:503:c27::2:30' },
  { name: 'k.root-servers.net', ipv4: '193.0.14.129', ipv6: '2001:7fd::1' },
  { name: 'l.root-servers.net', ipv4: '199.7.83.42', ipv6: '2001:500:9f::42' },
  { name: 'm.root-servers.net', ipv4: '202.12.27.33', ipv6: '2001:dc3::35' },
];

/**
 * The root hints as server addresses, a.root-servers.net … m over IPv4 first, then over IPv6: a
 * guest network often has no working IPv6, and an IPv4 server answering first spares the wait.
 */
export const ROOT_HINTS: readonly ServerAddress[] = Object.freeze(
  [...ROOT_SERVERS.map((s) => s.ipv4), ...ROOT_SERVERS.map((s) => s.ipv6)].map((host) => Object.freeze({ host, port: DNS_PORT })),
);

/** A zone cut known in this run. */
interface ZoneCut {
  zone: string;
  /** NS names from the referrals that named it (none for the root: the hints stand in) */
  nsNames: string[];
  /** the root hints, or in-bailiwick glue: used only to reach this zone (RFC 2181 §5.4.1) */
  glue: ServerAddress[];
  /** the NS names that glue came for */
  glued: Set<string>;
}

interface Context {
  /** exchanges the top-level question may still send */
  budget: { left: number };
  /** nested name-server lookups above this one */
  depth: number;
  /** name servers whose addresses are being looked up on the way here */
  chain: readonly string[];
}

interface Reply {
  message: ParsedMessage;
  server: string;
}

type Verdict =
  | { kind: 'final' }
  | { kind: 'referral'; zone: string; nsNames: string[]; glue: ServerAddress[]; glued: Set<string> }
  | { kind: 'servfail' }
  | { kind: 'lame'; why: string; loop: boolean };

interface Failure {
  kind: DnsErrorKind | 'lame' | 'loop';
  text: string;
}

/** The per-question query budget ran out: ends the whole question, not just one server. */
class QueryLimit extends DnsError {}

/**
 * A DnssecFetch that resolves iteratively from the root hints. `queries` counts the exchanges with
 * servers so far (each may have been retried over UDP and repeated over TCP by the DnsClient).
 */
export function iterativeFetch(options: IterativeOptions): DnssecFetch & { readonly queries: number } {
  const hints = options.rootHints ?? ROOT_HINTS;
  if (hints.length === 0) throw new TypeError('iterative resolution needs at least one root hint');
  const port = options.port ?? DNS_PORT;
  const maxReferrals = options.maxReferrals ?? DEFAULT_MAX_REFERRALS;
  const maxQueries = options.maxQueries ?? DEFAULT_MAX_QUERIES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retries = options.retries ?? 1;

  const cuts = new Map<string, ZoneCut>([
    ['', { zone: '', nsNames: [], glue: hints.map((h) => ({ host: h.host, port: h.port })), glued: new Set() }],
  ]);
  /** name-server addresses from authoritative answers */
  const hosts = new Map<string, ServerAddress[]>();
  /** name servers whose top-level lookup failed, with why */
  const hostFailures = new Map<string, string>();
  /** servers that timed out or were unreachable: asked last from then on */
  const penalties = new Map<string, number>();
  const clients = new Map<string, DnsClient>();
  let queries = 0;

  const clientFor = (server: ServerAddress): DnsClient => {
    const key = formatServer(server);
    let client = clients.get(key);
    if (!client) {
      client = new DnsClient({ servers: [server], timeoutMs, retries, ...(options.signal ? { signal: options.signal } : {}) });
      clients.set(key, client);
    }
    return client;
  };

  /** The closest known cut enclosing `name`; for DS strictly above it (RFC 4035 §3.1.4.1: the parent side). */
  function closestCut(name: string, type: number): ZoneCut {
    let n = type === RR_TYPE.DS && name !== '' ? parentName(name) : name;
    for (;;) {
      const cut = cuts.get(n);
      if (cut) return cut;
      n = parentName(n);
    }
  }

  async function resolve(name: string, type: number, ctx: Context): Promise<Reply> {
    let cut = closestCut(name, type);
    for (let referrals = 0; ; referrals++) {
      const step = await askZone(cut, name, type, ctx);
      if (step.kind === 'final') return step.reply;
      if (referrals >= maxReferrals) {
        throw new DnsError(
          'network',
          name,
          typeMnemonic(type),
          `referral limit reached: more than ${maxReferrals} referrals for ${formatName(name)} ${typeMnemonic(type)} (the last to ${formatName(step.zone)})`,
        );
      }
      cut = learn(step);
    }
  }

  function learn(referral: Extract<Verdict, { kind: 'referral' }>): ZoneCut {
    const known = cuts.get(referral.zone);
    if (!known) {
      const cut: ZoneCut = { zone: referral.zone, nsNames: referral.nsNames, glue: referral.glue, glued: referral.glued };
      cuts.set(cut.zone, cut);
      return cut;
    }
    for (const n of referral.nsNames) if (!known.nsNames.includes(n)) known.nsNames.push(n);
    known.glue = unique([...known.glue, ...referral.glue]);
    for (const n of referral.glued) known.glued.add(n);
    return known;
  }

  /**
   * Asks the servers of `cut` one after another until one gives a usable response: timeouts,
   * unreachable servers, undecodable answers, SERVFAIL, REFUSED and lame answers move on to the
   * next. Name servers without a known address are looked up only when the known ones are spent.
   */
  async function askZone(
    cut: ZoneCut,
    name: string,
    type: number,
    ctx: Context,
  ): Promise<{ kind: 'final'; reply: Reply } | Extract<Verdict, { kind: 'referral' }>> {
    const mnemonic = typeMnemonic(type);
    const tried = new Set<string>();
    const looked = new Set<string>();
    const failures: Failure[] = [];
    let servfail: Reply | undefined;
    for (;;) {
      const candidates = unique([...cut.glue, ...cut.nsNames.flatMap((n) => hosts.get(n) ?? [])]).filter(
        (s) => !tried.has(formatServer(s)),
      );
      if (candidates.length === 0) {
        if (await lookUpNameServer(cut, looked, ctx, failures)) continue;
        break;
      }
      // Servers that failed earlier in the run go last (RFC 1034 §5.3.3 step 3: best first).
      const server = candidates.reduce((best, s) => (penalty(s) < penalty(best) ? s : best));
      const where = formatServer(server);
      tried.add(where);
      if (ctx.budget.left <= 0) {
        throw new QueryLimit(
          'network',
          name,
          mnemonic,
          `query limit reached: more than ${maxQueries} queries for ${formatName(name)} ${mnemonic}`,
        );
      }
      ctx.budget.left--;
      queries++;
      let wire: Uint8Array;
      try {
        // RFC 1034 §5.3.3: RD clear to authoritative servers; DO for the DNSSEC records (RFC 4035 §4.1).
        wire = (
          await clientFor(server).queryRaw(name === '' ? '.' : name, mnemonic as QueryType, { dnssec: true, recursionDesired: false })
        ).wire;
      } catch (error) {
        if (!(error instanceof DnsError) || error.kind === 'aborted') throw error;
        if (error.kind === 'timeout' || error.kind === 'network') penalties.set(where, penalty(server) + 1);
        failures.push({ kind: error.kind, text: error.message });
        continue;
      }
      let message: ParsedMessage;
      try {
        message = parseMessage(wire);
      } catch (error) {
        failures.push({ kind: 'malformed', text: `${where}: ${(error as Error).message}` });
        continue;
      }
      const verdict = classify(message, name, type, cut.zone, port);
      switch (verdict.kind) {
        case 'final':
          return { kind: 'final', reply: { message, server: where } };
        case 'referral':
          return verdict;
        case 'servfail':
          servfail ??= { message, server: where };
          failures.push({ kind: 'network', text: `${where}: SERVFAIL` });
          continue;
        case 'lame':
          failures.push({ kind: verdict.loop ? 'loop' : 'lame', text: `${where}: ${verdict.why}` });
          continue;
      }
    }
    // A zone whose every server says SERVFAIL has answered: that is the response (as a resolver's would be).
    if (servfail) return { kind: 'final', reply: servfail };
    throw zoneError(cut.zone, name, mnemonic, failures);
  }

  /** Looks up the next name server of `cut` without a known address; false when none is left. */
  async function lookUpNameServer(cut: ZoneCut, looked: Set<string>, ctx: Context, failures: Failure[]): Promise<boolean> {
    for (const ns of cut.nsNames) {
      // A name server that came with glue has been asked already.
      if (looked.has(ns) || hosts.has(ns) || cut.glued.has(ns)) continue;
      looked.add(ns);
      if (isSubdomain(ns, cut.zone)) {
        // Only the zone itself could tell its address: the parent owes the glue (RFC 9471 §2.1).
        failures.push({
          kind: 'network',
          text: `the name server ${formatName(ns)} lies inside ${formatName(cut.zone)} and came without glue`,
        });
        continue;
      }
      const known = hostFailures.get(ns);
      if (known !== undefined) {
        failures.push({ kind: 'network', text: known });
        continue;
      }
      if (ctx.chain.includes(ns)) {
        failures.push({ kind: 'loop', text: `the name server ${formatName(ns)} is needed to find its own address` });
        continue;
      }
      if (ctx.depth >= MAX_NESTING) {
        failures.push({ kind: 'network', text: `${formatName(ns)}: more than ${MAX_NESTING} nested name-server lookups` });
        continue;
      }
      try {
        const addresses = await addressesOf(ns, { budget: ctx.budget, depth: ctx.depth + 1, chain: [...ctx.chain, ns] });
        if (addresses.length > 0) {
          hosts.set(ns, addresses);
          return true;
        }
        fail(ns, `the name server ${formatName(ns)} has no address`);
      } catch (error) {
        if (!(error instanceof DnsError) || error.kind === 'aborted' || error instanceof QueryLimit) throw error;
        fail(ns, `the name server ${formatName(ns)} could not be found: ${clip(error.message)}`);
      }
    }
    return false;

    function fail(ns: string, text: string): void {
      failures.push({ kind: 'network', text });
      // Only a lookup with the whole nesting depth before it is a verdict on the name for the run.
      if (ctx.depth === 0) hostFailures.set(ns, text);
    }
  }

  /** A name server's addresses: A first, AAAA when there is no A; an alias is followed (RFC 2181 §10.3 forbids it, it happens). */
  async function addressesOf(host: string, ctx: Context): Promise<ServerAddress[]> {
    for (const type of [RR_TYPE.A, RR_TYPE.AAAA]) {
      const { message } = await resolve(host, type, ctx);
      const found = message.answers.filter((r) => r.name === host && r.type === type).flatMap((r) => address(r) ?? []);
      if (found.length > 0) return found.map((a) => ({ host: a, port }));
      if (message.rcode === 3) break; // NXDOMAIN: no AAAA either
      const alias = message.answers.find((r) => r.name === host && r.type === RR_TYPE.CNAME);
      if (alias) {
        const target = rdataTarget(alias.rdata);
        if (ctx.chain.includes(target)) throw new DnsError('network', host, 'A', `alias loop at ${formatName(target)}`);
        if (ctx.depth >= MAX_NESTING) throw new DnsError('network', host, 'A', `more than ${MAX_NESTING} nested name-server lookups`);
        return addressesOf(target, { budget: ctx.budget, depth: ctx.depth + 1, chain: [...ctx.chain, target] });
      }
    }
    return [];
  }

  function penalty(server: ServerAddress): number {
    return penalties.get(formatServer(server)) ?? 0;
  }

  const fetch: DnssecFetch = async (name, type) => {
    let qname: string;
    try {
      qname = lowerName(labelsToName(nameLabels(name)));
    } catch (error) {
      throw new DnsError('invalid_name', name, typeMnemonic(type), `invalid DNS name "${name}": ${(error as Error).message}`);
    }
    return resolve(qname, type, { budget: { left: maxQueries }, depth: 0, chain: [] });
  };
  return Object.defineProperty(fetch, 'queries', { get: () => queries, enumerable: true }) as DnssecFetch & { readonly queries: number };
}

/**
 * What a response from a server of `zone` means for the question (RFC 1034 §5.3.3 step 4, RFC 4035
 * §3.1.4). A referral is NOERROR, no answer, NS but no SOA in authority (RFC 2308 §2.2.1, whatever
 * the AA bit says); it is followed only when it points strictly below `zone` and at or above the
 * name (for DS, above the name: §3.1.4.1), else it is a loop. Any other response ends the walk if
 * it is authoritative, and is lame if not.
 */
function classify(message: ParsedMessage, name: string, type: number, zone: string, port: number): Verdict {
  const lame = (why: string, loop = false): Verdict => ({ kind: 'lame', why, loop });
  if (message.rcode === 2) return { kind: 'servfail' };
  if (message.rcode !== 0 && message.rcode !== 3) return lame(`answered ${rcodeName(message.rcode)}`);
  const ns = message.authorities.filter((r) => r.type === RR_TYPE.NS);
  const referral =
    message.rcode === 0 && message.answers.length === 0 && ns.length > 0 && !message.authorities.some((r) => r.type === RR_TYPE.SOA);
  if (referral) {
    const owners = [...new Set(ns.map((r) => r.name))];
    const below = owners.filter((o) => o !== zone && isSubdomain(o, zone) && isSubdomain(name, o) && !(type === RR_TYPE.DS && o === name));
    if (below.length > 0) {
      // The deepest delegation offered; several owners in one referral would be odd anyway.
      const child = below.reduce((a, b) => (nameLabels(b).length > nameLabels(a).length ? b : a));
      const nsNames = [...new Set(ns.filter((r) => r.name === child).map((r) => rdataTarget(r.rdata)))];
      const glue = glueFor(message.additionals, nsNames, zone, port);
      return { kind: 'referral', zone: child, nsNames, glue: glue.servers, glued: glue.names };
    }
    const to = owners.map(formatName).join(', ');
    if (type === RR_TYPE.DS && owners.includes(name)) {
      return lame(`referred DS ${formatName(name)} to the child zone; the parent ${formatName(zone)} must answer it (RFC 4035 §3.1.4.1)`);
    }
    return lame(`referred to ${to}, which does not lead down from ${formatName(zone)} to ${formatName(name)}`, true);
  }
  // RFC 1035 §4.1.1: only an authoritative answer ends the walk; a server without AA does not hold the zone.
  if (!message.flags.aa) return lame(`answered without authority (AA clear) for ${formatName(zone)}`);
  return { kind: 'final' };
}

/** In-bailiwick glue: addresses of the NS names at or below the referring server's zone (RFC 8499 §7). */
function glueFor(
  additionals: WireRecord[],
  nsNames: string[],
  zone: string,
  port: number,
): { servers: ServerAddress[]; names: Set<string> } {
  const v4: ServerAddress[] = [];
  const v6: ServerAddress[] = [];
  const names = new Set<string>();
  for (const ns of nsNames) {
    if (!isSubdomain(ns, zone)) continue;
    for (const r of additionals) {
      if (r.name !== ns) continue;
      const a = address(r);
      if (!a) continue;
      (r.type === RR_TYPE.A ? v4 : v6).push({ host: a, port });
      names.add(ns);
    }
  }
  return { servers: unique([...v4, ...v6]), names };
}

/** The address in an A or AAAA record (RFC 1035 §3.4.1, RFC 3596 §2.2). */
function address(r: WireRecord): string | undefined {
  if (r.type === RR_TYPE.A && r.rdata.length === 4) return r.rdata.join('.');
  if (r.type === RR_TYPE.AAAA && r.rdata.length === 16) {
    const groups = Array.from({ length: 8 }, (_, i) => ((r.rdata[2 * i]! << 8) | r.rdata[2 * i + 1]!).toString(16));
    // RFC 5952 §4.2: the longest run of zero groups (two or more) becomes `::`.
    let best = { at: -1, length: 1 };
    for (let i = 0; i < 8;) {
      let j = i;
      while (j < 8 && groups[j] === '0') j++;
      if (j - i > best.length) best = { at: i, length: j - i };
      i = j === i ? i + 1 : j;
    }
    if (best.at < 0) return groups.join(':');
    return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.length).join(':')}`;
  }
  return undefined;
}

function unique(servers: ServerAddress[]): ServerAddress[] {
  const seen = new Set<string>();
  return servers.filter((s) => {
    const key = formatServer(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The error for a zone none of whose servers gave a usable response. */
function zoneError(zone: string, name: string, type: string, failures: Failure[]): DnsError {
  const question = `${formatName(name)} ${type}`;
  const detail = failures.map((f) => f.text).join('; ') || 'no server address';
  if (failures.some((f) => f.kind === 'loop'))
    return new DnsError('network', name, type, `referral loop at ${formatName(zone)} for ${question}: ${detail}`);
  if (failures.some((f) => f.kind === 'lame')) {
    return new DnsError('network', name, type, `lame delegation: no server of ${formatName(zone)} answers for ${question}: ${detail}`);
  }
  // As the DnsClient ranks them: garbage from some server says more than silence.
  const rank: DnsErrorKind[] = ['malformed', 'network', 'timeout'];
  const kinds = failures.map((f) => f.kind as DnsErrorKind).filter((k) => rank.includes(k));
  const kind = rank.find((k) => kinds.includes(k)) ?? 'network';
  return new DnsError(kind, name, type, `no server of ${formatName(zone)} answered ${question}: ${detail}`);
}

function clip(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];
function rcodeName(rcode: number): string {
  return RCODES[rcode] ?? `RCODE${rcode}`;
}
