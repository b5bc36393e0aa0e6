/**
 * Whether the organisation's sending servers validate DANE (requirement 6 of the measure). Not
 * visible from outside: decided from the platform mail leaves through (Exchange Online validates,
 * Exchange Server does not), otherwise left to a guided manual test.
 */
import { z } from 'zod';
import { defineCheckSpec } from '../../check-spec';
import { mxSpec } from '../mx/spec';
import { platformSpec } from '../platform/spec';
import { daneOutboundFindings, daneOutboundMessages } from './findings';

export const DaneOutboundResultSchema = z.object({
  sender: z.enum(['exchange-online', 'exchange-server', 'unknown']),
});

export const daneOutboundSpec = defineCheckSpec({
  id: 'dane-outbound',
  name: { cs: 'Ověřování DANE odesílajícími servery', en: 'DANE validation by sending servers' },
  requires: [platformSpec, mxSpec],
  result: DaneOutboundResultSchema,
  decides: ['dane-outbound'],
  findings: daneOutboundFindings,
  messages: daneOutboundMessages,
});
