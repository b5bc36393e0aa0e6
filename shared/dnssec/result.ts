/**
 * What DNSSEC validation found for one name and type, as JSON: the verdict (RFC 4033 §5 states),
 * the exact reason when it is not secure, and the chain of trust step by step, so the wizard, the
 * PDF and the CLI can show each DS → DNSKEY → RRSIG link with key tags, algorithms and dates.
 */
import { z } from 'zod';

export const VALIDATION_STATUSES = ['secure', 'insecure', 'bogus', 'indeterminate'] as const;
export type ValidationStatus = (typeof VALIDATION_STATUSES)[number];

/** Why a result is not secure; each has a message `dnssec.reason.<reason>`. */
export const VALIDATION_REASONS = [
  // bogus
  'signature_expired',
  'signature_not_yet_valid',
  'no_dnskey_matches_ds',
  'bad_signature',
  'rrsig_missing',
  'no_key_for_signature',
  'dnskey_missing',
  'denial_broken',
  'wildcard_unproven',
  // insecure
  'no_ds',
  'unsupported_algorithm',
  'nsec3_iterations',
  // indeterminate
  'resolver_strips_dnssec',
  'lookup_failed',
  'too_many_queries',
] as const;
export type ValidationReason = (typeof VALIDATION_REASONS)[number];

export const SignatureCheckSchema = z.object({
  /** RR type the signature covers */
  covers: z.string(),
  owner: z.string(),
  keyTag: z.number(),
  algorithm: z.number(),
  signer: z.string(),
  /** ISO 8601 */
  inception: z.string(),
  expiration: z.string(),
  result: z.enum(['valid', 'invalid', 'expired', 'not_yet_valid', 'no_key', 'unsupported']),
});
export type SignatureCheck = z.output<typeof SignatureCheckSchema>;

/** One zone on the way from the trust anchor to the name. */
export const ZoneLinkSchema = z.object({
  zone: z.string(),
  status: z.enum(VALIDATION_STATUSES),
  reason: z.enum(VALIDATION_REASONS).optional(),
  /** the zone's keys were taken from the trust anchor itself */
  anchored: z.boolean().default(false),
  /** DS records at the parent (or the anchor's), with whether a DNSKEY matched each */
  ds: z.array(z.object({ keyTag: z.number(), algorithm: z.number(), digestType: z.number(), matched: z.boolean() })).default([]),
  dnskeys: z.array(z.object({ keyTag: z.number(), algorithm: z.number(), flags: z.number() })).default([]),
  /** the RRSIGs over the DNSKEY RRset (and over the DS RRset at the parent) */
  signatures: z.array(SignatureCheckSchema).default([]),
  /** for an insecure delegation: what proves that there is no DS (e.g. `NSEC example.cz. → a.example.cz. NS RRSIG NSEC`) */
  proof: z.string().optional(),
  detail: z.string().optional(),
});
export type ZoneLink = z.output<typeof ZoneLinkSchema>;

export const NameValidationSchema = z.object({
  name: z.string(),
  type: z.string(),
  status: z.enum(VALIDATION_STATUSES),
  reason: z.enum(VALIDATION_REASONS).optional(),
  /** plain English detail for evidence (dates, key tags) */
  detail: z.string().optional(),
  rcode: z.string(),
  /** the zone holding the name's data (the deepest zone the chain reached) */
  zone: z.string(),
  chain: z.array(ZoneLinkSchema).default([]),
  /** the answer's own signatures */
  signatures: z.array(SignatureCheckSchema).default([]),
  /** CNAME/DNAME targets followed, in order */
  cnames: z.array(z.string()).default([]),
  /** the validated records, presentation format */
  records: z.array(z.string()).default([]),
  /** the answer came from a wildcard (RFC 4035 §5.3.4) */
  wildcard: z.string().optional(),
});
export type NameValidation = z.output<typeof NameValidationSchema>;

/** Worst first: a chain is as good as its weakest link. */
export function worstStatus(statuses: readonly ValidationStatus[]): ValidationStatus {
  const order: ValidationStatus[] = ['bogus', 'indeterminate', 'insecure', 'secure'];
  return order.find((s) => statuses.includes(s)) ?? 'secure';
}
