/**
 * The form of requirement 6's guided manual test (renderer/src/lib/manual-test.svelte.ts) inside
 * the Wizard, over the real preload API and a scripted main process that keeps saved assessments
 * the way AssessmentService does: what the form sends (trimmed, the local time with its offset, no
 * recordedAt), that the verdict of row 6 changes as soon as the answer is back, edit and remove,
 * an assessment not in the saved list saved first, and failures shown in the form.
 */
import { flushSync } from 'svelte';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi, type Invoke, type Subscribe } from '../../electron/preload/api';
import type { Assessment } from '../../shared/assessment';
import type { DaneOutboundTestInput, EventMap, InvokeChannel, InvokeMap, IpcError, IpcResult } from '../../shared/ipc';
import { evaluateRequirements } from '../../shared/requirements';
import { Locale } from '../../renderer/src/lib/locale.svelte';
import {
  isoWithLocalOffset,
  localInputValue,
  manualTestApplies,
  validateManualTest,
  type ManualTestFields,
} from '../../renderer/src/lib/manual-test';
import { Wizard } from '../../renderer/src/lib/wizard.svelte';
import { sampleAssessment, sampleAwaitingManualTest } from '../electron/store/sample';

// Offsets are the point here: run in a zone with daylight saving time (Node reads TZ when it changes).
const zone = process.env['TZ'];
beforeAll(() => {
  process.env['TZ'] = 'Europe/Prague';
});
afterAll(() => {
  if (zone === undefined) delete process.env['TZ'];
  else process.env['TZ'] = zone;
});

type Reply<C extends InvokeChannel> = IpcResult<InvokeMap[C]['response']>;
const ok = <T>(value: T) => ({ ok: true as const, value });
const failed = (error: IpcError) => ({ ok: false as const, error });

const NOW = Date.parse('2026-03-02T10:40:00.000Z');
const RECORDED_AT = '2026-03-02T10:41:00.000Z';

/**
 * The main process: a saved list it keeps, the two channels of the manual test as AssessmentService
 * answers them, a file to open, a run to finish; `gates` hold a channel's answer until released.
 */
function fakeMain(saved: Assessment[]) {
  const store = new Map(saved.map((a) => [a.id, a]));
  const calls: { channel: InvokeChannel; request: unknown }[] = [];
  const failures: Partial<Record<InvokeChannel, IpcError>> = {};
  const gates: Partial<Record<InvokeChannel, Promise<void>>> = {};
  const file: { assessment?: Assessment } = {};
  let finished: ((payload: EventMap['assessment:finished']) => void) | undefined;
  const answer = <C extends InvokeChannel>(channel: C, request: InvokeMap[C]['request']): Reply<C> => {
    const failure = failures[channel];
    if (failure) return failed(failure) as Reply<C>;
    switch (channel) {
      case 'app:version':
        return ok({ version: '1.2.3' }) as Reply<C>;
      case 'trust-anchor:get':
        return ok({}) as Reply<C>;
      case 'assessment:list':
        return ok({ items: [], problems: [] }) as Reply<C>;
      case 'assessment:open': {
        const a = store.get((request as { id: string }).id);
        return (a ? ok(a) : failed({ code: 'not_found', key: 'ui.error.saved_not_found', message: 'no such' })) as Reply<C>;
      }
      case 'assessment:import-json':
        return ok({ status: 'opened', assessment: file.assessment!, path: '/tmp/from-file.json' }) as Reply<C>;
      case 'assessment:start':
        return ok({ runId: 'r1', checks: [] }) as Reply<C>;
      case 'assessment:save': {
        const a = (request as { assessment: Assessment }).assessment;
        store.set(a.id, a);
        return ok({ id: a.id }) as Reply<C>;
      }
      case 'assessment:record-manual-test': {
        const { id, test } = request as { id: string; test: DaneOutboundTestInput | null };
        const a = store.get(id);
        if (!a)
          return failed({
            code: 'not_found',
            key: 'ui.error.saved_not_found',
            params: { id },
            message: `no saved assessment ${id}`,
          }) as Reply<C>;
        const { manualTests: _old, ...rest } = a;
        const updated: Assessment = test
          ? { ...rest, manualTests: { daneOutbound: { note: '', ...test, recordedAt: RECORDED_AT } } }
          : rest;
        store.set(id, updated);
        return ok(updated) as Reply<C>;
      }
      default:
        throw new Error(`${channel}: no answer scripted`);
    }
  };
  const invoke: Invoke = async (channel, ...request) => {
    calls.push({ channel, request: request[0] });
    await gates[channel];
    return answer(channel, request[0] as never) as never;
  };
  const subscribe: Subscribe = (channel, listener) => {
    if (channel === 'assessment:finished') finished = listener as typeof finished;
    return () => {};
  };
  return {
    api: createApi(invoke, subscribe),
    store,
    failures,
    gates,
    file,
    finish: (payload: EventMap['assessment:finished']) => finished?.(payload),
    callsTo: (channel: InvokeChannel) => calls.filter((c) => c.channel === channel).map((c) => c.request),
  };
}

const row6 = (wizard: Wizard) => wizard.verdicts.find((v) => v.id === 'dane-outbound')!;

const filled: ManualTestFields = {
  sentTo: '  dane-test@bad-tlsa.example ',
  sentAt: '2026-03-02T11:30',
  left: 'yes',
  note: ' Odesláno z mail.firma.cz, 250 OK ',
};

describe('the sending time: local date and time with this computer’s offset', () => {
  it('writes the offset in force at that moment, winter and summer', () => {
    expect(isoWithLocalOffset('2026-03-01T10:30')).toBe('2026-03-01T10:30:00+01:00');
    expect(isoWithLocalOffset('2026-07-01T10:30')).toBe('2026-07-01T10:30:00+02:00');
    expect(isoWithLocalOffset('2026-07-01T10:30:15')).toBe('2026-07-01T10:30:15+02:00');
    expect(Date.parse(isoWithLocalOffset('2026-03-01T10:30')!)).toBe(Date.parse('2026-03-01T09:30:00Z'));
  });

  it('moves a time the clock skipped (spring forward) to the instant the clock showed, and refuses what is no date', () => {
    expect(isoWithLocalOffset('2026-03-29T02:30')).toBe('2026-03-29T03:30:00+02:00');
    for (const bad of ['', '2026-02-30T10:00', '2026-13-01T10:00', '2026-03-01 10:30', '10:30', '2026-03-01T25:00', 'včera']) {
      expect(isoWithLocalOffset(bad), bad).toBeUndefined();
    }
  });

  it('shows a recorded instant in the input as this computer’s local time, and back', () => {
    expect(localInputValue(Date.parse('2026-03-01T09:30:00Z'))).toBe('2026-03-01T10:30');
    expect(localInputValue(Date.parse('2026-03-01T08:30:00-05:00'))).toBe('2026-03-01T14:30');
    expect(isoWithLocalOffset(localInputValue(Date.parse('2026-08-15T22:05:00Z')))).toBe('2026-08-16T00:05:00+02:00');
  });
});

describe('what the form accepts', () => {
  it('needs a destination, a time not in the future and an answer; keeps to the limits of the schema', () => {
    expect(validateManualTest(filled, NOW)).toEqual({});
    expect(validateManualTest({ sentTo: '   ', sentAt: '', left: '', note: '' }, NOW)).toEqual({
      sentTo: { key: 'ui.manual_test.sent_to_required' },
      sentAt: { key: 'ui.manual_test.sent_at_required' },
      left: { key: 'ui.manual_test.left_required' },
    });
    expect(validateManualTest({ ...filled, sentTo: ` ${'a'.repeat(254)} `, note: 'x'.repeat(2000) }, NOW)).toEqual({});
    expect(validateManualTest({ ...filled, sentTo: 'a'.repeat(255), note: 'x'.repeat(2001) }, NOW)).toEqual({
      sentTo: { key: 'ui.manual_test.sent_to_too_long', params: { limit: 254 } },
      note: { key: 'ui.manual_test.note_too_long', params: { limit: 2000 } },
    });
    // NOW is 11:40 in Prague: a few minutes ahead is the clock, an hour ahead is a typo.
    expect(validateManualTest({ ...filled, sentAt: '2026-03-02T11:43' }, NOW)).toEqual({});
    expect(validateManualTest({ ...filled, sentAt: '2026-03-02T12:40' }, NOW)).toEqual({
      sentAt: { key: 'ui.manual_test.sent_at_future' },
    });
  });

  it('is offered where row 6 waits for the test or one is recorded, not where the platform decided it', () => {
    expect(manualTestApplies(sampleAwaitingManualTest())).toBe(true);
    expect(manualTestApplies(sampleAssessment())).toBe(false);
    const recorded = { sentTo: 'x.example', sentAt: '2026-03-02T11:30:00+01:00', left: false, note: '', recordedAt: RECORDED_AT };
    expect(manualTestApplies({ ...sampleAssessment(), manualTests: { daneOutbound: recorded } })).toBe(true);
  });
});

describe('Wizard: recording the manual test of requirement 6', () => {
  let main: ReturnType<typeof fakeMain>;
  let wizard: Wizard;
  const awaiting = sampleAwaitingManualTest({ id: 'waiting' });

  beforeEach(() => {
    vi.stubGlobal('document', { documentElement: { lang: 'cs' } });
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    main = fakeMain([awaiting]);
    wizard = new Wizard(main.api, new Locale());
  });

  afterEach(() => {
    wizard.dispose();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('sends the trimmed record with the local offset, and row 6 turns to its verdict at once', async () => {
    await wizard.openSaved('waiting');
    const seen: string[] = [];
    const cleanup = $effect.root(() => {
      $effect(() => {
        const v = row6(wizard);
        seen.push(`${v.verdict}:${v.reasonKey ?? '-'}`);
      });
    });
    flushSync();
    expect(seen).toEqual(['not_verified:finding.dane_outbound.manual_test']);

    const form = wizard.manualTest;
    form.begin();
    // A new record starts at the time now, to the minute, in the local zone.
    expect(form.fields).toEqual({ sentTo: '', sentAt: '2026-03-02T11:40', left: '', note: '' });
    expect(form.open).toBe(true);

    // Nothing is sent while the form is incomplete; the errors show after Save.
    expect(await form.save()).toBe(false);
    expect(form.submitted).toBe(true);
    expect(Object.keys(form.errors).sort()).toEqual(['left', 'sentTo']);
    expect(main.callsTo('assessment:record-manual-test')).toEqual([]);

    form.fields = { ...filled };
    expect(await form.save()).toBe(true);
    flushSync();
    expect(main.callsTo('assessment:save')).toEqual([]);
    expect(main.callsTo('assessment:record-manual-test')).toEqual([
      {
        id: 'waiting',
        test: {
          sentTo: 'dane-test@bad-tlsa.example',
          sentAt: '2026-03-02T11:30:00+01:00',
          left: true,
          note: 'Odesláno z mail.firma.cz, 250 OK',
        },
      },
    ]);
    expect(wizard.assessment?.manualTests?.daneOutbound?.recordedAt).toBe(RECORDED_AT);
    expect(wizard.verdicts).toEqual(evaluateRequirements(main.store.get('waiting')!));
    expect(row6(wizard)).toMatchObject({
      verdict: 'fail',
      reasonKey: 'finding.dane_outbound.manual_not_validated',
      reasonParams: { sentTo: 'dane-test@bad-tlsa.example', sentAt: '2026-03-02 11:30' },
    });
    expect(seen.at(-1)).toBe('fail:finding.dane_outbound.manual_not_validated');
    expect([form.open, form.submitted, form.saving, form.error]).toEqual([false, false, false, undefined]);
    // The saved list is read again for its new verdict.
    expect(main.callsTo('assessment:list').length).toBeGreaterThan(0);
    cleanup();
  });

  it('edits the recorded test from its own values, and removes it after confirmation', async () => {
    await wizard.openSaved('waiting');
    const form = wizard.manualTest;
    form.begin();
    form.fields = { ...filled };
    await form.save();

    form.begin(wizard.assessment!.manualTests!.daneOutbound);
    expect(form.fields).toEqual({
      sentTo: 'dane-test@bad-tlsa.example',
      sentAt: '2026-03-02T11:30',
      left: 'yes',
      note: 'Odesláno z mail.firma.cz, 250 OK',
    });
    form.fields.left = 'no';
    expect(await form.save()).toBe(true);
    expect(row6(wizard)).toMatchObject({ verdict: 'pass', findings: [{ key: 'finding.dane_outbound.manual_validated' }] });

    form.confirmingRemove = true;
    expect(await form.remove()).toBe(true);
    expect(main.callsTo('assessment:record-manual-test').at(-1)).toEqual({ id: 'waiting', test: null });
    expect(wizard.assessment).toEqual(awaiting);
    expect(row6(wizard)).toMatchObject({ verdict: 'not_verified', reasonKey: 'finding.dane_outbound.manual_test' });
    expect(form.confirmingRemove).toBe(false);
  });

  it('saves an assessment opened from a file into the saved list first, then records on it', async () => {
    const fromFile = sampleAwaitingManualTest({ id: 'from-file' });
    // Opened from a file: the wizard shows it without the main process keeping it.
    main.file.assessment = fromFile;
    await wizard.importJson();
    expect(wizard.origin).toEqual({ kind: 'file', path: '/tmp/from-file.json' });

    wizard.manualTest.begin();
    wizard.manualTest.fields = { ...filled, left: 'no' };
    expect(await wizard.manualTest.save()).toBe(true);
    expect(main.callsTo('assessment:save')).toEqual([{ assessment: fromFile }]);
    expect(main.callsTo('assessment:record-manual-test')).toEqual([{ id: 'from-file', test: expect.objectContaining({ left: false }) }]);
    expect(wizard.origin).toEqual({ kind: 'saved' });
    expect(wizard.notice).toEqual({ kind: 'success', key: 'ui.manual_test.added_to_saved' });
    expect(row6(wizard).verdict).toBe('pass');

    // Once saved, the next change goes straight to the record.
    wizard.manualTest.begin(wizard.assessment!.manualTests!.daneOutbound);
    await wizard.manualTest.save();
    expect(main.callsTo('assessment:save')).toHaveLength(1);
  });

  it('saves a run whose saving failed before recording on it', async () => {
    // The run's result arrives with saved: false (the disk was full at the time).
    main.store.delete('waiting');
    wizard.fields.domain = 'firma.cz';
    await wizard.start();
    main.finish({ runId: 'r1', outcome: { ok: true, assessment: awaiting, saved: false } });
    expect([wizard.step, wizard.origin]).toEqual(['results', { kind: 'run', saved: false }]);
    wizard.manualTest.begin();
    wizard.manualTest.fields = { ...filled };
    expect(await wizard.manualTest.save()).toBe(true);
    expect(main.callsTo('assessment:save')).toEqual([{ assessment: awaiting }]);
    expect(wizard.origin).toEqual({ kind: 'saved' });
  });

  it('keeps the form open with the main process message when saving fails, and the assessment as it was', async () => {
    await wizard.openSaved('waiting');
    const form = wizard.manualTest;
    form.begin();
    form.fields = { ...filled };
    main.store.delete('waiting');
    expect(await form.save()).toBe(false);
    expect(form.error).toEqual({
      kind: 'error',
      key: 'ui.error.saved_not_found',
      params: { id: 'waiting' },
      detail: 'no saved assessment waiting',
    });
    expect([form.open, form.saving]).toEqual([true, false]);
    expect(wizard.assessment).toEqual(awaiting);

    // A failed save of an unsaved assessment stops before the record.
    wizard.origin = { kind: 'file', path: '/tmp/x.json' };
    main.failures['assessment:save'] = {
      code: 'write_failed',
      key: 'ui.error.save_failed',
      params: { detail: 'disk full' },
      message: 'ENOSPC',
    };
    expect(await form.save()).toBe(false);
    expect(form.error).toMatchObject({ key: 'ui.error.save_failed', params: { detail: 'disk full' } });
    expect(main.callsTo('assessment:record-manual-test')).toHaveLength(1);
    expect(wizard.origin).toEqual({ kind: 'file', path: '/tmp/x.json' });

    // Without a key of its own the failure has the form's.
    delete main.failures['assessment:save'];
    main.failures['assessment:record-manual-test'] = { code: 'internal', message: 'boom' };
    await form.save();
    expect(form.error).toMatchObject({ key: 'ui.manual_test.failed', detail: 'boom' });
  });

  it('does not put an answer that arrives late onto another assessment, and closes the form when one is opened', async () => {
    const other = { ...sampleAwaitingManualTest({ id: 'other', domain: 'jina.cz' }) };
    main.store.set('other', other);
    await wizard.openSaved('waiting');
    wizard.manualTest.begin();
    wizard.manualTest.fields = { ...filled };
    let release!: () => void;
    main.gates['assessment:record-manual-test'] = new Promise((resolve) => (release = resolve));
    const saving = wizard.manualTest.save();
    expect(wizard.manualTest.saving).toBe(true);
    await wizard.openSaved('other');
    release();
    expect(wizard.manualTest.open).toBe(false);
    await saving;
    expect(wizard.assessment).toEqual(other);
    expect(main.store.get('waiting')?.manualTests?.daneOutbound?.sentTo).toBe('dane-test@bad-tlsa.example');
  });
});
