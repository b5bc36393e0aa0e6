/**
 * Which mail platform the domain runs on, from DNS alone: Exchange Online leaves recognisable
 * traces (MX, autodiscover, SPF include, DKIM CNAMEs, tenant verification TXT).
 */
import { z } from 'zod';
import { isSubdomainOf } from '../../../../shared/domain-name';
import { defineCheckSpec } from '../../check-spec';
import { dkimSpec } from '../dkim/spec';
import { mxSpec } from '../mx/spec';
import { spfSpec } from '../spf/spec';
import { platformFindings, platformMessages } from './findings';

export const PLATFORM_SIGNALS = [
  'mx-exchange-online',
  'mx-exchange-online-dnssec',
  'autodiscover-exchange-online',
  'spf-include-exchange-online',
  'dkim-exchange-online',
  'tenant-verification-txt',
] as const;
export type PlatformSignal = (typeof PLATFORM_SIGNALS)[number];

/** Exchange Online inbound MX host names (Microsoft Learn: "Mail flow best practices"; DNSSEC MX under mx.microsoft). */
const EXO_MX_ZONES = ['mail.protection.outlook.com', 'mx.microsoft'] as const;

/** The Exchange Online zone an MX host lies in, if it is one of Microsoft's inbound hosts. */
export function exchangeOnlineMxZone(host: string): (typeof EXO_MX_ZONES)[number] | undefined {
  return EXO_MX_ZONES.find((zone) => isSubdomainOf(host, zone));
}

export const PlatformResultSchema = z.object({
  platform: z.enum(['exchange-online', 'on-premises-or-other']),
  /** MX elsewhere, yet Microsoft 365 traces exist: a hybrid or a filtering gateway in front */
  tenantTraces: z.boolean().default(false),
  signals: z.array(z.enum(PLATFORM_SIGNALS)).default([]),
  tenant: z.string().optional(),
});
export type PlatformResult = z.output<typeof PlatformResultSchema>;

export const platformSpec = defineCheckSpec({
  id: 'platform',
  name: { cs: 'Platforma (Exchange Online / on-premises)', en: 'Platform (Exchange Online / on-premises)' },
  requires: [mxSpec, spfSpec, dkimSpec],
  result: PlatformResultSchema,
  // Facts for the plan; the missing Exchange Online SPF include decides row 7 (its finding says so).
  decides: [],
  findings: platformFindings,
  messages: platformMessages,
});
