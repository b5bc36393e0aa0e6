/**
 * DNSSEC of the mail domain and of every MX host's zone (requirement 4 of the measure): our own
 * validation from the trust anchor, with the algorithms and DS digests in use rated (RFC 8624).
 */
import { z } from 'zod';
import { NameValidationSchema, VALIDATION_STATUSES } from '../../../../shared/dnssec/result';
import { defineCheckSpec } from '../../check-spec';
import { mxSpec } from '../mx/spec';
import { dnssecFindings, dnssecMessages } from './findings';

const ZoneRatingSchema = z.object({
  zone: z.string(),
  status: z.enum(VALIDATION_STATUSES),
  /** DNSKEY algorithms of the zone's keys */
  algorithms: z.array(z.number()),
  /** digest types of the zone's DS records at the parent */
  digestTypes: z.array(z.number()),
});

export const DnssecResultSchema = z.object({
  /** the domain's MX RRset (its denial when there is none) */
  domain: NameValidationSchema,
  /** A and AAAA of each MX host */
  hosts: z.array(z.object({ host: z.string(), addresses: z.array(NameValidationSchema) })).default([]),
  /** the zones holding the domain and the MX hosts */
  zones: z.array(ZoneRatingSchema).default([]),
  /** the resolver removed DNSSEC data and the root servers could not be reached: nothing could be decided */
  resolverStrips: z.boolean().default(false),
  /** how the answers were obtained: through the resolver, or iteratively from the root servers (it strips DNSSEC) */
  path: z.enum(['resolver', 'iterative']).default('resolver'),
  /** DNS queries the validation sent */
  queries: z.number(),
});
export type DnssecResult = z.output<typeof DnssecResultSchema>;

export const dnssecSpec = defineCheckSpec({
  id: 'dnssec',
  name: { cs: 'DNSSEC', en: 'DNSSEC' },
  requires: [mxSpec],
  result: DnssecResultSchema,
  decides: ['dnssec'],
  findings: dnssecFindings,
  messages: dnssecMessages,
});
