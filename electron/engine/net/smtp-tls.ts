/**
 * One TLS probe step (versions, suites, key exchange, extras) against one MX address over SMTP
 * STARTTLS: every ClientHello gets a fresh connection through `ctx.connect` (connect-to rules,
 * per-address limit) and a fresh STARTTLS. Politeness (DESIGN §4): at most as many streams at once
 * as the connector allows per address; the first refused connection stops the step for good (a 421
 * also pauses the address in the connector, so the other TLS checks do not press on); a time budget
 * per address after which no new connection is opened. What was learned until then is kept.
 */
import { replyText } from '../../../shared/smtp-reply';
import type { TlsAddressBase, TlsAddressProblem } from '../../../shared/tls/assess';
import type { TlsProbeStats } from '../../../shared/tls/profile';
import type { CheckContext } from '../check';
import { ConnectError, DEFAULT_MAX_PER_ADDRESS } from './connect';
import { StartTlsUnavailableError, smtpStartTlsOpener } from './smtp';
import { TlsProbeSession, type TlsStreamOpener } from './tls';

/** A STARTTLS address as the TLS checks test it. */
export type SmtpTlsTarget = Pick<TlsAddressBase, 'host' | 'address' | 'family' | 'port' | 'endpoint'>;

/** Thrown by the opener once the address's budget is spent: the session stops cleanly, results kept. */
class BudgetSpentError extends Error {
  readonly problem = 'deadline';
  constructor(ms: number) {
    super(`the time budget of ${Math.round(ms / 1000)} s for this address was spent`);
    this.name = 'BudgetSpentError';
  }
}

export interface TlsStepRun<T> {
  value: T;
  state: 'completed' | 'interrupted';
  problem?: TlsAddressProblem;
  stats: TlsProbeStats;
}

export interface TlsStepOptions {
  /** no new connection after this many ms (in-flight ones finish within their own timeouts) */
  budgetMs: number;
  /** streams at once on this address (default: the connector's default per-address limit) */
  maxConcurrent?: number;
}

/**
 * The opener's conversation has its own bounded timeouts (greeting 20 s, replies 15 s); this bounds
 * the wait for a free connection slot on top, which another TLS check on the same address may hold.
 */
const OPEN_TIMEOUT_MS = 90_000;

function problemOf(error: unknown, fallback: { name: string; message: string; code?: string }): TlsAddressProblem {
  if (error instanceof BudgetSpentError) return { kind: 'deadline', detail: error.message };
  if (error instanceof StartTlsUnavailableError) {
    const p = error.probe;
    if (p.kind === 'reply' && p.problem === 'rate_limited')
      return { kind: 'rate_limited', detail: error.message, reply: replyText(p.reply).join(' / ') };
    if (p.kind === 'connect_failed' && p.problem === 'rate_limited') return { kind: 'rate_limited', detail: p.detail };
    return { kind: 'connection_failed', detail: error.message };
  }
  if (error instanceof ConnectError)
    return { kind: error.problem === 'rate_limited' ? 'rate_limited' : 'connection_failed', detail: error.message };
  return { kind: 'connection_failed', detail: fallback.message };
}

/**
 * Runs `step` on a fresh probe session for `target`. Rejects only when `ctx.signal` aborts
 * (cancellation, the check's deadline); everything the server does is in the result.
 */
export async function runTlsStep<T>(
  ctx: CheckContext,
  target: SmtpTlsTarget,
  options: TlsStepOptions,
  step: (session: TlsProbeSession) => Promise<T>,
): Promise<TlsStepRun<T>> {
  const until = Date.now() + options.budgetMs;
  const failures: unknown[] = [];
  const smtp = { host: target.host, address: target.address, port: target.port };
  const open: TlsStreamOpener = async (signal) => {
    try {
      if (Date.now() >= until) throw new BudgetSpentError(options.budgetMs);
      const opener = smtpStartTlsOpener(ctx.connect, smtp, {
        signal: AbortSignal.any([ctx.signal, signal]),
        ...(ctx.settings.heloName ? { heloName: ctx.settings.heloName } : {}),
      });
      return await opener();
    } catch (error) {
      failures.push(error);
      throw error;
    }
  };
  const session = new TlsProbeSession(open, {
    serverName: target.host,
    maxConcurrent: options.maxConcurrent ?? DEFAULT_MAX_PER_ADDRESS,
    openTimeoutMs: OPEN_TIMEOUT_MS,
    signal: ctx.signal,
  });
  const start = session.snapshot();
  const value = await step(session);
  const stats = session.statsSince(start);
  const stop = session.interruption;
  if (!stop) return { value, state: 'completed', stats };
  let problem: TlsAddressProblem;
  if (stop.reason === 'budget_exhausted') problem = { kind: 'budget_exhausted', detail: stop.error.message };
  else if (stop.error.code === 'timeout' && stop.error.name === 'TimeoutError') problem = { kind: 'timeout', detail: stop.error.message };
  else problem = problemOf(failures[0], stop.error);
  return { value, state: 'interrupted', problem, stats };
}
