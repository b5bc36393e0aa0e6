/**
 * Mail client ports of the organisation's own hosts (requirement 8 of the measure): 465, 587, 993,
 * 995 over TLS, 143 and 110 with login only after TLS (or closed), and no AUTH before STARTTLS on
 * port 25. Each address is tested once per port, whatever number of names point at it.
 */
import { z } from 'zod';
import { TlsHandshakeFactsSchema } from '../../../../shared/certificate';
import type { TlsCiphersAddress, TlsKeyExchangeAddress, TlsVersionsAddress } from '../../../../shared/tls/assess';
import { defineMessages } from '../../../../shared/i18n/types';
import { defineCheckSpec, opaqueObject } from '../../check-spec';
import { accessHostsSpec } from '../access-hosts/spec';
import { certificateFindings, certificateMessages } from '../certificate/findings';
import { startTlsSpec } from '../starttls/spec';
import { tlsFindings, tlsMessages } from '../tls/findings';
import { clientAccessFindings, clientAccessMessages } from './findings';

const ClientPortSchema = z.object({
  host: z.string(),
  /** every host name that points at this address */
  names: z.array(z.string()).default([]),
  address: z.string(),
  family: z.union([z.literal(4), z.literal(6)]),
  port: z.number(),
  protocol: z.enum(['smtps', 'submission', 'imaps', 'imap', 'pop3s', 'pop3']),
  endpoint: z.string(),
  outcome: z.enum(['closed', 'filtered', 'unreachable', 'connect_error', 'refused', 'silent', 'garbled', 'dropped', 'tls_failed', 'ok']),
  detail: z.string().optional(),
  greeting: z.string().optional(),
  capabilities: z.array(z.string()).optional(),
  starttls: z.boolean().optional(),
  plaintextLogin: z.boolean().optional(),
  loginEvidence: z.string().optional(),
  authAfterTls: z.array(z.string()).optional(),
  tls: TlsHandshakeFactsSchema.optional(),
  /** the TLS profile of this port, each step as the tls-versions/-ciphers/-key-exchange checks store it for the MX */
  versions: opaqueObject<TlsVersionsAddress>().optional(),
  ciphers: opaqueObject<TlsCiphersAddress>().optional(),
  keyExchange: opaqueObject<TlsKeyExchangeAddress>().optional(),
  transcript: z.array(z.string()).default([]),
  durationMs: z.number(),
});
export type ClientPort = z.output<typeof ClientPortSchema>;

export const ClientAccessResultSchema = z.object({
  ports: z.array(ClientPortSchema).default([]),
  /** port 25 of the MX addresses: AUTH in the EHLO before STARTTLS (from the starttls check) */
  smtp25: z.array(z.object({ host: z.string(), address: z.string(), auth: z.string().optional(), starttls: z.boolean() })).default([]),
  /** Microsoft's endpoints, reported and not probed */
  microsoftHosts: z.array(z.string()).default([]),
});

export const clientAccessSpec = defineCheckSpec({
  id: 'client-access',
  name: { cs: 'Přístup poštovních klientů', en: 'Mail client access' },
  requires: [accessHostsSpec, startTlsSpec],
  result: ClientAccessResultSchema,
  decides: ['client-access'],
  findings: { ...clientAccessFindings, ...tlsFindings, ...certificateFindings },
  messages: defineMessages({
    cs: { ...tlsMessages.cs, ...certificateMessages.cs, ...clientAccessMessages.cs },
    en: { ...tlsMessages.en, ...certificateMessages.en, ...clientAccessMessages.en },
  }),
});
