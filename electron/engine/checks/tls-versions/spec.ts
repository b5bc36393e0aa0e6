/**
 * TLS protocol versions on every MX address where STARTTLS works, IPv4 and IPv6 (requirement 2
 * of the measure; NCSC-NL 3.3.1).
 */
import type { TlsVersionsAddress } from '../../../../shared/tls/assess';
import { defineCheckSpec } from '../../check-spec';
import { startTlsSpec } from '../starttls/spec';
import { tlsFindings, tlsMessages } from '../tls/findings';
import { tlsResultSchema } from '../tls/result';

export const tlsVersionsSpec = defineCheckSpec({
  id: 'tls-versions',
  name: { cs: 'Verze TLS na poštovních serverech', en: 'TLS versions on the mail servers' },
  requires: [startTlsSpec],
  result: tlsResultSchema<TlsVersionsAddress>(),
  decides: ['tls-versions'],
  findings: tlsFindings,
  messages: tlsMessages,
});
