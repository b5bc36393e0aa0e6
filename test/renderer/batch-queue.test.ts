/**
 * The several-domains queue as plain functions (renderer/src/lib/batch-queue.ts): which rows
 * start next, how a run's end changes its row, and what the summary table reads.
 */
import { describe, expect, it } from 'vitest';
import { batchSummary, parseDomainList } from '../../shared/batch';
import {
  allEnded,
  batchOutcomes,
  cancelWaiting,
  initialBatch,
  markRunning,
  markStartFailed,
  markStarting,
  toStart,
  withFinished,
  withProgress,
} from '../../renderer/src/lib/batch-queue';
import { sampleAssessment } from '../electron/store/sample';

const at = '2026-03-01T09:00:00.000Z';
const list = () => initialBatch(parseDomainList('a.cz\nb.cz\nc.cz\nd.cz').domains);

describe('batch queue', () => {
  it('fills free places in list order, never more than the limit', () => {
    let items = list();
    expect(toStart(items)).toEqual([0, 1]);
    expect(toStart(items, 3)).toEqual([0, 1, 2]);
    items = markStarting(items, 0);
    items = markRunning(items, 1, 'r2', ['mx']);
    expect(toStart(items)).toEqual([]);
    items = [...withFinished(items, 'r2', { ok: false, error: { code: 'input', key: 'domain.not_found', message: 'x' } })];
    expect(toStart(items)).toEqual([2]);
    items = markStartFailed(items, 0, { code: 'internal', message: 'refused' });
    expect(toStart(items)).toEqual([2, 3]);
  });

  it('applies check events to the run’s row only and passes over other kinds of event', () => {
    let items = markRunning(list(), 0, 'r1', ['mx', 'spf']);
    items = [...withProgress(items, 'r1', { type: 'check-started', checkId: 'mx', at })];
    items = [...withProgress(items, 'other', { type: 'check-started', checkId: 'spf', at })];
    const unknown = { type: 'readiness', at } as unknown as Parameters<typeof withProgress>[2];
    expect(withProgress(items, 'r1', unknown)).toBe(items);
    expect(items[0]!.checks.map((c) => c.phase)).toEqual(['running', 'pending']);
  });

  it('turns the rows into the outcomes the shared summary reads', () => {
    let items = list();
    items = markRunning(items, 0, 'r1', []);
    items = markRunning(items, 1, 'r2', []);
    items = markRunning(items, 2, 'r3', []);
    items = [...withFinished(items, 'r1', { ok: true, assessment: sampleAssessment({ domain: 'a.cz' }), saved: true })];
    items = [
      ...withFinished(items, 'r2', {
        ok: false,
        error: { code: 'input', key: 'domain.not_found', params: { domain: 'b.cz' }, message: 'x' },
      }),
    ];
    items = [
      ...withFinished(items, 'r3', { ok: true, assessment: { ...sampleAssessment({ domain: 'c.cz' }), cancelled: true }, saved: false }),
    ];
    expect(allEnded(items)).toBe(false);
    items = cancelWaiting(items);
    expect(allEnded(items)).toBe(true);
    expect(items.map((i) => i.phase)).toEqual(['assessed', 'failed', 'cancelled', 'cancelled']);
    // A run's end that arrives twice changes nothing.
    expect(withFinished(items, 'r1', { ok: false, error: { code: 'internal', message: 'late' } })).toBe(items);

    const summary = batchSummary(batchOutcomes(items));
    expect(summary.rows.map((r) => [r.domain, r.status, r.partial ?? false])).toEqual([
      ['a.cz', 'assessed', false],
      ['b.cz', 'failed', false],
      ['c.cz', 'assessed', true],
      ['d.cz', 'cancelled', false],
    ]);
    expect(summary.rows[1]!.error).toEqual({ key: 'domain.not_found', params: { domain: 'b.cz' } });
  });
});
