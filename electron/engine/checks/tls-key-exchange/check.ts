/**
 * Key exchange on every address where the suites are known (requirement 10; NCSC-NL 3.3.3, 3.3.5):
 * the groups the server accepts (TLS 1.3 through HelloRetryRequest, TLS 1.2 and older through the
 * ECDHE ServerKeyExchange), the DH group of its DHE suites, and the hash of the signature over the
 * key exchange. Offers only the suites the cipher step found, so no hello is wasted on the rest.
 */
import { keyExchangeFindings, type TlsKeyExchangeAddress } from '../../../../shared/tls/assess';
import type { TlsCiphersResult } from '../../../../shared/tls/profile';
import { SkipCheck, defineCheck, type OutputOf } from '../../check';
import { tlsKeyExchangeSpec } from './spec';
import { runTlsStep } from '../../net/smtp-tls';
import { probeKeyExchange } from '../../net/tls';
import { tlsCiphersSpec } from '../tls-ciphers/spec';
import { TLS_CLASSIFICATION, TLS_STEP_GRACE_MS, budgetMs, notRun, ranOn, sameAddress, testAddresses } from '../tls/targets';
import { tlsVersionsSpec } from '../tls-versions/spec';

/** One hello per group accepted (and one refusal) per version, one for DH, up to three for the hash. */
const BUDGET_MS = 150_000;

export const tlsKeyExchangeCheck = defineCheck(tlsKeyExchangeSpec, {
  timeoutMs: BUDGET_MS + TLS_STEP_GRACE_MS,
  async run(ctx): Promise<OutputOf<typeof tlsKeyExchangeSpec>> {
    const ciphers = ctx.resultOf(tlsCiphersSpec);
    const versions = ctx.resultOf(tlsVersionsSpec);
    if (!ciphers || !versions) throw new SkipCheck('skipped.requires_tls_ciphers');
    const suitesOf = new Map<TlsKeyExchangeAddress, TlsCiphersResult | undefined>();
    const { addresses, findings } = await testAddresses(
      ctx,
      ciphers.addresses,
      async (previous): Promise<TlsKeyExchangeAddress | undefined> => {
        const known = versions.addresses.find((v) => sameAddress(v, previous))?.versions;
        const suites = previous.ciphers;
        if (previous.state !== 'completed' || !suites || !known) return notRun<TlsKeyExchangeAddress>(previous);
        if (suites.versions.every((v) => v.suites.length === 0)) return undefined;
        const run = await runTlsStep(ctx, previous, { budgetMs: budgetMs(ctx, BUDGET_MS) }, (session) =>
          probeKeyExchange(session, known, suites),
        );
        const result: TlsKeyExchangeAddress = { ...ranOn(previous, run), keyExchange: run.value };
        suitesOf.set(result, suites);
        return result;
      },
      (result) => keyExchangeFindings(result, suitesOf.get(result)),
    );
    return { data: { classification: TLS_CLASSIFICATION, addresses }, findings };
  },
});
