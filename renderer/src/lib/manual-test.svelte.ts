/**
 * The guided manual test of requirement 6 on the results step: the consultant sends a message
 * from the organisation's servers to a domain whose TLSA record is deliberately wrong and records
 * here where it went, when, whether it left, and a note. The main process keeps the record in the
 * saved assessment (`assessment:record-manual-test`); the verdict comes from shared/requirements.ts
 * like every other one, so the card changes as soon as the updated assessment is back.
 */
import type { DaneOutboundTestInput } from '../../../shared/ipc';
import { localInputValue, manualTestInput, validateManualTest, type DaneOutboundTest, type ManualTestFields } from './manual-test';
import type { Notice } from './wizard.svelte';

/** Saves (or with null removes) the record; answers the notice to show when that failed. */
export type ManualTestRecorder = (test: DaneOutboundTestInput | null) => Promise<Notice | undefined>;

export class ManualTestForm {
  /** the form is open: recording a first result, or editing the recorded one */
  open = $state(false);
  fields = $state<ManualTestFields>({ sentTo: '', sentAt: '', left: '', note: '' });
  /** errors show once Save was pressed */
  submitted = $state(false);
  saving = $state(false);
  /** Remove was pressed and waits for its confirmation */
  confirmingRemove = $state(false);
  /** why the last save or removal failed */
  error = $state.raw<Notice | undefined>(undefined);
  readonly errors = $derived(validateManualTest(this.fields, this.#clock()));

  readonly #record: ManualTestRecorder;
  /** the clock (epoch ms); tests set it */
  readonly #now: () => number;

  constructor(record: ManualTestRecorder, now: () => number = Date.now) {
    this.#record = record;
    this.#now = now;
  }

  // A method, not the field: `errors` is initialised before the constructor assigns #now.
  #clock(): number {
    return this.#now();
  }

  /** Opens the form: empty with the time now (the test was usually just sent), or with the recorded test to edit. */
  begin(recorded?: DaneOutboundTest): void {
    this.fields = recorded
      ? {
          sentTo: recorded.sentTo,
          sentAt: localInputValue(Date.parse(recorded.sentAt)),
          left: recorded.left ? 'yes' : 'no',
          note: recorded.note,
        }
      : { sentTo: '', sentAt: localInputValue(this.#now()), left: '', note: '' };
    this.submitted = false;
    this.confirmingRemove = false;
    this.error = undefined;
    this.open = true;
  }

  cancel(): void {
    this.open = false;
    this.submitted = false;
    this.error = undefined;
  }

  /** Back to nothing open, for another assessment on the results step. */
  reset(): void {
    this.cancel();
    this.confirmingRemove = false;
  }

  async save(): Promise<boolean> {
    if (this.saving) return false;
    this.submitted = true;
    const test = manualTestInput(this.fields, this.#now());
    if (test === undefined) return false;
    if (!(await this.#send(test))) return false;
    this.open = false;
    this.submitted = false;
    return true;
  }

  async remove(): Promise<boolean> {
    if (this.saving) return false;
    const removed = await this.#send(null);
    this.confirmingRemove = false;
    return removed;
  }

  async #send(test: DaneOutboundTestInput | null): Promise<boolean> {
    this.saving = true;
    this.error = undefined;
    try {
      this.error = await this.#record(test);
      return this.error === undefined;
    } finally {
      this.saving = false;
    }
  }
}
