/**
 * Record text the plan proposes: a corrected SPF record and the DMARC records of the staged
 * plan. Pure string logic on parsed data; quoting for the zone file happens in `quote.ts`.
 */
import { hasUnsafeCharacter, isValidDnsName } from '../quote';
import { inCidr, parseIp } from '../spf/ip';
import { parseSpfRecord, type Mechanism } from '../spf/parse';
import type { DmarcData } from './context';

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

/** Microsoft Learn, "Set up SPF to identify valid email sources for your Microsoft 365 domain". */
export const EXO_SPF_INCLUDE = 'include:spf.protection.outlook.com';

export type SpfChange =
  { kind: 'added'; term: string } | { kind: 'replaced'; from: string; to: string } | { kind: 'merged'; records: number };

export interface SpfCorrection {
  record: string;
  changes: SpfChange[];
}

const ALL = /^[+\-~?]?all$/i;
const REDIRECT = /^redirect=/i;

function splitTerms(record: string): string[] {
  // RFC 7208 §4.6.1: terms are separated by spaces; the first is the version.
  return record.split(' ').filter((t) => t !== '' && !/^v=spf1$/i.test(t));
}

/** A sender the assessment found, as the SPF term that authorises it, with the addresses it sends from when known. */
export interface SpfSender {
  term: string;
  addresses?: readonly string[];
}

/**
 * Whether the record's terms already authorise the sender without a lookup we cannot make here:
 * the same term (any qualifier but `-`/`~`), or every one of its addresses inside an ip4:/ip6: network.
 */
function authorises(terms: readonly string[], sender: SpfSender): boolean {
  const mechanisms = parseSpfRecord(['v=spf1', ...terms].join(' ')).record.terms.filter(
    (t): t is Mechanism => t.type === 'mechanism' && (t.qualifier === '+' || t.qualifier === '?'),
  );
  const wanted = sender.term.toLowerCase();
  if (mechanisms.some((m) => m.text.toLowerCase().replace(/^[+?]/, '') === wanted)) return true;
  const addresses = (sender.addresses ?? []).map(parseIp);
  return (
    addresses.length > 0 &&
    addresses.every(
      (ip) =>
        ip !== undefined &&
        mechanisms.some(
          (m) =>
            (m.kind === 'ip4' || m.kind === 'ip6') &&
            m.network !== undefined &&
            m.network.version === ip.version &&
            inCidr(ip, m.network, m.kind === 'ip4' ? (m.cidr4 ?? 32) : (m.cidr6 ?? 128)),
        ),
    )
  );
}

/**
 * The user's record with the smallest change that fixes what the findings say:
 * `+all` / `?all` / a missing `all` become `~all` (soft fail: nothing is rejected on SPF alone
 * while DMARC reports confirm every sender is listed; `-all` can follow), the Exchange Online
 * include is added before the `all`, several records are merged into one. Every mechanism the
 * user wrote is kept, in order. Narrowing `+all` alone would authorise nobody, the organisation's
 * own server included, so then every sender the assessment found that the record does not list
 * is added too. A new record lists those senders and ends in `freshAll`. Returns undefined when
 * no safe correction exists (several records with `redirect=`: merging would change their meaning).
 */
export function correctSpf(input: {
  records: readonly string[];
  /** who sends for the domain, as far as the assessment found: MX hosts, Exchange Online, the user's hosts */
  senders: readonly SpfSender[];
  addExchangeOnline: boolean;
  fixAll: boolean;
  /** the `all` of a new record */
  freshAll: '-all' | '~all';
}): SpfCorrection | undefined {
  const changes: SpfChange[] = [];
  if (input.records.some(hasUnsafeCharacter)) return undefined;
  if (input.records.length === 0) {
    const terms = [...input.senders.map((x) => x.term), input.freshAll];
    for (const t of terms) changes.push({ kind: 'added', term: t });
    return { record: ['v=spf1', ...terms].join(' '), changes };
  }

  let terms: string[];
  if (input.records.length === 1) {
    terms = splitTerms(input.records[0]!);
  } else {
    const all = input.records.map(splitTerms);
    if (all.some((t) => t.some((x) => REDIRECT.test(x)))) return undefined;
    const seen = new Set<string>();
    terms = [];
    for (const t of all.flat()) {
      if (ALL.test(t) || seen.has(t.toLowerCase())) continue;
      seen.add(t.toLowerCase());
      terms.push(t);
    }
    const alls = all.map((t) =>
      t
        .find((x) => ALL.test(x))
        ?.toLowerCase()
        .replace(/^\+/, ''),
    );
    terms.push(alls.every((x) => x === '-all') ? '-all' : '~all');
    changes.push({ kind: 'merged', records: input.records.length });
  }

  const insert = (term: string) => {
    const allIndex = terms.findIndex((t) => ALL.test(t));
    const redirectIndex = terms.findIndex((t) => REDIRECT.test(t));
    terms.splice(allIndex >= 0 ? allIndex : redirectIndex >= 0 ? redirectIndex : terms.length, 0, term);
    changes.push({ kind: 'added', term });
  };
  if (input.addExchangeOnline && !authorises(terms, { term: EXO_SPF_INCLUDE })) insert(EXO_SPF_INCLUDE);
  if (input.fixAll) {
    const i = terms.findIndex((t) => ALL.test(t));
    let narrowed = false;
    if (i >= 0) {
      const q = terms[i]!.length === 3 ? '+' : terms[i]![0];
      if (q === '+' || q === '?') {
        changes.push({ kind: 'replaced', from: terms[i]!, to: '~all' });
        terms[i] = '~all';
        narrowed = true;
      }
    } else if (!terms.some((t) => REDIRECT.test(t))) {
      // RFC 7208 §4.7: without `all` (and without redirect) the result is neutral for everyone.
      terms.push('~all');
      changes.push({ kind: 'added', term: '~all' });
      narrowed = true;
    }
    if (narrowed) for (const sender of input.senders) if (!authorises(terms, sender)) insert(sender.term);
  }
  return { record: ['v=spf1', ...terms].join(' '), changes };
}

export interface DmarcComposeInput {
  p: DmarcPolicy;
  sp?: DmarcPolicy;
  np?: DmarcPolicy;
  pct?: number;
  rua: readonly string[];
  ruf?: readonly string[];
  adkim?: 'r' | 's';
  aspf?: 'r' | 's';
  fo?: readonly string[];
}

/** RFC 7489 §6.4: `v` first, `p` second, the rest in any order; defaults are left out. */
export function composeDmarc(r: DmarcComposeInput): string {
  const tags = ['v=DMARC1', `p=${r.p}`];
  if (r.sp) tags.push(`sp=${r.sp}`);
  if (r.np) tags.push(`np=${r.np}`);
  if (r.pct !== undefined && r.pct !== 100) tags.push(`pct=${r.pct}`);
  if (r.rua.length) tags.push(`rua=${r.rua.join(',')}`);
  if (r.ruf?.length) tags.push(`ruf=${r.ruf.join(',')}`);
  if (r.adkim === 's') tags.push('adkim=s');
  if (r.aspf === 's') tags.push('aspf=s');
  if (r.fo?.length && !(r.fo.length === 1 && r.fo[0] === '0')) tags.push(`fo=${r.fo.join(':')}`);
  return tags.join('; ');
}

const POLICY_RANK: Record<DmarcPolicy, number> = { none: 0, quarantine: 1, reject: 2 };
export const strongerOrEqual = (a: DmarcPolicy, b: DmarcPolicy) => POLICY_RANK[a] >= POLICY_RANK[b];

type DmarcUri = NonNullable<DmarcData['parsed']>['rua'][number];

/**
 * A report URI we can copy into a new record: a mailto: with a valid domain and none of the
 * characters that separate URIs or tags (RFC 7489 §6.4: `,` `!` `;` must be percent-encoded).
 */
export function reusableUri(u: DmarcUri): string | undefined {
  if (!/^mailto:/i.test(u.uri) || /[,;!\s]/.test(u.uri) || hasUnsafeCharacter(u.uri)) return undefined;
  if (!isValidDnsName(u.domain, { allowServiceLabels: false })) return undefined;
  return u.maxBytes !== undefined && Number.isInteger(u.maxBytes) && u.maxBytes > 0 ? `${u.uri}!${u.maxBytes}` : u.uri;
}

/** Tags of the current record that a composed record does not carry, as `name=value`. */
export function droppedDmarcTags(parsed: DmarcData['parsed'] | undefined, composed: string): string[] {
  if (!parsed) return [];
  const kept = new Set(composed.split(';').map((t) => t.trim().split('=')[0]!.toLowerCase()));
  // RFC 7489 §6.3 defaults say nothing when left out.
  const defaults = new Set(['adkim=r', 'aspf=r', 'pct=100', 'fo=0', 'rf=afrf', 'ri=86400']);
  return parsed.tags
    .filter(
      (t) =>
        !kept.has(t.name.toLowerCase()) &&
        !defaults.has(`${t.name.toLowerCase()}=${t.value.trim().toLowerCase()}`) &&
        !hasUnsafeCharacter(t.value),
    )
    .map((t) => `${t.name}=${t.value}`);
}
