/**
 * Runs one check the way the engine does, against real DNS: a lab server with the given zones,
 * the engine's own client and resolver, and the results of required checks supplied by the test.
 */
import type { AssessmentRequestInput } from '../../shared/assessment';
import type { AnyCheckSpec } from '../../electron/engine/check-spec';
import type { CheckDefinition, CheckOutput, EngineSettings } from '../../electron/engine/check';
import type { Connector } from '../../electron/engine/net/connect';
import { DnsClient } from '../../electron/engine/net/dns-client';
import { createResolver } from '../../electron/engine/net/resolver';
import { startLabDnsServer, type LabZone } from '../lab/dns-server';
import { checkContext, runCheck, type DependencyResults, type StoredOutput } from './check-context';

export interface HarnessRun<S extends AnyCheckSpec> {
  output: StoredOutput<S>;
  progress: string[];
  queries: string[];
}

export async function runCheckAgainstLab<S extends AnyCheckSpec>(
  check: CheckDefinition<S>,
  zones: LabZone[],
  request: AssessmentRequestInput,
  results: DependencyResults = new Map(),
  /** real connections: a Connector (with --connect-to rules into the lab) and settings */
  network: { connector?: Connector; settings?: Partial<EngineSettings>; signal?: AbortSignal } = {},
): Promise<HarnessRun<S>> {
  const lab = await startLabDnsServer({ zones });
  try {
    const dns = createResolver(new DnsClient({ servers: [{ host: lab.host, port: lab.port }], timeoutMs: 300 }));
    const { ctx, progress } = checkContext(check, dns, request, { results, ...network });
    return {
      output: await runCheck(check, ctx),
      progress,
      queries: lab.queryLog.map((q) => `${q.type} ${q.name.toLowerCase()}`),
    };
  } finally {
    await lab.close();
  }
}

/** Keys of the findings, for compact assertions. */
export function findingKeys(output: CheckOutput<unknown>): string[] {
  return output.findings.map((f) => f.key);
}
