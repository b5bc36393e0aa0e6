/**
 * Runs one check the way the engine does, against real DNS: a lab server with the given zones,
 * the engine's own client and resolver, and the results of required checks supplied by the test.
 */
import type { z } from 'zod';
import type { AssessmentRequestInput } from '../../shared/assessment';
import type { AnyCheckSpec } from '../../electron/engine/check-spec';
import type { CheckDefinition, CheckOutput, EngineSettings, OutputOf } from '../../electron/engine/check';
import { parseCheckResult } from '../../electron/engine/runner';
import type { Connector } from '../../electron/engine/net/connect';
import { DnsClient } from '../../electron/engine/net/dns-client';
import { createResolver } from '../../electron/engine/net/resolver';
import { startLabDnsServer, type LabZone } from '../lab/dns-server';
import { checkContext, type DependencyResults } from './check-context';

export interface HarnessRun<S extends AnyCheckSpec> {
  /** as the runner stores it: the data parsed with the spec's result schema */
  output: Omit<OutputOf<S>, 'data'> & { data: z.output<S['result']> };
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
    const output = await check.run(ctx);
    return {
      output: { ...output, data: parseCheckResult(check, output.data) },
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
