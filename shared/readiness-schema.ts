/**
 * The network readiness document (shared/readiness.ts explains it), apart from its reading so the
 * Assessment schema can hold it without importing the requirement catalogue.
 */
import { z } from 'zod';

export const CLIENT_PORTS = [465, 587, 993, 995] as const;

const PORT_STATES = ['open', 'blocked', 'refused', 'unreachable', 'unresolved', 'not_tested'] as const;
export type PortState = (typeof PORT_STATES)[number];

const DNSSEC_STATES = ['passes', 'strips', 'unknown'] as const;
export type DnssecPassState = (typeof DNSSEC_STATES)[number];

/**
 * Why the DNSSEC state is what it is: `signed` (DNSKEY with RRSIG), `no_rrsig` (DNSKEY without
 * its signature), `no_dnskey` (NOERROR without the keys of a zone that is signed by definition),
 * `rcode` (an error answer), `no_answer` (no resolver answered), `not_queried` (a test resolver).
 */
const DNSSEC_REASONS = ['signed', 'no_rrsig', 'no_dnskey', 'rcode', 'no_answer', 'not_queried'] as const;

const isoDateTime = z.iso.datetime({ offset: true });
const shortText = z.string().max(500);

const ResolverReadinessSchema = z.object({
  /** `IP:PORT` as the assessment uses it */
  server: z.string().max(100),
  answered: z.boolean(),
  rcode: z.string().max(20).optional(),
  ms: z.number().nonnegative().optional(),
  /** technical detail when it did not answer */
  problem: shortText.optional(),
  /** what this resolver did with the DNSKEY query with the DO bit */
  dnssec: z.enum(DNSSEC_STATES).optional(),
});
export type ResolverReadiness = z.infer<typeof ResolverReadinessSchema>;

const PortReadinessSchema = z.object({
  port: z.number().int().min(1).max(65535),
  /** the reference host tried; absent when none is set */
  host: z.string().max(300).optional(),
  /** the address the connection went to (after --connect-to) */
  address: z.string().max(100).optional(),
  state: z.enum(PORT_STATES),
  ms: z.number().nonnegative().optional(),
  /** technical detail (the connect error, the DNS failure) */
  detail: shortText.optional(),
});
export type PortReadiness = z.infer<typeof PortReadinessSchema>;

export const NetworkReadinessSchema = z.object({
  checkedAt: isoDateTime,
  durationMs: z.number().nonnegative().optional(),
  resolvers: z.array(ResolverReadinessSchema).max(20),
  dnssec: z.object({
    state: z.enum(DNSSEC_STATES),
    /** the trust anchor's owner zone that was asked for its DNSKEY, normally the root "." */
    zone: z.string().max(300),
    reason: z.enum(DNSSEC_REASONS).optional(),
    /** the engine validates iteratively from the root servers when the resolver strips DNSSEC data */
    fallback: z.enum(['iterative']).optional(),
    detail: shortText.optional(),
  }),
  ports: z.array(PortReadinessSchema).max(20),
});
export type NetworkReadiness = z.infer<typeof NetworkReadinessSchema>;
