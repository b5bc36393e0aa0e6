/**
 * The Wizard state class without a browser (immich's `asset-interaction.svelte.spec.ts` style): the
 * class is compiled with runes like the page compiles it (vitest.config.ts, project "renderer"),
 * the preload API is the real `createApi` over a fake IPC, and `$effect.root` records what a
 * component reading the state would see. The e2e test (test/e2e/wizard.test.ts) covers the same
 * flows through the real main process; these pin the wizard's own rules: events that race the
 * start reply, cancel, reopening a saved assessment, and the language.
 */
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi, type Invoke, type Subscribe } from '../../electron/preload/api';
import type { Assessment } from '../../shared/assessment';
import { translate } from '../../shared/i18n/index';
import type { EventChannel, EventMap, InvokeChannel, InvokeMap, IpcError, IpcResult, ProgressEvent } from '../../shared/ipc';
import { buildRemediationPlan } from '../../shared/remediation/index';
import { evaluateRequirements, overallVerdict } from '../../shared/requirements';
import { Locale } from '../../renderer/src/lib/locale.svelte';
import { Wizard } from '../../renderer/src/lib/wizard.svelte';
import { sampleAssessment } from '../electron/store/sample';

type Reply<C extends InvokeChannel> = IpcResult<InvokeMap[C]['response']>;
type Handler<C extends InvokeChannel> = (request: InvokeMap[C]['request']) => Reply<C> | Promise<Reply<C>>;

const ok = <T>(value: T) => ({ ok: true as const, value });
const failed = (error: IpcError) => ({ ok: false as const, error });

/** A promise the test settles: an IPC reply that has not arrived yet. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * The main process as the preload sees it: invoke answers from `handlers` (each call recorded in
 * `calls`), and `emit` pushes an event to whatever the wizard subscribed.
 */
function fakeMain() {
  const calls: { channel: InvokeChannel; request: unknown }[] = [];
  const handlers: { [C in InvokeChannel]?: Handler<C> } = {
    'app:version': () => ok({ version: '1.2.3' }),
    'assessment:list': () => ok({ items: [], problems: [] }),
    'assessment:cancel': () => ok({ cancelled: true }),
    'trust-anchor:get': () => ok({}),
  };
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();

  const invoke: Invoke = async (channel, ...request) => {
    calls.push({ channel, request: request[0] });
    const handler = handlers[channel] as Handler<typeof channel> | undefined;
    if (handler === undefined) throw new Error(`${channel}: no answer scripted`);
    return handler(request[0] as never) as never;
  };
  const subscribe: Subscribe = (channel, listener) => {
    const set = listeners.get(channel) ?? new Set();
    set.add(listener as (payload: never) => void);
    listeners.set(channel, set);
    return () => set.delete(listener as (payload: never) => void);
  };

  return {
    api: createApi(invoke, subscribe),
    handlers,
    calls,
    callsTo: (channel: InvokeChannel) => calls.filter((c) => c.channel === channel).map((c) => c.request),
    emit<C extends EventChannel>(channel: C, payload: EventMap[C]): void {
      for (const listener of listeners.get(channel) ?? []) (listener as (p: EventMap[C]) => void)(payload);
    },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}

const at = '2026-03-01T09:00:00.000Z';
const started = (checkId: string): ProgressEvent => ({ type: 'check-started', checkId, at });
const target = (checkId: string, name: string, phase: 'started' | 'finished', status?: 'pass' | 'fail'): ProgressEvent => ({
  type: 'target',
  checkId,
  at,
  target: name,
  phase,
  ...(status ? { status } : {}),
});
const finishedCheck = (checkId: string, worst?: 'pass' | 'fail'): ProgressEvent => ({
  type: 'check-finished',
  checkId,
  at,
  status: 'completed',
  ...(worst ? { worst } : {}),
});

const cancelledAssessment = (): Assessment => ({ ...sampleAssessment(), cancelled: true, findings: [] });

let main: ReturnType<typeof fakeMain>;
let locale: Locale;
let wizard: Wizard;
/** the start reply the test releases */
let startReply: ReturnType<typeof deferred<Reply<'assessment:start'>>>;

beforeEach(() => {
  // Locale.set writes <html lang>; that is all of the DOM the wizard touches.
  vi.stubGlobal('document', { documentElement: { lang: 'cs' } });
  main = fakeMain();
  startReply = deferred();
  main.handlers['assessment:start'] = () => startReply.promise;
  locale = new Locale();
  wizard = new Wizard(main.api, locale);
  wizard.fields.domain = 'firma.cz';
});

afterEach(() => {
  wizard.dispose();
  vi.unstubAllGlobals();
});

/** Starts a run and answers its start request with `runId`. */
async function startRun(runId: string, checks = ['mx', 'spf']): Promise<void> {
  startReply = deferred();
  const starting = wizard.start();
  startReply.resolve(ok({ runId, checks }));
  await starting;
}

describe('Wizard: progress events that race the start reply', () => {
  it('keeps progress that arrives before the start reply and applies it in order', async () => {
    const starting = wizard.start();
    expect(wizard.starting).toBe(true);
    expect(wizard.run).toBeUndefined();
    // The main process starts the engine before it answers: these overtake the reply.
    main.emit('assessment:progress', { runId: 'r1', event: started('mx') });
    main.emit('assessment:progress', { runId: 'r1', event: target('mx', 'mx1.firma.cz', 'started') });
    main.emit('assessment:progress', { runId: 'r1', event: target('mx', 'mx1.firma.cz', 'finished', 'pass') });
    main.emit('assessment:progress', { runId: 'r1', event: finishedCheck('mx', 'pass') });
    main.emit('assessment:progress', { runId: 'r1', event: started('spf') });
    startReply.resolve(ok({ runId: 'r1', checks: ['mx', 'spf', 'dmarc'] }));
    await starting;

    expect(wizard.starting).toBe(false);
    expect(wizard.step).toBe('run');
    // Out of order, mx would still be running and its target unfinished.
    expect(wizard.run?.checks).toEqual([
      { id: 'mx', phase: 'completed', worst: 'pass', targets: [{ name: 'mx1.firma.cz', phase: 'done', status: 'pass' }] },
      { id: 'spf', phase: 'running', targets: [] },
      { id: 'dmarc', phase: 'pending', targets: [] },
    ]);

    // And what arrives after the reply goes on from there.
    main.emit('assessment:progress', { runId: 'r1', event: finishedCheck('spf', 'fail') });
    expect(wizard.run?.checks.map((c) => `${c.id}:${c.phase}`)).toEqual(['mx:completed', 'spf:completed', 'dmarc:pending']);
  });

  it('shows the results of a run that finished before its start reply arrived', async () => {
    const assessment = sampleAssessment();
    const starting = wizard.start();
    main.emit('assessment:progress', { runId: 'r1', event: started('mx') });
    main.emit('assessment:finished', { runId: 'r1', outcome: { ok: true, assessment, saved: true } });
    startReply.resolve(ok({ runId: 'r1', checks: ['mx'] }));
    await starting;

    expect(wizard.run).toBeUndefined();
    expect(wizard.step).toBe('results');
    expect(wizard.assessment).toEqual(assessment);
    expect(wizard.origin).toEqual({ kind: 'run', saved: true });
  });

  it('does not replay events of another run that arrive while this one starts', async () => {
    const starting = wizard.start();
    // A late event of an earlier run, then this run's own.
    main.emit('assessment:progress', { runId: 'old', event: started('spf') });
    main.emit('assessment:finished', { runId: 'old', outcome: { ok: true, assessment: sampleAssessment(), saved: true } });
    main.emit('assessment:progress', { runId: 'r1', event: started('mx') });
    startReply.resolve(ok({ runId: 'r1', checks: ['mx', 'spf'] }));
    await starting;

    expect(wizard.step).toBe('run');
    expect(wizard.assessment).toBeUndefined();
    expect(wizard.run?.checks.map((c) => `${c.id}:${c.phase}`)).toEqual(['mx:running', 'spf:pending']);
  });

  it('drops events that arrive when no run is starting', async () => {
    main.emit('assessment:progress', { runId: 'r1', event: started('mx') });
    main.emit('assessment:finished', { runId: 'r1', outcome: { ok: true, assessment: sampleAssessment(), saved: true } });
    expect(wizard.step).toBe('start');
    expect(wizard.assessment).toBeUndefined();

    await startRun('r1');
    expect(wizard.run?.checks.map((c) => `${c.id}:${c.phase}`)).toEqual(['mx:pending', 'spf:pending']);
    expect(wizard.step).toBe('run');
  });

  it('forgets what it buffered when the start is refused, so the next run starts clean', async () => {
    wizard.go('domain');
    const refused = wizard.start();
    main.emit('assessment:progress', { runId: 'r1', event: started('mx') });
    startReply.resolve(failed({ code: 'input', message: 'NXDOMAIN', key: 'domain.not_found', params: { domain: 'firma.cz' } }));
    await refused;
    expect(wizard.run).toBeUndefined();
    expect(wizard.step).toBe('domain');
    expect(wizard.runError).toEqual({ kind: 'error', key: 'domain.not_found', params: { domain: 'firma.cz' }, detail: 'NXDOMAIN' });

    // The next run happens to get the same id: the refused start's event must not show up in it.
    await startRun('r1');
    expect(wizard.runError).toBeUndefined();
    expect(wizard.run?.checks.map((c) => `${c.id}:${c.phase}`)).toEqual(['mx:pending', 'spf:pending']);
  });

  it('sends one start request at a time', async () => {
    const first = wizard.start();
    await wizard.start();
    expect(main.callsTo('assessment:start')).toHaveLength(1);
    startReply.resolve(ok({ runId: 'r1', checks: ['mx'] }));
    await first;
    await wizard.start();
    expect(main.callsTo('assessment:start')).toHaveLength(1);
  });
});

describe('Wizard: cancel', () => {
  it('asks the main process to stop this run, shows it as cancelling, and asks only once', async () => {
    await startRun('r1');
    const seen: string[] = [];
    const cleanup = $effect.root(() => {
      // What the run step's cancel button reads.
      $effect(() => {
        seen.push(`${wizard.step}:${wizard.run?.cancelling ?? '-'}`);
      });
    });
    flushSync();

    const reply = deferred<Reply<'assessment:cancel'>>();
    main.handlers['assessment:cancel'] = () => reply.promise;
    const cancelling = wizard.cancel();
    flushSync();
    // The button is disabled at once, before the main process answers.
    expect(seen).toEqual(['run:false', 'run:true']);
    await wizard.cancel();
    reply.resolve(ok({ cancelled: true }));
    await cancelling;
    expect(main.callsTo('assessment:cancel')).toEqual([{ runId: 'r1' }]);
    expect(wizard.step).toBe('run');
    expect(wizard.notice).toBeUndefined();

    // The engine stops and reports the cancelled assessment: back to the form, filled in as it was.
    main.emit('assessment:finished', { runId: 'r1', outcome: { ok: true, assessment: cancelledAssessment(), saved: false } });
    flushSync();
    expect(seen).toEqual(['run:false', 'run:true', 'domain:-']);
    expect(wizard.run).toBeUndefined();
    expect(wizard.runError).toEqual({ kind: 'info', key: 'ui.run.cancelled_notice' });
    expect(wizard.assessment).toBeUndefined();
    expect(wizard.fields.domain).toBe('firma.cz');
    cleanup();
  });

  it('ignores events of the cancelled run that arrive late, also once the next run is going', async () => {
    await startRun('r1');
    await wizard.cancel();
    main.emit('assessment:finished', { runId: 'r1', outcome: { ok: true, assessment: cancelledAssessment(), saved: false } });

    // Stragglers of r1: a progress event, and a second "finished" with a complete result.
    main.emit('assessment:progress', { runId: 'r1', event: started('mx') });
    main.emit('assessment:finished', { runId: 'r1', outcome: { ok: true, assessment: sampleAssessment(), saved: true } });
    expect(wizard.step).toBe('domain');
    expect(wizard.run).toBeUndefined();
    expect(wizard.assessment).toBeUndefined();
    expect(wizard.runError).toEqual({ kind: 'info', key: 'ui.run.cancelled_notice' });

    await startRun('r2', ['mx', 'spf']);
    main.emit('assessment:progress', { runId: 'r1', event: finishedCheck('mx', 'fail') });
    main.emit('assessment:finished', { runId: 'r1', outcome: { ok: true, assessment: sampleAssessment(), saved: true } });
    expect(wizard.step).toBe('run');
    expect(wizard.run).toMatchObject({ runId: 'r2', cancelling: false });
    expect(wizard.run?.checks.map((c) => `${c.id}:${c.phase}`)).toEqual(['mx:pending', 'spf:pending']);
    expect(wizard.assessment).toBeUndefined();
  });

  it('does nothing without a run', async () => {
    await wizard.cancel();
    expect(main.callsTo('assessment:cancel')).toEqual([]);
  });

  it('says so when the main process cannot cancel', async () => {
    await startRun('r1');
    main.handlers['assessment:cancel'] = () => failed({ code: 'internal', message: 'boom' });
    await wizard.cancel();
    expect(wizard.notice).toEqual({ kind: 'error', key: 'ui.error.cancel_failed', params: {}, detail: 'boom' });
    // The run goes on, so cancelling can be tried again.
    expect(wizard.run?.cancelling).toBe(false);
    main.handlers['assessment:cancel'] = () => ok({ cancelled: true });
    await wizard.cancel();
    expect(main.callsTo('assessment:cancel')).toHaveLength(2);
  });
});

describe('Wizard: reopening a saved assessment', () => {
  const failing = sampleAssessment({ id: 'failing', domain: 'firma.cz' });
  // The same assessment without the DMARC findings: its verdicts differ.
  const other: Assessment = { ...sampleAssessment({ id: 'other', domain: 'jina.cz' }), findings: [] };

  beforeEach(() => {
    main.handlers['assessment:open'] = ({ id }) =>
      id === 'failing' ? ok(failing) : id === 'other' ? ok(other) : failed({ code: 'not_found', message: `no ${id}` });
    expect(overallVerdict(evaluateRequirements(failing))).not.toBe(overallVerdict(evaluateRequirements(other)));
  });

  it('opens it on the results step, with the verdicts and plan derived from it', async () => {
    const overall: string[] = [];
    const cleanup = $effect.root(() => {
      $effect(() => {
        overall.push(`${wizard.step}:${wizard.assessment?.id ?? '-'}:${wizard.overall}`);
      });
    });
    flushSync();

    await wizard.openSaved('failing');
    flushSync();
    expect(main.callsTo('assessment:open')).toEqual([{ id: 'failing' }]);
    expect(wizard.step).toBe('results');
    expect(wizard.origin).toEqual({ kind: 'saved' });
    expect(wizard.assessment).toEqual(failing);
    expect(wizard.verdicts).toEqual(evaluateRequirements(failing));
    expect(wizard.plan).toEqual(buildRemediationPlan(failing));

    // Reopening another one replaces everything derived from the first.
    wizard.go('start');
    await wizard.openSaved('other');
    flushSync();
    expect(wizard.verdicts).toEqual(evaluateRequirements(other));
    expect(wizard.plan).toEqual(buildRemediationPlan(other));
    expect(overall).toEqual([
      `start:-:${overallVerdict([])}`,
      `results:failing:${overallVerdict(evaluateRequirements(failing))}`,
      `start:failing:${overallVerdict(evaluateRequirements(failing))}`,
      `results:other:${overallVerdict(evaluateRequirements(other))}`,
    ]);
    cleanup();
  });

  it('replaces the result of the run just finished, and says where it came from', async () => {
    await startRun('r1');
    main.emit('assessment:finished', { runId: 'r1', outcome: { ok: true, assessment: other, saved: true } });
    expect(wizard.origin).toEqual({ kind: 'run', saved: true });

    wizard.go('start');
    await wizard.openSaved('failing');
    expect(wizard.assessment).toEqual(failing);
    expect(wizard.origin).toEqual({ kind: 'saved' });
    expect(wizard.step).toBe('results');
  });

  it('stays where it was and says why when the assessment cannot be opened', async () => {
    await wizard.openSaved('failing');
    wizard.go('start');
    await wizard.openSaved('gone');
    expect(wizard.step).toBe('start');
    expect(wizard.assessment).toEqual(failing);
    expect(wizard.origin).toEqual({ kind: 'saved' });
    expect(wizard.notice).toEqual({ kind: 'error', key: 'ui.error.open_failed', params: {}, detail: 'no gone' });

    // Opening one that works takes the error line away with the old screen.
    await wizard.openSaved('other');
    expect(wizard.step).toBe('results');
    expect(wizard.assessment).toEqual(other);
    expect(wizard.notice).toBeUndefined();
  });
});

describe('Wizard: language', () => {
  it('starts each run in the language shown when it starts', async () => {
    locale.set('en');
    await startRun('r1');
    main.emit('assessment:finished', { runId: 'r1', outcome: { ok: true, assessment: sampleAssessment(), saved: true } });
    locale.set('cs');
    wizard.go('domain');
    await startRun('r2');
    expect(main.callsTo('assessment:start')).toMatchObject([
      { domain: 'firma.cz', language: 'en' },
      { domain: 'firma.cz', language: 'cs' },
    ]);
  });

  it('exports the PDF in the language shown at the time of the export', async () => {
    const assessment = sampleAssessment();
    main.handlers['assessment:open'] = () => ok(assessment);
    main.handlers['report:export-pdf'] = () => ok({ status: 'saved', path: '/tmp/report.pdf' });
    await wizard.openSaved(assessment.id);
    await wizard.exportPdf();
    locale.set('en');
    await wizard.exportPdf();
    expect(main.callsTo('report:export-pdf')).toEqual([
      { assessment, language: 'cs' },
      { assessment, language: 'en' },
    ]);
  });

  it('keeps messages as keys, so what is shown follows a language switch', async () => {
    wizard.go('domain');
    const refused = wizard.start();
    startReply.resolve(failed({ code: 'input', message: 'NXDOMAIN', key: 'domain.not_found', params: { domain: 'firma.cz' } }));
    await refused;

    const shown: string[] = [];
    const cleanup = $effect.root(() => {
      // What the domain step's error line renders.
      $effect(() => {
        const error = wizard.runError;
        shown.push(error ? locale.t(error.key, error.params) : '-');
      });
    });
    flushSync();
    locale.set('en');
    flushSync();
    expect(shown).toEqual([
      translate('cs', 'domain.not_found', { domain: 'firma.cz' }),
      translate('en', 'domain.not_found', { domain: 'firma.cz' }),
    ]);
    expect(document.documentElement.lang).toBe('en');
    cleanup();
  });
});

describe('Wizard: lifetime', () => {
  it('unsubscribes from both event channels on dispose', () => {
    expect(main.listenerCount()).toBe(2);
    wizard.dispose();
    expect(main.listenerCount()).toBe(0);
  });

  it('reads the version, the trust anchors in use and the saved list on init', async () => {
    main.handlers['trust-anchor:get'] = () =>
      ok({ custom: { path: '/lab/root.ds', anchors: [{ owner: '', kind: 'ds', keyTag: 20326, algorithm: 8, digestType: 2 }] } });
    await wizard.init();
    expect(wizard.version).toBe('1.2.3');
    expect(wizard.savedLoaded).toBe(true);
    expect(wizard.trustAnchor.custom?.path).toBe('/lab/root.ds');
    expect(main.calls.map((c) => c.channel)).toEqual(['app:version', 'trust-anchor:get', 'assessment:list']);
  });
});
