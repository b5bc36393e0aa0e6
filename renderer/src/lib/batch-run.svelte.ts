/**
 * A run of several domains (issue 11 item 2): one `assessment:start` per domain, at most
 * BATCH_CONCURRENCY at once, each row following its own run's events. A domain that fails
 * (NXDOMAIN, a refused start) ends its row only; the others go on. The main process saves every
 * finished assessment as it ends, so closing the window loses nothing already done.
 */
import type { Api } from '../../../electron/preload/api';
import type { AssessmentRequestInput } from '../../../shared/assessment';
import { batchSummary, type DomainListEntry } from '../../../shared/batch';
import type { EventMap, IpcError } from '../../../shared/ipc';
import {
  allEnded,
  BATCH_CONCURRENCY,
  batchOutcomes,
  cancelWaiting,
  endedCount,
  indexOfRun,
  initialBatch,
  markRunning,
  markStartFailed,
  markStarting,
  toStart,
  withFinished,
  withProgress,
  type BatchItem,
} from './batch-queue';

type ProgressPayload = EventMap['assessment:progress'];
type FinishedPayload = EventMap['assessment:finished'];

export class BatchRun {
  items = $state.raw<BatchItem[]>([]);
  readonly startedAt = Date.now();
  /** when the last row ended */
  finishedAt = $state<number | undefined>(undefined);
  /** "cancel all" was pressed */
  cancelling = $state(false);
  /** a cancel the main process refused (the runs go on) */
  cancelError = $state.raw<IpcError | undefined>(undefined);
  ended = $derived(endedCount(this.items));
  summary = $derived(batchSummary(batchOutcomes(this.items)));

  readonly #api: Api;
  readonly #request: Omit<AssessmentRequestInput, 'domain'>;
  readonly #limit: number;
  readonly #onended: () => void;
  /** start requests whose reply has not arrived */
  #pending = 0;
  /** events of runs not known yet: their start reply may still be on its way */
  #early: (ProgressPayload | FinishedPayload)[] = [];

  constructor(
    api: Api,
    domains: readonly DomainListEntry[],
    /** what every domain's request shares: client, consultant, selectors, platform, language */
    request: Omit<AssessmentRequestInput, 'domain'>,
    options: { concurrency?: number; onended?: () => void } = {},
  ) {
    this.#api = api;
    this.#request = request;
    this.#limit = options.concurrency ?? BATCH_CONCURRENCY;
    this.#onended = options.onended ?? (() => {});
    this.items = initialBatch(domains);
  }

  get running(): boolean {
    return this.finishedAt === undefined;
  }

  start(): void {
    this.#fill();
  }

  onProgress(payload: ProgressPayload): void {
    if (indexOfRun(this.items, payload.runId) === -1) {
      if (this.#pending > 0) this.#early.push(payload);
      return;
    }
    this.items = [...withProgress(this.items, payload.runId, payload.event)];
  }

  onFinished(payload: FinishedPayload): void {
    if (indexOfRun(this.items, payload.runId) === -1) {
      if (this.#pending > 0) this.#early.push(payload);
      return;
    }
    this.items = [...withFinished(this.items, payload.runId, payload.outcome)];
    this.#fill();
  }

  /** Stops every row: the waiting ones never start, the running ones are cancelled in the main process. */
  async cancelAll(): Promise<void> {
    if (this.cancelling || !this.running) return;
    this.cancelling = true;
    this.cancelError = undefined;
    this.items = cancelWaiting(this.items);
    const runIds = this.items.filter((i) => i.phase === 'running' && i.runId !== undefined).map((i) => i.runId!);
    const results = await Promise.all(runIds.map((runId) => this.#api.cancelAssessment({ runId })));
    const refused = results.find((r) => !r.ok);
    if (refused && !refused.ok) {
      // Those runs go on: the button must work again.
      this.cancelling = false;
      this.cancelError = refused.error;
    }
    this.#checkEnded();
  }

  #fill(): void {
    if (!this.cancelling) for (const index of toStart(this.items, this.#limit)) void this.#startOne(index);
    this.#checkEnded();
  }

  async #startOne(index: number): Promise<void> {
    const domain = this.items[index]!.domain;
    this.items = markStarting(this.items, index);
    this.#pending += 1;
    let started;
    try {
      started = await this.#api.startAssessment({ ...this.#request, domain });
    } catch (error) {
      started = {
        ok: false as const,
        error: { code: 'internal' as const, message: error instanceof Error ? error.message : String(error) },
      };
    } finally {
      this.#pending -= 1;
    }
    if (!started.ok) {
      this.items = markStartFailed(this.items, index, { ...started.error, key: started.error.key ?? 'ui.error.start_failed' });
    } else {
      const { runId, checks } = started.value;
      this.items = markRunning(this.items, index, runId, checks);
      // Cancel all was pressed while this start was on its way.
      if (this.cancelling) void this.#api.cancelAssessment({ runId });
      const early = this.#early.filter((p) => p.runId === runId);
      this.#early = this.#early.filter((p) => p.runId !== runId);
      for (const payload of early) {
        if ('event' in payload) this.onProgress(payload);
        else this.onFinished(payload);
      }
    }
    if (this.#pending === 0) this.#early = [];
    this.#fill();
  }

  #checkEnded(): void {
    if (this.finishedAt === undefined && allEnded(this.items)) {
      this.finishedAt = Date.now();
      this.cancelling = false;
      this.#onended();
    }
  }
}
