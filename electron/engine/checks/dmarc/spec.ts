/**
 * DMARC: the published policy for the assessed domain (RFC 9989), judged against DESIGN §4:
 * p=quarantine or p=reject is required (NCSC-NL, internet.nl), reports should be collected, and
 * report destinations in another organisation must have consented (§7.1).
 */
import { z } from 'zod';
import { defineCheckSpec } from '../../check-spec';
import { dmarcFindings } from './findings';

const policy = z.enum(['none', 'quarantine', 'reject']);
const alignment = z.enum(['r', 's']);
const DmarcUriSchema = z.object({ uri: z.string(), address: z.string(), domain: z.string(), maxBytes: z.number().optional() });

const DmarcRecordSchema = z.object({
  /** tags in order as written (names lower-cased) */
  tags: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
  p: policy.optional(),
  sp: policy.optional(),
  np: policy.optional(),
  pct: z.number().default(100),
  adkim: alignment.default('r'),
  aspf: alignment.default('r'),
  rua: z.array(DmarcUriSchema).default([]),
  ruf: z.array(DmarcUriSchema).default([]),
  fo: z.array(z.string()).default(['0']),
  rf: z.array(z.string()).default(['afrf']),
  ri: z.number().default(86400),
  testing: z.boolean().default(false),
  /** RFC 9989 §4.7; absent in assessments saved before it */
  psd: z.enum(['y', 'n', 'u']).default('u'),
});

const DmarcProblemSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  tag: z.string().optional(),
  value: z.string().optional(),
  expected: z.string().optional(),
});

export const DmarcResultSchema = z.object({
  domain: z.string(),
  /** RFC 9989 §4.10.2, by the DNS tree walk */
  organizationalDomain: z.string(),
  outcome: z.enum(['found', 'none', 'multiple', 'dns_error']),
  lookups: z
    .array(
      z.object({
        name: z.string(),
        rcode: z.string().optional(),
        records: z.array(z.string()),
        cnames: z.array(z.string()),
        failure: z.object({ kind: z.string(), message: z.string() }).optional(),
      }),
    )
    .default([]),
  /** where the record in force was published */
  policyDomain: z.string().optional(),
  /** RFC 9989 §4.10.1: the domain's own record, its organisational domain's, or its public suffix domain's */
  source: z.enum(['domain', 'organizational', 'psd']).optional(),
  record: z.string().optional(),
  parsed: DmarcRecordSchema.optional(),
  problems: z.array(DmarcProblemSchema).default([]),
  evaluation: z
    .object({ usable: z.boolean(), policy: policy.optional(), subdomainPolicy: policy.optional(), assumedNone: z.boolean() })
    .optional(),
  /** the policy receivers apply to mail from the assessed domain (sp when inherited) */
  appliedPolicy: policy.optional(),
  externalDestinations: z
    .array(
      z.object({
        host: z.string(),
        tags: z.array(z.enum(['rua', 'ruf'])),
        addresses: z.array(z.string()),
        queryName: z.string(),
        outcome: z.enum(['authorized', 'not_authorized', 'dns_error']),
        records: z.array(z.string()),
        overrides: z.object({ rua: z.array(z.string()).optional(), ruf: z.array(z.string()).optional() }).optional(),
      }),
    )
    .default([]),
});
export type DmarcResult = z.output<typeof DmarcResultSchema>;

export const dmarcSpec = defineCheckSpec({
  id: 'dmarc',
  name: { cs: 'DMARC', en: 'DMARC' },
  requires: [],
  result: DmarcResultSchema,
  decides: ['mail-auth'],
  findings: dmarcFindings,
});
