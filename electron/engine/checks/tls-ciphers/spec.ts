/**
 * Cipher suites per TLS version in the server's order (requirement 10; NCSC-NL classes).
 */
import type { TlsCiphersAddress } from '../../../../shared/tls/assess';
import { defineCheckSpec } from '../../check-spec';
import { tlsFindings, tlsMessages } from '../tls/findings';
import { tlsResultSchema } from '../tls/result';
import { tlsVersionsSpec } from '../tls-versions/spec';

export const tlsCiphersSpec = defineCheckSpec({
  id: 'tls-ciphers',
  name: { cs: 'Šifrovací sady TLS na poštovních serverech', en: 'TLS cipher suites on the mail servers' },
  requires: [tlsVersionsSpec],
  result: tlsResultSchema<TlsCiphersAddress>(),
  decides: ['algorithms'],
  findings: tlsFindings,
  messages: tlsMessages,
});
