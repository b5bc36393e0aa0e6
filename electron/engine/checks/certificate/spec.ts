/**
 * The certificate each MX host serves after STARTTLS (requirements 3 and 10 of the measure):
 * chain to a recognised CA, the MX name, validity, key and signature strength.
 */
import { z } from 'zod';
import { TlsHandshakeFactsSchema } from '../../../../shared/certificate';
import { defineCheckSpec } from '../../check-spec';
import { startTlsSpec } from '../starttls/spec';
import { certificateFindings, certificateMessages } from './findings';

const CertificateGroupSchema = z.object({
  host: z.string(),
  addresses: z.array(z.string()),
  port: z.number(),
  tls: TlsHandshakeFactsSchema,
  /** finding keys produced for this group */
  verdicts: z.array(z.string()),
});
export type CertificateGroup = z.output<typeof CertificateGroupSchema>;

export const CertificateResultSchema = z.object({
  groups: z.array(CertificateGroupSchema).default([]),
  /** MX hosts where no handshake completed, so no certificate could be seen */
  notAvailable: z.array(z.string()).default([]),
});

export const certificateSpec = defineCheckSpec({
  id: 'certificate',
  name: { cs: 'Certifikáty poštovních serverů', en: 'Mail server certificates' },
  requires: [startTlsSpec],
  result: CertificateResultSchema,
  // Key size and signature hash findings also decide row 10 (their declarations say so).
  decides: ['certificate'],
  findings: certificateFindings,
  messages: certificateMessages,
});
