/**
 * SPF record syntax (RFC 7208 §4.5, §4.6, §5, §6, §12 ABNF). Every term is checked, so one call
 * reports all syntax errors of a record; check_host() treats any of them as "permerror" (§4.6).
 */
import { parseIPv4, parseIPv6, type IpAddress } from './ip';
import { parseDomainSpec, parseMacroString, type MacroToken } from './macro';

export type Qualifier = '+' | '-' | '~' | '?';
export type MechanismKind = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

/** RFC 7208 §4.6.4: the terms that cause DNS queries and count against the limit of 10. */
export const DNS_MECHANISMS: ReadonlySet<MechanismKind> = new Set(['include', 'a', 'mx', 'ptr', 'exists']);

export interface Mechanism {
  type: 'mechanism';
  kind: MechanismKind;
  qualifier: Qualifier;
  /** the term as written */
  text: string;
  /** domain-spec as written, when the term has one */
  domainSpec?: string;
  domainTokens?: MacroToken[];
  /** ip4 / ip6 network */
  network?: IpAddress;
  /** ip4-cidr-length (ip4, a, mx) */
  cidr4?: number;
  /** ip6-cidr-length (ip6, a, mx) */
  cidr6?: number;
}

export interface Modifier {
  type: 'modifier';
  /** lower-case name */
  name: string;
  value: string;
  text: string;
  /** domain-spec (redirect, exp) or macro-string (unknown modifiers) */
  tokens: MacroToken[];
}

export type Term = Mechanism | Modifier;

export interface SpfRecord {
  text: string;
  terms: Term[];
  mechanisms: Mechanism[];
  redirect?: Modifier;
  exp?: Modifier;
  /** RFC 7208 §6: unrecognised modifiers are ignored (but must be syntactically valid) */
  unknownModifiers: Modifier[];
}

export type SpfSyntaxErrorCode =
  | 'not_spf_record'
  | 'invalid_character'
  | 'invalid_term'
  | 'unknown_mechanism'
  | 'unexpected_argument'
  | 'unexpected_cidr'
  | 'missing_domain'
  | 'empty_domain'
  | 'invalid_domain_end'
  | 'invalid_macro'
  | 'unknown_macro_letter'
  | 'macro_letter_not_allowed'
  | 'zero_digits'
  | 'missing_address'
  | 'invalid_ip4'
  | 'invalid_ip6'
  | 'invalid_cidr'
  | 'cidr_out_of_range'
  | 'duplicate_modifier';

export interface SpfSyntaxError {
  code: SpfSyntaxErrorCode;
  /** the term the error is in */
  term: string;
  /** character offset of the term in the record */
  position: number;
  /** the offending part of the term */
  detail: string;
  /** RFC 7208 section that the term violates */
  rfc: string;
  /** English one-line description, for logs and the CLI's JSON */
  message: string;
}

export interface SpfParse {
  ok: boolean;
  /** the valid terms (all of them when `ok`) */
  record: SpfRecord;
  errors: SpfSyntaxError[];
}

const QUALIFIERS: Record<string, Qualifier> = { '+': '+', '-': '-', '~': '~', '?': '?' };
const KINDS = new Set<string>(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);

/** RFC 7208 §4.5: a record begins with "v=spf1" (any case) followed by a space or its end. */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1(?: |$)/i.test(text);
}

/** RFC 7208 §4.5: the SPF records among the TXT strings of a name. More than one → permerror. */
export function selectSpfRecords(texts: readonly string[]): string[] {
  return texts.filter(isSpfRecord);
}

const RFC_FOR: Record<SpfSyntaxErrorCode, string> = {
  not_spf_record: '§4.5',
  invalid_character: '§4.6.1',
  invalid_term: '§4.6.1',
  unknown_mechanism: '§4.6.1, §5',
  unexpected_argument: '§5',
  unexpected_cidr: '§5',
  missing_domain: '§5.2, §5.7',
  empty_domain: '§7.1',
  invalid_domain_end: '§7.1',
  invalid_macro: '§7.1',
  unknown_macro_letter: '§7.2',
  macro_letter_not_allowed: '§7.2',
  zero_digits: '§7.3',
  missing_address: '§5.6',
  invalid_ip4: '§5.6',
  invalid_ip6: '§5.6',
  invalid_cidr: '§5.6',
  cidr_out_of_range: '§5.6',
  duplicate_modifier: '§6',
};

const MESSAGES: Record<SpfSyntaxErrorCode, string> = {
  not_spf_record: 'the record does not start with "v=spf1"',
  invalid_character: 'character outside printable ASCII (terms are separated by single spaces only)',
  invalid_term: 'not a mechanism or a modifier',
  unknown_mechanism: 'unknown mechanism',
  unexpected_argument: 'this mechanism takes no such argument',
  unexpected_cidr: 'a CIDR length is not allowed here',
  missing_domain: 'the mechanism needs ":" and a domain',
  empty_domain: 'empty domain',
  invalid_domain_end: 'the domain must end in a valid top-level label or a macro',
  invalid_macro: 'malformed macro ("%" must be followed by "{", "%", "_" or "-")',
  unknown_macro_letter: 'unknown macro letter',
  macro_letter_not_allowed: 'macro letters c, r and t are allowed only in explanation text',
  zero_digits: 'a macro digit transformer must not be zero',
  missing_address: 'the mechanism needs ":" and an address',
  invalid_ip4: 'invalid IPv4 address',
  invalid_ip6: 'invalid IPv6 address',
  invalid_cidr: 'invalid CIDR length',
  cidr_out_of_range: 'CIDR length out of range (IPv4 0–32, IPv6 0–128)',
  duplicate_modifier: 'redirect and exp may each appear only once',
};

type TermResult = { term: Term } | { error: { code: SpfSyntaxErrorCode; detail: string } };

const fail = (code: SpfSyntaxErrorCode, detail: string): TermResult => ({ error: { code, detail } });

/** RFC 7208 §12: ip4-cidr-length "/" ("0" / %x31-39 0*1DIGIT), ip6-cidr-length up to 3 digits. */
function cidrValue(digits: string, max: number): { value: number } | { code: SpfSyntaxErrorCode } {
  if (!/^(?:0|[1-9]\d*)$/.test(digits)) return { code: 'invalid_cidr' };
  const value = Number(digits);
  if (value > max) return { code: 'cidr_out_of_range' };
  return { value };
}

function domainSpecOf(
  spec: string,
  options: { cidrHint: boolean },
): { tokens: MacroToken[] } | { code: SpfSyntaxErrorCode; detail: string } {
  const parsed = parseDomainSpec(spec);
  if (parsed.ok) return { tokens: parsed.tokens };
  // "include:example.com/24": name the real mistake rather than the resulting bad top label.
  if (options.cidrHint && parsed.error.code === 'invalid_domain_end' && /\/\d+$/.test(spec)) {
    return { code: 'unexpected_cidr', detail: spec.slice(spec.lastIndexOf('/')) };
  }
  return { code: parsed.error.code, detail: parsed.error.text || spec };
}

function parseMechanism(term: string): TermResult {
  let qualifier: Qualifier = '+';
  let body = term;
  const q = QUALIFIERS[term[0]!];
  if (q) {
    qualifier = q;
    body = term.slice(1);
  }
  const nameMatch = /^[a-z][a-z0-9]*/i.exec(body);
  if (!nameMatch) return fail('invalid_term', term);
  const kind = nameMatch[0].toLowerCase();
  const rest = body.slice(nameMatch[0].length);
  if (!KINDS.has(kind) || (rest !== '' && rest[0] !== ':' && rest[0] !== '/')) return fail('unknown_mechanism', body);
  const base = { type: 'mechanism' as const, kind: kind as MechanismKind, qualifier, text: term };

  switch (kind) {
    case 'all':
      // RFC 7208 §5.1: all = "all"
      if (rest !== '') return fail('unexpected_argument', rest);
      return { term: base };

    case 'include':
    case 'exists': {
      // RFC 7208 §5.2, §5.7: "include" / "exists" ":" domain-spec
      if (rest === '') return fail('missing_domain', body);
      if (rest[0] === '/') return fail('unexpected_cidr', rest);
      const spec = rest.slice(1);
      const d = domainSpecOf(spec, { cidrHint: true });
      if ('code' in d) return fail(d.code, d.detail);
      return { term: { ...base, domainSpec: spec, domainTokens: d.tokens } };
    }

    case 'ptr': {
      // RFC 7208 §5.5: "ptr" [ ":" domain-spec ]
      if (rest === '') return { term: base };
      if (rest[0] === '/') return fail('unexpected_cidr', rest);
      const spec = rest.slice(1);
      const d = domainSpecOf(spec, { cidrHint: true });
      if ('code' in d) return fail(d.code, d.detail);
      return { term: { ...base, domainSpec: spec, domainTokens: d.tokens } };
    }

    case 'a':
    case 'mx': {
      // RFC 7208 §5.3, §5.4: name [ ":" domain-spec ] [ dual-cidr-length ]
      let spec: string | undefined;
      let c4: string | undefined;
      let c6: string | undefined;
      if (rest.startsWith(':')) {
        const m = /^(.*?)(?:\/(\d+))?(?:\/\/(\d+))?$/s.exec(rest.slice(1))!;
        spec = m[1]!;
        c4 = m[2];
        c6 = m[3];
        if (spec === '') return fail('empty_domain', rest);
      } else {
        const m = /^(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(rest);
        if (!m) return fail('invalid_cidr', rest);
        c4 = m[1];
        c6 = m[2];
      }
      const mech: Mechanism = { ...base };
      if (spec !== undefined) {
        const d = domainSpecOf(spec, { cidrHint: false });
        if ('code' in d) return fail(d.code, d.detail);
        mech.domainSpec = spec;
        mech.domainTokens = d.tokens;
      }
      if (c4 !== undefined) {
        const v = cidrValue(c4, 32);
        if ('code' in v) return fail(v.code, `/${c4}`);
        mech.cidr4 = v.value;
      }
      if (c6 !== undefined) {
        const v = cidrValue(c6, 128);
        if ('code' in v) return fail(v.code, `//${c6}`);
        mech.cidr6 = v.value;
      }
      return { term: mech };
    }

    case 'ip4':
    case 'ip6': {
      // RFC 7208 §5.6: "ip4" ":" ip4-network [ ip4-cidr-length ], likewise ip6
      if (rest === '' || rest === ':') return fail('missing_address', body);
      if (rest[0] !== ':') return fail('missing_address', rest);
      const value = rest.slice(1);
      const slash = value.indexOf('/');
      const addressText = slash < 0 ? value : value.slice(0, slash);
      const cidrText = slash < 0 ? undefined : value.slice(slash + 1);
      const network = kind === 'ip4' ? parseIPv4(addressText) : parseIPv6(addressText);
      if (!network) return fail(kind === 'ip4' ? 'invalid_ip4' : 'invalid_ip6', addressText);
      const mech: Mechanism = { ...base, network };
      if (cidrText !== undefined) {
        if (!/^\d+$/.test(cidrText)) return fail('invalid_cidr', `/${cidrText}`);
        const v = cidrValue(cidrText, kind === 'ip4' ? 32 : 128);
        if ('code' in v) return fail(v.code, `/${cidrText}`);
        if (kind === 'ip4') mech.cidr4 = v.value;
        else mech.cidr6 = v.value;
      }
      return { term: mech };
    }
  }
  return fail('unknown_mechanism', body);
}

function parseTerm(term: string): TermResult {
  // RFC 7208 §4.6.1: terms are separated by spaces only; the record is 7-bit printable ASCII (§3.1 is about DNS TXT text).
  const bad = /[^\x21-\x7e]/.exec(term);
  if (bad) {
    const cp = bad[0].codePointAt(0)!;
    return fail('invalid_character', `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  // RFC 7208 §4.6.1: modifier = name "=" …, name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
  const mod = /^([a-z][a-z0-9_.-]*)=(.*)$/is.exec(term);
  if (mod) {
    const name = mod[1]!.toLowerCase();
    const value = mod[2]!;
    if (name === 'redirect' || name === 'exp') {
      // Known modifiers take a domain-spec; they are not "greedy" unknown-modifiers (suite 6.1/2, 6.2/1).
      const d = domainSpecOf(value, { cidrHint: false });
      if ('code' in d) return fail(d.code, d.detail);
      return { term: { type: 'modifier', name, value, text: term, tokens: d.tokens } };
    }
    const m = parseMacroString(value);
    if (!m.ok) return fail(m.error.code, m.error.text);
    return { term: { type: 'modifier', name, value, text: term, tokens: m.tokens } };
  }
  return parseMechanism(term);
}

/** Parses one SPF record (the TXT strings already joined, RFC 7208 §3.3). */
export function parseSpfRecord(text: string): SpfParse {
  const record: SpfRecord = { text, terms: [], mechanisms: [], unknownModifiers: [] };
  const errors: SpfSyntaxError[] = [];
  const push = (code: SpfSyntaxErrorCode, term: string, position: number, detail: string) =>
    errors.push({ code, term, position, detail, rfc: `RFC 7208 ${RFC_FOR[code]}`, message: `${MESSAGES[code]}: ${detail}` });

  if (!isSpfRecord(text)) {
    push('not_spf_record', text.slice(0, 10), 0, text.slice(0, 10));
    return { ok: false, record, errors };
  }
  // record = version terms *SP; terms = *( 1*SP ( directive / modifier ) )
  const re = /[^ ]+/g;
  re.lastIndex = 6;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const term = m[0];
    const result = parseTerm(term);
    if ('error' in result) {
      push(result.error.code, term, m.index, result.error.detail);
      continue;
    }
    const t = result.term;
    if (t.type === 'modifier' && (t.name === 'redirect' || t.name === 'exp')) {
      // RFC 7208 §6: redirect and exp MUST NOT appear more than once each.
      if (record[t.name]) {
        push('duplicate_modifier', term, m.index, t.name);
        continue;
      }
      record[t.name] = t;
    } else if (t.type === 'modifier') {
      record.unknownModifiers.push(t);
    } else {
      record.mechanisms.push(t);
    }
    record.terms.push(t);
  }
  return { ok: errors.length === 0, record, errors };
}

/** True when the mechanism causes DNS queries (RFC 7208 §4.6.4). */
export function isDnsMechanism(m: Mechanism): boolean {
  return DNS_MECHANISMS.has(m.kind);
}
