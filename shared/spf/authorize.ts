/**
 * Does the domain's SPF policy authorise the organisation's own mail servers? Runs the real
 * check_host() (RFC 7208 §4, the same interpreter the static analysis uses) once per address,
 * with the domain as the MAIL FROM domain: sender `postmaster@<domain>`, HELO `<domain>`
 * (§2.4: the identity a server uses when it sends bounces and its own mail).
 *
 * DNS answers come from the caller's resolver, so within an assessment they come from (and fill)
 * the same per-assessment cache as every other check.
 */
import { z } from 'zod';
import type { DnsResolver } from '../dns';
import { checkHost, type CheckHostOptions, type SpfProblemCode } from './evaluate';
import { SPF_RESULTS } from './interpret';
import { formatIp, parseIp, unmapIPv4 } from './ip';

/** At most this many distinct addresses are evaluated per call; the rest are returned as skipped. */
export const MAX_AUTHORIZATION_IPS = 16;
/** Evaluations running at once: the resolver coalesces identical queries, so a few suffice. */
const CONCURRENCY = 4;

const ServerAuthorizationSchema = z.object({
  /** the address as given (the first spelling when the same address was given twice) */
  ip: z.string(),
  result: z.enum(SPF_RESULTS),
  /** the term that decided the result, e.g. `mx` or `include:spf.protection.outlook.com`, and the domain whose record holds it */
  mechanism: z.object({ domain: z.string(), term: z.string() }).optional(),
  /** permerror / temperror: why (the code, the domain and term at fault, an English detail) */
  problem: z
    .object({
      code: z.custom<SpfProblemCode>((v) => typeof v === 'string'),
      domain: z.string(),
      term: z.string().optional(),
      detail: z.string(),
    })
    .optional(),
  /** RFC 7208 §6.2: the domain's exp= text, for "fail" when published */
  explanation: z.string().optional(),
  /** DNS-querying terms and void lookups this evaluation used (RFC 7208 §4.6.4) */
  dnsTerms: z.number(),
  voidLookups: z.number(),
});
export type ServerAuthorization = z.output<typeof ServerAuthorizationSchema>;

/** What authorizesServers returns; the SPF check stores it as part of its result. */
export const ServerAuthorizationsSchema = z.object({
  domain: z.string(),
  /** the identities evaluated */
  sender: z.string(),
  helo: z.string(),
  /** one entry per distinct address, in the order given */
  results: z.array(ServerAuthorizationSchema),
  /** addresses beyond MAX_AUTHORIZATION_IPS, not evaluated */
  skipped: z.array(z.string()),
});
export type ServerAuthorizations = z.output<typeof ServerAuthorizationsSchema>;

export type AuthorizeOptions = Pick<CheckHostOptions, 'now' | 'timeoutMs' | 'receiver'>;

/**
 * check_host(ip, domain, postmaster@domain) for each address (IPv4 or IPv6). Throws TypeError for
 * a string that is not an IP address, and the signal's reason when it aborts.
 */
export async function authorizesServers(
  resolver: DnsResolver,
  domain: string,
  ips: readonly string[],
  signal?: AbortSignal,
  options: AuthorizeOptions = {},
): Promise<ServerAuthorizations> {
  const name = (domain.endsWith('.') ? domain.slice(0, -1) : domain).toLowerCase();
  const sender = `postmaster@${name}`;
  const helo = name;

  const distinct: string[] = [];
  const seen = new Set<string>();
  for (const ip of ips) {
    const parsed = parseIp(ip.trim());
    if (!parsed) throw new TypeError(`not an IP address: ${ip}`);
    const key = formatIp(unmapIPv4(parsed));
    if (seen.has(key)) continue;
    seen.add(key);
    distinct.push(ip);
  }
  const evaluated = distinct.slice(0, MAX_AUTHORIZATION_IPS);
  const skipped = distinct.slice(MAX_AUTHORIZATION_IPS);

  const results: ServerAuthorization[] = new Array(evaluated.length);
  let next = 0;
  const worker = async () => {
    while (next < evaluated.length) {
      const i = next++;
      signal?.throwIfAborted();
      const ip = evaluated[i]!;
      const r = await checkHost({ ip, domain: name, sender, helo }, resolver, { ...options, ...(signal ? { signal } : {}) });
      // An evaluation cut short by the signal ends in temperror; that is no answer about the server.
      signal?.throwIfAborted();
      results[i] = {
        ip,
        result: r.result,
        ...(r.mechanism ? { mechanism: r.mechanism } : {}),
        ...(r.problem ? { problem: r.problem } : {}),
        ...(r.explanation !== undefined ? { explanation: r.explanation } : {}),
        dnsTerms: r.dnsTerms,
        voidLookups: r.voidLookups,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, evaluated.length) }, worker));
  return { domain: name, sender, helo, results, skipped };
}
