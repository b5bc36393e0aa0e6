/**
 * The organisation's client and web access hosts (issue 9 §1): MX hosts, the request's extra
 * hosts, autodiscover, the usual mail./webmail./owa./remote. names and RFC 6186 SRV records, each
 * with how it was found. Decides no row: `client-access`, `web-access` and `exchange` test them.
 */
import { z } from 'zod';
import { defineCheckSpec } from '../../check-spec';
import { mxSpec } from '../mx/spec';
import { accessHostsFindings } from './findings';

export const ACCESS_HOST_SOURCES = ['mx', 'request', 'autodiscover', 'common-name', 'srv'] as const;
export const AccessHostSchema = z.object({
  /** A-label, lower case, no trailing dot */
  name: z.string(),
  /** IPv4 and IPv6 addresses, each once */
  addresses: z.array(z.string()).default([]),
  /** how the host was found; `via` is the DNS name that led to it (the SRV owner, the autodiscover CNAME, ...) */
  sources: z.array(z.object({ kind: z.enum(ACCESS_HOST_SOURCES), via: z.string().optional() })),
  /** services and ports RFC 6186 SRV records name for this host (service label without the leading underscore, e.g. 'submissions', 'imaps', 'autodiscover') */
  srv: z.array(z.object({ service: z.string(), port: z.number().int() })).default([]),
  /** one of Microsoft's Exchange Online endpoints: reported, never probed */
  microsoft: z.boolean().default(false),
  /** the canonical name when `name` is an alias (CNAME chain end) */
  cname: z.string().optional(),
});
export type AccessHost = z.output<typeof AccessHostSchema>;
export type AccessHostSource = (typeof ACCESS_HOST_SOURCES)[number];

export const AccessHostsResultSchema = z.object({
  hosts: z.array(AccessHostSchema).default([]),
  /** autodiscover.<domain> is a CNAME to autodiscover.outlook.com (Exchange Online) */
  autodiscoverExchangeOnline: z.boolean().default(false),
});
export type AccessHostsResult = z.output<typeof AccessHostsResultSchema>;

export const accessHostsSpec = defineCheckSpec({
  id: 'access-hosts',
  name: { cs: 'Hostitelé pro klienty a web', en: 'Client and web access hosts' },
  requires: [mxSpec],
  result: AccessHostsResultSchema,
  // Discovery only: the checks that probe these hosts decide rows 8 and 9.
  decides: [],
  findings: accessHostsFindings,
});
