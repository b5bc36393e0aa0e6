/**
 * The app's side of the engine, free of Electron so tests drive it directly: starts runs of
 * `assess()` with their own AbortController, forwards progress, saves each finished assessment
 * in the store and answers for saved ones. Options the UI does not offer (resolvers, timeouts)
 * are injected here — the e2e test points them at the DNS lab.
 */
import { randomUUID } from 'node:crypto';
import { parseAssessment, type Assessment, type AssessmentRequest } from '../../shared/assessment';
import type { TrustAnchor } from '../../shared/dnssec/types';
import type { DaneOutboundTestInput, IpcError, ProgressEvent, RunOutcome } from '../../shared/ipc';
import { AssessmentInputError, assess, buildConnector, type AssessOptions } from '../engine/engine';
import { checks as registry } from '../engine/checks/index';
import type { Connector } from '../engine/net/connect';
import type { ProgressEvent as EngineProgressEvent } from '../engine/runner';
import { AssessmentStore, StoreError, type StoreListing } from '../store/assessment-store';
import { IpcFailure } from './ipc';

export interface RunListener {
  progress(event: ProgressEvent): void;
  finished(outcome: RunOutcome): void;
}

export interface AssessmentServiceOptions {
  store: AssessmentStore;
  /** engine settings (resolvers, timeouts, lab overrides); empty resolvers mean the system's */
  engine?: Omit<AssessOptions, 'signal' | 'onProgress'>;
  /** the clock of `recordedAt` on manual tests; tests set it */
  now?: () => Date;
}

export interface StartedRun {
  runId: string;
  /** check ids in registry order, so the page can list them before they start */
  checks: string[];
  /** settles after `finished` was delivered */
  done: Promise<void>;
}

// The runner's events cross IPC as the shared type; this fails to compile if they drift apart.
const sameProgress = (event: EngineProgressEvent): ProgressEvent => event;

/** An engine error as the renderer shows it: a message key for the user plus the detail. */
export function runError(error: unknown): IpcError {
  if (error instanceof AssessmentInputError) {
    return { code: 'input', key: error.key, params: error.params, message: error.message };
  }
  return { code: 'internal', key: 'error.internal', message: error instanceof Error ? error.message : String(error) };
}

export class AssessmentService {
  /**
   * DNSSEC trust anchors the user chose in place of the IANA root keys (the wizard's advanced
   * setting), for every run started from now on; the engine reads the same file again at the
   * start of each run, so a file changed since is validated again, never half used.
   */
  trustAnchor: { path: string; anchors: readonly TrustAnchor[] } | undefined;
  /**
   * The network readiness test's reference hosts from the settings (checked there with the
   * engine's parsing): `port25` is `HOST[:PORT]` of the unrelated mail server, `ports` the `HOST`
   * tried on 465, 587, 993, 995 and 443. For every run started from now on.
   */
  referenceHosts: { port25?: string; ports?: string } | undefined;
  readonly #runs = new Map<string, AbortController>();
  readonly #store: AssessmentStore;
  readonly #engine: NonNullable<AssessmentServiceOptions['engine']>;
  readonly #now: () => Date;
  /** the last change queued for each saved id: read-modify-write of one file, one at a time */
  readonly #changes = new Map<string, Promise<unknown>>();
  /**
   * One connector for every run (made at the first run): several domains assessed side by side
   * often share a mail host, and the per-address limit (DESIGN §4) must hold for the app as a
   * whole, not per run. Each run's signal still closes its own sockets: the runner binds it to
   * every connect.
   */
  #connector: Connector | undefined;

  constructor(options: AssessmentServiceOptions) {
    this.#store = options.store;
    this.#engine = options.engine ?? {};
    this.#now = options.now ?? (() => new Date());
  }

  get activeRuns(): number {
    return this.#runs.size;
  }

  start(request: AssessmentRequest, listener: RunListener): StartedRun {
    const runId = randomUUID();
    const controller = new AbortController();
    this.#runs.set(runId, controller);
    const done = this.#run(request, controller.signal, listener).finally(() => this.#runs.delete(runId));
    return { runId, checks: (this.#engine.checks ?? registry).map((c) => c.id), done };
  }

  async #run(request: AssessmentRequest, signal: AbortSignal, listener: RunListener): Promise<void> {
    let outcome: RunOutcome;
    try {
      const assessment = await assess(request, {
        ...this.#engine,
        ...(this.trustAnchor ? { trustAnchorFile: this.trustAnchor.path } : {}),
        ...(this.referenceHosts?.port25 ? { port25ReferenceHost: this.referenceHosts.port25 } : {}),
        ...(this.referenceHosts?.ports ? { portReferenceHost: this.referenceHosts.ports } : {}),
        connector: this.#sharedConnector(),
        signal,
        onProgress: (event) => listener.progress(sameProgress(event)),
      });
      outcome = { ok: true, assessment, saved: await this.#saveFinished(assessment) };
    } catch (error) {
      outcome = { ok: false, error: runError(error) };
    }
    listener.finished(outcome);
  }

  /** The injected engine options may bring their own (tests read its statistics); bad connect-to rules throw as input errors. */
  #sharedConnector(): Connector {
    this.#connector ??= this.#engine.connector ?? buildConnector(this.#engine)();
    return this.#connector;
  }

  /** Completed assessments are kept; a cancelled one is partial and is not. */
  async #saveFinished(assessment: Assessment): Promise<boolean> {
    if (assessment.cancelled) return false;
    try {
      await this.#store.save(assessment);
      return true;
    } catch (error) {
      console.error('saving the assessment failed', error);
      return false;
    }
  }

  /** Aborts a run; false when it already ended (or never existed). */
  cancel(runId: string): boolean {
    const controller = this.#runs.get(runId);
    if (controller === undefined) return false;
    controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const controller of this.#runs.values()) controller.abort();
  }

  list(): Promise<StoreListing> {
    return this.#store.list();
  }

  async open(id: string): Promise<Assessment> {
    try {
      return await this.#store.read(id);
    } catch (error) {
      throw storeFailure(error, id);
    }
  }

  async remove(id: string): Promise<boolean> {
    try {
      return await this.#store.remove(id);
    } catch (error) {
      throw storeFailure(error, id);
    }
  }

  /** Puts an assessment into the saved list (replacing a saved copy of the same id). */
  save(assessment: Assessment): Promise<void> {
    return this.#exclusive(assessment.id, () => this.#write(assessment));
  }

  /**
   * Sets (or with `null` removes) the guided manual test of requirement 6 on a saved assessment
   * and answers the document as written. The file is read here, not taken from the page: the
   * saved copy is the record, and only `manualTests.daneOutbound` changes.
   */
  recordManualTest(id: string, test: DaneOutboundTestInput | null): Promise<Assessment> {
    return this.#exclusive(id, async () => {
      const stored = await this.open(id);
      const { daneOutbound: _previous, ...otherTests } = stored.manualTests ?? {};
      const manualTests = test === null ? otherTests : { ...otherTests, daneOutbound: { ...test, recordedAt: this.#now().toISOString() } };
      const { manualTests: _old, ...rest } = stored;
      // Without any test left the document is again what the engine wrote.
      const parsed = parseAssessment(Object.keys(manualTests).length > 0 ? { ...rest, manualTests } : rest);
      if (!parsed.ok) throw new IpcFailure('invalid_payload', `the recorded test does not fit the assessment: ${parsed.errors.join('; ')}`);
      await this.#write(parsed.value);
      return parsed.value;
    });
  }

  async #write(assessment: Assessment): Promise<void> {
    try {
      await this.#store.save(assessment);
    } catch (error) {
      if (error instanceof StoreError) throw storeFailure(error, assessment.id);
      const detail = error instanceof Error ? error.message : String(error);
      throw new IpcFailure('write_failed', `saving ${assessment.id}: ${detail}`, 'ui.error.save_failed', { detail });
    }
  }

  /** Runs `change` after every change queued before it for the same id, so two records never interleave. */
  #exclusive<T>(id: string, change: () => Promise<T>): Promise<T> {
    const previous = this.#changes.get(id) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(change);
    this.#changes.set(id, next);
    const forget = () => {
      if (this.#changes.get(id) === next) this.#changes.delete(id);
    };
    next.then(forget, forget);
    return next;
  }
}

function storeFailure(error: unknown, id: string): unknown {
  if (!(error instanceof StoreError)) return error;
  if (error.code === 'corrupt') return new IpcFailure('invalid_file', error.message, 'ui.error.saved_corrupt', { id });
  return new IpcFailure('not_found', error.message, 'ui.error.saved_not_found', { id });
}
