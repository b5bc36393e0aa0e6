/**
 * The `DnsResolver` the checks use: follows CNAME chains over a `DnsClient` and caches responses
 * for the lifetime of one assessment, with in-flight de-duplication so checks running in
 * parallel that ask the same question put one query on the wire.
 */
import {
  DnsError,
  type DnsRecord,
  type DnsResolver,
  type DnsResponse,
  type LookupResult,
  type QueryType,
  type RecordOfType,
} from '../../../shared/dns';
import { isSubdomainOf } from '../../../shared/domain-name';
import { queryName, type DnsClient, type QueryOptions } from './dns-client';

export interface ResolverOptions {
  /** set the DO bit on every query */
  dnssec?: boolean;
  checkingDisabled?: boolean;
  /** CNAMEs followed before giving up, default 8 */
  maxCnames?: number;
  /** aborts every query of this resolver (the assessment's cancellation) */
  signal?: AbortSignal;
}

export interface CachingResolver extends DnsResolver {
  /** one response per name and type, cached (transport errors are not cached) */
  response(name: string, type: QueryType): Promise<DnsResponse>;
  /** number of distinct queries sent to the client so far */
  readonly queriesSent: number;
}

export const DEFAULT_MAX_CNAMES = 8;

export function createResolver(client: DnsClient, options: ResolverOptions = {}): CachingResolver {
  const maxCnames = options.maxCnames ?? DEFAULT_MAX_CNAMES;
  const queryOptions: QueryOptions = {
    ...(options.dnssec ? { dnssec: true } : {}),
    ...(options.checkingDisabled ? { checkingDisabled: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const cache = new Map<string, Promise<DnsResponse>>();
  let queriesSent = 0;

  const response = (name: string, type: QueryType): Promise<DnsResponse> => {
    let qname: string;
    try {
      qname = queryName(name, type);
    } catch (error) {
      return Promise.reject(error);
    }
    const key = `${qname}\u0000${type}`;
    const hit = cache.get(key);
    if (hit) return hit;
    queriesSent++;
    const pending = client.query(qname, type, queryOptions);
    cache.set(key, pending);
    // A transport failure may be transient: let a later check ask again.
    pending.catch(() => {
      if (cache.get(key) === pending) cache.delete(key);
    });
    return pending;
  };

  async function lookup<T extends QueryType>(name: string, type: T): Promise<LookupResult<RecordOfType<T>>> {
    const asked = queryName(name, type);
    const cnames: string[] = [];
    const seen = new Set([asked]);
    let current = asked;
    let authenticated = true;
    for (;;) {
      const resp = await response(current, type);
      authenticated &&= resp.flags.ad;
      const result = (rcode: string, records: DnsRecord[]): LookupResult<RecordOfType<T>> => ({
        name: asked,
        type,
        rcode,
        records: records as RecordOfType<T>[],
        cnames,
        authenticated,
        server: resp.server,
      });

      // Walk the chain as far as this response carries it (RFC 1034 §4.3.2 step 3a).
      let last = current;
      for (;;) {
        const records = resp.answers.filter((r) => r.name === last && isType(r, type));
        if (records.length > 0 || type === 'CNAME') return result(resp.rcode, records);
        const cname = resp.answers.find((r): r is Extract<DnsRecord, { target: string }> => r.type === 'CNAME' && r.name === last);
        if (!cname) break;
        if (seen.has(cname.target))
          throw new DnsError('cname_loop', asked, type, `CNAME loop: ${[asked, ...cnames, cname.target].join(' → ')}`);
        if (cnames.length >= maxCnames)
          throw new DnsError(
            'cname_loop',
            asked,
            type,
            `CNAME chain longer than ${maxCnames}: ${[asked, ...cnames, cname.target].join(' → ')}`,
          );
        seen.add(cname.target);
        cnames.push(cname.target);
        last = cname.target;
      }

      if (last === current || (resp.rcode !== 'NOERROR' && resp.rcode !== 'NXDOMAIN')) return result(resp.rcode, []);
      // RFC 6604 §3: after a chain, the rcode describes the last name.
      if (resp.rcode === 'NXDOMAIN') return result('NXDOMAIN', []);
      // RFC 2308 §2.2: an SOA for the last name's zone in authority means NODATA for it; otherwise
      // the server stopped at the CNAME (an authoritative server's out-of-zone target): ask again.
      if (resp.authorities.some((r) => r.type === 'SOA' && isSubdomainOf(last, r.name))) return result('NOERROR', []);
      current = last;
    }
  }

  return {
    lookup,
    response,
    get queriesSent() {
      return queriesSent;
    },
  };
}

function isType(r: DnsRecord, type: QueryType): boolean {
  return r.type === type || (r.type === 'OTHER' && r.rrtype === type);
}
