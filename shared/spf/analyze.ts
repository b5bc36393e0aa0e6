/**
 * Static SPF analysis: what a domain's policy allows and where it breaks, without a client IP.
 * Walks the include/redirect tree through DNS and counts, as evaluation of mail from an address
 * the policy does not list would (every term reached), the DNS-querying terms of RFC 7208 §4.6.4.
 */
import { DnsError, recordText, txtValue, type DnsResolver, type LookupResult, type QueryType, type RecordOfType } from '../dns';
import { hasMacros, type MacroToken } from './macro';
import { isDnsMechanism, parseSpfRecord, selectSpfRecords, type Mechanism, type Qualifier, type SpfSyntaxError, type Term } from './parse';
import { isSubdomainOf } from '../domain-name';
import { isQueryableName } from './evaluate';

/** One DNS query made during the analysis, in a form ready for evidence. */
export interface LookupLog {
  name: string;
  type: QueryType;
  /** response code, or the transport failure (`TIMEOUT`, `NETWORK`, …) */
  rcode: string;
  records: string[];
  server?: string;
  error?: string;
}

export type SpfNodeStatus =
  | 'ok'
  /** no SPF record at the name */
  | 'none'
  /** the name does not exist (NXDOMAIN) */
  | 'not_found'
  | 'multiple'
  | 'syntax_error'
  | 'dns_error'
  /** the target is not a name DNS can query */
  | 'invalid_name'
  /** the name is already on the include/redirect path */
  | 'loop'
  /** the target uses macros and depends on the message */
  | 'not_followed'
  /** the analysis stopped expanding the tree */
  | 'truncated';

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
  /** DNS-querying terms in the whole tree (RFC 7208 §4.6.4 allows 10) */
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

function logOf(result: LookupResult): LookupLog {
  return { name: result.name, type: result.type, rcode: result.rcode, records: result.records.map(recordText), ...(result.server ? { server: result.server } : {}) };
}

function errorLog(name: string, type: QueryType, error: unknown): LookupLog {
  const rcode = error instanceof DnsError ? error.kind.toUpperCase() : 'ERROR';
  return { name, type, rcode, records: [], error: error instanceof Error ? error.message : String(error) };
}

type Probe = { ok: true; result: LookupResult; log: LookupLog } | { ok: false; log: LookupLog };

/** Literal text of a domain-spec without macros (%% %_ %- are literals already). */
function literalName(tokens: readonly MacroToken[]): string {
  return strip(tokens.map((t) => (t.type === 'literal' ? t.text : '')).join(''));
}

export async function analyzeSpf(domain: string, resolver: DnsResolver, options: AnalyzeOptions = {}): Promise<SpfAnalysis> {
  const root = strip(domain);
  const maxRecords = options.maxRecords ?? 60;
  const lookups: LookupLog[] = [];
  const cache = new Map<string, Promise<Probe>>();
  // Probes and includes run concurrently; entries carry their place in the tree so the report
  // comes out in record order whatever the DNS timing.
  const issueList: { key: number[]; issue: SpfIssue }[] = [];
  const voidList: { key: number[]; v: VoidLookup }[] = [];
  let late = 0;
  let records = 0;
  let truncated = false;

  const lookup = (name: string, type: QueryType): Promise<Probe> => {
    const key = `${type} ${name}`;
    let p = cache.get(key);
    if (!p) {
      p = (async (): Promise<Probe> => {
        if (options.signal?.aborted) throw new Error('analysis aborted');
        try {
          const result = type === 'TXT' && name === root && options.rootTxt ? options.rootTxt : await resolver.lookup(name, type);
          const log = logOf(result);
          lookups.push(log);
          return { ok: true, result, log };
        } catch (error) {
          if (options.signal?.aborted) throw error;
          const log = errorLog(name, type, error);
          lookups.push(log);
          return { ok: false, log };
        }
      })();
      cache.set(key, p);
    }
    return p;
  };

  const issueAt = (key: number[], code: SpfIssueCode, node: { domain: string }, path: string[], extra: Partial<SpfIssue> = {}) =>
    issueList.push({ key, issue: { code, domain: node.domain, path, rfc: RFC[code], lookups: [], ...extra } });
  /** an issue found after the walk, reported after those of the tree */
  const issue = (code: SpfIssueCode, node: { domain: string }, path: string[], extra: Partial<SpfIssue> = {}) =>
    issueAt([Number.MAX_SAFE_INTEGER, late++], code, node, path, extra);

  const isVoid = (p: Probe) => p.ok && (p.result.rcode === 'NXDOMAIN' || (p.result.rcode === 'NOERROR' && p.result.records.length === 0));
  const isError = (p: Probe) => !p.ok || (p.result.rcode !== 'NOERROR' && p.result.rcode !== 'NXDOMAIN');

  /** Void-lookup and limit probes for a, mx and exists with a literal target. */
  const probe = async (m: Mechanism, node: SpfNode, path: string[], key: number[]): Promise<void> => {
    const issue = (code: SpfIssueCode, n: { domain: string }, p: string[], extra: Partial<SpfIssue> = {}) => issueAt(key, code, n, p, extra);
    if (m.kind !== 'a' && m.kind !== 'mx' && m.kind !== 'exists') return;
    if (m.domainTokens && hasMacros(m.domainTokens)) return;
    const name = m.domainTokens ? literalName(m.domainTokens) : node.domain;
    if (!isQueryableName(name)) return;
    const addVoid = (p: Probe & { ok: true }) => {
      voidList.push({ key, v: { domain: node.domain, term: m.text, name, type: p.result.type, rcode: p.result.rcode } });
      issue('void_lookup', node, path, { term: m.text, detail: name, lookups: [p.log] });
    };
    if (m.kind === 'a') {
      // A name with neither A nor AAAA gives a void lookup to every client.
      const [a, aaaa] = await Promise.all([lookup(name, 'A'), lookup(name, 'AAAA')]);
      if (isError(a) || isError(aaaa)) {
        issue('dns_error', node, path, { term: m.text, detail: name, lookups: [a.log, aaaa.log] });
      } else if (a.ok && isVoid(a) && isVoid(aaaa)) addVoid(a);
      return;
    }
    if (m.kind === 'exists') {
      const a = await lookup(name, 'A');
      if (isError(a)) issue('dns_error', node, path, { term: m.text, detail: name, lookups: [a.log] });
      else if (a.ok && isVoid(a)) addVoid(a);
      return;
    }
    const mx = await lookup(name, 'MX');
    if (isError(mx)) {
      issue('dns_error', node, path, { term: m.text, detail: name, lookups: [mx.log] });
      return;
    }
    if (!mx.ok) return;
    if (isVoid(mx)) {
      addVoid(mx);
      return;
    }
    const hosts = (mx.result.records as RecordOfType<'MX'>[]).filter((r) => r.exchange !== '' && r.exchange !== '.');
    // RFC 7208 §4.6.4: more than 10 MX names make the mx mechanism a permerror.
    if (hosts.length > 10) issue('too_many_mx_names', node, path, { term: m.text, detail: String(hosts.length), lookups: [mx.log] });
  };

  const visit = async (
    name: string,
    via: SpfNode['via'],
    term: string | undefined,
    path: string[],
    passThrough: boolean,
    order: number[],
  ): Promise<SpfNode> => {
    const issue = (code: SpfIssueCode, n: { domain: string }, p: string[], extra: Partial<SpfIssue> = {}, at: number[] = [-1]) =>
      issueAt([...order, ...at], code, n, p, extra);
    const node: SpfNode = { domain: name, via, ...(term ? { term } : {}), status: 'ok', errors: [], ownLookups: 0, totalLookups: 0, children: [] };
    const here = [...path, name];
    if (!isQueryableName(name) || !name.includes('.')) {
      node.status = 'invalid_name';
      return node;
    }
    if (path.includes(name)) {
      // Evaluation would recurse until the limit of 10 DNS terms: a permerror for every message.
      node.status = 'loop';
      issue('loop', node, here, { ...(term ? { term } : {}) });
      return node;
    }
    if (records >= maxRecords) {
      node.status = 'truncated';
      truncated = true;
      return node;
    }
    records++;

    const txt = await lookup(name, 'TXT');
    node.lookup = txt.log;
    if (isError(txt) || !txt.ok) {
      node.status = 'dns_error';
      return node;
    }
    if (txt.result.rcode === 'NXDOMAIN') {
      node.status = 'not_found';
      return node;
    }
    const txtRecords = txt.result.records as RecordOfType<'TXT'>[];
    const spf = selectSpfRecords(txtRecords.map(txtValue));
    if (spf.length === 0) {
      node.status = 'none';
      return node;
    }
    if (spf.length > 1) {
      node.status = 'multiple';
      return node;
    }
    const chosen = txtRecords.find((r) => txtValue(r) === spf[0])!;
    node.record = spf[0]!;
    node.strings = chosen.strings;
    for (const s of chosen.strings) {
      if (s.length > MAX_STRING_LENGTH) issue('string_too_long', node, here, { detail: String(s.length), lookups: [txt.log] });
    }
    // RFC 7208 §3.4 applies to every name evaluation queries; report it for the names the
    // assessed organisation controls (its domain and subdomains), where it can act on it.
    const size = txtSizeOf(name, txtRecords);
    if (isSubdomainOf(name, root) && size > TXT_SIZE_GUIDELINE) issue('long_record', node, here, { detail: String(size), lookups: [txt.log] });
    const parsed = parseSpfRecord(node.record);
    if (!parsed.ok) {
      node.status = 'syntax_error';
      node.errors = parsed.errors;
      return node;
    }
    const record = parsed.record;
    const hasAll = record.mechanisms.some((m) => m.kind === 'all');

    const pending: Promise<void>[] = [];
    const children: { index: number; node: Promise<SpfNode> }[] = [];
    const notFollowed = (spec: string, via: SpfNode['via'], text: string): Promise<SpfNode> =>
      Promise.resolve({ domain: spec, via, term: text, status: 'not_followed', errors: [], ownLookups: 0, totalLookups: 0, children: [] });
    let allSeen: Mechanism | undefined;
    const afterAll: string[] = [];
    record.terms.forEach((t, i) => {
      const at = [i, 0];
      if (t.type === 'modifier') {
        if (t.name === 'redirect') {
          if (hasAll) {
            // RFC 7208 §6.1: redirect is ignored when the record has an "all" mechanism.
            issue('redirect_ignored', node, here, { term: t.text, lookups: [txt.log] }, at);
          } else {
            node.ownLookups++;
            if (hasMacros(t.tokens)) {
              issue('macro_target', node, here, { term: t.text, lookups: [txt.log] }, at);
              children.push({ index: i, node: notFollowed(t.value, 'redirect', t.text) });
            } else {
              children.push({ index: i, node: visit(literalName(t.tokens), 'redirect', t.text, here, passThrough, [...order, i, 1]) });
            }
          }
        } else if (t.name !== 'exp') {
          issue('unknown_modifier', node, here, { term: t.text, lookups: [txt.log] }, at);
        }
        return;
      }
      const m = t;
      // RFC 7208 §5.1: mechanisms after "all" are never evaluated.
      if (allSeen) afterAll.push(m.text);
      if (isDnsMechanism(m)) node.ownLookups++;
      if (m.kind === 'all') {
        allSeen ??= m;
        // RFC 7208 §5.1: "+all" lets every host pass, also when reached through include.
        if (m.qualifier === '+' && passThrough) issue('plus_all', node, here, { term: m.text, lookups: [txt.log] }, at);
      }
      if (m.kind === 'ptr') issue('ptr_used', node, here, { term: m.text, lookups: [txt.log] }, at);
      if (m.kind === 'include') {
        const tokens = m.domainTokens!;
        if (hasMacros(tokens)) {
          issue('macro_target', node, here, { term: m.text, lookups: [txt.log] }, at);
          children.push({ index: i, node: notFollowed(m.domainSpec!, 'include', m.text) });
        } else {
          const target = literalName(tokens);
          children.push({ index: i, node: visit(target, 'include', m.text, here, passThrough && m.qualifier === '+', [...order, i, 1]) });
        }
      }
      pending.push(probe(m, node, here, [...order, ...at]));
    });
    if (allSeen && afterAll.length > 0) {
      issue('terms_after_all', node, here, { term: allSeen.text, detail: afterAll.join(' '), lookups: [txt.log] }, [record.terms.length]);
    }
    await Promise.all(pending);
    node.children = await Promise.all(children.map((c) => c.node));
    node.totalLookups = node.ownLookups + node.children.reduce((sum, c) => sum + c.totalLookups, 0);

    node.children.forEach((child, k) => {
      if (child.status === 'ok' || child.status === 'loop' || child.status === 'not_followed' || child.status === 'truncated') return;
      const code = child.status === 'dns_error' ? 'dns_error' : child.via === 'include' ? 'include_failed' : 'redirect_failed';
      issue(code, child, [...here, child.domain], {
        ...(child.term ? { term: child.term } : {}),
        detail: child.status,
        lookups: child.lookup ? [txt.log, child.lookup] : [txt.log],
        ...(child.errors.length ? { errors: child.errors } : {}),
      }, [children[k]!.index, 2]);
    });
    return node;
  };

  const tree = await visit(root, 'root', undefined, [], true, []);
  const rootTxt = tree.lookup ? [tree.lookup] : [];

  let txtSize = 0;
  let allSpf: string[] = [];
  const rootProbe = tree.lookup ? await lookup(root, 'TXT') : undefined;
  if (rootProbe?.ok && rootProbe.result.rcode === 'NOERROR') {
    const txts = rootProbe.result.records as RecordOfType<'TXT'>[];
    txtSize = txtSizeOf(root, txts);
    allSpf = selectSpfRecords(txts.map(txtValue));
  }

  switch (tree.status) {
    case 'not_found':
      issue('domain_not_found', tree, [root], { lookups: rootTxt });
      break;
    case 'none':
    case 'invalid_name':
      issue('no_record', tree, [root], { lookups: rootTxt });
      break;
    case 'multiple':
      issue('multiple_records', tree, [root], { detail: String(allSpf.length), lookups: rootTxt });
      break;
    case 'syntax_error':
      issue('syntax_error', tree, [root], { errors: tree.errors, lookups: rootTxt });
      break;
    case 'dns_error':
      issue('dns_error', tree, [root], { lookups: rootTxt });
      break;
    default:
      break;
  }

  if (truncated) issue('analysis_truncated', tree, [root], { detail: String(maxRecords) });

  const lookupCount = tree.totalLookups;
  const chain: string[] = [];
  const includes: string[] = [];
  const walk = (n: SpfNode, path: string[]) => {
    const p = [...path, n.via === 'root' ? n.domain : `${n.via === 'include' ? 'include:' : 'redirect='}${n.domain}`];
    if (n.status === 'ok') chain.push(`${p.join(' › ')}: ${n.totalLookups}`);
    if (n.via === 'include' && n.status !== 'not_followed' && !includes.includes(n.domain)) includes.push(n.domain);
    for (const c of n.children) walk(c, p);
  };
  walk(tree, []);
  if (tree.status === 'ok' && lookupCount > 10) issue('too_many_lookups', tree, [root], { detail: String(lookupCount), lookups: rootTxt });
  const voidLookups = voidList.sort((a, b) => compareKeys(a.key, b.key)).map((e) => e.v);
  // RFC 7208 §4.6.4: more than two void lookups → permerror.
  if (voidLookups.length > 2) {
    const shown = voidLookups.flatMap((v) => lookups.filter((l) => l.name === v.name && l.type === v.type));
    issue('too_many_void_lookups', tree, [root], { detail: String(voidLookups.length), lookups: shown });
  }

  // The `all` that ends evaluation: the record's own, or the redirect target's (§6.1).
  let allQualifier: Qualifier | null = null;
  let terminal: SpfNode | undefined;
  const terminalPath: string[] = [];
  for (let n: SpfNode | undefined = tree; n && n.status === 'ok'; ) {
    terminalPath.push(n.domain);
    const all: Mechanism | undefined = parseSpfRecord(n.record!).record.mechanisms.find((m) => m.kind === 'all');
    const next: SpfNode | undefined = all ? undefined : n.children.find((c) => c.via === 'redirect');
    if (!next) {
      terminal = n;
      allQualifier = all?.qualifier ?? null;
      break;
    }
    n = next;
  }
  if (terminal) {
    const evidence = terminal.lookup ? { lookups: [terminal.lookup] } : {};
    if (allQualifier === '?') issue('neutral_all', terminal, terminalPath, { term: '?all', ...evidence });
    else if (allQualifier === '~') issue('soft_all', terminal, terminalPath, { term: '~all', ...evidence });
    else if (allQualifier === null) issue('no_all', terminal, terminalPath, evidence);
    // "+all" is reported where it appears (also inside includes).
  }

  let spfRrRecords: string[] = [];
  if ((options.checkSpfRr ?? true) && tree.status !== 'invalid_name') {
    const spfRr = await lookup(root, 'SPF');
    // Servers that mishandle type 99 are common; only records actually served matter here.
    if (spfRr.ok && spfRr.result.rcode === 'NOERROR' && spfRr.result.records.length > 0) {
      spfRrRecords = (spfRr.result.records as RecordOfType<'SPF'>[]).map(txtValue);
      issue('deprecated_spf_rr', tree, [root], {
        detail: spfRrRecords.every((r) => r === tree.record) ? 'same' : 'different',
        lookups: [spfRr.log],
      });
    }
  }

  const issues = issueList.sort((a, b) => compareKeys(a.key, b.key)).map((e) => e.issue);

  return {
    domain: root,
    status: tree.status,
    ...(tree.record !== undefined ? { record: tree.record } : {}),
    ...(tree.strings ? { strings: tree.strings } : {}),
    records: allSpf,
    terms: tree.record ? parseSpfRecord(tree.record).record.terms : [],
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

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
