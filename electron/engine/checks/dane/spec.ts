/**
 * DANE for SMTP (RFC 7672) on every MX host (requirement 5 of the measure): TLSA at
 * `_25._tcp.<mx>` looked up only where DNSSEC makes it usable, matched against the chain each
 * address served in the STARTTLS handshakes already made.
 */
import { z } from 'zod';
import { NameValidationSchema } from '../../../../shared/dnssec/result';
import { defineCheckSpec } from '../../check-spec';
import { certificateSpec } from '../certificate/spec';
import { dnssecSpec } from '../dnssec/spec';
import { mxSpec } from '../mx/spec';
import { daneFindings, daneMessages } from './findings';

const TlsaMatchSchema = z.object({
  /** presentation, e.g. `3 1 1 ABCD…` */
  record: z.string(),
  usable: z.boolean(),
  reason: z.string().optional(),
  /** per certificate group: which certificate of the served chain it matched (0 = leaf) */
  matches: z.array(z.object({ addresses: z.array(z.string()), certificate: z.number().optional() })),
});

export const DaneHostSchema = z.object({
  host: z.string(),
  /** the TLSA base domain (the MX name, or its CNAME target, RFC 7672 §2.2.2) */
  base: z.string(),
  /** why TLSA was not looked up or not used */
  state: z.enum(['checked', 'not_secure', 'missing', 'bogus', 'lookup_failed', 'unusable', 'no_certificate']),
  tlsa: NameValidationSchema.optional(),
  records: z.array(TlsaMatchSchema).default([]),
  /** every address group's chain is authenticated by a usable record */
  authenticated: z.boolean().default(false),
  rolloverReady: z.boolean().default(false),
});
export type DaneHost = z.output<typeof DaneHostSchema>;

export const DaneResultSchema = z.object({ hosts: z.array(DaneHostSchema).default([]) });

export const daneSpec = defineCheckSpec({
  id: 'dane',
  name: { cs: 'DANE (záznamy TLSA)', en: 'DANE (TLSA records)' },
  requires: [mxSpec, dnssecSpec, certificateSpec],
  result: DaneResultSchema,
  decides: ['dane'],
  findings: daneFindings,
  messages: daneMessages,
});
