/**
 * The SPF term interpreter (RFC 7208 §4.4–§6): the one place that decides which terms of a policy
 * are evaluated and in which order, what counts towards the limits of §4.6.4 (10 DNS-querying
 * terms, 2 void lookups, 10 MX names per mx), how include and redirect recurse, what a loop is,
 * and where an `all` ends evaluation.
 *
 * Two callers run it:
 * - check_host() (evaluate.ts) with a concrete client IP: the first matching mechanism decides, and
 *   the first condition of permerror or temperror ends the evaluation.
 * - the static analysis (analyze.ts) without a client, `exhaustive`: evaluation as for a client
 *   that no mechanism but `all` lists. check_host() stops at the first match, so this reaches every
 *   term any client can reach and its counts are the maximum over all clients. It does not stop at
 *   a limit or an error either: it records them and goes on, so one run reports every problem.
 *
 * Everything else the callers do (macro expansion, PTR validation, explanations, the analysis'
 * findings) is built on the trace this returns.
 */
import {
  DnsError,
  recordText,
  txtValue,
  type DnsRecord,
  type DnsResolver,
  type LookupResult,
  type QueryType,
  type RecordOfType,
} from '../dns';
import { inCidr, parseIp, unmapIPv4, type IpAddress } from './ip';
import type { MacroToken } from './macro';
import {
  isDnsMechanism,
  parseSpfRecord,
  selectSpfRecords,
  type Mechanism,
  type Modifier,
  type Qualifier,
  type SpfRecord,
  type SpfSyntaxError,
  type SpfSyntaxErrorCode,
} from './parse';

/** RFC 7208 §2.6: the results of check_host(). */
export const SPF_RESULTS = ['none', 'neutral', 'pass', 'fail', 'softfail', 'temperror', 'permerror'] as const;
export type SpfResult = (typeof SPF_RESULTS)[number];

/** RFC 7208 §4.6.4: at most 10 mechanisms and modifiers that query DNS (include, a, mx, ptr, exists, redirect). */
export const MAX_DNS_TERMS = 10;
/** RFC 7208 §4.6.4: at most 2 lookups that return no answer (NOERROR without records, or NXDOMAIN). */
export const MAX_VOID_LOOKUPS = 2;
/** RFC 7208 §4.6.4: the MX answer of one mx mechanism may name at most 10 hosts. */
export const MAX_MX_NAMES = 10;

export type SpfProblemCode =
  | SpfSyntaxErrorCode
  | 'multiple_records'
  | 'dns_error'
  | 'timeout'
  | 'too_many_dns_terms'
  | 'too_many_void_lookups'
  | 'too_many_mx_names'
  | 'include_none'
  | 'redirect_none'
  /** include or redirect back to a record already on the path: evaluation could only end at a limit */
  | 'loop';

/** Why an evaluation ended (or, in exhaustive mode, would end) in permerror or temperror. */
export interface SpfProblem {
  code: SpfProblemCode;
  /** domain whose record (or lookup) caused it */
  domain: string;
  term?: string;
  detail: string;
}

export interface Outcome {
  result: SpfResult;
  /** the term that decided the result and the domain whose record holds it */
  mechanism?: { domain: string; term: string };
  explanation?: string;
  problem?: SpfProblem;
}

/** One DNS query, in a form ready for evidence. */
export interface LookupLog {
  name: string;
  type: QueryType;
  /** response code, or the transport failure (`TIMEOUT`, `NETWORK`, …) */
  rcode: string;
  records: string[];
  server?: string;
  error?: string;
}

/** A DNS answer as SPF sees it (RFC 7208 §5: NXDOMAIN is "no records"; other rcodes are errors). */
export type Answer<R extends DnsRecord = DnsRecord> = { name: string; type: QueryType; log: LookupLog } & (
  { status: 'ok'; records: R[] } | { status: 'void'; rcode: string } | { status: 'error'; code: 'dns_error' | 'timeout'; detail: string }
);

export function answerFromResult<R extends DnsRecord>(result: LookupResult<R>): Answer<R> {
  const log: LookupLog = {
    name: result.name,
    type: result.type,
    rcode: result.rcode,
    records: result.records.map(recordText),
    ...(result.server ? { server: result.server } : {}),
  };
  const base = { name: result.name, type: result.type, log };
  // RFC 7208 §5: NXDOMAIN is treated as NOERROR with no answers.
  if (result.rcode === 'NXDOMAIN') return { ...base, status: 'void', rcode: 'NXDOMAIN' };
  if (result.rcode !== 'NOERROR')
    return { ...base, status: 'error', code: 'dns_error', detail: `${result.type} ${result.name}: ${result.rcode}` };
  if (result.records.length === 0) return { ...base, status: 'void', rcode: 'NOERROR' };
  return { ...base, status: 'ok', records: result.records };
}

export function answerFromError(name: string, type: QueryType, error: unknown, code: 'dns_error' | 'timeout' = 'dns_error'): Answer<never> {
  const message = error instanceof Error ? error.message : String(error);
  const rcode = error instanceof DnsError ? error.kind.toUpperCase() : code === 'timeout' ? 'TIMEOUT' : 'ERROR';
  const base = { name, type, log: { name, type, rcode, records: [], error: message } };
  // A name DNS cannot carry (e.g. a label over 63 octets after macro expansion) does not exist.
  if (error instanceof DnsError && error.kind === 'invalid_name') return { ...base, status: 'void', rcode: 'NXDOMAIN' };
  return { ...base, status: 'error', code, detail: `${type} ${name}: ${message}` };
}

/** One query through a resolver, its failure turned into an answer. */
export async function queryResolver<T extends QueryType>(resolver: DnsResolver, name: string, type: T): Promise<Answer<RecordOfType<T>>> {
  try {
    return answerFromResult(await resolver.lookup(name, type));
  } catch (error) {
    return answerFromError(name, type, error);
  }
}

/** What the interpreter needs from DNS; callers add caching, logging, deadlines. */
export interface SpfDns {
  query<T extends QueryType>(name: string, type: T): Promise<Answer<RecordOfType<T>>>;
}

/** The client of a concrete evaluation. */
export interface SpfClient {
  ip: IpAddress;
  /** RFC 7208 §5.5: whether a validated PTR name of the client lies within `zone` */
  ptrMatches(zone: string): Promise<boolean>;
}

export interface WalkEnv {
  dns: SpfDns;
  /**
   * The <target-name> of a domain-spec (RFC 7208 §4.8), or undefined when it cannot be known
   * (macros, in an analysis without a message).
   */
  target(tokens: readonly MacroToken[] | undefined, domain: string): Promise<string | undefined>;
  /** the client; without one, no mechanism but `all` matches */
  client?: SpfClient;
  /** record problems and go on instead of ending the evaluation at the first one */
  exhaustive?: boolean;
  maxDnsTerms?: number;
  maxVoidLookups?: number;
  /** records fetched at most (default unlimited; check_host() is bounded by the DNS-term limit) */
  maxRecords?: number;
  /** RFC 7208 §6.2: the explanation for a "fail" decided in a record of the root's redirect chain */
  explain?(record: SpfRecord, domain: string): Promise<string | undefined>;
}

/** Which terms of a record evaluation can reach (RFC 7208 §4.6.2, §5.1, §6.1). */
export interface EvaluationPlan {
  /** mechanisms tried in order until one matches: those up to and including the first `all` */
  mechanisms: Mechanism[];
  /** that first `all`: it always matches, so evaluation of the record ends there (§5.1) */
  all?: Mechanism;
  /** mechanisms after that `all`: never evaluated (§5.1) */
  unreachable: Mechanism[];
  /** redirect, applied when no mechanism matched (§6.1) */
  redirect?: Modifier;
  /** redirect beside an `all` mechanism: ignored (§6.1) */
  ignoredRedirect?: Modifier;
}

export function evaluationPlan(record: SpfRecord): EvaluationPlan {
  const at = record.mechanisms.findIndex((m) => m.kind === 'all');
  if (at < 0) return { mechanisms: record.mechanisms, unreachable: [], ...(record.redirect ? { redirect: record.redirect } : {}) };
  return {
    mechanisms: record.mechanisms.slice(0, at + 1),
    all: record.mechanisms[at]!,
    unreachable: record.mechanisms.slice(at + 1),
    // §6.1: "any redirect modifier MUST be ignored if there is an all mechanism anywhere in the record"
    ...(record.redirect ? { ignoredRedirect: record.redirect } : {}),
  };
}

export type RecordStatus =
  | 'ok'
  /** no SPF record at the name */
  | 'none'
  /** the name does not exist (NXDOMAIN) */
  | 'not_found'
  | 'multiple'
  | 'syntax_error'
  | 'dns_error'
  /** the target is not a name DNS can query (RFC 7208 §4.3) */
  | 'invalid_name'
  /** the name is already on the include/redirect path */
  | 'loop'
  /** the target uses macros and cannot be known without a message */
  | 'not_followed'
  /** the walk stopped fetching records (`maxRecords`) */
  | 'truncated';

/** One record as the evaluation met it. */
export interface RecordTrace {
  domain: string;
  via: 'root' | 'include' | 'redirect';
  /** the include or redirect term that leads here */
  term?: Mechanism | Modifier;
  status: RecordStatus;
  /** the TXT lookup of the name */
  txt?: Answer<RecordOfType<'TXT'>>;
  /** the SPF record (strings joined) and its TXT character-strings */
  text?: string;
  strings?: string[];
  /** the parsed record (status ok) */
  record?: SpfRecord;
  errors: SpfSyntaxError[];
  plan?: EvaluationPlan;
  /** the terms evaluated, in evaluation order */
  terms: TermTrace[];
  /** DNS-querying terms of this record itself (§4.6.4) */
  dnsTerms: number;
  outcome: Outcome;
}

/** One evaluated term. */
export interface TermTrace {
  term: Mechanism | Modifier;
  /** counted as a DNS-querying term */
  counted: boolean;
  /** the name its domain-spec came to */
  target?: string;
  /** the target could not be known (macros without a message) */
  unresolved: boolean;
  /** the term's own lookups (include and redirect: in the child's trace) */
  answers: Answer[];
  /** the lookup that counted as void (§4.6.4) */
  void?: Answer;
  /** mx: the host names of the MX answer */
  mxNames?: string[];
  problems: SpfProblem[];
  /** include or redirect target */
  child?: RecordTrace;
  matched: boolean;
}

export interface Walk {
  root: RecordTrace;
  outcome: Outcome;
  dnsTerms: number;
  voidLookups: number;
}

const QUALIFIER_RESULT: Record<Qualifier, SpfResult> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

const strip = (name: string) => (name.endsWith('.') ? name.slice(0, -1) : name);

/** RFC 1035 §2.3.4 limits: a name DNS can query. */
export function isQueryableName(name: string): boolean {
  if (name === '' || name.length > 253) return false;
  return name.split('.').every((label) => label.length > 0 && label.length <= 63);
}

/** RFC 7208 §4.3: a <domain> that is malformed or not multi-label yields "none". */
export function isValidDomain(domain: string): boolean {
  const name = strip(domain);
  if (name.startsWith('[')) return false;
  return isQueryableName(name) && name.includes('.');
}

const permerror = (domain: string, code: SpfProblemCode, detail: string, term?: string): Outcome & { problem: SpfProblem } => ({
  result: 'permerror',
  problem: { code, domain, detail, ...(term ? { term } : {}) },
});

class Abort {
  constructor(readonly outcome: Outcome) {}
}

/** Per-record evaluation state. */
interface Frame {
  trace: RecordTrace;
  /** exhaustive mode: the first problem, where check_host() would have ended */
  firstProblem?: Outcome;
}

/** Runs the evaluation of `domain`'s policy (RFC 7208 §4) under `env`. */
export async function walkSpf(domain: string, env: WalkEnv): Promise<Walk> {
  const walker = new Walker(env);
  const root = await walker.record(strip(domain), 'root', undefined, [], env.explain !== undefined);
  return { root, outcome: root.outcome, dnsTerms: walker.dnsTerms, voidLookups: walker.voidLookups };
}

class Walker {
  dnsTerms = 0;
  voidLookups = 0;
  private records = 0;
  private readonly maxTerms: number;
  private readonly maxVoid: number;
  private readonly maxRecords: number;

  constructor(private readonly env: WalkEnv) {
    this.maxTerms = env.maxDnsTerms ?? MAX_DNS_TERMS;
    this.maxVoid = env.maxVoidLookups ?? MAX_VOID_LOOKUPS;
    this.maxRecords = env.maxRecords ?? Number.POSITIVE_INFINITY;
  }

  /** Address record types an a or mx target is looked up for: the client's family, or both without a client. */
  private addressTypes(): ('A' | 'AAAA')[] {
    const client = this.env.client;
    return client ? [client.ip.version === 4 ? 'A' : 'AAAA'] : ['A', 'AAAA'];
  }

  /** The queries a term makes for its target (mx hosts and ptr names depend on the client and come later). */
  private queriesOf(kind: Mechanism['kind'] | 'redirect'): QueryType[] {
    switch (kind) {
      case 'a':
        return this.addressTypes();
      case 'mx':
        return ['MX'];
      // RFC 7208 §5.7: always an A query, whatever the client's family.
      case 'exists':
        return ['A'];
      case 'include':
      case 'redirect':
        return ['TXT'];
      default:
        return [];
    }
  }

  /** A condition of permerror or temperror: ends the evaluation, or in exhaustive mode is noted. */
  private fail(frame: Frame, t: TermTrace, outcome: Outcome & { problem: SpfProblem }): void {
    t.problems.push(outcome.problem);
    frame.firstProblem ??= outcome;
    if (!this.env.exhaustive) throw new Abort(outcome);
  }

  private countTerm(frame: Frame, t: TermTrace): void {
    t.counted = true;
    frame.trace.dnsTerms++;
    this.dnsTerms++;
    // RFC 7208 §4.6.4: more than 10 DNS-querying terms → permerror.
    if (this.dnsTerms === this.maxTerms + 1) {
      this.fail(
        frame,
        t,
        permerror(frame.trace.domain, 'too_many_dns_terms', `more than ${this.maxTerms} DNS-querying terms (RFC 7208 §4.6.4)`, t.term.text),
      );
    }
  }

  private countVoid(frame: Frame, t: TermTrace, answer: Answer): void {
    t.void = answer;
    this.voidLookups++;
    // RFC 7208 §4.6.4: more than 2 void lookups → permerror.
    if (this.voidLookups === this.maxVoid + 1) {
      this.fail(
        frame,
        t,
        permerror(
          frame.trace.domain,
          'too_many_void_lookups',
          `more than ${this.maxVoid} lookups returned no answer (RFC 7208 §4.6.4), last: ${answer.name}`,
          t.term.text,
        ),
      );
    }
  }

  private dnsFailure(frame: Frame, t: TermTrace, a: { code: 'dns_error' | 'timeout'; detail: string }): void {
    this.fail(frame, t, {
      result: 'temperror',
      problem: { code: a.code, domain: frame.trace.domain, detail: a.detail, term: t.term.text },
    });
  }

  private async target(t: TermTrace, tokens: readonly MacroToken[] | undefined, domain: string): Promise<string | undefined> {
    const name = await this.env.target(tokens, domain);
    if (name === undefined) t.unresolved = true;
    else t.target = name;
    return name;
  }

  /**
   * The lookups of an a, mx or exists target: a DNS error is temperror (§5), no records of any asked
   * type is one void lookup (§4.6.4). Undefined when there is nothing to match.
   */
  private async targetLookup(frame: Frame, t: TermTrace, name: string, types: QueryType[]): Promise<DnsRecord[] | undefined> {
    const answers = await Promise.all(types.map((type) => this.env.dns.query(name, type)));
    t.answers.push(...answers);
    for (const a of answers) {
      if (a.status === 'error') {
        this.dnsFailure(frame, t, a);
        return undefined;
      }
    }
    const records = answers.flatMap((a) => (a.status === 'ok' ? a.records : []));
    if (records.length === 0) {
      this.countVoid(frame, t, answers[0]!);
      return undefined;
    }
    return records;
  }

  private addressMatches(m: Mechanism, address: string): boolean {
    const client = this.env.client;
    const parsed = parseIp(address);
    if (!client || !parsed) return false;
    return inCidr(client.ip, unmapIPv4(parsed), client.ip.version === 4 ? (m.cidr4 ?? 32) : (m.cidr6 ?? 128));
  }

  /** Exhaustive mode: every planned term will be evaluated, so their lookups can start together. */
  private warm(plan: EvaluationPlan, domain: string): void {
    const terms: (Mechanism | Modifier)[] = [...plan.mechanisms, ...(plan.redirect ? [plan.redirect] : [])];
    for (const term of terms) {
      const kind = term.type === 'mechanism' ? term.kind : 'redirect';
      const types = this.queriesOf(kind);
      if (types.length === 0) continue;
      const tokens = term.type === 'mechanism' ? term.domainTokens : term.tokens;
      void (async () => {
        const name = await this.env.target(tokens, domain);
        if (name === undefined || !isQueryableName(name)) return;
        if ((kind === 'include' || kind === 'redirect') && (!isValidDomain(name) || this.records >= this.maxRecords)) return;
        await Promise.all(types.map((type) => this.env.dns.query(name, type)));
      })().catch(() => {});
    }
  }

  async record(
    domain: string,
    via: RecordTrace['via'],
    term: Mechanism | Modifier | undefined,
    path: string[],
    explain: boolean,
  ): Promise<RecordTrace> {
    const trace: RecordTrace = {
      domain,
      via,
      ...(term ? { term } : {}),
      status: 'ok',
      errors: [],
      terms: [],
      dnsTerms: 0,
      outcome: { result: 'none' },
    };
    if (!isValidDomain(domain)) {
      trace.status = 'invalid_name';
      return trace;
    }
    if (path.includes(domain.toLowerCase())) {
      // The record would be evaluated again, the same way, until a limit of §4.6.4 ends it.
      trace.status = 'loop';
      trace.outcome = permerror(
        domain,
        'loop',
        `${[...path, domain].join(' → ')}: the records refer to each other in a loop (RFC 7208 §4.6.4)`,
        term?.text,
      );
      return trace;
    }
    if (this.records >= this.maxRecords) {
      trace.status = 'truncated';
      trace.outcome = { result: 'neutral' };
      return trace;
    }
    this.records++;
    const record = await this.fetch(trace);
    if (!record) return trace;

    const plan = evaluationPlan(record);
    trace.plan = plan;
    if (this.env.exhaustive) this.warm(plan, domain);
    const frame: Frame = { trace };
    const here = [...path, domain.toLowerCase()];
    let decided: Outcome | undefined;
    try {
      // RFC 7208 §4.6.2: mechanisms are evaluated in order; the first match decides. The plan
      // alone says which terms can be reached (it ends at `all`); without a client only `all`
      // matches, so exhaustive mode walks the whole plan.
      for (const m of plan.mechanisms) {
        const t = newTerm(m);
        trace.terms.push(t);
        if (await this.mechanism(frame, t, here)) {
          t.matched = true;
          decided ??= { result: QUALIFIER_RESULT[m.qualifier], mechanism: { domain, term: m.text } };
          if (!this.env.exhaustive) break;
        }
      }
      // RFC 7208 §6.1: redirect applies only when nothing matched (and the record has no `all`, see the plan).
      if (!decided && plan.redirect) decided = await this.redirect(frame, plan.redirect, here, explain);
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
      decided = e.outcome;
    }
    // RFC 7208 §4.7: no match and no redirect → neutral.
    const outcome: Outcome = frame.firstProblem ?? decided ?? { result: 'neutral' };
    if (outcome.result === 'fail' && outcome.mechanism?.domain === domain && explain && this.env.explain) {
      const text = await this.env.explain(record, domain);
      if (text !== undefined) outcome.explanation = text;
    }
    trace.outcome = outcome;
    return trace;
  }

  /** The SPF record of the name (RFC 7208 §4.4, §4.5), or the trace's status says why there is none. */
  private async fetch(trace: RecordTrace): Promise<SpfRecord | undefined> {
    const domain = trace.domain;
    const txt = await this.env.dns.query(domain, 'TXT');
    trace.txt = txt;
    if (txt.status === 'error') {
      trace.status = 'dns_error';
      trace.outcome = { result: 'temperror', problem: { code: txt.code, domain, detail: txt.detail } };
      return undefined;
    }
    if (txt.status === 'void') {
      trace.status = txt.rcode === 'NXDOMAIN' ? 'not_found' : 'none';
      return undefined;
    }
    const spf = selectSpfRecords(txt.records.map(txtValue));
    if (spf.length === 0) {
      trace.status = 'none';
      return undefined;
    }
    if (spf.length > 1) {
      trace.status = 'multiple';
      trace.outcome = permerror(domain, 'multiple_records', `${spf.length} SPF records (RFC 7208 §4.5)`);
      return undefined;
    }
    trace.text = spf[0]!;
    trace.strings = txt.records.find((r) => txtValue(r) === spf[0])!.strings;
    const parsed = parseSpfRecord(trace.text);
    if (!parsed.ok) {
      // RFC 7208 §4.6: any syntax error is a permerror for the whole record.
      trace.status = 'syntax_error';
      trace.errors = parsed.errors;
      const e = parsed.errors[0]!;
      trace.outcome = permerror(domain, e.code, `${e.message} (${e.rfc})`, e.term);
      return undefined;
    }
    trace.record = parsed.record;
    return parsed.record;
  }

  private notFollowed(t: TermTrace, via: 'include' | 'redirect', spec: string): RecordTrace {
    return { domain: spec, via, term: t.term, status: 'not_followed', errors: [], terms: [], dnsTerms: 0, outcome: { result: 'neutral' } };
  }

  private async mechanism(frame: Frame, t: TermTrace, path: string[]): Promise<boolean> {
    const m = t.term as Mechanism;
    const domain = frame.trace.domain;
    const client = this.env.client;
    if (isDnsMechanism(m)) this.countTerm(frame, t);
    switch (m.kind) {
      case 'all':
        return true;

      case 'ip4':
      case 'ip6':
        // RFC 7208 §5.6: an IPv4 client never matches ip6 and vice versa (mapped addresses are IPv4).
        return (
          client !== undefined &&
          m.network !== undefined &&
          inCidr(client.ip, m.network, m.kind === 'ip4' ? (m.cidr4 ?? 32) : (m.cidr6 ?? 128))
        );

      case 'a': {
        const name = await this.target(t, m.domainTokens, domain);
        if (name === undefined || !isQueryableName(name)) return false;
        const records = await this.targetLookup(frame, t, name, this.queriesOf('a'));
        return (records ?? []).some((r) => (r.type === 'A' || r.type === 'AAAA') && this.addressMatches(m, r.address));
      }

      case 'mx': {
        const name = await this.target(t, m.domainTokens, domain);
        if (name === undefined || !isQueryableName(name)) return false;
        const records = await this.targetLookup(frame, t, name, this.queriesOf('mx'));
        if (!records) return false;
        // RFC 7505 null MX ("0 .") names no host.
        const hosts = records.flatMap((r) => (r.type === 'MX' ? [strip(r.exchange)] : [])).filter((h) => h !== '');
        t.mxNames = hosts;
        // RFC 7208 §4.6.4: at most 10 MX names may be looked up, else permerror.
        if (hosts.length > MAX_MX_NAMES) {
          this.fail(
            frame,
            t,
            permerror(
              domain,
              'too_many_mx_names',
              `${name} has ${hosts.length} MX names, more than ${MAX_MX_NAMES} (RFC 7208 §4.6.4)`,
              m.text,
            ),
          );
          return false;
        }
        if (!client) return false;
        for (const host of hosts) {
          if (!isQueryableName(host)) continue;
          const a = await this.env.dns.query(host, this.addressTypes()[0]!);
          t.answers.push(a);
          if (a.status === 'error') {
            this.dnsFailure(frame, t, a);
            return false;
          }
          if (a.status === 'ok' && a.records.some((r) => this.addressMatches(m, r.address))) return true;
        }
        return false;
      }

      case 'ptr': {
        if (!client) return false;
        const zone = await this.target(t, m.domainTokens, domain);
        return zone !== undefined && client.ptrMatches(zone);
      }

      case 'exists': {
        const name = await this.target(t, m.domainTokens, domain);
        if (name === undefined || !isQueryableName(name)) return false;
        const records = await this.targetLookup(frame, t, name, this.queriesOf('exists'));
        return client !== undefined && records !== undefined;
      }

      case 'include': {
        const name = await this.target(t, m.domainTokens, domain);
        if (name === undefined) {
          t.child = this.notFollowed(t, 'include', m.domainSpec ?? '');
          return false;
        }
        // RFC 7208 §5.2: the included policy is evaluated with its own <domain>, explanations off.
        const child = await this.record(strip(name), 'include', m, path, false);
        t.child = child;
        switch (child.outcome.result) {
          case 'pass':
            return client !== undefined;
          case 'fail':
          case 'softfail':
          case 'neutral':
            return false;
          case 'temperror':
          case 'permerror':
            this.fail(frame, t, {
              result: child.outcome.result,
              problem: child.outcome.problem ?? { code: 'dns_error', domain: name, detail: child.outcome.result },
            });
            return false;
          case 'none':
            this.fail(frame, t, permerror(domain, 'include_none', `include:${name} has no SPF record (RFC 7208 §5.2)`, m.text));
            return false;
        }
      }
    }
    return false;
  }

  private async redirect(frame: Frame, r: Modifier, path: string[], explain: boolean): Promise<Outcome> {
    const t = newTerm(r);
    frame.trace.terms.push(t);
    this.countTerm(frame, t);
    const name = await this.target(t, r.tokens, frame.trace.domain);
    if (name === undefined) {
      t.child = this.notFollowed(t, 'redirect', r.value);
      return { result: 'neutral' };
    }
    const child = await this.record(strip(name), 'redirect', r, path, explain);
    t.child = child;
    // §6.1: a redirect to a domain without a record is a permerror, not "none".
    if (child.outcome.result === 'none') {
      const outcome = permerror(frame.trace.domain, 'redirect_none', `redirect=${name} has no SPF record (RFC 7208 §6.1)`, r.text);
      this.fail(frame, t, outcome);
      return outcome;
    }
    if (child.outcome.problem) t.problems.push(child.outcome.problem);
    return child.outcome;
  }
}

function newTerm(term: Mechanism | Modifier): TermTrace {
  return { term, counted: false, unresolved: false, answers: [], problems: [], matched: false };
}
