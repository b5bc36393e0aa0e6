/**
 * Several domains in one run (issue 11 item 2), the wizard's side as plain functions: one row
 * per domain of the list, which rows to start next so that at most `limit` run at once, and how
 * a run's events and its end change its row. Pure, so the tests replay any order of events.
 */
import type { Assessment } from '../../../shared/assessment';
import type { BatchOutcome, DomainListEntry } from '../../../shared/batch';
import type { IpcError, ProgressEvent, RunOutcome } from '../../../shared/ipc';
import { applyProgress, initialProgress, type CheckProgress } from './progress';

/** Domains assessed at once: two runs already keep a machine and a resolver busy. */
export const BATCH_CONCURRENCY = 2;

export type BatchPhase = 'waiting' | 'starting' | 'running' | 'assessed' | 'failed' | 'cancelled';

export interface BatchItem {
  /** A-label form, the name the engine assesses */
  domain: string;
  domainUnicode: string;
  phase: BatchPhase;
  /** from the start reply on */
  runId?: string;
  checks: CheckProgress[];
  /** a finished assessment, or the partial one of a run cancelled half-way */
  assessment?: Assessment;
  /** whether the main process put the assessment into the saved list */
  saved?: boolean;
  /** why the domain could not be assessed (NXDOMAIN, no resolver, refused start) */
  error?: IpcError;
}

export function initialBatch(entries: readonly DomainListEntry[]): BatchItem[] {
  return entries.map((e) => ({ domain: e.ascii, domainUnicode: e.unicode, phase: 'waiting', checks: [] }));
}

const ACTIVE: ReadonlySet<BatchPhase> = new Set(['starting', 'running']);
const ENDED: ReadonlySet<BatchPhase> = new Set(['assessed', 'failed', 'cancelled']);

export function isEnded(item: BatchItem): boolean {
  return ENDED.has(item.phase);
}

/** Indices of the waiting rows to start now, in list order, so that at most `limit` are active. */
export function toStart(items: readonly BatchItem[], limit: number = BATCH_CONCURRENCY): number[] {
  const free = limit - items.filter((i) => ACTIVE.has(i.phase)).length;
  if (free <= 0) return [];
  return items
    .map((item, index) => (item.phase === 'waiting' ? index : -1))
    .filter((index) => index !== -1)
    .slice(0, free);
}

export function endedCount(items: readonly BatchItem[]): number {
  return items.filter(isEnded).length;
}

export function allEnded(items: readonly BatchItem[]): boolean {
  return items.every(isEnded);
}

function update(items: readonly BatchItem[], index: number, change: Partial<BatchItem>): BatchItem[] {
  return items.map((item, i) => (i === index ? { ...item, ...change } : item));
}

export function markStarting(items: readonly BatchItem[], index: number): BatchItem[] {
  return update(items, index, { phase: 'starting' });
}

/** The start reply: the row now follows its run's events. */
export function markRunning(items: readonly BatchItem[], index: number, runId: string, checkIds: readonly string[]): BatchItem[] {
  return update(items, index, { phase: 'running', runId, checks: initialProgress(checkIds) });
}

/** The main process refused to start the run. */
export function markStartFailed(items: readonly BatchItem[], index: number, error: IpcError): BatchItem[] {
  return update(items, index, { phase: 'failed', error });
}

/** "Cancel all": rows that have not started never will. */
export function cancelWaiting(items: readonly BatchItem[]): BatchItem[] {
  return items.map((item) => (item.phase === 'waiting' ? { ...item, phase: 'cancelled' } : item));
}

export function indexOfRun(items: readonly BatchItem[], runId: string): number {
  return items.findIndex((i) => i.runId === runId && !isEnded(i));
}

/** The event types the rows show; newer kinds (a readiness report, …) are not about a check and are passed over. */
const CHECK_EVENTS: ReadonlySet<string> = new Set(['check-started', 'check-finished', 'target']);

export function withProgress(items: readonly BatchItem[], runId: string, event: ProgressEvent): readonly BatchItem[] {
  const index = indexOfRun(items, runId);
  if (index === -1 || !CHECK_EVENTS.has(event.type)) return items;
  return update(items, index, { checks: applyProgress(items[index]!.checks, event) });
}

/** How the run ended: assessed, cancelled (keeping its partial assessment) or failed with the reason. */
export function withFinished(items: readonly BatchItem[], runId: string, outcome: RunOutcome): readonly BatchItem[] {
  const index = indexOfRun(items, runId);
  if (index === -1) return items;
  if (!outcome.ok) return update(items, index, { phase: 'failed', error: outcome.error });
  return update(items, index, {
    phase: outcome.assessment.cancelled ? 'cancelled' : 'assessed',
    assessment: outcome.assessment,
    saved: outcome.saved,
  });
}

/**
 * The rows as shared/batch.ts reads a run, for the summary table: a run cancelled half-way is
 * an assessment with partial results (the summary marks it), one never started is cancelled.
 */
export function batchOutcomes(items: readonly BatchItem[]): BatchOutcome[] {
  return items.map((item): BatchOutcome => {
    if (item.assessment) return { domain: item.domain, status: 'assessed', assessment: item.assessment };
    if (item.phase === 'failed') {
      return {
        domain: item.domain,
        status: 'failed',
        error: { key: item.error?.key ?? 'ui.error.run_failed', params: item.error?.params ?? {} },
      };
    }
    return { domain: item.domain, status: 'cancelled' };
  });
}
