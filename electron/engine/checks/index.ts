/**
 * The registry of how checks run: each spec of `specs.ts` bound to its network code. The engine
 * runs this list; the type below makes a spec without its code (or code without a spec) a
 * compile error.
 */
import type { AnyCheck, CheckDefinition } from '../check';
import { accessHostsCheck } from './access-hosts/check';
import { certificateCheck } from './certificate/check';
import { clientAccessCheck } from './client-access/check';
import { daneCheck } from './dane/check';
import { daneOutboundCheck } from './dane-outbound/check';
import { dkimCheck } from './dkim/check';
import { dmarcCheck } from './dmarc/check';
import { dnssecCheck } from './dnssec/check';
import { exchangeCheck } from './exchange/check';
import { mtaStsCheck } from './mta-sts/check';
import { mxCheck } from './mx/check';
import { platformCheck } from './platform/check';
import { spfCheck } from './spf/check';
import { startTlsCheck } from './starttls/check';
import { tlsCiphersCheck } from './tls-ciphers/check';
import { tlsExtrasCheck } from './tls-extras/check';
import { tlsKeyExchangeCheck } from './tls-key-exchange/check';
import { tlsVersionsCheck } from './tls-versions/check';
import { webAccessCheck } from './web-access/check';
import type { CheckId, SpecOf } from './specs';

const implementations: { readonly [Id in CheckId]: CheckDefinition<SpecOf<Id>> } = {
  mx: mxCheck,
  spf: spfCheck,
  dmarc: dmarcCheck,
  dkim: dkimCheck,
  platform: platformCheck,
  starttls: startTlsCheck,
  certificate: certificateCheck,
  'tls-versions': tlsVersionsCheck,
  'tls-ciphers': tlsCiphersCheck,
  'tls-key-exchange': tlsKeyExchangeCheck,
  'tls-extras': tlsExtrasCheck,
  dnssec: dnssecCheck,
  dane: daneCheck,
  'dane-outbound': daneOutboundCheck,
  'mta-sts': mtaStsCheck,
  'access-hosts': accessHostsCheck,
  'client-access': clientAccessCheck,
  'web-access': webAccessCheck,
  exchange: exchangeCheck,
};

export const checks: readonly AnyCheck[] = Object.values(implementations);
