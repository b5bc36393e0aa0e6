/**
 * A CheckContext as the runner builds it, for running one check directly in a test.
 * Progress is recorded as `started|finished <target>[ <status>]`.
 */
import { AssessmentRequestSchema, type AssessmentRequestInput } from '../../shared/assessment';
import type { DnsResolver } from '../../shared/dns';
import { defaultSettings, type AnyCheck, type CheckContext, type CheckDefinition, type EngineSettings } from '../../electron/engine/check';
import { Connector } from '../../electron/engine/net/connect';

export function checkContext(
  dns: DnsResolver,
  request: AssessmentRequestInput,
  options: { signal?: AbortSignal; results?: Map<AnyCheck, unknown>; connector?: Connector; settings?: Partial<EngineSettings> } = {},
): { ctx: CheckContext; progress: string[] } {
  const progress: string[] = [];
  const parsed = AssessmentRequestSchema.parse(request);
  const signal = options.signal ?? new AbortController().signal;
  const connector = options.connector ?? new Connector();
  const ctx: CheckContext = {
    request: parsed,
    domain: parsed.domain,
    dns,
    // As in the runner: the check's signal reaches every socket.
    connect: connector.bind(signal),
    settings: { ...defaultSettings(), ...options.settings },
    signal,
    deadline: Date.now() + 60_000,
    progress: { target: (name, phase, status) => progress.push(`${phase} ${name}${status ? ` ${status}` : ''}`) },
    resultOf: <T>(dep: CheckDefinition<string, T>) => options.results?.get(dep as AnyCheck) as T | undefined,
  };
  return { ctx, progress };
}
