/**
 * Requirement 6 from the platform mail leaves through: Exchange Online validates DANE for outgoing
 * mail (Microsoft Learn, "How SMTP DNSSEC and DANE works"); Exchange Server has no DANE validation
 * of its own (DESIGN §5); anything else needs the guided manual test.
 */
import { platformViewOf } from '../../../../shared/remediation/context';
import { defineCheck, type OutputOf } from '../../check';
import { mxSpec } from '../mx/spec';
import { platformSpec } from '../platform/spec';
import { daneOutboundSpec } from './spec';

export const daneOutboundCheck = defineCheck(daneOutboundSpec, {
  async run(ctx): Promise<OutputOf<typeof daneOutboundSpec>> {
    const view = platformViewOf(ctx.request.platformHint, ctx.resultOf(platformSpec), ctx.resultOf(mxSpec)?.kind);
    if (view.sendsThroughExchangeOnline) {
      return {
        data: { sender: 'exchange-online' },
        findings: [{ status: 'pass', key: 'finding.dane_outbound.exchange_online', params: {}, evidence: [] }],
      };
    }
    if (view.platform === 'exchange-server') {
      return {
        data: { sender: 'exchange-server' },
        findings: [{ status: 'fail', key: 'finding.dane_outbound.exchange_server', params: {}, evidence: [] }],
      };
    }
    return {
      data: { sender: 'unknown' },
      findings: [{ status: 'not_tested', key: 'finding.dane_outbound.manual_test', params: {}, evidence: [] }],
    };
  },
});
