/**
 * What the four TLS checks share (not a check itself): the addresses to test, taken from the
 * starttls result; the per-address budget; and a loop that tests every address in parallel
 * (the connector bounds connections per address), reports progress and judges each result.
 */
import { worstStatus } from '../../../../shared/status';
import type { TlsAddressBase, TlsFinding } from '../../../../shared/tls/assess';
import { NCSC_NL_GUIDELINE_VERSION } from '../../../../shared/tls/data';
import type { CheckContext } from '../../check';
import { formatEndpoint } from '../../net/connect';
import type { SmtpTlsTarget, TlsStepRun } from '../../net/smtp-tls';
import { startTlsTargets } from '../starttls/check';
import type { StartTlsResult } from '../starttls/spec';

export const TLS_CLASSIFICATION = `NCSC-NL ${NCSC_NL_GUIDELINE_VERSION}`;

/** After the budget, a connection opened just before it may still need its SMTP timeouts (20 + 15 + 15 s) and a handshake. */
export const TLS_STEP_GRACE_MS = 65_000;

/** Every address where STARTTLS was accepted, IPv4 and IPv6, with the endpoint really used. */
export function tlsTargets(starttls: StartTlsResult): SmtpTlsTarget[] {
  return startTlsTargets(starttls).map((t) => {
    const seen = starttls.addresses.find((a) => a.host === t.host && a.address === t.address && a.port === t.port);
    return {
      host: t.host,
      address: t.address,
      family: t.family,
      port: t.port,
      endpoint: seen?.endpoint ?? formatEndpoint(t.address, t.port),
    };
  });
}

export const sameAddress = (a: Pick<TlsAddressBase, 'host' | 'address' | 'port'>, b: Pick<TlsAddressBase, 'host' | 'address' | 'port'>) =>
  a.host === b.host && a.address === b.address && a.port === b.port;

/** The step's budget, shortened when the check's own deadline is nearer. */
export function budgetMs(ctx: CheckContext, stepBudgetMs: number): number {
  return Math.max(1_000, Math.min(stepBudgetMs, ctx.deadline - Date.now() - TLS_STEP_GRACE_MS));
}

/** Only the address of an entry (a previous step's carries its own state, problem and stats). */
function targetOf({ host, address, family, port, endpoint }: SmtpTlsTarget): SmtpTlsTarget {
  return { host, address, family, port, endpoint };
}

/** The entry of an address this step did not test because the step before it did not finish there. */
export function notRun<A extends TlsAddressBase>(previous: TlsAddressBase): A {
  const detail = previous.problem ? `${previous.problem.kind}: ${previous.problem.detail}` : previous.state;
  return {
    ...targetOf(previous),
    state: 'not_run',
    problem: { kind: 'previous_step', detail, ...(previous.problem?.reply ? { reply: previous.problem.reply } : {}) },
  } as A;
}

/** The entry of an address this step tested: how the run ended and what it cost; the step adds its value. */
export function ranOn(target: SmtpTlsTarget, run: TlsStepRun<unknown>): TlsAddressBase {
  return { ...targetOf(target), state: run.state, ...(run.problem ? { problem: run.problem } : {}), stats: run.stats };
}

/** Tests each item in parallel, with progress per address, and judges the results. */
export async function testAddresses<A extends TlsAddressBase, I extends Pick<TlsAddressBase, 'host' | 'address'>>(
  ctx: CheckContext,
  items: readonly I[],
  test: (item: I) => Promise<A | undefined>,
  judge: (result: A) => TlsFinding[],
): Promise<{ addresses: A[]; findings: TlsFinding[] }> {
  const results = await Promise.all(
    items.map(async (item) => {
      const label = `${item.host} [${item.address}]`;
      ctx.progress.target(label, 'started');
      const result = await test(item);
      const findings = result ? judge(result) : [];
      ctx.progress.target(label, 'finished', worstStatus(findings.map((f) => f.status)));
      return { result, findings };
    }),
  );
  return { addresses: results.flatMap((r) => (r.result ? [r.result] : [])), findings: results.flatMap((r) => r.findings) };
}
