/**
 * Compression, secure renegotiation, extended master secret (requirement 10; NCSC-NL).
 */
import type { TlsExtrasAddress } from '../../../../shared/tls/assess';
import { defineCheckSpec } from '../../check-spec';
import { tlsFindings, tlsMessages } from '../tls/findings';
import { tlsResultSchema } from '../tls/result';
import { tlsVersionsSpec } from '../tls-versions/spec';

export const tlsExtrasSpec = defineCheckSpec({
  id: 'tls-extras',
  name: {
    cs: 'Komprese, opětovné vyjednání a Extended Master Secret (TLS)',
    en: 'Compression, renegotiation and extended master secret (TLS)',
  },
  requires: [tlsVersionsSpec],
  result: tlsResultSchema<TlsExtrasAddress>(),
  decides: ['algorithms'],
  findings: tlsFindings,
  messages: tlsMessages,
});
