/**
 * DNS types shared by the engine's client and the pure evaluators in `shared/` (SPF, DMARC, DKIM).
 * Records are normalised from the wire format: names lower-case without the trailing dot,
 * TXT character-strings kept separate (RFC 7208 §3.3 joins them without spaces).
 */

export type DnsRcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED' | (string & {});

export type QueryType =
  | 'A'
  | 'AAAA'
  | 'MX'
  | 'TXT'
  | 'CNAME'
  | 'NS'
  | 'SOA'
  | 'PTR'
  | 'SPF'
  | 'SRV'
  | 'CAA'
  | 'DS'
  | 'DNSKEY'
  | 'RRSIG'
  | 'NSEC'
  | 'NSEC3'
  | 'TLSA'
  | 'DNAME';

interface RecordBase {
  name: string;
  ttl: number;
}

export type DnsRecord =
  | (RecordBase & { type: 'A' | 'AAAA'; address: string })
  | (RecordBase & { type: 'MX'; preference: number; exchange: string })
  | (RecordBase & { type: 'TXT' | 'SPF'; strings: string[] })
  | (RecordBase & { type: 'CNAME' | 'PTR' | 'NS' | 'DNAME'; target: string })
  | (RecordBase & { type: 'SOA'; mname: string; rname: string; serial: number; minimum: number })
  /** Any other type (DNSSEC and TLSA records among them) with its presentation-format text. */
  | (RecordBase & { type: 'OTHER'; rrtype: string; text: string });

export interface DnsFlags {
  /** authoritative answer */
  aa: boolean;
  /** truncated */
  tc: boolean;
  /** recursion available */
  ra: boolean;
  /** authentic data (RFC 4035 §3.2.3): the resolver validated the answer */
  ad: boolean;
  /** checking disabled */
  cd: boolean;
}

export interface DnsResponse {
  /** the question as sent (A-label, lower-case) */
  name: string;
  type: QueryType;
  rcode: DnsRcode;
  flags: DnsFlags;
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
  /** server that answered, `ip:port` */
  server: string;
  transport: 'udp' | 'tcp';
}

export type DnsErrorKind = 'timeout' | 'network' | 'malformed' | 'aborted' | 'invalid_name' | 'cname_loop';

/** A query that produced no usable response at all. An rcode such as SERVFAIL is a response, not this. */
export class DnsError extends Error {
  constructor(
    readonly kind: DnsErrorKind,
    readonly qname: string,
    readonly qtype: string,
    message: string,
  ) {
    super(message);
    this.name = 'DnsError';
  }
}

/** Outcome of a resolved lookup: the records of the asked type after following CNAMEs. */
export interface LookupResult<R extends DnsRecord = DnsRecord> {
  name: string;
  type: QueryType;
  rcode: DnsRcode;
  records: R[];
  /** CNAME targets followed, in order */
  cnames: string[];
  /** true when every response in the chain carried the AD flag */
  authenticated: boolean;
  server: string;
}

/**
 * What pure evaluators need from DNS. Implementations throw `DnsError` for a transport failure
 * and return a non-NOERROR rcode for a server that answered with an error.
 */
export interface DnsResolver {
  lookup<T extends QueryType>(name: string, type: T): Promise<LookupResult<RecordOfType<T>>>;
}

export type RecordOfType<T extends QueryType> = T extends 'A' | 'AAAA'
  ? Extract<DnsRecord, { type: 'A' | 'AAAA' }>
  : T extends 'MX'
    ? Extract<DnsRecord, { type: 'MX' }>
    : T extends 'TXT' | 'SPF'
      ? Extract<DnsRecord, { type: 'TXT' | 'SPF' }>
      : T extends 'CNAME' | 'PTR' | 'NS' | 'DNAME'
        ? Extract<DnsRecord, { type: 'CNAME' | 'PTR' | 'NS' | 'DNAME' }>
        : T extends 'SOA'
          ? Extract<DnsRecord, { type: 'SOA' }>
          : DnsRecord;

/** Presentation format of a record's data, for evidence. */
export function recordText(r: DnsRecord): string {
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return r.address;
    case 'MX':
      return `${r.preference} ${r.exchange}.`;
    case 'TXT':
    case 'SPF':
      return r.strings.map((s) => JSON.stringify(s)).join(' ');
    case 'CNAME':
    case 'PTR':
    case 'NS':
    case 'DNAME':
      return `${r.target}.`;
    case 'SOA':
      return `${r.mname}. ${r.rname}. ${r.serial} ${r.minimum}`;
    case 'OTHER':
      return r.text;
  }
}

/** TXT character-strings joined as RFC 7208 §3.3 and RFC 7489 §6.6.2 require. */
export function txtValue(r: Extract<DnsRecord, { type: 'TXT' | 'SPF' }>): string {
  return r.strings.join('');
}
