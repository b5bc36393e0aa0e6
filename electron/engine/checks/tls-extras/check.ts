/**
 * TLS extras on every address where the versions step finished (requirement 10; NCSC-NL 3.4.1,
 * 3.4.2, 4.1): compression must be off, secure renegotiation (RFC 5746) on, the extended master
 * secret (RFC 7627) is recommended. One or two hellos at the newest version below TLS 1.3; none
 * when the server speaks only TLS 1.3, which has none of these questions.
 */
import { extrasFindings, type TlsExtrasAddress } from '../../../../shared/tls/assess';
import { SkipCheck, defineCheck, type OutputOf } from '../../check';
import { tlsExtrasSpec } from './spec';
import { runTlsStep } from '../../net/smtp-tls';
import { probeExtras } from '../../net/tls';
import { TLS_CLASSIFICATION, TLS_STEP_GRACE_MS, budgetMs, notRun, ranOn, testAddresses } from '../tls/targets';
import { tlsVersionsSpec } from '../tls-versions/spec';

const BUDGET_MS = 60_000;

export const tlsExtrasCheck = defineCheck(tlsExtrasSpec, {
  timeoutMs: BUDGET_MS + TLS_STEP_GRACE_MS,
  async run(ctx): Promise<OutputOf<typeof tlsExtrasSpec>> {
    const versions = ctx.resultOf(tlsVersionsSpec);
    if (!versions) throw new SkipCheck('skipped.requires_tls_versions');
    const { addresses, findings } = await testAddresses(
      ctx,
      versions.addresses,
      async (previous): Promise<TlsExtrasAddress | undefined> => {
        if (previous.state !== 'completed' || !previous.versions) return notRun<TlsExtrasAddress>(previous);
        if (previous.versions.supported.length === 0) return undefined;
        const known = previous.versions;
        const run = await runTlsStep(ctx, previous, { budgetMs: budgetMs(ctx, BUDGET_MS) }, (session) => probeExtras(session, known));
        return { ...ranOn(previous, run), extras: run.value };
      },
      extrasFindings,
    );
    return { data: { classification: TLS_CLASSIFICATION, addresses }, findings };
  },
});
