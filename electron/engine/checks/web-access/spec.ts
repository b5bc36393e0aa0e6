/**
 * Web access to mail (requirement 9 of the measure: OWA, ECP, autodiscover only over HTTPS with
 * HSTS): for every address of the organisation's web hosts, HTTPS and HTTP requests to Exchange's
 * virtual directories, the HTTP→HTTPS redirect, HSTS (RFC 6797; max-age ≥ one year per NCSC-NL and
 * Microsoft), the certificate and the TLS versions of port 443.
 *
 * Which hosts: from `access-hosts`, every host found as autodiscover, a common web name (mail.,
 * webmail., owa., remote.), a user-given host or an `_autodiscover._tcp` SRV target, plus the MX
 * hosts (on-premises Exchange usually serves OWA on the same box). Microsoft's Exchange Online
 * endpoints are not probed. Each address is tested once per port, with the most specific name
 * pointing at it as Host and SNI; the certificate is checked against every name of the address.
 */
import { z } from 'zod';
import { TlsHandshakeFactsSchema } from '../../../../shared/certificate';
import type { TlsCiphersResult, TlsKeyExchangeResult, TlsVersionsResult } from '../../../../shared/tls/profile';
import { defineMessages } from '../../../../shared/i18n/types';
import { defineCheckSpec, opaqueObject } from '../../check-spec';
import { accessHostsSpec } from '../access-hosts/spec';
import { platformSpec } from '../platform/spec';
import { tlsFindings, tlsMessages } from '../tls/findings';
import { webAccessFindings, webAccessMessages } from './findings';

/** Exchange's client access paths (virtual directories) asked on every address. */
export const WEB_PATHS = [
  '/owa/',
  '/ecp/',
  '/EWS/Exchange.asmx',
  '/Microsoft-Server-ActiveSync',
  '/autodiscover/autodiscover.xml',
  '/mapi/',
] as const;

/** Response header fields kept in the result (the rest is not stored: bounded, and nothing reads it). */
export const KEPT_HEADERS = [
  'location',
  'strict-transport-security',
  'www-authenticate',
  'x-owa-version',
  'x-feserver',
  'x-beserver',
  'x-calculatedbetarget',
  'server',
  'x-powered-by',
  'request-id',
] as const;

export const PORT_STATES = ['open', 'refused', 'filtered', 'unreachable', 'no_tls', 'not_tested'] as const;

const WebRequestSchema = z.object({
  scheme: z.enum(['http', 'https']),
  path: z.string(),
  url: z.string(),
  status: z.number().optional(),
  /** kept header fields, names lower case, at most 1 KiB per value */
  headers: z.array(z.tuple([z.string(), z.string()])).default([]),
  /** the OWA asset build seen in the body or a redirect (`/owa/auth/15.x.y/`) */
  owaAssetBuild: z.string().optional(),
  bodyBytes: z.number().optional(),
  problem: z.string().optional(),
  detail: z.string().optional(),
  durationMs: z.number(),
});
export type WebRequest = z.output<typeof WebRequestSchema>;

const WebAddressSchema = z.object({
  /** the name used as Host and SNI */
  host: z.string(),
  /** every web host name that points at this address */
  names: z.array(z.string()),
  address: z.string(),
  /** where port 443 really went (connect-to) */
  endpoint: z.string().optional(),
  https: z.enum(PORT_STATES),
  http: z.enum(PORT_STATES),
  requests: z.array(WebRequestSchema).default([]),
  /** the handshake of the first HTTPS request (certificate chain, trust, name match) */
  tls: TlsHandshakeFactsSchema.optional(),
  /** names of this address the certificate does not cover */
  namesNotCovered: z.array(z.string()).default([]),
  /** our own ClientHello per version on port 443 (shared/tls/profile.ts) */
  versions: opaqueObject<TlsVersionsResult>().optional(),
  /** cipher suites per version on port 443, NCSC-NL classes (shared/tls/profile.ts) */
  ciphers: opaqueObject<TlsCiphersResult>().optional(),
  /** groups, DH parameters and key-exchange signature on port 443 (shared/tls/profile.ts) */
  keyExchange: opaqueObject<TlsKeyExchangeResult>().optional(),
  /** finding keys produced for this address */
  verdicts: z.array(z.string()).default([]),
});
export type WebAddress = z.output<typeof WebAddressSchema>;

export const WebAccessResultSchema = z.object({
  /** hosts considered, with why some were not probed */
  hosts: z
    .array(z.object({ name: z.string(), addresses: z.array(z.string()), probed: z.boolean(), reason: z.string().optional() }))
    .default([]),
  addresses: z.array(WebAddressSchema).default([]),
  /** autodiscover (or the platform) points at Exchange Online */
  exchangeOnline: z.boolean().default(false),
});
export type WebAccessResult = z.output<typeof WebAccessResultSchema>;

export const webAccessSpec = defineCheckSpec({
  id: 'web-access',
  name: { cs: 'Webový přístup k poště (OWA, ECP, autodiscover)', en: 'Web access to mail (OWA, ECP, autodiscover)' },
  requires: [accessHostsSpec, platformSpec],
  result: WebAccessResultSchema,
  decides: ['web-access'],
  // Key exchange on 443 is judged with the MX checks' own findings (shared/tls/assess.ts).
  findings: { ...webAccessFindings, ...tlsFindings },
  messages: defineMessages({
    cs: { ...tlsMessages.cs, ...webAccessMessages.cs },
    en: { ...tlsMessages.en, ...webAccessMessages.en },
  }),
});
