/**
 * Exchange seen from outside (issue 9 §4): Exchange Online, on-premises or hybrid (the platform
 * check's DNS signals, the SMTP greeting, OWA headers); the on-premises build from `X-OWA-Version`
 * or the OWA asset path, mapped to product, update, release date and support status; Basic
 * authentication offered on EWS, ActiveSync, autodiscover and MAPI. It reads what the web-access
 * and starttls checks already saw: no connections of its own.
 */
import { z } from 'zod';
import { defineCheckSpec } from '../../check-spec';
import { accessHostsSpec } from '../access-hosts/spec';
import { platformSpec } from '../platform/spec';
import { startTlsSpec } from '../starttls/spec';
import { webAccessSpec } from '../web-access/spec';
import { exchangeFindings, exchangeMessages } from './findings';

const ExchangeServerSchema = z.object({
  host: z.string(),
  address: z.string(),
  /** the build as seen, and where: `x-owa-version`, `owa-asset-path`, `smtp-banner` */
  build: z.string().optional(),
  source: z.enum(['x-owa-version', 'owa-asset-path', 'smtp-banner', 'owa-headers']),
  product: z.string().optional(),
  name: z.string().optional(),
  released: z.string().optional(),
  precision: z.enum(['update', 'at_least', 'cu']).optional(),
  supported: z.boolean().optional(),
  /** URLs answering 401 with a Basic challenge */
  basicAuth: z.array(z.string()).default([]),
  /** `X-FEServer`: which front end answered (a load balancer may hide others on other builds) */
  frontEnd: z.string().optional(),
});
export type ExchangeServer = z.output<typeof ExchangeServerSchema>;

export const ExchangeResultSchema = z.object({
  deployment: z.enum(['exchange-online', 'on-premises', 'hybrid', 'unknown']),
  servers: z.array(ExchangeServerSchema).default([]),
  /** the newest source date of the build data */
  dataHorizon: z.string(),
});

export const exchangeSpec = defineCheckSpec({
  id: 'exchange',
  name: { cs: 'Exchange zvenčí (nasazení, verze, ověřování)', en: 'Exchange from outside (deployment, build, authentication)' },
  requires: [accessHostsSpec, platformSpec, startTlsSpec, webAccessSpec],
  result: ExchangeResultSchema,
  // Facts for the plan; the unsupported/outdated build and Basic authentication decide row 9 (alsoDecides).
  decides: [],
  findings: exchangeFindings,
  messages: exchangeMessages,
});
