/**
 * Static SPF analysis: what a domain's policy allows and where it breaks, without a client IP.
 *
 * The evaluation itself is the interpreter's (interpret.ts), the same code check_host() runs: here
 * in exhaustive mode, as for a client that no mechanism but `all` lists. check_host() stops at the
 * first match, so that client reaches every term any client can reach, and the counts of RFC 7208
 * §4.6.4 (DNS-querying terms, void lookups) are the maximum over all clients. Terms after `all`
 * and a redirect beside `all` are never evaluated (§5.1, §6.1): reported, never counted. Targets
 * built from macros (§7) cannot be known without a message: the term counts, its record is not
 * followed (the count is then a lower bound, and the issue `macro_target` says so).
 *
 * This file turns the trace into the tree, the counts and the issues the SPF check reports.
 */
import { txtValue, type DnsResolver, type LookupResult, type QueryType, type RecordOfType } from '../dns';
import { isSubdomainOf } from '../domain-name';
import { hasMacros, type MacroToken } from './macro';
import { parseSpfRecord, selectSpfRecords, type Qualifier, type SpfSyntaxError, type Term } from './parse';
import {
  answerFromResult,
  MAX_DNS_TERMS,
  MAX_MX_NAMES,
  MAX_VOID_LOOKUPS,
  queryResolver,
  walkSpf,
  type Answer,
  type EvaluationPlan,
  type LookupLog,
  type RecordStatus,
  type RecordTrace,
  type SpfDns,
} from './interpret';

export type { LookupLog };

export type SpfNodeStatus = RecordStatus;

export interface SpfNode {
  domain: string;
  via: 'root' | 'include' | 'redirect';
  /** the include or redirect term that leads here */
  term?: string;
  status: SpfNodeStatus;
  record?: string;
  /** the TXT character-strings of the record (RFC 7208 §3.3 joins them without spaces) */
  strings?: string[];
  errors: SpfSyntaxError[];
  /** DNS-querying terms of this record itself, its include and redirect terms included */
  ownLookups: number;
  /** ownLookups plus those of every record below */
  totalLookups: number;
  children: SpfNode[];
  /** the TXT lookup of this name */
  lookup?: LookupLog;
}

export type SpfIssueCode =
  | 'no_record'
  | 'domain_not_found'
  | 'multiple_records'
  | 'syntax_error'
  | 'dns_error'
  | 'include_failed'
  | 'redirect_failed'
  | 'loop'
  | 'too_many_lookups'
  | 'void_lookup'
  | 'too_many_void_lookups'
  | 'too_many_mx_names'
  | 'plus_all'
  | 'neutral_all'
  | 'soft_all'
  | 'no_all'
  | 'ptr_used'
  | 'deprecated_spf_rr'
  | 'long_record'
  | 'string_too_long'
  | 'unknown_modifier'
  | 'terms_after_all'
  | 'redirect_ignored'
  | 'macro_target'
  | 'analysis_truncated';

export interface SpfIssue {
  code: SpfIssueCode;
  /** the name whose record (or lookup) the issue is about */
  domain: string;
  term?: string;
  /** short machine-readable detail (a status, a count, a name) */
  detail?: string;
  /** domains from the assessed one down to `domain` */
  path: string[];
  rfc: string;
  /** DNS lookups that show the issue */
  lookups: LookupLog[];
  errors?: SpfSyntaxError[];
}

export interface VoidLookup {
  /** record holding the term */
  domain: string;
  term: string;
  name: string;
  type: QueryType;
  rcode: string;
}

export interface SpfAnalysis {
  domain: string;
  /** status of the assessed domain's own record */
  status: SpfNodeStatus;
  record?: string;
  strings?: string[];
  /** every v=spf1 record at the domain (more than one is an error) */
  records: string[];
  /** terms of the record */
  terms: Term[];
  tree: SpfNode;
  /** DNS-querying terms evaluation can reach in the whole tree, terms after `all` not counted (RFC 7208 §4.6.4 allows 10) */
  lookupCount: number;
  /** `domain › include › …: count` for every record of the tree */
  chain: string[];
  /** every include target in the tree, depth-first in record order, once each */
  includes: string[];
  voidLookups: VoidLookup[];
  /** qualifier of the `all` that ends evaluation (following redirect), null when there is none */
  allQualifier: Qualifier | null;
  /** the record holding that `all` (or ending without one) */
  terminalDomain?: string;
  /** SPF-type (RR 99) records at the domain, deprecated by RFC 7208 §3.1 */
  spfRrRecords: string[];
  /** RFC 7208 §3.4: the DNS name plus all TXT text at it, in octets */
  txtSize: number;
  issues: SpfIssue[];
  lookups: LookupLog[];
}

export interface AnalyzeOptions {
  /** the TXT lookup of the domain, when the caller already made it */
  rootTxt?: LookupResult<RecordOfType<'TXT'>>;
  /** look for the deprecated SPF RR type (default true) */
  checkSpfRr?: boolean;
  /** stop expanding after this many records (default 60) */
  maxRecords?: number;
  signal?: AbortSignal;
}

const RFC: Record<SpfIssueCode, string> = {
  no_record: 'RFC 7208 §4.5',
  domain_not_found: 'RFC 7208 §4.3',
  multiple_records: 'RFC 7208 §4.5',
  syntax_error: 'RFC 7208 §4.6',
  dns_error: 'RFC 7208 §2.6.6',
  include_failed: 'RFC 7208 §5.2',
  redirect_failed: 'RFC 7208 §6.1',
  loop: 'RFC 7208 §4.6.4',
  too_many_lookups: 'RFC 7208 §4.6.4',
  void_lookup: 'RFC 7208 §4.6.4',
  too_many_void_lookups: 'RFC 7208 §4.6.4',
  too_many_mx_names: 'RFC 7208 §4.6.4',
  plus_all: 'RFC 7208 §5.1',
  neutral_all: 'RFC 7208 §2.6.2',
  soft_all: 'RFC 7208 §2.6.5',
  no_all: 'RFC 7208 §4.7',
  ptr_used: 'RFC 7208 §5.5',
  deprecated_spf_rr: 'RFC 7208 §3.1, §14.1',
  long_record: 'RFC 7208 §3.4',
  string_too_long: 'RFC 7208 §3.3',
  unknown_modifier: 'RFC 7208 §6',
  terms_after_all: 'RFC 7208 §5.1',
  redirect_ignored: 'RFC 7208 §6.1',
  macro_target: 'RFC 7208 §7',
  analysis_truncated: 'RFC 7208 §4.6.4',
};

/** RFC 7208 §3.4: above this, answers may not fit a 512-octet UDP message. */
export const TXT_SIZE_GUIDELINE = 450;
/** RFC 1035 §3.3: a character-string holds at most 255 octets. */
export const MAX_STRING_LENGTH = 255;

const strip = (name: string) => (name.endsWith('.') ? name.slice(0, -1) : name).toLowerCase();

/** Literal text of a domain-spec without macros (%% %_ %- are literals already). */
function literalName(tokens: readonly MacroToken[]): string {
  return strip(tokens.map((t) => (t.type === 'literal' ? t.text : '')).join(''));
}

/** RFC 7208 §7: without a message, a domain-spec with macros has no known target. */
async function staticTarget(tokens: readonly MacroToken[] | undefined, domain: string): Promise<string | undefined> {
  if (!tokens) return domain;
  return hasMacros(tokens) ? undefined : literalName(tokens);
}

const FOLLOWED_OK: ReadonlySet<RecordStatus> = new Set(['ok', 'loop', 'not_followed', 'truncated']);

export async function analyzeSpf(domain: string, resolver: DnsResolver, options: AnalyzeOptions = {}): Promise<SpfAnalysis> {
  const root = strip(domain);
  const maxRecords = options.maxRecords ?? 60;
  const lookups: LookupLog[] = [];
  const cache = new Map<string, Promise<Answer>>();
  const aborted = () => options.signal?.aborted === true;

  // Each name and type is asked once per analysis; the log keeps every answer for evidence.
  const dns: SpfDns = {
    query<T extends QueryType>(name: string, type: T): Promise<Answer<RecordOfType<T>>> {
      const key = `${type} ${name}`;
      let p = cache.get(key);
      if (!p) {
        p = (async (): Promise<Answer> => {
          if (aborted()) throw new Error('analysis aborted');
          const answer =
            type === 'TXT' && name === root && options.rootTxt
              ? answerFromResult(options.rootTxt)
              : await queryResolver(resolver, name, type);
          if (aborted()) throw new Error('analysis aborted');
          lookups.push(answer.log);
          return answer;
        })();
        cache.set(key, p);
      }
      return p as Promise<Answer<RecordOfType<T>>>;
    },
  };

  const walk = await walkSpf(root, { dns, target: staticTarget, exhaustive: true, maxRecords });

  const issues: SpfIssue[] = [];
  const voidLookups: VoidLookup[] = [];
  let truncated = false;
  const issue = (code: SpfIssueCode, name: string, path: string[], extra: Partial<SpfIssue> = {}) =>
    issues.push({ code, domain: name, path, rfc: RFC[code], lookups: [], ...extra });

  /** The tree node of a record, its issues reported in record order, depth first. */
  const build = (t: RecordTrace, path: string[], passThrough: boolean): SpfNode => {
    const node: SpfNode = {
      domain: t.domain,
      via: t.via,
      ...(t.term ? { term: t.term.text } : {}),
      status: t.status,
      ...(t.text !== undefined ? { record: t.text } : {}),
      ...(t.strings ? { strings: t.strings } : {}),
      errors: t.errors,
      ownLookups: t.dnsTerms,
      totalLookups: 0,
      children: [],
      ...(t.txt ? { lookup: t.txt.log } : {}),
    };
    const here = [...path, t.domain];
    const txtLog = t.txt ? [t.txt.log] : [];
    if (t.status === 'truncated') truncated = true;
    // Evaluation would recurse until the limit of 10 DNS terms: a permerror for every message.
    if (t.status === 'loop') issue('loop', t.domain, here, t.term ? { term: t.term.text } : {});
    if (t.strings && t.txt?.status === 'ok') {
      for (const s of t.strings) {
        if (s.length > MAX_STRING_LENGTH) issue('string_too_long', t.domain, here, { detail: String(s.length), lookups: txtLog });
      }
      // RFC 7208 §3.4 applies to every name evaluation queries; report it for the names the
      // assessed organisation controls (its domain and subdomains), where it can act on it.
      const size = txtSizeOf(t.domain, t.txt.records);
      if (isSubdomainOf(t.domain, root) && size > TXT_SIZE_GUIDELINE)
        issue('long_record', t.domain, here, { detail: String(size), lookups: txtLog });
    }
    if (!t.record || !t.plan) return node;
    const plan = t.plan;
    const evaluated = new Map(t.terms.map((x) => [x.term, x]));
    for (const term of t.record.terms) {
      const at = { term: term.text, lookups: txtLog };
      if (term.type === 'modifier') {
        // RFC 7208 §6.1: redirect is ignored when the record has an "all" mechanism.
        if (term === plan.ignoredRedirect) issue('redirect_ignored', t.domain, here, at);
        else if (term.name !== 'redirect' && term.name !== 'exp') issue('unknown_modifier', t.domain, here, at);
      }
      const e = evaluated.get(term);
      // RFC 7208 §5.1: terms after "all" are never evaluated; `terms_after_all` below names them.
      if (!e) continue;
      if (term.type === 'mechanism') {
        // RFC 7208 §5.1: "+all" lets every host pass, also when reached through include.
        if (term.kind === 'all' && term.qualifier === '+' && passThrough) issue('plus_all', t.domain, here, at);
        if (term.kind === 'ptr') issue('ptr_used', t.domain, here, at);
      }
      if (e.unresolved && (term.type === 'modifier' || term.kind === 'include')) issue('macro_target', t.domain, here, at);
      const name = e.target ?? t.domain;
      if (e.answers.some((a) => a.status === 'error')) {
        issue('dns_error', t.domain, here, { term: term.text, detail: name, lookups: e.answers.map((a) => a.log) });
      } else if (e.void) {
        voidLookups.push({
          domain: t.domain,
          term: term.text,
          name,
          type: e.void.type,
          rcode: e.void.status === 'void' ? e.void.rcode : '',
        });
        issue('void_lookup', t.domain, here, { term: term.text, detail: name, lookups: [e.void.log] });
      }
      // RFC 7208 §4.6.4: more than 10 MX names make the mx mechanism a permerror.
      if (e.mxNames && e.mxNames.length > MAX_MX_NAMES) {
        issue('too_many_mx_names', t.domain, here, {
          term: term.text,
          detail: String(e.mxNames.length),
          lookups: e.answers.slice(0, 1).map((a) => a.log),
        });
      }
      if (!e.child) continue;
      const child = e.child;
      node.children.push(build(child, here, term.type === 'mechanism' ? passThrough && term.qualifier === '+' : passThrough));
      if (FOLLOWED_OK.has(child.status)) continue;
      const code = child.status === 'dns_error' ? 'dns_error' : child.via === 'include' ? 'include_failed' : 'redirect_failed';
      issue(code, child.domain, [...here, child.domain], {
        term: term.text,
        detail: child.status,
        lookups: child.txt ? [...txtLog, child.txt.log] : txtLog,
        ...(child.errors.length ? { errors: child.errors } : {}),
      });
    }
    if (plan.all && plan.unreachable.length > 0) {
      issue('terms_after_all', t.domain, here, {
        term: plan.all.text,
        detail: plan.unreachable.map((m) => m.text).join(' '),
        lookups: txtLog,
      });
    }
    node.totalLookups = node.ownLookups + node.children.reduce((sum, c) => sum + c.totalLookups, 0);
    return node;
  };

  const tree = build(walk.root, [], true);
  const rootTxt = tree.lookup ? [tree.lookup] : [];
  const rootAnswer = walk.root.txt;

  let txtSize = 0;
  let allSpf: string[] = [];
  if (rootAnswer?.status === 'ok') {
    txtSize = txtSizeOf(root, rootAnswer.records);
    allSpf = selectSpfRecords(rootAnswer.records.map(txtValue));
  } else if (rootAnswer?.status === 'void' && rootAnswer.rcode === 'NOERROR') {
    txtSize = root.length;
  }

  switch (tree.status) {
    case 'not_found':
      issue('domain_not_found', root, [root], { lookups: rootTxt });
      break;
    case 'none':
    case 'invalid_name':
      issue('no_record', root, [root], { lookups: rootTxt });
      break;
    case 'multiple':
      issue('multiple_records', root, [root], { detail: String(allSpf.length), lookups: rootTxt });
      break;
    case 'syntax_error':
      issue('syntax_error', root, [root], { errors: tree.errors, lookups: rootTxt });
      break;
    case 'dns_error':
      issue('dns_error', root, [root], { lookups: rootTxt });
      break;
    default:
      break;
  }

  if (truncated) issue('analysis_truncated', root, [root], { detail: String(maxRecords) });

  const lookupCount = tree.totalLookups;
  const chain: string[] = [];
  const includes: string[] = [];
  const walkTree = (n: SpfNode, path: string[]) => {
    const p = [...path, n.via === 'root' ? n.domain : `${n.via === 'include' ? 'include:' : 'redirect='}${n.domain}`];
    if (n.status === 'ok') chain.push(`${p.join(' › ')}: ${n.totalLookups}`);
    if (n.via === 'include' && n.status !== 'not_followed' && !includes.includes(n.domain)) includes.push(n.domain);
    for (const c of n.children) walkTree(c, p);
  };
  walkTree(tree, []);
  // RFC 7208 §4.6.4: more than 10 DNS-querying terms → permerror.
  if (tree.status === 'ok' && lookupCount > MAX_DNS_TERMS)
    issue('too_many_lookups', root, [root], { detail: String(lookupCount), lookups: rootTxt });
  // RFC 7208 §4.6.4: more than two void lookups → permerror.
  if (voidLookups.length > MAX_VOID_LOOKUPS) {
    const shown = voidLookups.flatMap((v) => lookups.filter((l) => l.name === v.name && l.type === v.type));
    issue('too_many_void_lookups', root, [root], { detail: String(voidLookups.length), lookups: shown });
  }

  // The `all` that ends evaluation: the record's own, or the redirect target's (§6.1).
  let allQualifier: Qualifier | null = null;
  let terminal: RecordTrace | undefined;
  const terminalPath: string[] = [];
  for (let n: RecordTrace | undefined = walk.root; n && n.status === 'ok' && n.plan;) {
    terminalPath.push(n.domain);
    const plan: EvaluationPlan = n.plan;
    const next: RecordTrace | undefined = plan.all ? undefined : n.terms.find((x) => x.term === plan.redirect)?.child;
    if (!next) {
      terminal = n;
      allQualifier = plan.all?.qualifier ?? null;
      break;
    }
    n = next;
  }
  if (terminal) {
    const evidence = terminal.txt ? { lookups: [terminal.txt.log] } : {};
    if (allQualifier === '?') issue('neutral_all', terminal.domain, terminalPath, { term: '?all', ...evidence });
    else if (allQualifier === '~') issue('soft_all', terminal.domain, terminalPath, { term: '~all', ...evidence });
    else if (allQualifier === null) issue('no_all', terminal.domain, terminalPath, evidence);
    // "+all" is reported where it appears (also inside includes).
  }

  let spfRrRecords: string[] = [];
  if ((options.checkSpfRr ?? true) && tree.status !== 'invalid_name') {
    const spfRr = await dns.query(root, 'SPF');
    // Servers that mishandle type 99 are common; only records actually served matter here.
    if (spfRr.status === 'ok') {
      spfRrRecords = spfRr.records.map(txtValue);
      issue('deprecated_spf_rr', root, [root], {
        detail: spfRrRecords.every((r) => r === tree.record) ? 'same' : 'different',
        lookups: [spfRr.log],
      });
    }
  }

  return {
    domain: root,
    status: tree.status,
    ...(tree.record !== undefined ? { record: tree.record } : {}),
    ...(tree.strings ? { strings: tree.strings } : {}),
    records: allSpf,
    terms: walk.root.record ? walk.root.record.terms : tree.record ? parseSpfRecord(tree.record).record.terms : [],
    tree,
    lookupCount,
    chain,
    includes,
    voidLookups,
    allQualifier,
    ...(terminal ? { terminalDomain: terminal.domain } : {}),
    spfRrRecords,
    txtSize,
    issues,
    lookups,
  };
}

/** RFC 7208 §3.4: "the combined length of the DNS name and the text of all the records of a given type". */
function txtSizeOf(name: string, records: readonly RecordOfType<'TXT'>[]): number {
  return name.length + records.reduce((sum, r) => sum + r.strings.reduce((n, x) => n + x.length, 0), 0);
}
