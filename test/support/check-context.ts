/**
 * A CheckContext as the runner builds it, for running one check directly in a test: the same
 * dependency rule (reading a check not in `requires` throws) and the same signal plumbing.
 * Progress is recorded as `started|finished <target>[ <status>]`.
 */
import { AssessmentRequestSchema, type AssessmentRequestInput } from '../../shared/assessment';
import type { DnsResolver } from '../../shared/dns';
import type { z } from 'zod';
import type { AnyCheckSpec } from '../../electron/engine/check-spec';
import {
  defaultSettings,
  dependencyReader,
  type AnyCheck,
  type CheckContext,
  type CheckDefinition,
  type EngineSettings,
  type OutputOf,
} from '../../electron/engine/check';
import { parseCheckResult } from '../../electron/engine/runner';
import { Connector } from '../../electron/engine/net/connect';
import type { DnssecValidator } from '../../electron/engine/net/dnssec/validator';

/** Results of required checks, keyed by the check (or its spec). */
export type DependencyResults = ReadonlyMap<{ id: string }, unknown>;

export function checkContext(
  check: Pick<AnyCheck, 'spec'>,
  dns: DnsResolver,
  request: AssessmentRequestInput,
  options: {
    signal?: AbortSignal;
    results?: DependencyResults;
    connector?: Connector;
    settings?: Partial<EngineSettings>;
    dnssec?: DnssecValidator;
  } = {},
): { ctx: CheckContext; progress: string[] } {
  const progress: string[] = [];
  const parsed = AssessmentRequestSchema.parse(request);
  const signal = options.signal ?? new AbortController().signal;
  const connector = options.connector ?? new Connector();
  const results = new Map([...(options.results ?? new Map<{ id: string }, unknown>())].map(([dep, value]) => [dep.id, value]));
  const ctx: CheckContext = {
    request: parsed,
    domain: parsed.domain,
    dns,
    ...(options.dnssec ? { dnssec: options.dnssec } : {}),
    // As in the runner: the check's signal reaches every socket.
    connect: connector.bind(signal),
    settings: { ...defaultSettings(), ...options.settings },
    signal,
    deadline: Date.now() + 60_000,
    progress: { target: (name, phase, status) => progress.push(`${phase} ${name}${status ? ` ${status}` : ''}`) },
    resultOf: dependencyReader(check.spec, results),
  };
  return { ctx, progress };
}

/** A check's output as the runner stores it: the data parsed with the spec's result schema. */
export type StoredOutput<S extends AnyCheckSpec> = Omit<OutputOf<S>, 'data'> & { data: z.output<S['result']> };

/** Runs a check on a context and returns its output as the runner stores it. */
export async function runCheck<S extends AnyCheckSpec>(check: CheckDefinition<S>, ctx: CheckContext): Promise<StoredOutput<S>> {
  const output = await check.run(ctx);
  return { ...output, data: parseCheckResult(check, output.data) };
}
