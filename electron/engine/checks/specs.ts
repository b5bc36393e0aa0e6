/**
 * The registry of what checks are: every check's spec, in the order the views list them. Check
 * ids, finding keys and result types derive from this list; `index.ts` binds each spec to the
 * code that runs it. Pure: the renderer loads it (messages, verdicts, the remediation plan).
 */
import type { FindingKeyOf } from '../check-spec';
import { accessHostsSpec } from './access-hosts/spec';
import { certificateSpec } from './certificate/spec';
import { clientAccessSpec } from './client-access/spec';
import { daneSpec } from './dane/spec';
import { daneOutboundSpec } from './dane-outbound/spec';
import { dkimSpec } from './dkim/spec';
import { dmarcSpec } from './dmarc/spec';
import { dnssecSpec } from './dnssec/spec';
import { exchangeSpec } from './exchange/spec';
import { mtaStsSpec } from './mta-sts/spec';
import { mxSpec } from './mx/spec';
import { platformSpec } from './platform/spec';
import { spfSpec } from './spf/spec';
import { startTlsSpec } from './starttls/spec';
import { tlsCiphersSpec } from './tls-ciphers/spec';
import { tlsExtrasSpec } from './tls-extras/spec';
import { tlsKeyExchangeSpec } from './tls-key-exchange/spec';
import { tlsVersionsSpec } from './tls-versions/spec';
import { webAccessSpec } from './web-access/spec';

export const specs = [
  mxSpec,
  spfSpec,
  dmarcSpec,
  dkimSpec,
  platformSpec,
  startTlsSpec,
  certificateSpec,
  tlsVersionsSpec,
  tlsCiphersSpec,
  tlsKeyExchangeSpec,
  tlsExtrasSpec,
  dnssecSpec,
  daneSpec,
  daneOutboundSpec,
  mtaStsSpec,
  accessHostsSpec,
  clientAccessSpec,
  webAccessSpec,
  exchangeSpec,
] as const;

export type RegisteredSpec = (typeof specs)[number];
export type CheckId = RegisteredSpec['id'];
export type FindingKey = FindingKeyOf<RegisteredSpec>;
export type SpecOf<Id extends CheckId> = Extract<RegisteredSpec, { id: Id }>;
