/**
 * The wizard's state and actions: which step is shown, the form, the running assessment, the
 * assessment being read, the saved list, and the one notice line. Everything that talks to the
 * main process goes through `api` (the preload's window.api, or the e2e harness's copy of it).
 */
import type { Api } from '../../../electron/preload/api';
import type { Assessment, ParamValue } from '../../../shared/assessment';
import type {
  DaneOutboundTestInput,
  EventMap,
  IpcError,
  IpcResult,
  SavedAssessmentSummary,
  StoreProblem,
  TrustAnchorState,
} from '../../../shared/ipc';
import { diffAssessments, sameDomain } from '../../../shared/assessment-diff';
import { parseDomainList } from '../../../shared/batch';
import { buildRemediationPlan } from '../../../shared/remediation/index';
import { evaluateRequirements, findingsOutsideRequirements, overallVerdict } from '../../../shared/requirements';
import { buildRequest, emptyFields, type DomainFields } from './form';
import type { Locale } from './locale.svelte';
import { ManualTestForm } from './manual-test.svelte';
import { BatchRun } from './batch-run.svelte';
import { applyProgress, initialProgress, type CheckProgress } from './progress';
import { TlsaGenerator } from './tlsa.svelte';

/** `batch` and `summary`: the progress and the table of a run of several domains */
export type Step = 'start' | 'domain' | 'run' | 'batch' | 'summary' | 'results' | 'remediation';

/** One domain, or a list of them assessed one after another (issue 11 item 2). */
export type DomainMode = 'single' | 'batch';

export interface Notice {
  kind: 'success' | 'error' | 'info';
  key: string;
  params?: Record<string, ParamValue>;
  /** technical detail shown small under the message */
  detail?: string;
}

export interface RunView {
  runId: string;
  domain: string;
  checks: CheckProgress[];
  startedAt: number;
  cancelling: boolean;
}

type ProgressPayload = EventMap['assessment:progress'];
type FinishedPayload = EventMap['assessment:finished'];

/** A failure from the main process as a notice: its own message key when it has one. */
export function errorNotice(error: IpcError, fallbackKey: string): Notice {
  return { kind: 'error', key: error.key ?? fallbackKey, params: error.params ?? {}, detail: error.message };
}

export class Wizard {
  step = $state<Step>('start');
  fields = $state<DomainFields>(emptyFields());
  mode = $state<DomainMode>('single');
  /** the domain list of the several-domains mode, as typed */
  domainList = $state('');
  /** the last run of several domains: its progress, then its summary */
  batch = $state.raw<BatchRun | undefined>(undefined);
  /** the assessment shown was opened from the batch summary, which the results offer to go back to */
  fromBatch = $state(false);
  saved = $state.raw<SavedAssessmentSummary[]>([]);
  storeProblems = $state.raw<StoreProblem[]>([]);
  savedLoaded = $state(false);
  run = $state<RunView | undefined>(undefined);
  /** why the last run ended without a result (bad domain, NXDOMAIN, internal error) */
  runError = $state.raw<Notice | undefined>(undefined);
  /** the assessment on the results and remediation screens; never mutated, so not deeply reactive */
  assessment = $state.raw<Assessment | undefined>(undefined);
  /** where it came from: this run, the saved list or a file */
  origin = $state.raw<{ kind: 'run'; saved: boolean } | { kind: 'saved' } | { kind: 'file'; path: string } | undefined>(undefined);
  /** the verdicts and the plan come from the shared catalogues; the wizard computes none itself */
  verdicts = $derived(this.assessment ? evaluateRequirements(this.assessment) : []);
  overall = $derived(overallVerdict(this.verdicts));
  otherFindings = $derived(this.assessment ? findingsOutsideRequirements(this.assessment) : []);
  plan = $derived(this.assessment ? buildRemediationPlan(this.assessment) : undefined);
  /** the saved assessment "assess again" started from: the results then show what changed since */
  previous = $state.raw<Assessment | undefined>(undefined);
  diff = $derived(
    this.previous && this.assessment && this.previous.id !== this.assessment.id && sameDomain(this.previous, this.assessment)
      ? diffAssessments(this.previous, this.assessment)
      : undefined,
  );
  /** the earlier assessment of the run in progress */
  #rerunOf: Assessment | undefined;
  notice = $state.raw<Notice | undefined>(undefined);
  /** the action in progress (export, import), to disable its button */
  busy = $state<string | undefined>(undefined);
  version = $state<string | undefined>(undefined);
  /** the DNSSEC trust anchors the main process uses for the next runs (no `custom`: the IANA root keys) */
  trustAnchor = $state.raw<TrustAnchorState>({});
  /** what choosing or resetting them said, shown beside the setting */
  trustAnchorNotice = $state.raw<Notice | undefined>(undefined);
  /** the TLSA generator of the results step */
  readonly tlsa: TlsaGenerator;
  /** the form of requirement 6's guided manual test on the results step */
  readonly manualTest: ManualTestForm;

  readonly #api: Api;
  readonly #locale: Locale;
  /** events that arrived for a run whose start reply is still on its way */
  #early: (ProgressPayload | FinishedPayload)[] = [];
  /** between the start request and its reply */
  starting = $state(false);
  readonly #unsubscribe: (() => void)[] = [];

  constructor(api: Api, locale: Locale) {
    this.#api = api;
    this.#locale = locale;
    this.tlsa = new TlsaGenerator(api);
    this.manualTest = new ManualTestForm((test) => this.recordManualTest(test));
    this.#unsubscribe.push(
      api.onAssessmentProgress((payload) => {
        this.#onProgress(payload);
        this.batch?.onProgress(payload);
      }),
      api.onAssessmentFinished((payload) => {
        this.#onFinished(payload);
        this.batch?.onFinished(payload);
      }),
    );
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off();
  }

  async init(): Promise<void> {
    const version = await this.#api.appVersion();
    if (version.ok) this.version = version.value.version;
    const anchor = await this.#api.trustAnchor();
    if (anchor.ok) this.trustAnchor = anchor.value;
    await this.refreshSaved();
  }

  /** The main process opens its file dialog, reads and checks the file, and keeps it for the next runs. */
  async chooseTrustAnchor(): Promise<void> {
    this.trustAnchorNotice = undefined;
    const result = await this.#busyWith('trust-anchor', () => this.#api.chooseTrustAnchor());
    if (result === undefined) return;
    if (!result.ok) {
      this.trustAnchorNotice = errorNotice(result.error, 'ui.trust_anchor.failed');
      return;
    }
    if (result.value.status === 'cancelled') return;
    this.trustAnchor = result.value.state;
    this.trustAnchorNotice = { kind: 'success', key: 'ui.trust_anchor.set' };
  }

  async resetTrustAnchor(): Promise<void> {
    this.trustAnchorNotice = undefined;
    const result = await this.#busyWith('trust-anchor', () => this.#api.resetTrustAnchor());
    if (result === undefined) return;
    if (!result.ok) {
      this.trustAnchorNotice = errorNotice(result.error, 'ui.trust_anchor.failed');
      return;
    }
    this.trustAnchor = result.value;
    this.trustAnchorNotice = { kind: 'info', key: 'ui.trust_anchor.reset_done' };
  }

  go(step: Step): void {
    this.notice = undefined;
    this.step = step;
  }

  /** a run of one domain or of several is under way: leaving the run screens is not offered */
  get busyRunning(): boolean {
    return this.run !== undefined || this.batch?.running === true;
  }

  newAssessment(): void {
    this.#rerunOf = undefined;
    this.fromBatch = false;
    this.runError = undefined;
    this.trustAnchorNotice = undefined;
    this.go('domain');
  }

  async refreshSaved(): Promise<void> {
    const listed = await this.#api.listAssessments();
    if (listed.ok) {
      this.saved = listed.value.items;
      this.storeProblems = listed.value.problems;
    } else {
      this.notice = errorNotice(listed.error, 'ui.error.list_failed');
    }
    this.savedLoaded = true;
  }

  async start(): Promise<void> {
    if (this.mode === 'batch') {
      this.startBatch();
      return;
    }
    const request = buildRequest(this.fields, this.#locale.lang);
    if (request === undefined || this.busyRunning || this.starting) return;
    this.runError = undefined;
    this.notice = undefined;
    this.starting = true;
    let started;
    try {
      started = await this.#api.startAssessment(request);
    } finally {
      this.starting = false;
    }
    if (!started.ok) {
      this.#early = [];
      this.runError = errorNotice(started.error, 'ui.error.start_failed');
      return;
    }
    this.run = {
      runId: started.value.runId,
      domain: request.domain,
      checks: initialProgress(started.value.checks),
      startedAt: Date.now(),
      cancelling: false,
    };
    this.step = 'run';
    const early = this.#early;
    this.#early = [];
    for (const payload of early) {
      if ('event' in payload) this.#onProgress(payload);
      else this.#onFinished(payload);
    }
  }

  /**
   * Starts the domain list: every domain gets the form's client, consultant, DKIM selectors and
   * platform; extra host names belong to one domain, so none are sent. Nothing starts while a
   * line of the list is not a domain.
   */
  startBatch(): void {
    const list = parseDomainList(this.domainList);
    const first = list.domains[0];
    if (first === undefined || list.problems.length > 0 || this.busyRunning || this.starting) return;
    // The shared fields are validated as the one-domain form validates them.
    const request = buildRequest({ ...this.fields, domain: first.ascii, extraHosts: '' }, this.#locale.lang);
    if (request === undefined) return;
    const { domain: _first, ...shared } = request;
    this.#rerunOf = undefined;
    this.runError = undefined;
    this.notice = undefined;
    this.fromBatch = false;
    const batch = new BatchRun(this.#api, list.domains, shared, { onended: () => void this.refreshSaved() });
    this.batch = batch;
    this.step = 'batch';
    batch.start();
  }

  /** Opens one domain of the batch summary on the results step (the saved copy when there is one). */
  async openBatchResult(domain: string): Promise<void> {
    const item = this.batch?.items.find((i) => i.domain === domain);
    const assessment = item?.assessment;
    if (item === undefined || assessment === undefined) return;
    if (item.saved) {
      const opened = await this.#api.openAssessment({ id: assessment.id });
      if (!opened.ok) {
        this.notice = errorNotice(opened.error, 'ui.error.open_failed');
        return;
      }
      this.#show(opened.value, { kind: 'saved' });
    } else {
      this.#show(assessment, { kind: 'run', saved: false });
    }
    this.fromBatch = true;
  }

  async cancel(): Promise<void> {
    const run = this.run;
    if (run === undefined || run.cancelling) return;
    run.cancelling = true;
    const result = await this.#api.cancelAssessment({ runId: run.runId });
    if (!result.ok) {
      // The run goes on: the cancel button must work again.
      run.cancelling = false;
      this.notice = errorNotice(result.error, 'ui.error.cancel_failed');
    }
  }

  #onProgress(payload: ProgressPayload): void {
    if (this.run === undefined) {
      if (this.starting) this.#early.push(payload);
      return;
    }
    if (payload.runId !== this.run.runId) return;
    this.run.checks = applyProgress(this.run.checks, payload.event);
  }

  #onFinished(payload: FinishedPayload): void {
    if (this.run === undefined) {
      if (this.starting) this.#early.push(payload);
      return;
    }
    if (payload.runId !== this.run.runId) return;
    this.run = undefined;
    const outcome = payload.outcome;
    if (!outcome.ok) {
      this.runError = errorNotice(outcome.error, 'ui.error.run_failed');
      this.step = 'domain';
      return;
    }
    if (outcome.assessment.cancelled) {
      this.runError = { kind: 'info', key: 'ui.run.cancelled_notice' };
      this.step = 'domain';
      return;
    }
    this.previous = this.#rerunOf;
    this.#rerunOf = undefined;
    this.assessment = outcome.assessment;
    this.origin = { kind: 'run', saved: outcome.saved };
    this.fromBatch = false;
    this.manualTest.reset();
    this.step = 'results';
    void this.refreshSaved();
  }

  async openSaved(id: string): Promise<void> {
    const opened = await this.#api.openAssessment({ id });
    if (!opened.ok) {
      this.notice = errorNotice(opened.error, 'ui.error.open_failed');
      return;
    }
    this.#show(opened.value, { kind: 'saved' });
  }

  /** Starts a new assessment with the request of a saved one; its results then show the diff against it. */
  async assessAgain(id: string): Promise<void> {
    const opened = await this.#api.openAssessment({ id });
    if (!opened.ok) {
      this.notice = errorNotice(opened.error, 'ui.error.open_failed');
      return;
    }
    const r = opened.value.request;
    this.fields = {
      domain: r.domainUnicode,
      clientName: r.clientName ?? '',
      consultantName: r.consultantName ?? '',
      extraHosts: r.extraHosts.join(', '),
      dkimSelectors: r.dkimSelectors.join(', '),
      platformHint: r.platformHint,
    };
    this.mode = 'single';
    this.newAssessment();
    this.#rerunOf = opened.value;
    // A start that fails is said on the domain step, with the request filled in.
    await this.start();
  }

  async deleteSaved(id: string): Promise<void> {
    const deleted = await this.#api.deleteAssessment({ id });
    if (!deleted.ok) this.notice = errorNotice(deleted.error, 'ui.error.delete_failed');
    await this.refreshSaved();
  }

  async importJson(): Promise<void> {
    const imported = await this.#busyWith('import', () => this.#api.importAssessmentJson());
    if (imported === undefined) return;
    if (!imported.ok) {
      this.notice = errorNotice(imported.error, 'ui.error.open_failed');
      return;
    }
    if (imported.value.status === 'opened') this.#show(imported.value.assessment, { kind: 'file', path: imported.value.path });
  }

  #show(assessment: Assessment, origin: NonNullable<Wizard['origin']>): void {
    this.fromBatch = false;
    this.previous = undefined;
    this.assessment = assessment;
    this.origin = origin;
    this.manualTest.reset();
    this.notice = undefined;
    this.step = 'results';
  }

  /**
   * Records (or with null removes) requirement 6's manual test on the assessment shown. The main
   * process keeps it in the saved assessment, so one that is not in the saved list yet (opened
   * from a file, or a run whose saving failed) is saved first. The verdicts follow from the
   * updated assessment it answers. Resolves to the notice to show in the form when it failed.
   */
  async recordManualTest(test: DaneOutboundTestInput | null): Promise<Notice | undefined> {
    const assessment = this.assessment;
    if (assessment === undefined) return undefined;
    const origin = this.origin;
    const inSavedList = origin?.kind === 'saved' || (origin?.kind === 'run' && origin.saved);
    if (!inSavedList) {
      const saved = await this.#api.saveAssessment({ assessment });
      if (!saved.ok) return errorNotice(saved.error, 'ui.manual_test.failed');
      if (this.assessment === assessment) this.origin = { kind: 'saved' };
    }
    const recorded = await this.#api.recordManualTest({ id: assessment.id, test });
    if (!recorded.ok) return errorNotice(recorded.error, 'ui.manual_test.failed');
    // The page may show another assessment by now: the answer belongs to this one only.
    if (this.assessment?.id === assessment.id) {
      this.assessment = recorded.value;
      if (!inSavedList) this.notice = { kind: 'success', key: 'ui.manual_test.added_to_saved' };
    }
    void this.refreshSaved();
    return undefined;
  }

  async exportPdf(): Promise<void> {
    const assessment = this.assessment;
    if (assessment === undefined) return;
    // The report carries the same comparison the results page shows.
    const previous = this.diff ? this.previous : undefined;
    const result = await this.#busyWith('pdf', () =>
      this.#api.exportReportPdf({ assessment, language: this.#locale.lang, ...(previous ? { previous } : {}) }),
    );
    this.#afterSave(result, 'ui.export.pdf_saved', 'ui.error.export_failed');
  }

  async exportJson(): Promise<void> {
    const assessment = this.assessment;
    if (assessment === undefined) return;
    const result = await this.#busyWith('json', () => this.#api.exportAssessmentJson({ assessment }));
    this.#afterSave(result, 'ui.export.json_saved', 'ui.error.export_failed');
  }

  /** The main process asks for a folder and writes the plan's scripts, .reg, zone snippet and DNS message there. */
  async exportPlan(): Promise<void> {
    const assessment = this.assessment;
    if (assessment === undefined) return;
    const result = await this.#busyWith('plan', () => this.#api.exportPlan({ assessment, language: this.#locale.lang }));
    if (result === undefined) return;
    if (!result.ok) this.notice = errorNotice(result.error, 'ui.error.export_failed');
    else if (result.value.status === 'saved')
      this.notice = {
        kind: 'success',
        key: 'ui.export.plan_saved',
        params: { path: result.value.path, files: result.value.files.join(', ') },
      };
  }

  #afterSave(
    result: IpcResult<{ status: 'saved'; path: string } | { status: 'cancelled' }> | undefined,
    savedKey: string,
    failedKey: string,
  ): void {
    if (result === undefined) return;
    if (!result.ok) this.notice = errorNotice(result.error, failedKey);
    else if (result.value.status === 'saved') this.notice = { kind: 'success', key: savedKey, params: { path: result.value.path } };
  }

  /** Copies through the main process; resolves to whether it worked. */
  async copy(text: string): Promise<boolean> {
    const result = await this.#api.writeClipboard({ text });
    if (!result.ok) this.notice = errorNotice(result.error, 'ui.error.copy_failed');
    return result.ok;
  }

  async #busyWith<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    if (this.busy !== undefined) return undefined;
    this.busy = what;
    this.notice = undefined;
    try {
      return await action();
    } finally {
      this.busy = undefined;
    }
  }
}
