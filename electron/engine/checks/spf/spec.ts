/**
 * SPF (RFC 7208): the domain's record, its syntax, the include/redirect tree, the DNS lookup and
 * void lookup limits of §4.6.4, and what the record says about mail from unlisted servers.
 */
import { z } from 'zod';
import type { SpfNode, SpfNodeStatus, VoidLookup } from '../../../../shared/spf/analyze';
import { ServerAuthorizationsSchema } from '../../../../shared/spf/authorize';
import { defineCheckSpec, opaqueObject } from '../../check-spec';
import { mxSpec } from '../mx/spec';
import { spfFindings, spfMessages } from './findings';

const qualifier = z.enum(['+', '-', '~', '?']);

/** A term in plain JSON, as the wizard and the report show it. */
const SpfTermSummarySchema = z.object({
  text: z.string(),
  type: z.enum(['mechanism', 'modifier']),
  /** mechanism kind, or the modifier's name */
  name: z.string(),
  qualifier: qualifier.optional(),
  /** domain-spec, address, or modifier value */
  value: z.string().optional(),
  cidr4: z.number().optional(),
  cidr6: z.number().optional(),
});
export type SpfTermSummary = z.output<typeof SpfTermSummarySchema>;

/** The analysis as plain JSON: terms summarised, the per-lookup log and raw issues left out (findings carry them). */
export const SpfResultSchema = z.object({
  domain: z.string(),
  /** status of the assessed domain's own record */
  status: z.custom<SpfNodeStatus>((v) => typeof v === 'string'),
  /** the SPF record (TXT strings joined), null when there is none or more than one */
  record: z.string().nullable(),
  strings: z.array(z.string()).default([]),
  /** every v=spf1 record at the domain (more than one is an error) */
  records: z.array(z.string()).default([]),
  terms: z.array(SpfTermSummarySchema).default([]),
  /** the include/redirect tree (read by no view yet: kept as the analysis made it) */
  tree: opaqueObject<SpfNode>().optional(),
  /** DNS-querying terms that evaluation can reach (RFC 7208 §4.6.4 allows 10) */
  lookupCount: z.number().default(0),
  lookupLimit: z.number().default(10),
  /** `domain › include › …: count` for every record of the tree */
  chain: z.array(z.string()).default([]),
  /** every include target in the tree, depth-first in record order, once each */
  includes: z.array(z.string()).default([]),
  voidLookups: z.array(opaqueObject<VoidLookup>()).default([]),
  /** qualifier of the `all` that ends evaluation (following redirect), null when there is none */
  allQualifier: qualifier.nullable().default(null),
  terminalDomain: z.string().optional(),
  /** SPF-type (RR 99) records at the domain, deprecated by RFC 7208 §3.1 */
  spfRrRecords: z.array(z.string()).default([]),
  /** RFC 7208 §3.4: the DNS name plus all TXT text at it, in octets */
  txtSize: z.number().default(0),
  /** check_host() for the organisation's own servers (MX hosts it runs, the user's extra hosts) */
  authorization: ServerAuthorizationsSchema.optional(),
});
export type SpfResult = z.output<typeof SpfResultSchema>;

export const spfSpec = defineCheckSpec({
  id: 'spf',
  name: { cs: 'SPF', en: 'SPF' },
  // The MX check's addresses are the own servers whose authorisation is evaluated.
  requires: [mxSpec],
  result: SpfResultSchema,
  decides: ['mail-auth'],
  findings: spfFindings,
  messages: spfMessages,
});
