/**
 * MTA-STS (RFC 8461) and TLS-RPT (RFC 8460): the `_mta-sts` TXT record, the policy served over
 * HTTPS from `mta-sts.<domain>`, whether it covers every MX host, and the `_smtp._tls` record.
 * DESIGN §4 lists both as recommended, not as a row of the measure: the check decides no row,
 * and its findings show under "other findings" in the wizard and the PDF.
 */
import { z } from 'zod';
import { defineCheckSpec } from '../../check-spec';
import { mxSpec } from '../mx/spec';
import { mtaStsFindings, mtaStsMessages } from './findings';

const TxtLookupSchema = z.object({
  name: z.string(),
  outcome: z.enum(['found', 'none', 'multiple', 'invalid', 'dns_error']),
  /** every TXT string at the name, joined per record */
  records: z.array(z.string()).default([]),
  rcode: z.string().optional(),
  failure: z.string().optional(),
});

const PolicyFetchSchema = z.object({
  url: z.string(),
  host: z.string(),
  addresses: z.array(z.string()).default([]),
  /** where the connection really went (connect-to), `addr:port` */
  endpoint: z.string().optional(),
  outcome: z.enum(['ok', 'no_address', 'dns_error', 'unreachable', 'certificate', 'redirect', 'http_status', 'content_type', 'too_large']),
  problem: z.string().optional(),
  detail: z.string().optional(),
  certificate: z
    .object({
      authorized: z.boolean(),
      authorizationError: z.string().optional(),
      hostMatch: z.boolean(),
      hostMismatch: z.string().optional(),
      protocol: z.string(),
      subject: z.string().optional(),
      issuer: z.string().optional(),
      validTo: z.string().optional(),
    })
    .optional(),
  status: z.number().optional(),
  contentType: z.string().optional(),
  location: z.string().optional(),
  bytes: z.number().optional(),
  /** the body as served, when it was read in full */
  text: z.string().optional(),
});

const ParsedPolicySchema = z.object({
  version: z.string().optional(),
  mode: z.enum(['enforce', 'testing', 'none']).optional(),
  maxAge: z.number().optional(),
  mx: z.array(z.string()).default([]),
  valid: z.boolean(),
});

export const MtaStsResultSchema = z.object({
  domain: z.string(),
  record: TxtLookupSchema.extend({ id: z.string().optional() }),
  policy: PolicyFetchSchema.optional(),
  parsed: ParsedPolicySchema.optional(),
  /** each usable MX host and the pattern that covers it */
  coverage: z.array(z.object({ host: z.string(), pattern: z.string().optional() })).default([]),
  tlsrpt: TxtLookupSchema.extend({ rua: z.array(z.string()).default([]) }),
});
export type MtaStsResult = z.output<typeof MtaStsResultSchema>;

export const mtaStsSpec = defineCheckSpec({
  id: 'mta-sts',
  name: { cs: 'MTA-STS a TLS-RPT (doporučení)', en: 'MTA-STS and TLS-RPT (recommended)' },
  requires: [mxSpec],
  result: MtaStsResultSchema,
  // Recommended (DESIGN §4: RFC 8461, 8460), not a requirement of the measure.
  decides: [],
  findings: mtaStsFindings,
  messages: mtaStsMessages,
});
