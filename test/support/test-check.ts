/**
 * A check made up for runner tests: a spec with no findings and a result of any shape (unless
 * the test gives a schema), bound to the test's `run`.
 */
import { z } from 'zod';
import { defineCheck, type AnyCheck, type CheckContext, type CheckOutput, type OutputOf } from '../../electron/engine/check';
import { defineCheckSpec } from '../../electron/engine/check-spec';

export function testCheck(options: {
  id: string;
  requires?: readonly AnyCheck[];
  result?: z.ZodType;
  timeoutMs?: number;
  run(ctx: CheckContext): Promise<CheckOutput<unknown>>;
}): AnyCheck {
  const spec = defineCheckSpec({
    id: options.id,
    name: { cs: options.id, en: options.id },
    requires: (options.requires ?? []).map((c) => c.spec),
    result: options.result ?? z.unknown(),
    decides: [],
    findings: {},
  });
  // Made-up checks declare no keys; their findings exercise the runner, not the catalogue.
  const run = options.run as (ctx: CheckContext) => Promise<OutputOf<typeof spec>>;
  return defineCheck(spec, { ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}), run });
}
