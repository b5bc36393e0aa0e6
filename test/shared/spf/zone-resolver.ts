/**
 * An in-memory DnsResolver over zone data written the way the OpenSPF test suite writes it:
 * `{ name: [ { A: '192.0.2.1' }, { MX: [10, 'mx.example.com'] }, { TXT: ['part1', 'part2'] }, 'TIMEOUT' ] }`.
 *
 * Semantics follow the suite's reference driver (pyspf's testspf.py): entries are read in order;
 * a TIMEOUT entry raises a timeout unless a record of the asked type came before it; `TXT: NONE`
 * publishes no TXT record; and, with `spfAsTxt`, SPF-type records are also served as TXT when the
 * name lists no TXT entry (the suite relies on that "auto-magic duplication").
 */
import { DnsError, type DnsRecord, type DnsResolver, type LookupResult, type QueryType, type RecordOfType } from '../../../shared/dns';

export type ZoneEntry = 'TIMEOUT' | Record<string, unknown>;
export type ZoneData = Record<string, ZoneEntry[]>;

type Item = { kind: 'timeout' } | { kind: 'rcode'; rcode: string } | { kind: 'record'; type: string; value: unknown };

const strip = (name: string) => (name.endsWith('.') ? name.slice(0, -1) : name);

export interface ZoneResolver extends DnsResolver {
  /** every query made, as `TYPE name` */
  readonly queries: string[];
}

export function zoneResolver(zone: ZoneData, options: { spfAsTxt?: boolean; server?: string } = {}): ZoneResolver {
  const names = new Map<string, Item[]>();
  for (const [rawName, entries] of Object.entries(zone)) {
    const items: Item[] = [];
    const generated: Item[] = [];
    let hasTxt = false;
    for (const entry of entries ?? []) {
      if (entry === 'TIMEOUT') {
        items.push({ kind: 'timeout' });
        continue;
      }
      for (const [type, value] of Object.entries(entry)) {
        if (type === 'RCODE') {
          items.push({ kind: 'rcode', rcode: String(value) });
          continue;
        }
        if (type === 'TXT') hasTxt = true;
        if (type === 'SPF' && options.spfAsTxt) generated.push({ kind: 'record', type: 'TXT', value });
        if (value === 'NONE') continue;
        items.push({ kind: 'record', type, value });
      }
    }
    if (!hasTxt) items.push(...generated);
    names.set(strip(rawName).toLowerCase(), items);
  }

  const server = options.server ?? '127.0.0.1:53';
  const queries: string[] = [];

  const toRecord = (name: string, type: string, value: unknown): DnsRecord => {
    const base = { name, ttl: 300 };
    switch (type) {
      case 'A':
      case 'AAAA':
        return { ...base, type, address: String(value) };
      case 'MX': {
        const [preference, exchange] = value as [number, string];
        return { ...base, type: 'MX', preference, exchange: strip(exchange) };
      }
      case 'TXT':
      case 'SPF':
        return { ...base, type, strings: Array.isArray(value) ? value.map(String) : [String(value)] };
      case 'PTR':
      case 'CNAME':
        return { ...base, type, target: strip(String(value)) };
      default:
        throw new Error(`zone-resolver: unsupported type ${type}`);
    }
  };

  const resolve = (qname: string, type: QueryType, chain: string[]): Omit<LookupResult, 'name' | 'type' | 'authenticated' | 'server'> => {
    const key = strip(qname).toLowerCase();
    const items = names.get(key);
    if (!items) return { rcode: 'NXDOMAIN', records: [], cnames: chain };
    const records: DnsRecord[] = [];
    for (const item of items) {
      if (item.kind === 'timeout') {
        if (records.length === 0) throw new DnsError('timeout', qname, type, `query for ${type} ${qname} timed out`);
        break;
      }
      if (item.kind === 'rcode') return { rcode: item.rcode, records: [], cnames: chain };
      if (item.type === type) records.push(toRecord(key, item.type, item.value));
      else if (item.type === 'CNAME' && type !== 'CNAME') {
        const next = strip(String(item.value)).toLowerCase();
        if (next === key || chain.includes(next)) throw new DnsError('cname_loop', qname, type, `CNAME loop at ${qname}`);
        return resolve(next, type, [...chain, next]);
      }
    }
    return { rcode: 'NOERROR', records, cnames: chain };
  };

  return {
    queries,
    async lookup<T extends QueryType>(name: string, type: T): Promise<LookupResult<RecordOfType<T>>> {
      queries.push(`${type} ${name}`);
      const r = resolve(name, type, []);
      return { name: strip(name).toLowerCase(), type, authenticated: false, server, ...r } as LookupResult<RecordOfType<T>>;
    },
  };
}
