/**
 * check_host() (RFC 7208 §4–§6): evaluates a domain's SPF policy for a client IP and sender.
 * The term semantics (order, limits of §4.6.4, include/redirect, `all`) are the interpreter's
 * (interpret.ts), shared with the static analysis; this file adds what needs a concrete client:
 * macro expansion (§7), PTR validation (§5.5), the overall time limit, explanations (§6.2).
 */
import { txtValue, type DnsResolver, type QueryType } from '../dns';
import { ipEquals, parseIp, reverseName, unmapIPv4, type IpAddress } from './ip';
import { expandDomainSpec, expandMacroString, parseMacroString, type MacroContext, type MacroToken } from './macro';
import type { SpfRecord } from './parse';
import {
  answerFromError,
  isQueryableName,
  queryResolver,
  walkSpf,
  type SpfDns,
  type SpfProblem,
  type SpfProblemCode,
  type SpfResult,
  type Walk,
} from './interpret';

export { isQueryableName };
export type { SpfProblem, SpfProblemCode, SpfResult };

export interface CheckHostInput {
  /** client IP address (IPv4, IPv6, or IPv4-mapped IPv6) */
  ip: string;
  /** domain whose policy is checked: the MAIL FROM domain, or the HELO name (RFC 7208 §2.3, §2.4) */
  domain: string;
  /** MAIL FROM address, or postmaster@<helo> when it is empty (§2.4) */
  sender: string;
  helo?: string;
}

export interface CheckHostOptions {
  /** name of the host performing the check, for the `r` macro (default "unknown") */
  receiver?: string;
  /** clock in epoch ms (the `t` macro and the overall time limit) */
  now?: () => number;
  /** RFC 7208 §4.6.4: overall time limit, at least 20 s (default 20 000 ms) */
  timeoutMs?: number;
  /** §4.6.4 (default 10) */
  maxDnsTerms?: number;
  /** §4.6.4 (default 2) */
  maxVoidLookups?: number;
  signal?: AbortSignal;
  /** fetch the exp= explanation on "fail" (default true) */
  explain?: boolean;
}

export interface CheckHostResult {
  result: SpfResult;
  /** RFC 7208 §6.2 explanation from exp=, only for "fail" and only when published */
  explanation?: string;
  /** the term that decided the result and the domain whose record holds it */
  mechanism?: { domain: string; term: string };
  problem?: SpfProblem;
  /** DNS-querying terms evaluated (§4.6.4) */
  dnsTerms: number;
  voidLookups: number;
}

interface Client {
  dns: SpfDns;
  ip: IpAddress;
  sender: string;
  localPart: string;
  senderDomain: string;
  helo: string;
  receiver: string;
  now: () => number;
  ptrNames?: Promise<string[] | undefined>;
  validated: Map<string, Promise<boolean>>;
}

function macroContext(c: Client, domain: string): MacroContext {
  return {
    sender: c.sender,
    localPart: c.localPart,
    senderDomain: c.senderDomain,
    domain,
    ip: c.ip,
    helo: c.helo,
    receiver: c.receiver,
    timestamp: Math.floor(c.now() / 1000),
    validatedName: (d) => validatedName(c, d),
  };
}

/** PTR names of the client IP, at most 10 (RFC 7208 §4.6.4); undefined on a DNS error. */
function ptrNames(c: Client): Promise<string[] | undefined> {
  c.ptrNames ??= (async () => {
    const a = await c.dns.query(reverseName(c.ip), 'PTR');
    if (a.status === 'error') return undefined;
    if (a.status === 'void') return [];
    return a.records.slice(0, 10).map((r) => r.target.toLowerCase().replace(/\.$/, ''));
  })();
  return c.ptrNames;
}

/** RFC 7208 §5.5: a PTR name is validated when one of its addresses is the client IP. */
function validates(c: Client, name: string): Promise<boolean> {
  let p = c.validated.get(name);
  if (!p) {
    p = (async () => {
      if (!isQueryableName(name)) return false;
      const a = await c.dns.query(name, c.ip.version === 4 ? 'A' : 'AAAA');
      // "If a DNS error occurs while doing an A RR lookup, then that domain name is skipped."
      if (a.status !== 'ok') return false;
      return a.records.some((r) => {
        const addr = parseIp(r.address);
        return addr !== undefined && ipEquals(unmapIPv4(addr), c.ip);
      });
    })();
    c.validated.set(name, p);
  }
  return p;
}

const within = (name: string, zone: string) => {
  const n = name.toLowerCase();
  const z = zone.toLowerCase().replace(/\.$/, '');
  return n === z || n.endsWith(`.${z}`);
};

/** RFC 7208 §7.3 `p` macro: the target domain if validated, else a validated subdomain, else any, else "unknown". */
async function validatedName(c: Client, domain: string): Promise<string> {
  const names = await ptrNames(c);
  if (!names || names.length === 0) return 'unknown';
  const checks = await Promise.all(names.map((n) => validates(c, n)));
  const valid = names.filter((_, i) => checks[i]);
  const d = domain.toLowerCase().replace(/\.$/, '');
  return valid.find((n) => n === d) ?? valid.find((n) => within(n, d)) ?? valid[0] ?? 'unknown';
}

/** RFC 7208 §5.5: ptr matches when a validated PTR name lies within the target; a PTR lookup error is no match. */
async function ptrMatches(c: Client, zone: string): Promise<boolean> {
  const names = await ptrNames(c);
  if (!names) return false;
  for (const n of names) {
    if (within(n, zone) && (await validates(c, n))) return true;
  }
  return false;
}

/** RFC 7208 §6.2: the explanation, or undefined whenever anything about it is wrong. */
async function explanation(c: Client, record: SpfRecord, domain: string): Promise<string | undefined> {
  if (!record.exp) return undefined;
  const ctx = macroContext(c, domain);
  const name = await expandDomainSpec(record.exp.tokens, ctx);
  if (!isQueryableName(name)) return undefined;
  const a = await c.dns.query(name, 'TXT');
  if (a.status !== 'ok' || a.records.length !== 1) return undefined;
  const parsed = parseMacroString(txtValue(a.records[0]!), { explanation: true });
  if (!parsed.ok) return undefined;
  return expandMacroString(parsed.tokens, ctx);
}

/** RFC 7208 §4: check_host(<ip>, <domain>, <sender>), with the interpreter's trace. */
export async function checkHostTrace(input: CheckHostInput, resolver: DnsResolver, options: CheckHostOptions = {}): Promise<Walk> {
  const parsedIp = parseIp(input.ip.trim());
  if (!parsedIp) throw new TypeError(`not an IP address: ${input.ip}`);
  const now = options.now ?? (() => Date.now());
  const deadline = now() + (options.timeoutMs ?? 20_000);
  const signal = options.signal;
  const dns: SpfDns = {
    query: async <T extends QueryType>(name: string, type: T) => {
      if (signal?.aborted) return answerFromError(name, type, new Error('evaluation aborted'), 'timeout');
      // RFC 7208 §4.6.4: an overall time limit; past it, evaluation ends in temperror.
      if (now() > deadline) return answerFromError(name, type, new Error('evaluation time limit exceeded (RFC 7208 §4.6.4)'), 'timeout');
      return queryResolver(resolver, name, type);
    },
  };
  // RFC 7208 §4.3: a sender without a local-part is treated as postmaster@domain.
  const at = input.sender.lastIndexOf('@');
  const localPart = (at < 0 ? '' : input.sender.slice(0, at)) || 'postmaster';
  const senderDomain = at < 0 ? input.sender : input.sender.slice(at + 1);
  const client: Client = {
    dns,
    ip: unmapIPv4(parsedIp),
    localPart,
    senderDomain,
    sender: `${localPart}@${senderDomain}`,
    helo: input.helo ?? 'unknown',
    receiver: options.receiver ?? 'unknown',
    now,
    validated: new Map(),
  };
  const target = async (tokens: readonly MacroToken[] | undefined, domain: string): Promise<string> =>
    tokens ? expandDomainSpec(tokens, macroContext(client, domain)) : domain.endsWith('.') ? domain.slice(0, -1) : domain;
  return walkSpf(input.domain, {
    dns,
    target,
    client: { ip: client.ip, ptrMatches: (zone) => ptrMatches(client, zone) },
    ...(options.maxDnsTerms !== undefined ? { maxDnsTerms: options.maxDnsTerms } : {}),
    ...(options.maxVoidLookups !== undefined ? { maxVoidLookups: options.maxVoidLookups } : {}),
    ...((options.explain ?? true) ? { explain: (record: SpfRecord, domain: string) => explanation(client, record, domain) } : {}),
  });
}

/** RFC 7208 §4: check_host(<ip>, <domain>, <sender>). */
export async function checkHost(input: CheckHostInput, resolver: DnsResolver, options: CheckHostOptions = {}): Promise<CheckHostResult> {
  const walk = await checkHostTrace(input, resolver, options);
  const outcome = walk.outcome;
  return {
    result: outcome.result,
    ...(outcome.explanation !== undefined ? { explanation: outcome.explanation } : {}),
    ...(outcome.mechanism ? { mechanism: outcome.mechanism } : {}),
    ...(outcome.problem ? { problem: outcome.problem } : {}),
    dnsTerms: walk.dnsTerms,
    voidLookups: walk.voidLookups,
  };
}
