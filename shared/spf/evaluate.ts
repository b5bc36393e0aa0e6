/**
 * check_host() (RFC 7208 §4–§6): evaluates a domain's SPF policy for a client IP and sender.
 * Limits per §4.6.4 (10 DNS-querying terms, 2 void lookups, 10 MX / PTR names each), DNS
 * failures as "temperror" (§2.6.6, §4.4, §5), explanations per §6.2.
 */
import { DnsError, txtValue, type DnsResolver, type LookupResult, type QueryType, type RecordOfType } from '../dns';
import { inCidr, ipEquals, parseIp, reverseName, unmapIPv4, type IpAddress } from './ip';
import { expandDomainSpec, expandMacroString, parseMacroString, type MacroContext, type MacroToken } from './macro';
import { isDnsMechanism, parseSpfRecord, selectSpfRecords, type Mechanism, type Qualifier, type SpfRecord, type SpfSyntaxErrorCode } from './parse';

export type SpfResult = 'none' | 'neutral' | 'pass' | 'fail' | 'softfail' | 'temperror' | 'permerror';

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

export type SpfProblemCode =
  | SpfSyntaxErrorCode
  | 'multiple_records'
  | 'dns_error'
  | 'timeout'
  | 'too_many_dns_terms'
  | 'too_many_void_lookups'
  | 'too_many_mx_names'
  | 'include_none'
  | 'redirect_none';

/** Why a check ended in permerror or temperror. */
export interface SpfProblem {
  code: SpfProblemCode;
  /** domain whose record (or lookup) caused it */
  domain: string;
  term?: string;
  detail: string;
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

const QUALIFIER_RESULT: Record<Qualifier, SpfResult> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

interface State {
  resolver: DnsResolver;
  ip: IpAddress;
  sender: string;
  localPart: string;
  senderDomain: string;
  helo: string;
  receiver: string;
  now: () => number;
  deadline: number;
  signal?: AbortSignal;
  maxTerms: number;
  maxVoid: number;
  dnsTerms: number;
  voidLookups: number;
  ptrNames?: Promise<string[] | undefined>;
  validated: Map<string, Promise<boolean>>;
}

interface Outcome {
  result: SpfResult;
  mechanism?: { domain: string; term: string };
  explanation?: string;
  problem?: SpfProblem;
}

class Abort {
  constructor(readonly outcome: Outcome) {}
}

const permerror = (domain: string, code: SpfProblemCode, detail: string, term?: string): Outcome => ({
  result: 'permerror',
  problem: { code, domain, detail, ...(term ? { term } : {}) },
});

type Answer<T> = { status: 'ok'; records: T[] } | { status: 'void'; rcode: string } | { status: 'error'; code: 'dns_error' | 'timeout'; detail: string };

async function query<T extends QueryType>(st: State, name: string, type: T): Promise<Answer<RecordOfType<T>>> {
  if (st.signal?.aborted) return { status: 'error', code: 'timeout', detail: 'evaluation aborted' };
  if (st.now() > st.deadline) return { status: 'error', code: 'timeout', detail: 'evaluation time limit exceeded (RFC 7208 §4.6.4)' };
  let answer: LookupResult<RecordOfType<T>>;
  try {
    answer = await st.resolver.lookup(name, type);
  } catch (error) {
    // A name DNS cannot carry (e.g. a label over 63 octets after macro expansion) does not exist.
    if (error instanceof DnsError && error.kind === 'invalid_name') return { status: 'void', rcode: 'NXDOMAIN' };
    return { status: 'error', code: 'dns_error', detail: `${type} ${name}: ${error instanceof Error ? error.message : String(error)}` };
  }
  // RFC 7208 §5: NXDOMAIN is treated as NOERROR with no answers.
  if (answer.rcode === 'NXDOMAIN') return { status: 'void', rcode: 'NXDOMAIN' };
  if (answer.rcode !== 'NOERROR') return { status: 'error', code: 'dns_error', detail: `${type} ${name}: ${answer.rcode}` };
  if (answer.records.length === 0) return { status: 'void', rcode: 'NOERROR' };
  return { status: 'ok', records: answer.records };
}

/** RFC 1035 §2.3.4 limits: a name DNS can query. */
export function isQueryableName(name: string): boolean {
  if (name === '' || name.length > 253) return false;
  return name.split('.').every((label) => label.length > 0 && label.length <= 63);
}

/** RFC 7208 §4.3: a <domain> that is malformed or not multi-label yields "none". */
function isValidDomain(domain: string): boolean {
  const name = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  if (name.startsWith('[')) return false;
  return isQueryableName(name) && name.includes('.');
}

function macroContext(st: State, domain: string): MacroContext {
  return {
    sender: st.sender,
    localPart: st.localPart,
    senderDomain: st.senderDomain,
    domain,
    ip: st.ip,
    helo: st.helo,
    receiver: st.receiver,
    timestamp: Math.floor(st.now() / 1000),
    validatedName: (d) => validatedName(st, d),
  };
}

async function target(st: State, tokens: MacroToken[] | undefined, domain: string): Promise<string> {
  if (!tokens) return domain.endsWith('.') ? domain.slice(0, -1) : domain;
  return expandDomainSpec(tokens, macroContext(st, domain));
}

function countDnsTerm(st: State, domain: string, term: string): void {
  st.dnsTerms++;
  // RFC 7208 §4.6.4: more than 10 DNS-querying terms → permerror.
  if (st.dnsTerms > st.maxTerms) {
    throw new Abort(permerror(domain, 'too_many_dns_terms', `more than ${st.maxTerms} DNS-querying terms (RFC 7208 §4.6.4)`, term));
  }
}

function countVoid(st: State, domain: string, term: string, name: string): void {
  st.voidLookups++;
  if (st.voidLookups > st.maxVoid) {
    throw new Abort(permerror(domain, 'too_many_void_lookups', `more than ${st.maxVoid} lookups returned no answer (RFC 7208 §4.6.4), last: ${name}`, term));
  }
}

function dnsFailure(domain: string, term: string | undefined, a: { code: 'dns_error' | 'timeout'; detail: string }): Abort {
  return new Abort({ result: 'temperror', problem: { code: a.code, domain, detail: a.detail, ...(term ? { term } : {}) } });
}

/** PTR names of the client IP, at most 10 (RFC 7208 §4.6.4); undefined on a DNS error. */
function ptrNames(st: State): Promise<string[] | undefined> {
  st.ptrNames ??= (async () => {
    const a = await query(st, reverseName(st.ip), 'PTR');
    if (a.status === 'error') return undefined;
    if (a.status === 'void') return [];
    return a.records.slice(0, 10).map((r) => r.target.toLowerCase().replace(/\.$/, ''));
  })();
  return st.ptrNames;
}

/** RFC 7208 §5.5: a PTR name is validated when one of its addresses is the client IP. */
function validates(st: State, name: string): Promise<boolean> {
  let p = st.validated.get(name);
  if (!p) {
    p = (async () => {
      if (!isQueryableName(name)) return false;
      const a = await query(st, name, st.ip.version === 4 ? 'A' : 'AAAA');
      // "If a DNS error occurs while doing an A RR lookup, then that domain name is skipped."
      if (a.status !== 'ok') return false;
      return a.records.some((r) => {
        const addr = parseIp(r.address);
        return addr !== undefined && ipEquals(unmapIPv4(addr), st.ip);
      });
    })();
    st.validated.set(name, p);
  }
  return p;
}

const within = (name: string, zone: string) => {
  const n = name.toLowerCase();
  const z = zone.toLowerCase().replace(/\.$/, '');
  return n === z || n.endsWith(`.${z}`);
};

/** RFC 7208 §7.3 `p` macro: the target domain if validated, else a validated subdomain, else any, else "unknown". */
async function validatedName(st: State, domain: string): Promise<string> {
  const names = await ptrNames(st);
  if (!names || names.length === 0) return 'unknown';
  const checks = await Promise.all(names.map((n) => validates(st, n)));
  const valid = names.filter((_, i) => checks[i]);
  const d = domain.toLowerCase().replace(/\.$/, '');
  return valid.find((n) => n === d) ?? valid.find((n) => within(n, d)) ?? valid[0] ?? 'unknown';
}

function addressMatches(st: State, m: Mechanism, address: string): boolean {
  const parsed = parseIp(address);
  if (!parsed) return false;
  const addr = unmapIPv4(parsed);
  return inCidr(st.ip, addr, st.ip.version === 4 ? (m.cidr4 ?? 32) : (m.cidr6 ?? 128));
}

/** The address record type of the client's family. */
const addressType = (st: State) => (st.ip.version === 4 ? 'A' : 'AAAA');

/** Address records of `name` in the client's family; void and errors reported to the caller. */
async function addressLookup(st: State, name: string) {
  return query(st, name, addressType(st));
}

/**
 * The lookup of an a, mx or exists mechanism's target: a DNS error aborts (temperror), a void
 * answer counts towards the limit of RFC 7208 §4.6.4. Undefined when there is nothing to match.
 */
async function mechanismLookup<T extends QueryType>(st: State, m: Mechanism, domain: string, type: T): Promise<{ name: string; records: RecordOfType<T>[] } | undefined> {
  const name = await target(st, m.domainTokens, domain);
  if (!isQueryableName(name)) return undefined;
  const answer = await query(st, name, type);
  if (answer.status === 'error') throw dnsFailure(domain, m.text, answer);
  if (answer.status === 'void') {
    countVoid(st, domain, m.text, name);
    return undefined;
  }
  return { name, records: answer.records };
}

async function matches(st: State, m: Mechanism, domain: string): Promise<boolean> {
  if (isDnsMechanism(m)) countDnsTerm(st, domain, m.text);
  switch (m.kind) {
    case 'all':
      return true;

    case 'ip4':
    case 'ip6':
      // RFC 7208 §5.6: an IPv4 client never matches ip6 and vice versa (mapped addresses are IPv4).
      return m.network !== undefined && inCidr(st.ip, m.network, m.kind === 'ip4' ? (m.cidr4 ?? 32) : (m.cidr6 ?? 128));

    case 'a': {
      const a = await mechanismLookup(st, m, domain, addressType(st));
      return a !== undefined && a.records.some((r) => addressMatches(st, m, r.address));
    }

    case 'mx': {
      const mx = await mechanismLookup(st, m, domain, 'MX');
      if (!mx) return false;
      // RFC 7505 null MX ("0 .") names no host.
      const hosts = mx.records.map((r) => r.exchange.replace(/\.$/, '')).filter((h) => h !== '');
      // RFC 7208 §4.6.4: at most 10 MX names may be looked up, else permerror.
      if (hosts.length > 10) throw new Abort(permerror(domain, 'too_many_mx_names', `${mx.name} has ${hosts.length} MX names, more than 10 (RFC 7208 §4.6.4)`, m.text));
      for (const host of hosts) {
        if (!isQueryableName(host)) continue;
        const a = await addressLookup(st, host);
        if (a.status === 'error') throw dnsFailure(domain, m.text, a);
        if (a.status === 'ok' && a.records.some((r) => addressMatches(st, m, r.address))) return true;
      }
      return false;
    }

    case 'ptr': {
      const zone = await target(st, m.domainTokens, domain);
      // RFC 7208 §5.5: a DNS error on the PTR lookup makes the mechanism not match.
      const names = await ptrNames(st);
      if (!names) return false;
      for (const n of names) {
        if (within(n, zone) && (await validates(st, n))) return true;
      }
      return false;
    }

    case 'exists':
      // RFC 7208 §5.7: always an A query, whatever the client's family.
      return (await mechanismLookup(st, m, domain, 'A')) !== undefined;

    case 'include': {
      const name = await target(st, m.domainTokens, domain);
      // RFC 7208 §5.2: the included policy is evaluated with its own <domain>, explanations off.
      const inner = await evaluateDomain(st, name, false);
      switch (inner.result) {
        case 'pass':
          return true;
        case 'fail':
        case 'softfail':
        case 'neutral':
          return false;
        case 'temperror':
        case 'permerror':
          throw new Abort({ result: inner.result, ...(inner.problem ? { problem: inner.problem } : {}) });
        case 'none':
          throw new Abort(permerror(domain, 'include_none', `include:${name} has no SPF record (RFC 7208 §5.2)`, m.text));
      }
    }
  }
  return false;
}

/** RFC 7208 §6.2: the explanation, or undefined whenever anything about it is wrong. */
async function explanation(st: State, record: SpfRecord, domain: string): Promise<string | undefined> {
  if (!record.exp) return undefined;
  const ctx = macroContext(st, domain);
  const name = await expandDomainSpec(record.exp.tokens, ctx);
  if (!isQueryableName(name)) return undefined;
  const a = await query(st, name, 'TXT');
  if (a.status !== 'ok' || a.records.length !== 1) return undefined;
  const parsed = parseMacroString(txtValue(a.records[0]!), { explanation: true });
  if (!parsed.ok) return undefined;
  return expandMacroString(parsed.tokens, ctx);
}

/** The SPF record of `domain` (RFC 7208 §4.4, §4.5), or the outcome that replaces evaluation. */
async function fetchRecord(st: State, domain: string): Promise<{ record: SpfRecord } | Outcome> {
  const name = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  if (!isValidDomain(name)) return { result: 'none' };
  const txt = await query(st, name, 'TXT');
  if (txt.status === 'error') return { result: 'temperror', problem: { code: txt.code, domain: name, detail: txt.detail } };
  if (txt.status === 'void') return { result: 'none' };
  const spf = selectSpfRecords(txt.records.map((r) => txtValue(r)));
  if (spf.length === 0) return { result: 'none' };
  if (spf.length > 1) return permerror(name, 'multiple_records', `${spf.length} SPF records (RFC 7208 §4.5)`);
  const parsed = parseSpfRecord(spf[0]!);
  if (!parsed.ok) {
    const e = parsed.errors[0]!;
    return permerror(name, e.code, `${e.message} (${e.rfc})`, e.term);
  }
  return { record: parsed.record };
}

async function evaluateDomain(st: State, domain: string, explain: boolean): Promise<Outcome> {
  const fetched = await fetchRecord(st, domain);
  if (!('record' in fetched)) return fetched;
  const record = fetched.record;
  let decided: Outcome | undefined;
  try {
    for (const m of record.mechanisms) {
      if (await matches(st, m, domain)) {
        decided = { result: QUALIFIER_RESULT[m.qualifier], mechanism: { domain, term: m.text } };
        break;
      }
    }
    // RFC 7208 §5.1, §6.1: redirect applies only when nothing matched and there is no "all".
    if (!decided && record.redirect && !record.mechanisms.some((m) => m.kind === 'all')) {
      countDnsTerm(st, domain, record.redirect.text);
      const name = await target(st, record.redirect.tokens, domain);
      const inner = await evaluateDomain(st, name, explain);
      // §6.1: a redirect to a domain without a record is a permerror, not "none".
      if (inner.result === 'none') return permerror(domain, 'redirect_none', `redirect=${name} has no SPF record (RFC 7208 §6.1)`, record.redirect.text);
      return inner;
    }
  } catch (e) {
    if (e instanceof Abort) return e.outcome;
    throw e;
  }
  // RFC 7208 §4.7: no match and no redirect → neutral.
  decided ??= { result: 'neutral' };
  if (decided.result === 'fail' && explain) {
    const text = await explanation(st, record, domain);
    if (text !== undefined) decided.explanation = text;
  }
  return decided;
}

/** RFC 7208 §4: check_host(<ip>, <domain>, <sender>). */
export async function checkHost(input: CheckHostInput, resolver: DnsResolver, options: CheckHostOptions = {}): Promise<CheckHostResult> {
  const parsedIp = parseIp(input.ip.trim());
  if (!parsedIp) throw new TypeError(`not an IP address: ${input.ip}`);
  const now = options.now ?? (() => Date.now());
  // RFC 7208 §4.3: a sender without a local-part is treated as postmaster@domain.
  const at = input.sender.lastIndexOf('@');
  const localPart = at < 0 ? '' : input.sender.slice(0, at);
  const senderDomain = at < 0 ? input.sender : input.sender.slice(at + 1);
  const st: State = {
    resolver,
    ip: unmapIPv4(parsedIp),
    localPart: localPart || 'postmaster',
    senderDomain,
    sender: `${localPart || 'postmaster'}@${senderDomain}`,
    helo: input.helo ?? 'unknown',
    receiver: options.receiver ?? 'unknown',
    now,
    deadline: now() + (options.timeoutMs ?? 20_000),
    ...(options.signal ? { signal: options.signal } : {}),
    maxTerms: options.maxDnsTerms ?? 10,
    maxVoid: options.maxVoidLookups ?? 2,
    dnsTerms: 0,
    voidLookups: 0,
    validated: new Map(),
  };
  const outcome = await evaluateDomain(st, input.domain, options.explain ?? true);
  return {
    result: outcome.result,
    ...(outcome.explanation !== undefined ? { explanation: outcome.explanation } : {}),
    ...(outcome.mechanism ? { mechanism: outcome.mechanism } : {}),
    ...(outcome.problem ? { problem: outcome.problem } : {}),
    dnsTerms: st.dnsTerms,
    voidLookups: st.voidLookups,
  };
}
