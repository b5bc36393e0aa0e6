/**
 * MX discovery (RFC 5321 §5.1, RFC 7505, RFC 2181 §10.3): the mail servers every later check tests.
 */
import { z } from 'zod';
import { defineCheckSpec } from '../../check-spec';
import { mxFindings } from './findings';

const MxHostSchema = z.object({
  preference: z.number(),
  exchange: z.string(),
  /** the exchange resolved through a CNAME (RFC 2181 §10.3 forbids it, yet mail may still flow) */
  cnames: z.array(z.string()).default([]),
  ipv4: z.array(z.string()).default([]),
  ipv6: z.array(z.string()).default([]),
  /** why the host is unusable, when it is */
  problem: z.enum(['ip_literal', 'invalid_name', 'no_address', 'lookup_failed']).optional(),
});
export type MxHost = z.output<typeof MxHostSchema>;

export const MxResultSchema = z.object({
  kind: z.enum(['mx', 'null-mx', 'implicit', 'none']),
  hosts: z.array(MxHostSchema).default([]),
  /** extra host names from the request, resolved */
  extraHosts: z.array(z.object({ name: z.string(), ipv4: z.array(z.string()), ipv6: z.array(z.string()) })).default([]),
});
export type MxResult = z.output<typeof MxResultSchema>;

export const mxSpec = defineCheckSpec({
  id: 'mx',
  name: { cs: 'Poštovní servery (MX)', en: 'Mail servers (MX)' },
  requires: [],
  result: MxResultSchema,
  // MX discovery decides no row by itself: the rows that test the MX hosts report on them.
  decides: [],
  findings: mxFindings,
});
