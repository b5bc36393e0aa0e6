/**
 * Several domains in one run (issue 11 item 2), the wizard's side without a browser: the Wizard
 * in its several-domains mode over the real `createApi` and a fake IPC whose start replies the
 * test releases. Pins the queue's rules: at most two runs at once, a failing domain ends only its
 * own row, events that overtake a start reply, "cancel all", and opening a row's results.
 */
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi, type Invoke, type Subscribe } from '../../electron/preload/api';
import type { Assessment } from '../../shared/assessment';
import type { EventChannel, EventMap, InvokeChannel, InvokeMap, IpcResult, ProgressEvent } from '../../shared/ipc';
import { evaluateRequirements, overallVerdict } from '../../shared/requirements';
import { Locale } from '../../renderer/src/lib/locale.svelte';
import { Wizard } from '../../renderer/src/lib/wizard.svelte';
import { sampleAssessment } from '../electron/store/sample';

type Reply<C extends InvokeChannel> = IpcResult<InvokeMap[C]['response']>;
type StartRequest = InvokeMap['assessment:start']['request'];

const ok = <T>(value: T) => ({ ok: true as const, value });

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** The main process as the preload sees it; each start waits for the test to answer it. */
function fakeMain() {
  const calls: { channel: InvokeChannel; request: unknown }[] = [];
  const starts: { request: StartRequest; reply: ReturnType<typeof deferred<Reply<'assessment:start'>>> }[] = [];
  const opened = new Map<string, Assessment>();
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  const answer = (channel: InvokeChannel, request: unknown): unknown => {
    switch (channel) {
      case 'app:version':
        return ok({ version: '1.2.3' });
      case 'assessment:list':
        return ok({ items: [], problems: [] });
      case 'assessment:cancel':
        return ok({ cancelled: true });
      case 'trust-anchor:get':
        return ok({});
      case 'assessment:open': {
        const found = opened.get((request as { id: string }).id);
        return found ? ok(found) : { ok: false, error: { code: 'not_found', message: 'gone' } };
      }
      case 'assessment:start': {
        const reply = deferred<Reply<'assessment:start'>>();
        starts.push({ request: request as StartRequest, reply });
        return reply.promise;
      }
      default:
        throw new Error(`${channel}: no answer scripted`);
    }
  };
  const invoke: Invoke = async (channel, ...request) => {
    calls.push({ channel, request: request[0] });
    return answer(channel, request[0]) as never;
  };
  const subscribe: Subscribe = (channel, listener) => {
    const set = listeners.get(channel) ?? new Set();
    set.add(listener as (payload: never) => void);
    listeners.set(channel, set);
    return () => set.delete(listener as (payload: never) => void);
  };
  return {
    api: createApi(invoke, subscribe),
    starts,
    opened,
    callsTo: (channel: InvokeChannel) => calls.filter((c) => c.channel === channel).map((c) => c.request),
    emit<C extends EventChannel>(channel: C, payload: EventMap[C]): void {
      for (const listener of listeners.get(channel) ?? []) (listener as (p: EventMap[C]) => void)(payload);
    },
  };
}

const at = '2026-03-01T09:00:00.000Z';
const started = (checkId: string): ProgressEvent => ({ type: 'check-started', checkId, at });
const finishedCheck = (checkId: string): ProgressEvent => ({ type: 'check-finished', checkId, at, status: 'completed' });

let main: ReturnType<typeof fakeMain>;
let wizard: Wizard;

/** Lets the start replies and their continuations run. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  flushSync();
};

beforeEach(() => {
  vi.stubGlobal('document', { documentElement: { lang: 'cs' } });
  main = fakeMain();
  wizard = new Wizard(main.api, new Locale());
  wizard.mode = 'batch';
  wizard.fields.clientName = 'Skupina, a.s.';
  wizard.fields.dkimSelectors = 'sel1';
  wizard.fields.platformHint = 'exchange-online';
  // Per domain, so never sent for a list.
  wizard.fields.extraHosts = 'mail.firma.cz';
});

afterEach(() => {
  wizard.dispose();
  vi.unstubAllGlobals();
});

/** Answers the n-th start request with a run id and two checks. */
async function reply(n: number, runId: string): Promise<void> {
  main.starts[n]!.reply.resolve(ok({ runId, checks: ['mx', 'spf'] }));
  await settle();
}

function finish(runId: string, assessment: Assessment, saved = true): void {
  main.emit('assessment:finished', { runId, outcome: { ok: true, assessment, saved } });
  flushSync();
}

function phases(): Record<string, string> {
  return Object.fromEntries(wizard.batch!.items.map((i) => [i.domain, i.phase]));
}

describe('Wizard with several domains', () => {
  it('runs at most two at once, each with the shared fields, and a failing domain does not stop the others', async () => {
    wizard.domainList = '# skupina\nfirma.cz\npříklad.cz\nneni-tu.cz\nfirma.cz\ndcera.cz\n';
    await wizard.start();
    expect(wizard.step).toBe('batch');
    expect(wizard.busyRunning).toBe(true);
    // Two starts, in list order; the others wait.
    expect(main.starts.map((s) => s.request.domain)).toEqual(['firma.cz', 'xn--pklad-zsa96e.cz']);
    expect(main.starts[0]!.request).toEqual({
      domain: 'firma.cz',
      clientName: 'Skupina, a.s.',
      extraHosts: [],
      dkimSelectors: ['sel1'],
      platformHint: 'exchange-online',
      language: 'cs',
    });
    expect(phases()).toEqual({ 'firma.cz': 'starting', 'xn--pklad-zsa96e.cz': 'starting', 'neni-tu.cz': 'waiting', 'dcera.cz': 'waiting' });

    await reply(0, 'r1');
    await reply(1, 'r2');
    main.emit('assessment:progress', { runId: 'r1', event: started('mx') });
    main.emit('assessment:progress', { runId: 'r1', event: finishedCheck('mx') });
    flushSync();
    expect(wizard.batch!.items[0]!.checks.map((c) => c.phase)).toEqual(['completed', 'pending']);
    expect(main.starts).toHaveLength(2);

    // The second ends with NXDOMAIN: its row fails with the reason, the third starts.
    main.emit('assessment:finished', {
      runId: 'r2',
      outcome: {
        ok: false,
        error: { code: 'input', key: 'domain.not_found', params: { domain: 'xn--pklad-zsa96e.cz' }, message: 'NXDOMAIN' },
      },
    });
    flushSync();
    expect(phases()['xn--pklad-zsa96e.cz']).toBe('failed');
    expect(main.starts.map((s) => s.request.domain)).toEqual(['firma.cz', 'xn--pklad-zsa96e.cz', 'neni-tu.cz']);
    expect(wizard.batch!.running).toBe(true);

    await reply(2, 'r3');
    const first = sampleAssessment({ domain: 'firma.cz' });
    finish('r1', first);
    expect(main.starts.map((s) => s.request.domain)).toContain('dcera.cz');
    await reply(3, 'r4');
    finish('r3', sampleAssessment({ domain: 'neni-tu.cz' }));
    expect(wizard.batch!.finishedAt).toBeUndefined();
    finish('r4', { ...sampleAssessment({ domain: 'dcera.cz' }), cancelled: true }, false);
    await settle();

    expect(phases()).toEqual({
      'firma.cz': 'assessed',
      'xn--pklad-zsa96e.cz': 'failed',
      'neni-tu.cz': 'assessed',
      'dcera.cz': 'cancelled',
    });
    expect(wizard.batch!.finishedAt).toBeDefined();
    expect(wizard.busyRunning).toBe(false);
    // The saved list is read again once the last domain ended.
    expect(main.callsTo('assessment:list').length).toBeGreaterThan(0);

    const summary = wizard.batch!.summary;
    expect(summary.counts).toMatchObject({ assessed: 3, failed: 1, cancelled: 0 });
    expect(summary.rows.map((r) => [r.domainUnicode, r.status, r.partial ?? false])).toEqual([
      ['firma.cz', 'assessed', false],
      ['příklad.cz', 'failed', false],
      ['neni-tu.cz', 'assessed', false],
      ['dcera.cz', 'assessed', true],
    ]);
    expect(summary.rows[0]!.overall).toBe(overallVerdict(evaluateRequirements(first)));
    expect(summary.rows[1]!.error).toEqual({ key: 'domain.not_found', params: { domain: 'xn--pklad-zsa96e.cz' } });
  });

  it('never starts while a line of the list is not a domain, nor with an empty list', async () => {
    wizard.domainList = 'firma.cz\nnot a domain\n';
    await wizard.start();
    wizard.domainList = '# only a comment\n';
    await wizard.start();
    expect(main.starts).toHaveLength(0);
    expect(wizard.batch).toBeUndefined();
    expect(wizard.step).toBe('start');
  });

  it('keeps events that overtake the start reply, and ignores event kinds it does not know', async () => {
    wizard.domainList = 'firma.cz\ndcera.cz';
    await wizard.start();
    // The engine runs before the reply arrives.
    main.emit('assessment:progress', { runId: 'r2', event: started('spf') });
    main.emit('assessment:progress', { runId: 'r2', event: { type: 'readiness', at, readiness: {} } as unknown as ProgressEvent });
    main.emit('assessment:finished', {
      runId: 'r2',
      outcome: { ok: true, assessment: sampleAssessment({ domain: 'dcera.cz' }), saved: true },
    });
    await reply(0, 'r1');
    expect(phases()).toEqual({ 'firma.cz': 'running', 'dcera.cz': 'starting' });
    await reply(1, 'r2');
    expect(phases()).toEqual({ 'firma.cz': 'running', 'dcera.cz': 'assessed' });
    expect(wizard.batch!.items[1]!.checks.map((c) => [c.id, c.phase])).toEqual([
      ['mx', 'pending'],
      ['spf', 'running'],
    ]);
  });

  it('a refused start fails that domain only', async () => {
    wizard.domainList = 'firma.cz\ndcera.cz\ntreti.cz';
    await wizard.start();
    main.starts[0]!.reply.resolve({ ok: false, error: { code: 'input', key: 'resolver.none', message: 'no resolver' } });
    await settle();
    expect(wizard.batch!.items[0]).toMatchObject({ phase: 'failed', error: { key: 'resolver.none' } });
    expect(main.starts.map((s) => s.request.domain)).toEqual(['firma.cz', 'dcera.cz', 'treti.cz']);
  });

  it('cancel all: waiting domains never start, running ones and a start on its way are cancelled', async () => {
    wizard.domainList = 'firma.cz\ndcera.cz\ntreti.cz';
    await wizard.start();
    await reply(0, 'r1');
    // r2's start reply is still on its way.
    await wizard.batch!.cancelAll();
    expect(phases()).toEqual({ 'firma.cz': 'running', 'dcera.cz': 'starting', 'treti.cz': 'cancelled' });
    expect(main.callsTo('assessment:cancel')).toEqual([{ runId: 'r1' }]);
    await reply(1, 'r2');
    expect(main.callsTo('assessment:cancel')).toEqual([{ runId: 'r1' }, { runId: 'r2' }]);
    finish('r1', { ...sampleAssessment({ domain: 'firma.cz' }), cancelled: true }, false);
    finish('r2', { ...sampleAssessment({ domain: 'dcera.cz' }), cancelled: true }, false);
    expect(main.starts).toHaveLength(2);
    expect(wizard.batch!.running).toBe(false);
    expect(wizard.batch!.summary.counts).toMatchObject({ assessed: 2, cancelled: 1 });
  });

  it('opens a domain of the summary (its saved copy) and goes back to the summary', async () => {
    wizard.domainList = 'firma.cz\ndcera.cz';
    await wizard.start();
    await reply(0, 'r1');
    await reply(1, 'r2');
    const saved = sampleAssessment({ domain: 'firma.cz' });
    main.opened.set(saved.id, { ...saved, clientName: 'from the store' } as Assessment);
    finish('r1', saved, true);
    const unsaved = { ...sampleAssessment({ domain: 'dcera.cz' }), cancelled: true };
    finish('r2', unsaved, false);
    wizard.go('summary');

    await wizard.openBatchResult('firma.cz');
    expect(main.callsTo('assessment:open')).toEqual([{ id: saved.id }]);
    expect(wizard.step).toBe('results');
    expect(wizard.fromBatch).toBe(true);
    expect(wizard.origin).toEqual({ kind: 'saved' });
    expect(wizard.assessment).toMatchObject({ clientName: 'from the store' });

    wizard.go('summary');
    // The partial one was never saved: it opens from memory, marked as not saved.
    await wizard.openBatchResult('dcera.cz');
    expect(main.callsTo('assessment:open')).toHaveLength(1);
    expect(wizard.assessment).toBe(unsaved);
    expect(wizard.origin).toEqual({ kind: 'run', saved: false });

    // A new assessment leaves the batch behind.
    wizard.newAssessment();
    expect(wizard.fromBatch).toBe(false);
  });
});
