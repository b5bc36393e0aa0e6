/**
 * Runs checks in dependency order, independent ones concurrently, each with its own deadline.
 * Every check ends as an attempt `completed | error(reason) | skipped(because)`; nothing a
 * check throws escapes (DESIGN §3.2).
 */
import type { z } from 'zod';
import type { AssessmentRequest, Attempt, Finding, Target } from '../../shared/assessment';
import type { AnyCheckSpec } from './check-spec';
import { DnsError, type DnsResolver } from '../../shared/dns';
import type { AttemptStatus, FindingStatus } from '../../shared/status';
import { worstStatus } from '../../shared/status';
import {
  DnsRcodeError,
  SkipCheck,
  defaultSettings,
  dependencyReader,
  type AnyCheck,
  type CheckContext,
  type EngineSettings,
} from './check';
import { Connector } from './net/connect';
import type { DnssecValidator } from './net/dnssec/validator';
import type { NetworkReadiness } from '../../shared/readiness-schema';

export type ProgressEvent =
  | { type: 'check-started'; checkId: string; at: string }
  | { type: 'check-finished'; checkId: string; at: string; status: AttemptStatus; worst?: FindingStatus; reason?: string }
  | { type: 'target'; checkId: string; at: string; target: string; phase: 'started' | 'finished'; status?: FindingStatus }
  /**
   * the network readiness, measured by `assess` before the checks (shared/readiness.ts); it
   * belongs to no check, so `checkId` is absent (and code reading it from any event still compiles)
   */
  | { type: 'readiness'; at: string; readiness: NetworkReadiness; checkId?: undefined };

export interface RunOptions {
  request: AssessmentRequest;
  dns: DnsResolver;
  dnssec?: DnssecValidator;
  /** TCP connections for every check (default: a Connector without overrides) */
  connector?: Connector;
  settings?: EngineSettings;
  checks: readonly AnyCheck[];
  signal?: AbortSignal;
  /** default deadline per check */
  checkTimeoutMs?: number;
  onProgress?: (event: ProgressEvent) => void;
  now?: () => Date;
}

export interface RunResult {
  attempts: Attempt[];
  findings: Finding[];
  targets: Target[];
}

export const DEFAULT_CHECK_TIMEOUT_MS = 60_000;

/** A check returned data its own result schema rejects: a bug in the check, never stored. */
export class ResultSchemaError extends Error {
  constructor(
    readonly checkId: string,
    readonly issues: string,
  ) {
    super(`check ${checkId} returned a result its schema rejects: ${issues}`);
    this.name = 'ResultSchemaError';
  }
}

/** Orders checks so each comes after everything it requires; rejects unknown or cyclic requirements. */
export function orderChecks(checks: readonly AnyCheck[]): AnyCheck[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  if (byId.size !== checks.length) throw new Error('duplicate check id in registry');
  const ordered: AnyCheck[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (check: AnyCheck, path: string[]): void => {
    const s = state.get(check.id);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`check dependency cycle: ${[...path, check.id].join(' → ')}`);
    state.set(check.id, 'visiting');
    for (const dep of check.spec.requires) {
      const registered = byId.get(dep.id);
      if (!registered) throw new Error(`check ${check.id} requires unregistered check ${dep.id}`);
      visit(registered, [...path, check.id]);
    }
    state.set(check.id, 'done');
    ordered.push(check);
  };
  for (const c of checks) visit(c, []);
  return ordered;
}

/** The spec's schema is the result's one definition: what is stored is what readers parse. */
export function parseCheckResult<S extends AnyCheckSpec>(check: { id: string; spec: S }, data: unknown): z.output<S['result']> {
  const parsed = check.spec.result.safeParse(data);
  if (!parsed.success)
    throw new ResultSchemaError(check.id, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data as z.output<S['result']>;
}

/** Message key for why a check ended in error. */
export function errorReason(error: unknown, cause: 'deadline' | 'cancelled' | undefined): { reason: string; detail: string } {
  if (cause === 'cancelled') return { reason: 'error.cancelled', detail: 'assessment cancelled' };
  if (cause === 'deadline') return { reason: 'error.check_timeout', detail: 'the check did not finish before its deadline' };
  if (error instanceof DnsError) return { reason: `error.dns.${error.kind}`, detail: error.message };
  if (error instanceof DnsRcodeError) return { reason: 'error.dns.rcode', detail: error.message };
  if (error instanceof ResultSchemaError) return { reason: 'error.result_schema', detail: error.message };
  return { reason: 'error.internal', detail: error instanceof Error ? error.message : String(error) };
}

export async function runChecks(options: RunOptions): Promise<RunResult> {
  const now = options.now ?? (() => new Date());
  const emit = options.onProgress ?? (() => {});
  const outer = options.signal ?? new AbortController().signal;
  const ordered = orderChecks(options.checks);
  const connector = options.connector ?? new Connector();
  const settings = options.settings ?? defaultSettings();
  const results = new Map<string, unknown>();
  const attempts = new Map<string, Attempt>();
  const findings: Finding[] = [];
  const targets: Target[] = [];
  const finished = new Map<string, Promise<void>>();

  const runOne = async (check: AnyCheck): Promise<void> => {
    await Promise.all(check.spec.requires.map((d) => finished.get(d.id)));
    const startedAt = now();
    const base = { checkId: check.id, startedAt: startedAt.toISOString() };
    if (outer.aborted) {
      const at = now().toISOString();
      attempts.set(check.id, { ...base, status: 'skipped', reason: 'skipped.cancelled', finishedAt: at, durationMs: 0 });
      emit({ type: 'check-finished', checkId: check.id, at, status: 'skipped', reason: 'skipped.cancelled' });
      return;
    }
    emit({ type: 'check-started', checkId: check.id, at: base.startedAt });

    const timeoutMs = check.timeoutMs ?? options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    const local = new AbortController();
    let cause: 'deadline' | 'cancelled' | undefined;
    const onOuterAbort = () => {
      cause ??= 'cancelled';
      local.abort();
    };
    outer.addEventListener('abort', onOuterAbort, { once: true });
    // A cancel that landed while check-started was being emitted fires no event any more.
    if (outer.aborted) onOuterAbort();
    const timer = setTimeout(() => {
      cause ??= 'deadline';
      local.abort();
    }, timeoutMs);
    const aborted = new Promise<never>((_, reject) =>
      local.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
    );
    aborted.catch(() => {});

    const ctx: CheckContext = {
      request: options.request,
      domain: options.request.domain,
      dns: options.dns,
      ...(options.dnssec ? { dnssec: options.dnssec } : {}),
      // The check's signal always applies, so its sockets close when it ends or is cut off.
      connect: connector.bind(local.signal),
      settings,
      signal: local.signal,
      deadline: startedAt.getTime() + timeoutMs,
      progress: {
        target: (target, phase, status) =>
          emit({ type: 'target', checkId: check.id, at: now().toISOString(), target, phase, ...(status ? { status } : {}) }),
      },
      resultOf: dependencyReader(check.spec, results),
    };

    let attempt: Attempt;
    try {
      const running = Promise.resolve().then(() => check.run(ctx));
      // A check cut off by its deadline may still reject later; that must not surface as unhandled.
      running.catch(() => {});
      const output = await Promise.race([running, aborted]);
      const finishedAt = now();
      const data = parseCheckResult(check, output.data);
      results.set(check.id, data);
      for (const f of output.findings) {
        findings.push({
          checkId: check.id,
          status: f.status,
          key: f.key,
          params: f.params ?? {},
          evidence: f.evidence ?? [],
          ...(f.target ? { target: f.target } : {}),
        });
      }
      for (const t of output.targets ?? []) targets.push(t);
      attempt = {
        ...base,
        status: 'completed',
        finishedAt: finishedAt.toISOString(),
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        data,
      };
    } catch (error) {
      const finishedAt = now();
      const timing = { finishedAt: finishedAt.toISOString(), durationMs: finishedAt.getTime() - startedAt.getTime() };
      if (error instanceof SkipCheck && cause === undefined) {
        attempt = { ...base, ...timing, status: 'skipped', reason: error.because };
      } else {
        attempt = { ...base, ...timing, status: 'error', ...errorReason(error, cause) };
      }
    } finally {
      clearTimeout(timer);
      outer.removeEventListener('abort', onOuterAbort);
      local.abort();
    }
    attempts.set(check.id, attempt);
    const worst = worstStatus(findings.filter((f) => f.checkId === check.id).map((f) => f.status));
    emit({
      type: 'check-finished',
      checkId: check.id,
      at: attempt.finishedAt,
      status: attempt.status,
      ...(worst ? { worst } : {}),
      ...(attempt.reason ? { reason: attempt.reason } : {}),
    });
  };

  for (const check of ordered) finished.set(check.id, runOne(check));
  await Promise.all(finished.values());
  return { attempts: ordered.map((c) => attempts.get(c.id)!), findings, targets };
}
