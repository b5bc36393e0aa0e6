/**
 * The readiness event on the run screen's model (renderer/src/lib/progress.ts): it rides in the
 * run's list as an entry that is no check, so the rows, the count and the panel each see theirs.
 */
import { describe, expect, it } from 'vitest';
import { applyProgress, checkRows, finishedCount, initialProgress, runReadiness } from '../../renderer/src/lib/progress';
import type { ProgressEvent } from '../../shared/ipc';
import type { NetworkReadiness } from '../../shared/readiness';

const at = '2026-12-02T10:00:00.000Z';
const readiness = (state: 'open' | 'blocked'): NetworkReadiness => ({
  checkedAt: at,
  resolvers: [],
  dnssec: { state: 'unknown', zone: '.', reason: 'not_queried' },
  ports: [{ port: 25, host: 'ref.example.net', state }],
});

describe('the readiness event', () => {
  it('is kept apart from the checks and replaced by a later one', () => {
    const events: ProgressEvent[] = [
      { type: 'readiness', at, readiness: readiness('open') },
      { type: 'check-started', checkId: 'mx', at },
      { type: 'check-finished', checkId: 'mx', at, status: 'completed' },
      { type: 'readiness', at, readiness: readiness('blocked') },
    ];
    const before = initialProgress(['mx', 'spf']);
    expect(runReadiness(before)).toBeUndefined();
    const state = events.reduce(applyProgress, before);
    expect(checkRows(state).map((c) => c.id)).toEqual(['mx', 'spf']);
    expect(finishedCount(state)).toBe(1);
    expect(runReadiness(state)?.ports[0]?.state).toBe('blocked');
    expect(state.filter((c) => checkRows([c]).length === 0)).toHaveLength(1);
  });
});
