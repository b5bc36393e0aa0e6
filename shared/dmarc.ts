/**
 * DMARC (RFC 9989, which obsoletes RFC 7489 and RFC 9091): record parsing (§4.7, §4.8), policy
 * discovery and the organisational domain by the DNS tree walk (§4.10) instead of a public
 * suffix list, and verification of external report destinations (RFC 7489 §7.1, kept by the
 * DMARCbis reporting documents). Pure logic: DNS goes through the `DnsResolver` interface.
 * Section numbers are those of draft-ietf-dmarc-dmarcbis-41, the text published as RFC 9989.
 */
import { DnsError, txtValue, type DnsResolver, type LookupResult, type RecordOfType } from './dns';
import { parseDomainName } from './domain-name';

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';
export type DmarcAlignment = 'r' | 's';

export interface DmarcUri {
  /** the URI as written, without the size limit */
  uri: string;
  /** the mail address of a `mailto:` URI, percent-decoded */
  address: string;
  /** the address's domain, A-label, lower-case */
  domain: string;
  /** `!size` suffix in bytes: obsolete syntax that reporters ignore (RFC 9989 §4.8, Appendix C.4) */
  maxBytes?: number;
}

export interface DmarcTag {
  name: string;
  value: string;
}

export interface DmarcRecord {
  /** tags in order as written (names lower-cased) */
  tags: DmarcTag[];
  /** undefined when missing or invalid */
  p?: DmarcPolicy;
  sp?: DmarcPolicy;
  /** DMARCbis (RFC 9989): policy for non-existent subdomains */
  np?: DmarcPolicy;
  /** historic (RFC 9989 §9, Appendix C.5.2): kept to report it; RFC 9989 receivers ignore it */
  pct: number;
  /** default relaxed (§6.3) */
  adkim: DmarcAlignment;
  aspf: DmarcAlignment;
  rua: DmarcUri[];
  ruf: DmarcUri[];
  /** default ['0'] */
  fo: string[];
  /** default ['afrf'] */
  rf: string[];
  /** default 86400 */
  ri: number;
  /** RFC 9989 §4.7 `t=y`: testing mode */
  testing: boolean;
  /** RFC 9989 §4.7: y = public suffix domain, n = organisational domain, u (default) = the tree walk decides */
  psd: DmarcPsd;
}

export type DmarcPsd = 'y' | 'n' | 'u';

export type DmarcProblemCode =
  | 'malformed_tag'
  | 'duplicate_tag'
  | 'missing_policy'
  | 'policy_not_second'
  | 'invalid_value'
  | 'unknown_tag'
  | 'invalid_uri'
  | 'unsupported_uri'
  | 'invalid_size'
  | 'historic_tag'
  | 'obsolete_size';

export interface DmarcProblem {
  code: DmarcProblemCode;
  /** `error`: receivers may ignore the tag or the whole record; `warning`: tolerated but wrong */
  severity: 'error' | 'warning';
  tag?: string;
  value?: string;
  /** for invalid_value: what the tag accepts */
  expected?: string;
}

export interface DmarcEvaluation {
  /** false: RFC 9989 §4.10.1 — no valid p (or an invalid sp/np) and no valid rua, so no DMARC is applied */
  usable: boolean;
  /** policy for the domain that published the record */
  policy?: DmarcPolicy;
  /** policy for its subdomains (sp, else p) */
  subdomainPolicy?: DmarcPolicy;
  /** true when §4.10.1 makes a receiver act as if p=none */
  assumedNone: boolean;
}

export interface ParsedDmarc {
  record: DmarcRecord;
  problems: DmarcProblem[];
  evaluation: DmarcEvaluation;
}

/** RFC 9989 §4.8: `dmarc-version = "v" equals %s"DMARC1"` (case-sensitive value). */
const VERSION_PREFIX = /^v[ \t]*=[ \t]*DMARC1[ \t]*(?:;|$)/i;

/** True when a TXT value starts with the DMARC version tag (§4.10 step 2 discards the others). */
export function isDmarcRecord(text: string): boolean {
  const m = VERSION_PREFIX.exec(text.trimStart());
  // The tag name is case-insensitive in ABNF, the value %x-encoded and therefore exact.
  return m !== null && /DMARC1/.test(m[0]);
}

/** A discarded TXT that was evidently meant as DMARC (wrong case, missing `;`, leading junk). */
export function looksLikeDmarc(text: string): boolean {
  return /v\s*=\s*dmarc/i.test(text) || /(^|;)\s*p\s*=\s*(none|quarantine|reject)/i.test(text);
}

const POLICIES: readonly string[] = ['none', 'quarantine', 'reject'];
const SIZE_UNITS: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/**
 * Parses a DMARC policy record (the caller has checked `isDmarcRecord`). Problems are reported
 * precisely; values that are invalid fall back to their defaults as RFC 9989 §4.8 prescribes.
 */
export function parseDmarcRecord(text: string): ParsedDmarc {
  const problems: DmarcProblem[] = [];
  const record: DmarcRecord = {
    tags: [],
    pct: 100,
    adkim: 'r',
    aspf: 'r',
    rua: [],
    ruf: [],
    fo: ['0'],
    rf: ['afrf'],
    ri: 86400,
    testing: false,
    psd: 'u',
  };
  const seen = new Set<string>();
  let policyInvalid = false;

  const invalid = (tag: string, value: string, expected: string, severity: 'error' | 'warning' = 'warning') =>
    problems.push({ code: 'invalid_value', severity, tag, value, expected });

  for (const segment of text.split(';')) {
    const spec = segment.trim();
    if (spec === '') continue;
    const eq = spec.indexOf('=');
    const name = eq < 0 ? '' : spec.slice(0, eq).trim().toLowerCase();
    if (eq < 0 || !/^[a-z][a-z0-9_]*$/.test(name)) {
      problems.push({ code: 'malformed_tag', severity: 'error', value: spec });
      continue;
    }
    const value = spec.slice(eq + 1).trim();
    if (seen.has(name)) {
      // RFC 7489 does not say which copy wins; receivers differ, so the record is ambiguous.
      problems.push({ code: 'duplicate_tag', severity: 'error', tag: name, value });
      continue;
    }
    seen.add(name);
    record.tags.push({ name, value });
    const lower = value.toLowerCase();

    switch (name) {
      case 'v':
        break;
      case 'p':
      case 'sp':
      case 'np':
        if (POLICIES.includes(lower)) record[name] = lower as DmarcPolicy;
        else {
          // RFC 9989 §4.10.1: an invalid p, sp or np makes the whole record fall back (or be ignored).
          invalid(name, value, 'none | quarantine | reject', 'error');
          if (name !== 'p') policyInvalid = true;
        }
        break;
      case 'pct': {
        // Historic (RFC 9989 §9, Appendix A.6). Parsed (RFC 7489 §6.4: 0–100) only to explain what it did.
        problems.push({ code: 'historic_tag', severity: 'warning', tag: name, value });
        const n = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
        if (n >= 0 && n <= 100) record.pct = n;
        break;
      }
      case 'adkim':
      case 'aspf':
        if (lower === 'r' || lower === 's') record[name] = lower;
        else invalid(name, value, 'r | s');
        break;
      case 'rua':
      case 'ruf':
        record[name] = parseUriList(name, value, problems);
        break;
      case 'fo': {
        // §4.8 dmarc-fo: "0" / "1" / "d" / "s", separated by ":"
        const parts = lower.split(':').map((s) => s.trim());
        if (parts.every((p) => ['0', '1', 'd', 's'].includes(p))) record.fo = parts;
        else invalid(name, value, '0 | 1 | d | s, separated by ":"');
        break;
      }
      case 'rf':
      case 'ri':
        // Historic (RFC 9989 §9, Appendix C.5.2): receivers no longer read them, whatever the value.
        problems.push({ code: 'historic_tag', severity: 'warning', tag: name, value });
        if (name === 'rf') record.rf = lower.split(':').map((s) => s.trim());
        else if (/^\d{1,10}$/.test(value) && Number(value) <= 0xffffffff) record.ri = Number(value);
        break;
      case 't':
        // RFC 9989 §4.7: t=y applies the policy one level lower (testing), t=n is the default
        if (lower === 'y' || lower === 'n') record.testing = lower === 'y';
        else invalid(name, value, 'y | n');
        break;
      case 'psd':
        // RFC 9989 §4.7, §4.8 dmarc-psd = "y" / "n" / "u"
        if (lower === 'y' || lower === 'n' || lower === 'u') record.psd = lower;
        else invalid(name, value, 'y | n | u');
        break;
      default:
        // RFC 9989 §4.7: unknown tags MUST be ignored — but they usually are typos of a real tag.
        problems.push({ code: 'unknown_tag', severity: 'warning', tag: name, value });
    }
  }

  const names = record.tags.map((t) => t.name);
  if (!seen.has('p')) problems.push({ code: 'missing_policy', severity: 'error', tag: 'p' });
  // RFC 7489 §6.3 wanted p second; RFC 9989 §4.7 only wants v first, but RFC 7489 receivers remain.
  else if (names[0] === 'v' && names[1] !== 'p') problems.push({ code: 'policy_not_second', severity: 'warning', tag: 'p' });

  // RFC 9989 §4.10.1: without a valid p (or with an invalid sp/np), act as p=none if rua has a valid URI.
  let evaluation: DmarcEvaluation;
  if (record.p !== undefined && !policyInvalid) {
    evaluation = { usable: true, policy: record.p, subdomainPolicy: record.sp ?? record.p, assumedNone: false };
  } else if (record.rua.length > 0) {
    evaluation = { usable: true, policy: 'none', subdomainPolicy: 'none', assumedNone: true };
  } else {
    evaluation = { usable: false, assumedNone: false };
  }
  return { record, problems, evaluation };
}

/** RFC 9989 §4.8: dmarc-urilist of dmarc-uri / obs-dmarc-uri, the latter with the obsolete `"!" 1*DIGIT [k/m/g/t]` size. */
function parseUriList(tag: string, value: string, problems: DmarcProblem[]): DmarcUri[] {
  const out: DmarcUri[] = [];
  for (const raw of value.split(',')) {
    const item = raw.trim();
    if (item === '') {
      problems.push({ code: 'invalid_uri', severity: 'warning', tag, value: raw });
      continue;
    }
    let uri = item;
    let maxBytes: number | undefined;
    const bang = item.lastIndexOf('!');
    if (bang >= 0) {
      uri = item.slice(0, bang);
      const size = /^(\d+)([kmgt]?)$/i.exec(item.slice(bang + 1));
      const bytes = size ? Number(size[1]) * SIZE_UNITS[size[2]!.toLowerCase()]! : NaN;
      // A size past 2^53 is no exact byte count (and a long one overflows to Infinity): invalid.
      if (!Number.isSafeInteger(bytes)) {
        problems.push({ code: 'invalid_size', severity: 'warning', tag, value: item });
        continue;
      }
      problems.push({ code: 'obsolete_size', severity: 'warning', tag, value: item });
      maxBytes = bytes;
    }
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri);
    if (!scheme) {
      problems.push({ code: 'invalid_uri', severity: 'warning', tag, value: item });
      continue;
    }
    // RFC 9989 §4.7 allows other schemes, but only obliges receivers to support mailto.
    if (scheme[1]!.toLowerCase() !== 'mailto') {
      problems.push({ code: 'unsupported_uri', severity: 'warning', tag, value: item });
      continue;
    }
    const mail = parseMailto(uri.slice(scheme[0].length));
    if (!mail) {
      problems.push({ code: 'invalid_uri', severity: 'warning', tag, value: item });
      continue;
    }
    out.push({ uri, ...mail, ...(maxBytes !== undefined ? { maxBytes } : {}) });
  }
  return out;
}

/** RFC 6068: `mailto:` with one address (extra headers after `?` are ignored). */
function parseMailto(rest: string): { address: string; domain: string } | undefined {
  let to = rest.split('?')[0]!;
  try {
    to = decodeURIComponent(to);
  } catch {
    return undefined;
  }
  if (to.includes(',')) return undefined;
  const at = to.lastIndexOf('@');
  if (at <= 0 || at === to.length - 1) return undefined;
  const local = to.slice(0, at);
  if (/[\s<>;]/.test(local)) return undefined;
  const domain = parseDomainName(to.slice(at + 1));
  if (!domain.ok) return undefined;
  return { address: `${local}@${domain.ascii}`, domain: domain.ascii };
}

type TxtLookup = LookupResult<RecordOfType<'TXT'>>;

export interface DmarcLookup {
  name: string;
  /** the response, when the server answered */
  result?: TxtLookup;
  /** transport failure (DnsError kind) or an rcode other than NOERROR/NXDOMAIN */
  failure?: { kind: string; message: string };
  /** TXT values starting with v=DMARC1 */
  dmarc: string[];
  /** other TXT values at the name (discarded by §6.6.3 step 2) */
  discarded: string[];
}

export interface DmarcDiscovery {
  domain: string;
  /** RFC 9989 §4.10.2, from the tree walk */
  organizationalDomain: string;
  /** every query of the tree walk, in order (§4.10: at most eight) */
  lookups: DmarcLookup[];
  /** how many of `lookups` led to the policy record (the rest only placed the organisational domain) */
  policyLookups: number;
  outcome: 'found' | 'none' | 'multiple' | 'dns_error';
  /** where the record in force was found */
  policyDomain?: string;
  /** §4.10.1: the author domain's own record, its organisational domain's, or its public suffix domain's */
  source?: 'domain' | 'organizational' | 'psd';
  text?: string;
  parsed?: ParsedDmarc;
}

/** Outcome of one TXT lookup, transport errors and SERVFAIL-like rcodes as data. */
async function lookupTxt(dns: DnsResolver, name: string): Promise<{ result?: TxtLookup; failure?: { kind: string; message: string } }> {
  try {
    const result = await dns.lookup(name, 'TXT');
    if (result.rcode !== 'NOERROR' && result.rcode !== 'NXDOMAIN') {
      return { result, failure: { kind: result.rcode, message: `server answered ${result.rcode}` } };
    }
    return { result };
  } catch (error) {
    // Cancellation is not a DNS result: let the runner see it.
    if (error instanceof DnsError && error.kind !== 'aborted') return { failure: { kind: error.kind, message: error.message } };
    throw error;
  }
}

async function queryDmarc(dns: DnsResolver, domain: string): Promise<DmarcLookup> {
  const name = `_dmarc.${domain}`;
  const { result, failure } = await lookupTxt(dns, name);
  const texts = failure ? [] : (result?.records ?? []).map(txtValue);
  return {
    name,
    ...(result ? { result } : {}),
    ...(failure ? { failure } : {}),
    dmarc: texts.filter(isDmarcRecord),
    discarded: texts.filter((t) => !isDmarcRecord(t)),
  };
}

/** RFC 9989 §4.10: a tree walk never sends more than eight queries. */
export const TREE_WALK_MAX_QUERIES = 8;

/**
 * RFC 9989 §4.10 steps 1–7: the domains whose `_dmarc` names a tree walk from `domain` queries,
 * in order. After the first, a name of eight or more labels is cut to seven, then one label goes
 * at a time down to the top-level domain, so there are never more than eight.
 */
export function treeWalkDomains(domain: string): string[] {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  const out = [labels.join('.')];
  for (let rest = labels.length >= TREE_WALK_MAX_QUERIES ? labels.slice(-7) : labels.slice(1); rest.length > 0; rest = rest.slice(1)) {
    out.push(rest.join('.'));
  }
  return out;
}

export interface TreeWalkLevel {
  domain: string;
  lookup: DmarcLookup;
  /** the one valid record there; several are all discarded (§4.10 steps 2 and 6) */
  record?: string;
  psd?: DmarcPsd;
}

/**
 * The walk itself: stops after a single record with psd=y or psd=n (§4.10 steps 2 and 6). A failed
 * query at the starting name ends the walk (nothing is known); above it, the level counts as having
 * no record and the walk goes on — §4.10.1 leaves DNS errors to the receiver, and the failure stays
 * in the lookups for the report.
 */
async function treeWalk(dns: DnsResolver, start: string, signal?: AbortSignal): Promise<TreeWalkLevel[]> {
  const levels: TreeWalkLevel[] = [];
  for (const domain of treeWalkDomains(start)) {
    signal?.throwIfAborted();
    const lookup = await queryDmarc(dns, domain);
    const record = lookup.dmarc.length === 1 ? lookup.dmarc[0] : undefined;
    const psd = record !== undefined ? parseDmarcRecord(record).record.psd : undefined;
    levels.push({ domain, lookup, ...(record !== undefined ? { record } : {}), ...(psd ? { psd } : {}) });
    if (lookup.failure && levels.length === 1) break;
    if (psd === 'y' || psd === 'n') break;
  }
  return levels;
}

/**
 * RFC 9989 §4.10.2: longest to shortest, a record with psd=n is the organisational domain; a record
 * with psd=y (not at the start) makes the name one label below it the organisational domain;
 * otherwise the record with the fewest labels; without any record, the starting name itself.
 */
export function selectOrganizationalDomain(start: string, levels: readonly TreeWalkLevel[]): string {
  const labels = start.toLowerCase().replace(/\.$/, '').split('.');
  let fewest: string | undefined;
  for (const [i, level] of levels.entries()) {
    if (level.record === undefined) continue;
    if (level.psd === 'n') return level.domain;
    if (level.psd === 'y' && i > 0) return labels.slice(-(level.domain.split('.').length + 1)).join('.');
    fewest = level.domain;
  }
  return fewest ?? labels.join('.');
}

/** RFC 9989 §4.10.2: the organisational domain of any name, by its own tree walk. */
export async function organizationalDomainOf(dns: DnsResolver, domain: string, signal?: AbortSignal): Promise<string> {
  return selectOrganizationalDomain(domain, await treeWalk(dns, domain, signal));
}

/**
 * RFC 9989 §4.10.1: the record at `_dmarc.<domain>`; without one, the organisational domain's, else
 * the public suffix domain's (the record with psd=y), all found by one tree walk.
 */
export async function discoverDmarc(dns: DnsResolver, domain: string, signal?: AbortSignal): Promise<DmarcDiscovery> {
  const levels = await treeWalk(dns, domain, signal);
  const lookups = levels.map((l) => l.lookup);
  const org = selectOrganizationalDomain(domain, levels);
  const base = { domain, organizationalDomain: org, lookups };
  const first = levels[0]!;
  if (first.lookup.failure) return { ...base, policyLookups: 1, outcome: 'dns_error' };

  const orgIndex = levels.findIndex((l) => l.domain === org && l.record !== undefined);
  const psdIndex = levels.findIndex((l, i) => i > 0 && l.psd === 'y' && l.record !== undefined);
  const at = first.record !== undefined ? 0 : orgIndex >= 0 ? orgIndex : psdIndex;
  if (at < 0) {
    // §4.10 step 2 discards several records at the author domain; say so rather than "none".
    if (first.lookup.dmarc.length > 1) return { ...base, policyLookups: 1, outcome: 'multiple', policyDomain: domain, source: 'domain' };
    return { ...base, policyLookups: lookups.length, outcome: 'none' };
  }
  const level = levels[at]!;
  // A parent whose answer failed might have held the record in force: the result is not known.
  if (levels.slice(0, at).some((l) => l.lookup.failure)) return { ...base, policyLookups: at, outcome: 'dns_error' };
  const source = at === 0 ? 'domain' : at === orgIndex ? 'organizational' : 'psd';
  const text = level.record!;
  return { ...base, policyLookups: at + 1, outcome: 'found', policyDomain: level.domain, source, text, parsed: parseDmarcRecord(text) };
}

export interface ExternalDestination {
  /** destination host (the mailto domain) */
  host: string;
  /** which tags send reports there */
  tags: ('rua' | 'ruf')[];
  addresses: string[];
  /** RFC 7489 §7.1 steps 2–3: `<policy domain>._report._dmarc.<host>` */
  queryName: string;
}

/**
 * Report destinations outside the organisation, which must consent (RFC 7489 §7.1). "Outside" is a
 * different organisational domain, each found by its own tree walk (RFC 9989 §4.10.2), not by a list.
 */
export async function externalDestinations(
  dns: DnsResolver,
  policyDomain: string,
  organizationalDomain: string,
  record: DmarcRecord,
  signal?: AbortSignal,
): Promise<ExternalDestination[]> {
  const orgOf = new Map<string, Promise<string>>([[policyDomain, Promise.resolve(organizationalDomain)]]);
  const byHost = new Map<string, ExternalDestination>();
  for (const tag of ['rua', 'ruf'] as const) {
    for (const uri of record[tag]) {
      if (!orgOf.has(uri.domain)) orgOf.set(uri.domain, organizationalDomainOf(dns, uri.domain, signal));
      if ((await orgOf.get(uri.domain)!) === organizationalDomain) continue;
      let dest = byHost.get(uri.domain);
      if (!dest) {
        dest = { host: uri.domain, tags: [], addresses: [], queryName: `${policyDomain}._report._dmarc.${uri.domain}` };
        byHost.set(uri.domain, dest);
      }
      if (!dest.tags.includes(tag)) dest.tags.push(tag);
      if (!dest.addresses.includes(uri.address)) dest.addresses.push(uri.address);
    }
  }
  return [...byHost.values()];
}

export interface ExternalVerification extends ExternalDestination {
  outcome: 'authorized' | 'not_authorized' | 'dns_error';
  result?: TxtLookup;
  failure?: { kind: string; message: string };
  /** TXT values found at the name */
  records: string[];
  /** §7.1 step 8: rua/ruf given in the authorisation record replace the policy's */
  overrides?: { rua?: string[]; ruf?: string[] };
}

/** RFC 7489 §7.1 steps 4–7: at least one TXT at the name starting with v=DMARC1 authorises it. */
export async function verifyExternalDestination(dns: DnsResolver, dest: ExternalDestination): Promise<ExternalVerification> {
  const { result, failure } = await lookupTxt(dns, dest.queryName);
  const records = failure ? [] : (result?.records ?? []).map(txtValue);
  const base = { ...dest, records, ...(result ? { result } : {}), ...(failure ? { failure } : {}) };
  if (failure) return { ...base, outcome: 'dns_error' };
  const valid = records.filter(isDmarcRecord);
  if (valid.length === 0) return { ...base, outcome: 'not_authorized' };
  const overrides: { rua?: string[]; ruf?: string[] } = {};
  for (const text of valid) {
    const { record } = parseDmarcRecord(text);
    if (record.rua.length) overrides.rua = record.rua.map((u) => u.uri);
    if (record.ruf.length) overrides.ruf = record.ruf.map((u) => u.uri);
  }
  return { ...base, outcome: 'authorized', ...(overrides.rua || overrides.ruf ? { overrides } : {}) };
}

const STRENGTH: Record<DmarcPolicy, number> = { none: 0, quarantine: 1, reject: 2 };

/** Negative when `a` protects less than `b`. */
export function comparePolicies(a: DmarcPolicy, b: DmarcPolicy): number {
  return STRENGTH[a] - STRENGTH[b];
}
