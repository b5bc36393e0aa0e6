/**
 * DKIM: key records at `<selector>._domainkey.<domain>` (RFC 6376 §3.6.2.1). Selectors cannot be
 * listed from DNS, so we try the user's, Exchange Online's and common ones; a selector we did not
 * find is not evidence that DKIM is missing. Key size per DESIGN §4 and RFC 8301 §3.2.
 */
import { z } from 'zod';
import type { DkimKeyRecord, DkimProblem } from '../../../../shared/dkim';
import { defineCheckSpec, opaqueObject } from '../../check-spec';
import { dkimFindings } from './findings';

const DkimSelectorResultSchema = z.object({
  selector: z.string(),
  name: z.string(),
  source: z.enum(['user', 'exchange-online', 'common']),
  outcome: z.enum(['key', 'revoked', 'invalid', 'not_found', 'cname_no_key', 'dns_error']),
  rcode: z.string().optional(),
  cnames: z.array(z.string()).default([]),
  /** every TXT value at the name */
  records: z.array(z.string()).default([]),
  failure: z.object({ kind: z.string(), message: z.string() }).optional(),
  /** the parsed key record (the first one, when several); read by no view yet */
  keyRecord: opaqueObject<DkimKeyRecord>().optional(),
  problems: z.array(opaqueObject<DkimProblem>()).default([]),
});
export type DkimSelectorResult = z.output<typeof DkimSelectorResultSchema>;
export type SelectorSource = DkimSelectorResult['source'];

const ExchangeOnlineDkimSchema = z.object({
  /** EXO selectors whose CNAME points at Microsoft */
  selectors: z.array(z.string()).default([]),
  /** initial domain prefix (`contoso` of contoso.onmicrosoft.com) */
  tenant: z.string().optional(),
  format: z.enum(['onmicrosoft', 'dkim.mail.microsoft']).optional(),
  /** keyPublished: a key record answers at the target (EXO publishes it once signing is enabled) */
  cnameTargets: z
    .array(z.object({ selector: z.string(), target: z.string(), keyPublished: z.boolean(), domainMatches: z.boolean() }))
    .default([]),
});
export type ExchangeOnlineDkim = z.output<typeof ExchangeOnlineDkimSchema>;

export const DkimResultSchema = z.object({
  domain: z.string(),
  selectors: z.array(DkimSelectorResultSchema).default([]),
  /** selectors with a key record (valid, revoked or broken) */
  found: z.array(z.string()).default([]),
  exchangeOnline: ExchangeOnlineDkimSchema.default({ selectors: [], cnameTargets: [] }),
});

export const dkimSpec = defineCheckSpec({
  id: 'dkim',
  name: { cs: 'DKIM', en: 'DKIM' },
  requires: [],
  result: DkimResultSchema,
  decides: ['mail-auth'],
  findings: dkimFindings,
});
