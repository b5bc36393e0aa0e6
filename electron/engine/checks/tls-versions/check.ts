/**
 * TLS protocol versions on every MX address where STARTTLS works, IPv4 and IPv6 (requirement 2
 * of the measure; NCSC-NL 3.3.1): our own ClientHello per version, SSL 3.0 to TLS 1.3, over a
 * fresh STARTTLS each (DESIGN §4: not `tls.connect`, whose library cannot offer SSL 3.0).
 */
import { versionFindings, type TlsVersionsAddress } from '../../../../shared/tls/assess';
import { SkipCheck, defineCheck, type OutputOf } from '../../check';
import { tlsVersionsSpec } from './spec';
import { runTlsStep } from '../../net/smtp-tls';
import { probeVersions } from '../../net/tls';
import { startTlsSpec } from '../starttls/spec';
import { TLS_CLASSIFICATION, TLS_STEP_GRACE_MS, budgetMs, ranOn, testAddresses, tlsTargets } from '../tls/targets';

/** At most 5 versions × 2 candidate groups of hellos; real servers answer each within seconds. */
const BUDGET_MS = 90_000;

export const tlsVersionsCheck = defineCheck(tlsVersionsSpec, {
  timeoutMs: BUDGET_MS + TLS_STEP_GRACE_MS,
  async run(ctx): Promise<OutputOf<typeof tlsVersionsSpec>> {
    const starttls = ctx.resultOf(startTlsSpec);
    if (!starttls) throw new SkipCheck('skipped.requires_starttls');
    const { addresses, findings } = await testAddresses(
      ctx,
      tlsTargets(starttls),
      async (target): Promise<TlsVersionsAddress> => {
        const run = await runTlsStep(ctx, target, { budgetMs: budgetMs(ctx, BUDGET_MS) }, (session) => probeVersions(session));
        return { ...ranOn(target, run), versions: run.value };
      },
      versionFindings,
    );
    return { data: { classification: TLS_CLASSIFICATION, addresses }, findings };
  },
});
