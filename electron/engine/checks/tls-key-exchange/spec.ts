/**
 * Key exchange: groups, DH size, the hash that signs the key exchange (requirement 10; NCSC-NL).
 */
import type { TlsKeyExchangeAddress } from '../../../../shared/tls/assess';
import { defineCheckSpec } from '../../check-spec';
import { tlsFindings, tlsMessages } from '../tls/findings';
import { tlsResultSchema } from '../tls/result';
import { tlsCiphersSpec } from '../tls-ciphers/spec';
import { tlsVersionsSpec } from '../tls-versions/spec';

export const tlsKeyExchangeSpec = defineCheckSpec({
  id: 'tls-key-exchange',
  name: { cs: 'Výměna klíčů TLS na poštovních serverech', en: 'TLS key exchange on the mail servers' },
  requires: [tlsVersionsSpec, tlsCiphersSpec],
  result: tlsResultSchema<TlsKeyExchangeAddress>(),
  decides: ['algorithms'],
  findings: tlsFindings,
  messages: tlsMessages,
});
