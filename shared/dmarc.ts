/**
 * DMARC (RFC 7489): record parsing (§6.3, §6.4), organisational domain (§3.2), policy discovery
 * (§6.6.3) and verification of external report destinations (§7.1). Pure logic: DNS goes through
 * the `DnsResolver` interface.
 */
import { getDomain } from 'tldts';
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
  /** RFC 7489 §6.2: `!size` suffix, in bytes */
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
  /** default 100 (§6.3) */
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
  /** DMARCbis `t=y`: testing mode */
  testing: boolean;
}

export type DmarcProblemCode =
  | 'malformed_tag'
  | 'duplicate_tag'
  | 'missing_policy'
  | 'policy_not_second'
  | 'invalid_value'
  | 'unknown_tag'
  | 'invalid_uri'
  | 'unsupported_uri'
  | 'invalid_size';

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
  /** false: §6.6.3 step 6 — no valid p (or invalid sp) and no valid rua, so no DMARC is applied */
  usable: boolean;
  /** policy for the domain that published the record */
  policy?: DmarcPolicy;
  /** policy for its subdomains (sp, else p) */
  subdomainPolicy?: DmarcPolicy;
  /** true when §6.6.3 step 6 made a receiver act as if p=none */
  assumedNone: boolean;
}

export interface ParsedDmarc {
  record: DmarcRecord;
  problems: DmarcProblem[];
  evaluation: DmarcEvaluation;
}

/** RFC 7489 §6.4: `dmarc-version = "v" *WSP "=" *WSP %x44 %x4d %x41 %x52 %x43 %x31` ("DMARC1", case-sensitive). */
const VERSION_PREFIX = /^v[ \t]*=[ \t]*DMARC1[ \t]*(?:;|$)/i;

/** True when a TXT value starts with the DMARC version tag (§6.6.3 step 2 discards the others). */
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
 * precisely; values that are invalid fall back to their defaults as §6.3 prescribes.
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
  };
  const seen = new Set<string>();
  let spInvalid = false;

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
          // §6.6.3 step 6: an invalid p or sp makes the whole record fall back (or be ignored).
          invalid(name, value, 'none | quarantine | reject', name === 'np' ? 'warning' : 'error');
          if (name === 'sp') spInvalid = true;
        }
        break;
      case 'pct': {
        // §6.4: dmarc-percent = "pct" *WSP "=" *WSP 1*3DIGIT, range 0–100
        const n = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
        if (n >= 0 && n <= 100) record.pct = n;
        else invalid(name, value, '0–100');
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
        // §6.4: dmarc-fo = ("0" / "1" / "d" / "s") *(*WSP ":" *WSP ("0" / "1" / "d" / "s"))
        const parts = lower.split(':').map((s) => s.trim());
        if (parts.every((p) => ['0', '1', 'd', 's'].includes(p))) record.fo = parts;
        else invalid(name, value, '0 | 1 | d | s, separated by ":"');
        break;
      }
      case 'rf': {
        // §6.3: only "afrf" is registered (IANA "DMARC Tag Registry" / report formats)
        const parts = lower.split(':').map((s) => s.trim());
        if (parts.every((p) => p === 'afrf')) record.rf = parts;
        else invalid(name, value, 'afrf');
        break;
      }
      case 'ri': {
        // §6.4: dmarc-ainterval = "ri" *WSP "=" *WSP 1*DIGIT (a 32-bit unsigned integer)
        const n = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
        if (n >= 0 && n <= 0xffffffff) record.ri = n;
        else invalid(name, value, 'seconds, 0–4294967295');
        break;
      }
      case 't':
        // DMARCbis: t=y applies the policy one level lower (testing), t=n is the default
        if (lower === 'y' || lower === 'n') record.testing = lower === 'y';
        else invalid(name, value, 'y | n');
        break;
      case 'psd':
        if (!['y', 'n', 'u'].includes(lower)) invalid(name, value, 'y | n | u');
        break;
      default:
        // §6.3: unknown tags MUST be ignored — but they usually are typos of a real tag.
        problems.push({ code: 'unknown_tag', severity: 'warning', tag: name, value });
    }
  }

  const names = record.tags.map((t) => t.name);
  if (!seen.has('p')) problems.push({ code: 'missing_policy', severity: 'error', tag: 'p' });
  // §6.3: "the v and p tags MUST be present and MUST appear in that order"
  else if (names[0] === 'v' && names[1] !== 'p') problems.push({ code: 'policy_not_second', severity: 'warning', tag: 'p' });

  // §6.6.3 step 6: without a valid p (or with an invalid sp), act as p=none if rua has a valid URI.
  let evaluation: DmarcEvaluation;
  if (record.p !== undefined && !spInvalid) {
    evaluation = { usable: true, policy: record.p, subdomainPolicy: record.sp ?? record.p, assumedNone: false };
  } else if (record.rua.length > 0) {
    evaluation = { usable: true, policy: 'none', subdomainPolicy: 'none', assumedNone: true };
  } else {
    evaluation = { usable: false, assumedNone: false };
  }
  return { record, problems, evaluation };
}

/** RFC 7489 §6.4: dmarc-urilist = dmarc-uri *(*WSP "," *WSP dmarc-uri), dmarc-uri = URI ["!" 1*DIGIT [k|m|g|t]]. */
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
      maxBytes = bytes;
    }
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri);
    if (!scheme) {
      problems.push({ code: 'invalid_uri', severity: 'warning', tag, value: item });
      continue;
    }
    // §6.2 allows other schemes, but §6.3 only obliges receivers to support mailto.
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

/**
 * RFC 7489 §3.2: the organisational domain is the public suffix plus one label. The PSL's private
 * section is included (as OpenDMARC does): `a.github.io` and `b.github.io` are different owners.
 * A name that is itself a public suffix is its own organisational domain.
 */
export function organizationalDomain(domain: string): string {
  const name = domain.toLowerCase().replace(/\.$/, '');
  return getDomain(name, { allowPrivateDomains: true, validateHostname: false }) ?? name;
}

export function sameOrganization(a: string, b: string): boolean {
  return organizationalDomain(a) === organizationalDomain(b);
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
  organizationalDomain: string;
  /** one lookup, or two when the organisational domain was consulted */
  lookups: DmarcLookup[];
  outcome: 'found' | 'none' | 'multiple' | 'dns_error';
  /** where the record in force was found */
  policyDomain?: string;
  source?: 'domain' | 'organizational';
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

/** RFC 7489 §6.6.3: the record at `_dmarc.<domain>`, else at `_dmarc.<organisational domain>`. */
export async function discoverDmarc(dns: DnsResolver, domain: string, signal?: AbortSignal): Promise<DmarcDiscovery> {
  const org = organizationalDomain(domain);
  const base = { domain, organizationalDomain: org };
  const lookups: DmarcLookup[] = [];

  const candidates: [string, 'domain' | 'organizational'][] = [[domain, 'domain']];
  if (org !== domain) candidates.push([org, 'organizational']);
  for (const [name, source] of candidates) {
    signal?.throwIfAborted();
    const lookup = await queryDmarc(dns, name);
    lookups.push(lookup);
    // A failed lookup means we cannot know whether a record exists; falling back would mislead.
    if (lookup.failure) return { ...base, lookups, outcome: 'dns_error' };
    // §6.6.3 step 5: several records → no DMARC processing at all (no fallback either).
    if (lookup.dmarc.length > 1) return { ...base, lookups, outcome: 'multiple', policyDomain: name, source };
    if (lookup.dmarc.length === 1) {
      const text = lookup.dmarc[0]!;
      return { ...base, lookups, outcome: 'found', policyDomain: name, source, text, parsed: parseDmarcRecord(text) };
    }
  }
  return { ...base, lookups, outcome: 'none' };
}

export interface ExternalDestination {
  /** destination host (the mailto domain) */
  host: string;
  /** which tags send reports there */
  tags: ('rua' | 'ruf')[];
  addresses: string[];
  /** §7.1 steps 2–3: `<policy domain>._report._dmarc.<host>` */
  queryName: string;
}

/** Report destinations outside the policy domain's organisation, which §7.1 requires to consent. */
export function externalDestinations(policyDomain: string, record: DmarcRecord): ExternalDestination[] {
  const byHost = new Map<string, ExternalDestination>();
  for (const tag of ['rua', 'ruf'] as const) {
    for (const uri of record[tag]) {
      if (sameOrganization(uri.domain, policyDomain)) continue;
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
