/**
 * Cipher suites per protocol version and the server's order, on every address where the versions
 * step finished (requirement 10; NCSC-NL 3.3.2–3.3.5, appendix B, sections 2–3 for the order).
 * Reuses the versions step: only supported versions are enumerated, and the suite each version
 * probe saw chosen seeds the enumeration (one handshake less per version).
 */
import { evaluateCipherOrder } from '../../../../shared/tls/classify';
import { cipherFindings, type TlsCiphersAddress } from '../../../../shared/tls/assess';
import { SkipCheck, defineCheck, type OutputOf } from '../../check';
import { tlsCiphersSpec } from './spec';
import { runTlsStep } from '../../net/smtp-tls';
import { probeCipherSuites } from '../../net/tls';
import { TLS_CLASSIFICATION, TLS_STEP_GRACE_MS, budgetMs, notRun, ranOn, testAddresses } from '../tls/targets';
import { tlsVersionsSpec } from '../tls-versions/spec';

/** n + 1 handshakes for n suites per version, plus the order tests: some tens of STARTTLS conversations. */
const BUDGET_MS = 240_000;

export const tlsCiphersCheck = defineCheck(tlsCiphersSpec, {
  timeoutMs: BUDGET_MS + TLS_STEP_GRACE_MS,
  async run(ctx): Promise<OutputOf<typeof tlsCiphersSpec>> {
    const versions = ctx.resultOf(tlsVersionsSpec);
    if (!versions) throw new SkipCheck('skipped.requires_tls_versions');
    const { addresses, findings } = await testAddresses(
      ctx,
      versions.addresses,
      async (previous): Promise<TlsCiphersAddress | undefined> => {
        if (previous.state !== 'completed' || !previous.versions) return notRun<TlsCiphersAddress>(previous);
        // No version to enumerate: the versions finding already says so.
        if (previous.versions.supported.length === 0) return undefined;
        const known = previous.versions;
        const run = await runTlsStep(ctx, previous, { budgetMs: budgetMs(ctx, BUDGET_MS) }, (session) => probeCipherSuites(session, known));
        const order = run.state === 'completed' ? evaluateCipherOrder(run.value.versions) : undefined;
        return { ...ranOn(previous, run), ciphers: run.value, ...(order ? { order } : {}) };
      },
      cipherFindings,
    );
    return { data: { classification: TLS_CLASSIFICATION, addresses }, findings };
  },
});
