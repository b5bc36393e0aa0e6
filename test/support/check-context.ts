/**
 * A CheckContext as the runner builds it, for running one check directly in a test.
 * Progress is recorded as `started|finished <target>[ <status>]`.
 */
import { AssessmentRequestSchema, type AssessmentRequestInput } from '../../shared/assessment';
import type { DnsResolver } from '../../shared/dns';
import type { AnyCheck, CheckContext, CheckDefinition } from '../../electron/engine/check';

export function checkContext(
  dns: DnsResolver,
  request: AssessmentRequestInput,
  options: { signal?: AbortSignal; results?: Map<AnyCheck, unknown> } = {},
): { ctx: CheckContext; progress: string[] } {
  const progress: string[] = [];
  const parsed = AssessmentRequestSchema.parse(request);
  const ctx: CheckContext = {
    request: parsed,
    domain: parsed.domain,
    dns,
    signal: options.signal ?? new AbortController().signal,
    deadline: Date.now() + 60_000,
    progress: { target: (name, phase, status) => progress.push(`${phase} ${name}${status ? ` ${status}` : ''}`) },
    resultOf: <T>(dep: CheckDefinition<string, T>) => options.results?.get(dep as AnyCheck) as T | undefined,
  };
  return { ctx, progress };
}
