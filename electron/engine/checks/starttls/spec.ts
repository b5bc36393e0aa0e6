/**
 * STARTTLS on port 25 of every MX address, IPv4 and IPv6 (requirement 1 of the measure; RFC 3207).
 */
import { z } from 'zod';
import { TlsHandshakeFactsSchema } from '../../../../shared/certificate';
import { defineCheckSpec } from '../../check-spec';
import { mxSpec } from '../mx/spec';
import { starttlsFindings, starttlsMessages } from './findings';

export const START_TLS_OUTCOMES = [
  'ok',
  'not_offered',
  'helo_only',
  'temporarily_refused',
  'refused',
  'rate_limited',
  'greeting_refused',
  'ehlo_refused',
  'handshake_failed',
  'no_greeting',
  'stalled',
  'too_slow',
  'connection_lost',
  'protocol_error',
  'unreachable',
  'no_ipv6',
] as const;
export type StartTlsOutcome = (typeof START_TLS_OUTCOMES)[number];

const SmtpReplySchema = z.object({ code: z.number(), lines: z.array(z.string()) });

/** What was said, as JSON for the Assessment. */
const SmtpSessionSchema = z.object({
  heloName: z.string(),
  greeting: SmtpReplySchema.optional(),
  ehlo: SmtpReplySchema.optional(),
  helo: SmtpReplySchema.optional(),
  starttls: SmtpReplySchema.optional(),
  /** EHLO keywords with their parameters, e.g. `SIZE 35882577`, `STARTTLS` */
  extensions: z.array(z.string()),
  /** `S: 220 …` / `C: EHLO …`, at most 80 lines */
  transcript: z.array(z.string()),
});

const StartTlsAddressResultSchema = z.object({
  host: z.string(),
  address: z.string(),
  family: z.union([z.literal(4), z.literal(6)]),
  port: z.number(),
  /** where the connection really went, `addr:port` (differs under --connect-to) */
  endpoint: z.string().optional(),
  outcome: z.enum(START_TLS_OUTCOMES),
  /** where it stopped, for outcomes other than ok */
  stage: z.enum(['greeting', 'ehlo', 'helo', 'starttls', 'connect', 'tls']).optional(),
  /** the server's decisive reply, e.g. `454 4.7.0 TLS not available` */
  reply: z.array(z.string()).optional(),
  detail: z.string().optional(),
  session: SmtpSessionSchema.optional(),
  /** bytes the server sent between its 220 to STARTTLS and the handshake (RFC 3207 §5) */
  unexpectedBytes: z.number().optional(),
  /** the completed handshake: protocol, suite, certificate chain */
  tls: TlsHandshakeFactsSchema.optional(),
  durationMs: z.number(),
});
export type StartTlsAddressResult = z.output<typeof StartTlsAddressResultSchema>;

const Port25ReferenceSchema = z.object({
  host: z.string(),
  port: z.number(),
  address: z.string().optional(),
  outcome: z.enum(['reachable', 'unreachable', 'unresolved']),
  detail: z.string().optional(),
});
export type Port25Reference = z.output<typeof Port25ReferenceSchema>;

export const StartTlsResultSchema = z.object({
  port: z.number(),
  addresses: z.array(StartTlsAddressResultSchema),
  /** `blocked`: no MX and not the reference host answered on port 25 from this network */
  port25: z.enum(['open', 'blocked', 'unverified']),
  reference: Port25ReferenceSchema.optional(),
});
export type StartTlsResult = z.output<typeof StartTlsResultSchema>;

export const startTlsSpec = defineCheckSpec({
  id: 'starttls',
  name: { cs: 'STARTTLS na poštovních serverech', en: 'STARTTLS on the mail servers' },
  requires: [mxSpec],
  result: StartTlsResultSchema,
  decides: ['starttls'],
  findings: starttlsFindings,
  messages: starttlsMessages,
});
