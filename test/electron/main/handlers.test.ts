/**
 * The IPC handlers wired as app.ts wires them (guarded listeners, real AssessmentService, real
 * store in a temporary folder, the real engine against the DNS lab); only the native dialogs,
 * the clipboard and the page that receives events are replaced by recording objects.
 */
import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AssessmentService } from '../../../electron/main/assessment-service';
import { createInvokeHandlers, defaultFileName, PASSWORD_TOKEN_TTL_MS, type HandlerDeps } from '../../../electron/main/handlers';
import { appSenderCheck, registerInvokeHandlers } from '../../../electron/main/ipc';
import { AssessmentStore } from '../../../electron/store/assessment-store';
import { parseAssessment, type Assessment } from '../../../shared/assessment';
import type { EventChannel, EventMap, InvokeChannel, IpcResult, RunOutcome } from '../../../shared/ipc';
import { startLabDnsServer, type LabDnsServer } from '../../lab/dns-server';
import type { LabWorld } from '../../lab/dnssec-world';
import { labWorld, labZones } from '../../lab/zones';
import { hasMessage } from '../../../shared/i18n/index';
import { evaluateRequirements } from '../../../shared/requirements';
import { sampleAssessment, sampleAwaitingManualTest } from '../store/sample';

vi.mock('electron', () => ({}));

const execFileAsync = promisify(execFile);

const rendererDir = path.resolve('/opt/MailAudit/resources/app.asar/out/renderer');
const appFrame = { url: 'app://mailaudit/index.html', parent: null };

let lab: LabDnsServer;
beforeAll(async () => {
  lab = await startLabDnsServer({ zones: labZones() });
});
afterAll(async () => {
  await lab.close();
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mailaudit-handlers-'));
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

function valueOf<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

type Sent = { [C in EventChannel]: { channel: C; payload: EventMap[C] } }[EventChannel];

function harness(
  options: {
    dnsTimeoutMs?: number;
    saveTo?: string;
    openFrom?: string;
    now?: () => number;
    resolver?: string;
    /** the store's hook between the synced temporary file and the rename */
    beforeRename?: () => void | Promise<void>;
  } = {},
) {
  const store = new AssessmentStore(path.join(dir, 'store'), options.beforeRename ? { beforeRename: options.beforeRename } : {});
  const service = new AssessmentService({
    store,
    engine: { resolvers: [options.resolver ?? lab.address], dnsTimeoutMs: options.dnsTimeoutMs ?? 1000 },
    ...(options.now ? { now: () => new Date(options.now!()) } : {}),
  });
  const sent: Sent[] = [];
  const gone: (() => void)[] = [];
  const clipboard = { writeText: vi.fn((_text: string) => {}) };
  const pdfWrites: { path: string; assessment: Assessment; language: string; previous?: Assessment }[] = [];
  const dialogs = {
    saveFile: vi.fn(async (_o: { defaultName: string }) => options.saveTo),
    openFile: vi.fn(async (_o: { filters: { name: string; extensions: string[] }[] }) => options.openFrom),
    chooseFolder: vi.fn(async () => undefined),
  };
  const deps: HandlerDeps = {
    version: '1.2.3',
    service,
    dialogs,
    clipboard,
    writePdf: async (file, assessment, language, previous) => {
      pdfWrites.push({ path: file, assessment, language, ...(previous ? { previous } : {}) });
      await writeFile(file, '%PDF-1.7 test\n');
    },
    eventsFor: () => ({
      send: (channel, payload) => sent.push({ channel, payload } as Sent),
      onGone: (callback) => {
        gone.push(callback);
        return () => gone.splice(gone.indexOf(callback), 1);
      },
    }),
    ...(options.now ? { now: options.now } : {}),
  };
  const listeners = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcResult<unknown>>>();
  const ipcMain = { handle: (channel: string, listener: never) => listeners.set(channel, listener) } as unknown as Pick<IpcMain, 'handle'>;
  registerInvokeHandlers(ipcMain, createInvokeHandlers(deps), appSenderCheck({ kind: 'app', rendererDir }));

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the value of the channel it calls
  const call = async (channel: InvokeChannel, ...payload: unknown[]): Promise<IpcResult<any>> => {
    const listener = listeners.get(channel);
    if (listener === undefined) throw new Error(`${channel} not registered`);
    return listener({ senderFrame: appFrame } as unknown as IpcMainInvokeEvent, ...payload);
  };
  const finished = (runId: string) =>
    vi.waitFor(
      () => {
        const event = sent.find((e) => e.channel === 'assessment:finished' && e.payload.runId === runId);
        if (event === undefined) throw new Error('not finished yet');
        return (event.payload as EventMap['assessment:finished']).outcome;
      },
      { timeout: 50_000, interval: 20 },
    );
  return { store, service, sent, gone, clipboard, dialogs, pdfWrites, call, finished };
}

describe('assessment:start', () => {
  it('runs the engine, streams progress for each check and target, saves and lists the result', async () => {
    const h = harness();
    const started = await h.call('assessment:start', { domain: 'no-dmarc.test', clientName: 'Firma s.r.o.', language: 'cs' });
    expect(started.ok).toBe(true);
    const { runId, checks } = valueOf(started) as { runId: string; checks: string[] };
    expect(checks).toEqual(expect.arrayContaining(['mx', 'spf', 'dmarc', 'dkim']));

    const outcome = await h.finished(runId);
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.saved).toBe(true);
    expect(outcome.assessment.request).toMatchObject({ domain: 'no-dmarc.test', clientName: 'Firma s.r.o.' });
    expect(outcome.assessment.findings.map((f) => f.key)).toContain('finding.dmarc.missing');
    expect(parseAssessment(outcome.assessment).ok).toBe(true);

    const progress = h.sent.filter((e) => e.channel === 'assessment:progress').map((e) => e.payload as EventMap['assessment:progress']);
    expect(progress.every((p) => p.runId === runId)).toBe(true);
    for (const id of checks) {
      expect(
        progress.some((p) => p.event.type === 'check-started' && p.event.checkId === id),
        id,
      ).toBe(true);
      expect(
        progress.some((p) => p.event.type === 'check-finished' && p.event.checkId === id),
        id,
      ).toBe(true);
    }
    expect(progress.some((p) => p.event.type === 'target' && p.event.target === 'mail.no-dmarc.test')).toBe(true);
    // The finished event comes last.
    expect(h.sent.at(-1)?.channel).toBe('assessment:finished');

    const listed = await h.call('assessment:list');
    expect(listed).toMatchObject({
      ok: true,
      value: { items: [{ id: outcome.assessment.id, domain: 'no-dmarc.test', clientName: 'Firma s.r.o.' }], problems: [] },
    });
    const opened = await h.call('assessment:open', { id: outcome.assessment.id });
    expect(opened).toEqual({ ok: true, value: outcome.assessment });
  });

  it('accepts an IDN and assesses its A-label form', async () => {
    const h = harness();
    const started = await h.call('assessment:start', { domain: 'Příklad.test' });
    const outcome = await h.finished((valueOf(started) as { runId: string }).runId);
    expect(outcome.ok && outcome.assessment.request).toMatchObject({ domain: 'xn--pklad-zsa96e.test', domainUnicode: 'příklad.test' });
  });

  it.each([
    ['an invalid domain', { domain: 'exa mple.cz' }],
    ['an IP address', { domain: '192.0.2.1' }],
    ['an unknown platform hint', { domain: 'firma.cz', platformHint: 'exchange-2003' }],
    ['no request at all', undefined],
  ])('refuses %s before starting anything', async (_label, payload) => {
    const h = harness();
    const result = await h.call('assessment:start', payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(h.service.activeRuns).toBe(0);
  });

  it("ends a domain that does not exist with the engine's message key", async () => {
    const h = harness();
    const started = await h.call('assessment:start', { domain: 'does-not-exist.test' });
    const outcome: RunOutcome = await h.finished((valueOf(started) as { runId: string }).runId);
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'input', key: 'domain.not_found', params: { domain: 'does-not-exist.test' } },
    });
    expect((await h.store.list()).items).toEqual([]);
  });
});

describe('assessment:cancel', () => {
  it('stops the network work of a run: no more DNS queries after the cancelled result', async () => {
    // timeout.test never answers: with 20 s per attempt the run would take minutes uncancelled.
    const h = harness({ dnsTimeoutMs: 20_000 });
    const started = await h.call('assessment:start', { domain: 'timeout.test' });
    const { runId } = valueOf(started) as { runId: string };
    await vi.waitFor(() => expect(lab.queryLog.some((q) => q.name.toLowerCase().endsWith('timeout.test'))).toBe(true));
    expect(await h.call('assessment:cancel', { runId })).toEqual({ ok: true, value: { cancelled: true } });

    const outcome = await h.finished(runId);
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.assessment.cancelled).toBe(true);
    expect(outcome.saved).toBe(false);
    for (const attempt of outcome.assessment.attempts) {
      expect(['error.cancelled', 'skipped.cancelled']).toContain(attempt.reason);
    }
    const queries = lab.queryLog.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lab.queryLog.length).toBe(queries);
    expect(h.service.activeRuns).toBe(0);
    expect((await h.store.list()).items).toEqual([]);
    // The run no longer watches its page, and a second cancel finds nothing to stop.
    expect(h.gone).toEqual([]);
    expect(await h.call('assessment:cancel', { runId })).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('cancels the run when the page that started it goes away', async () => {
    const h = harness({ dnsTimeoutMs: 20_000 });
    const started = await h.call('assessment:start', { domain: 'timeout.test' });
    expect(h.gone).toHaveLength(1);
    h.gone[0]?.();
    const outcome = await h.finished((valueOf(started) as { runId: string }).runId);
    expect(outcome.ok && outcome.assessment.cancelled).toBe(true);
  });

  it('refuses a payload that is not { runId }', async () => {
    const h = harness();
    expect(await h.call('assessment:cancel', { runId: 'x', all: true })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});

describe('saved assessments', () => {
  it('reports a missing id as not_found and an unsafe id as invalid_payload', async () => {
    const h = harness();
    expect(await h.call('assessment:open', { id: '7d0c2f4e-1b7a-4c39-9d0e-2f9a8b6c5d41' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', key: 'ui.error.saved_not_found' },
    });
    expect(await h.call('assessment:open', { id: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('deletes a saved assessment', async () => {
    const h = harness();
    const assessment = sampleAssessment();
    await h.store.save(assessment);
    expect(await h.call('assessment:delete', { id: assessment.id })).toEqual({ ok: true, value: { deleted: true } });
    expect((await h.store.list()).items).toEqual([]);
  });
});

describe('assessment:record-manual-test and assessment:save', () => {
  const TEST = {
    sentTo: '  dane-test@bad-tlsa.example ',
    sentAt: '2026-03-02T10:30:00+01:00',
    left: true,
    note: 'Odesláno z mail.firma.cz,\nserver odpověděl 250 2.0.0 OK.',
  };
  const T1 = Date.parse('2026-03-02T10:40:00.000Z');
  const T2 = Date.parse('2026-03-02T11:15:00.000Z');
  const row6 = (a: Assessment) => evaluateRequirements(a).find((v) => v.id === 'dane-outbound')!;
  const fileOf = (h: ReturnType<typeof harness>, id: string) => path.join(h.store.dir, `${id}.json`);

  it('records the test on the saved assessment with its own recordedAt, rewrites the file, and row 6 follows it', async () => {
    const h = harness({ now: () => T1 });
    const original = sampleAwaitingManualTest();
    await h.store.save(original);
    expect(row6(original)).toMatchObject({ verdict: 'not_verified', reasonKey: 'finding.dane_outbound.manual_test' });

    const updated: Assessment = valueOf(await h.call('assessment:record-manual-test', { id: original.id, test: TEST }));
    expect(updated.manualTests).toEqual({
      daneOutbound: { ...TEST, sentTo: 'dane-test@bad-tlsa.example', recordedAt: new Date(T1).toISOString() },
    });
    // Only the record is new; the answer is what the file now holds, and it is a valid Assessment.
    const { manualTests: _added, ...rest } = updated;
    expect(rest).toEqual(original);
    expect(await h.store.read(original.id)).toEqual(updated);
    expect(parseAssessment(JSON.parse(await readFile(fileOf(h, original.id), 'utf8')))).toEqual({ ok: true, value: updated });
    expect(row6(updated)).toMatchObject({
      verdict: 'fail',
      reasonKey: 'finding.dane_outbound.manual_not_validated',
      reasonParams: { sentTo: 'dane-test@bad-tlsa.example', sentAt: '2026-03-02 10:30' },
    });
    // The saved list counts the findings the verdicts rest on: the test's fail, no "not tested" left.
    const listed = valueOf(await h.call('assessment:list')) as { items: { id: string; counts: Record<string, number> }[] };
    expect(listed.items.find((i) => i.id === original.id)?.counts).toMatchObject({ fail: 2, not_tested: 0, pass: 1 });
  });

  it('replaces a recorded test, and with null removes it, leaving the document as the engine wrote it', async () => {
    let now = T1;
    const h = harness({ now: () => now });
    const original = sampleAwaitingManualTest();
    await h.store.save(original);
    valueOf(await h.call('assessment:record-manual-test', { id: original.id, test: TEST }));

    now = T2;
    const replaced: Assessment = valueOf(
      await h.call('assessment:record-manual-test', {
        id: original.id,
        test: { sentTo: 'bad-tlsa.example', sentAt: '2026-03-02T12:05:00+01:00', left: false, note: '' },
      }),
    );
    expect(replaced.manualTests).toEqual({
      daneOutbound: {
        sentTo: 'bad-tlsa.example',
        sentAt: '2026-03-02T12:05:00+01:00',
        left: false,
        note: '',
        recordedAt: new Date(T2).toISOString(),
      },
    });
    expect(row6(replaced)).toMatchObject({ verdict: 'pass', findings: [{ key: 'finding.dane_outbound.manual_validated' }] });
    expect(await h.store.read(original.id)).toEqual(replaced);

    const removed: Assessment = valueOf(await h.call('assessment:record-manual-test', { id: original.id, test: null }));
    expect(removed).toEqual(original);
    expect('manualTests' in removed).toBe(false);
    expect(await h.store.read(original.id)).toEqual(original);
    expect(row6(removed)).toMatchObject({ verdict: 'not_verified', reasonKey: 'finding.dane_outbound.manual_test' });
  });

  it('answers not_found with a message key for an id that is not saved, and writes nothing', async () => {
    const h = harness();
    const saved = sampleAwaitingManualTest({ id: 'saved-one' });
    await h.store.save(saved);
    const answer = await h.call('assessment:record-manual-test', { id: 'never-saved', test: TEST });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'not_found', key: 'ui.error.saved_not_found', params: { id: 'never-saved' } },
    });
    expect(answer.ok || answer.error.message).toMatch(/^assessment:record-manual-test: no saved assessment never-saved/);
    expect((await readdir(h.store.dir)).sort()).toEqual(['saved-one.json']);
  });

  it('refuses a payload outside the contract before touching the file: recordedAt from the page, bad fields, unsafe ids', async () => {
    const h = harness();
    const original = sampleAwaitingManualTest();
    await h.store.save(original);
    const before = await readFile(fileOf(h, original.id), 'utf8');
    const refused: unknown[] = [
      undefined,
      { id: original.id },
      { id: original.id, test: TEST, extra: 1 },
      // recordedAt is the main process's to set
      { id: original.id, test: { ...TEST, recordedAt: '2026-01-01T00:00:00Z' } },
      { id: original.id, test: { ...TEST, sentTo: '   ' } },
      { id: original.id, test: { ...TEST, sentTo: 'a'.repeat(255) } },
      { id: original.id, test: { ...TEST, sentAt: '2026-03-02T10:30' } },
      { id: original.id, test: { ...TEST, sentAt: 'včera' } },
      { id: original.id, test: { ...TEST, left: 'yes' } },
      { id: original.id, test: { ...TEST, note: 'x'.repeat(2001) } },
      { id: '../../etc/passwd', test: TEST },
      { id: original.id, test: 'left' },
    ];
    for (const payload of refused) {
      const answer = await h.call('assessment:record-manual-test', payload);
      expect(answer, JSON.stringify(payload)?.slice(0, 120)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    // At the limits it is accepted.
    const atLimits = { ...TEST, sentTo: 'a'.repeat(254), note: 'x'.repeat(2000) };
    expect((await h.call('assessment:record-manual-test', { id: original.id, test: atLimits })).ok).toBe(true);
    await h.call('assessment:record-manual-test', { id: original.id, test: null });
    expect(await readFile(fileOf(h, original.id), 'utf8')).toBe(before);
  });

  it('writes atomically: a crash before the rename leaves the saved file whole and no temporary file behind', async () => {
    let crash = false;
    const h = harness({
      now: () => T1,
      beforeRename: () => {
        if (crash) throw new Error('power cut');
      },
    });
    const original = sampleAwaitingManualTest();
    await h.store.save(original);
    const file = fileOf(h, original.id);
    const before = { text: await readFile(file, 'utf8'), inode: (await stat(file)).ino };

    crash = true;
    const failed = await h.call('assessment:record-manual-test', { id: original.id, test: TEST });
    expect(failed).toMatchObject({
      ok: false,
      error: { code: 'write_failed', key: 'ui.error.save_failed', params: { detail: 'power cut' } },
    });
    expect(await readFile(file, 'utf8')).toBe(before.text);
    expect(await readdir(h.store.dir)).toEqual([`${original.id}.json`]);

    crash = false;
    const updated = valueOf(await h.call('assessment:record-manual-test', { id: original.id, test: TEST }));
    // A new file renamed over the old one (never the old one rewritten in place), private to the user.
    const after = await stat(file);
    expect(after.ino).not.toBe(before.inode);
    expect(after.mode & 0o777).toBe(0o600);
    expect(await readdir(h.store.dir)).toEqual([`${original.id}.json`]);
    expect(await h.store.read(original.id)).toEqual(updated);
  });

  it('applies records sent at once one after the other: each answer holds its own test, the file the last one sent', async () => {
    let now = T1;
    // The first write is the slowest to reach its rename: written side by side, it would land last.
    const delays = [0, 150, 50, 0];
    const h = harness({
      now: () => (now += 1000),
      beforeRename: () => new Promise((resolve) => setTimeout(resolve, delays.shift() ?? 0)),
    });
    const original = sampleAwaitingManualTest();
    await h.store.save(original);
    const tests = ['a', 'b', 'c'].map((x) => ({ ...TEST, sentTo: `${x}@bad-tlsa.example` }));
    const answers = await Promise.all(tests.map((test) => h.call('assessment:record-manual-test', { id: original.id, test })));
    const records = answers.map((a) => (valueOf(a) as Assessment).manualTests?.daneOutbound);
    expect(records.map((r) => r?.sentTo)).toEqual(['a@bad-tlsa.example', 'b@bad-tlsa.example', 'c@bad-tlsa.example']);
    expect(records.map((r) => Date.parse(r!.recordedAt))).toEqual([T1 + 1000, T1 + 2000, T1 + 3000]);
    expect((await h.store.read(original.id)).manualTests?.daneOutbound).toEqual(records[2]);
  });

  it('assessment:save keeps an assessment opened from a file in the saved list, so its test can be recorded', async () => {
    const h = harness({ now: () => T1 });
    const fromFile = sampleAwaitingManualTest({ id: 'from-file' });
    expect(await h.call('assessment:record-manual-test', { id: 'from-file', test: TEST })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await h.call('assessment:save', { assessment: fromFile })).toEqual({ ok: true, value: { id: 'from-file' } });
    expect(await h.store.read('from-file')).toEqual(fromFile);
    expect(valueOf(await h.call('assessment:list')).items.map((i: { id: string }) => i.id)).toEqual(['from-file']);
    const updated: Assessment = valueOf(await h.call('assessment:record-manual-test', { id: 'from-file', test: TEST }));
    expect(updated.manualTests?.daneOutbound?.sentTo).toBe('dane-test@bad-tlsa.example');
    // An id no file can carry, and anything that is not an Assessment, are refused.
    expect(await h.call('assessment:save', { assessment: { ...fromFile, id: '../x' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await h.call('assessment:save', { assessment: { id: 'x' } })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await readdir(h.store.dir)).toEqual(['from-file.json']);
  });
});

describe('assessment:import-json', () => {
  it('opens a saved JSON file chosen in the dialog', async () => {
    const file = path.join(dir, 'posouzení.json');
    const assessment = sampleAssessment({ domain: 'xn--pklad-zsa96e.cz' });
    await writeFile(file, JSON.stringify(assessment));
    const h = harness({ openFrom: file });
    expect(await h.call('assessment:import-json')).toEqual({ ok: true, value: { status: 'opened', assessment, path: file } });
  });

  it('answers cancelled when the dialog is closed', async () => {
    const h = harness();
    expect(await h.call('assessment:import-json')).toEqual({ ok: true, value: { status: 'cancelled' } });
  });

  it.each([
    ['not JSON', 'hello'],
    ['JSON of something else', '{"name": "package"}'],
    ['a newer schema version', JSON.stringify({ ...sampleAssessment(), schemaVersion: 2 })],
  ])('refuses a file that is %s as invalid_file with a message key', async (_label, content) => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, content);
    const h = harness({ openFrom: file });
    expect(await h.call('assessment:import-json')).toMatchObject({
      ok: false,
      error: { code: 'invalid_file', key: 'ui.error.not_assessment', params: { path: file } },
    });
  });

  it('refuses a file over the import size limit before reading it, with its own message', async () => {
    const file = path.join(dir, 'huge.json');
    await writeFile(file, '');
    // 9 MB: parsing and validating that much would block the main process for a noticeable time.
    await truncate(file, 9_000_000);
    const h = harness({ openFrom: file });
    const result = await h.call('assessment:import-json');
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_file', key: 'ui.error.file_too_large', params: { path: file, size: '9000000' } },
    });
    expect(hasMessage(result.ok ? '' : (result.error.key ?? ''), 'en')).toBe(true);
  });

  it('refuses a document nested deeper than any Assessment (it would crash JSON.stringify and IPC)', async () => {
    const file = path.join(dir, 'deep.json');
    const sample = JSON.stringify(sampleAssessment());
    const depth = 200_000;
    // attempts[0].data is free-form JSON in the schema: the one place such nesting could hide.
    const deep = sample.replace('"durationMs":12', `"durationMs":12,"data":${'['.repeat(depth)}${']'.repeat(depth)}`);
    await writeFile(file, deep);
    const h = harness({ openFrom: file });
    const result = await h.call('assessment:import-json');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_file', key: 'ui.error.not_assessment' } });
    expect(result.ok ? '' : result.error.message).toMatch(/nested more than \d+ levels deep/);
  });

  it('reports a file that cannot be read', async () => {
    const h = harness({ openFrom: path.join(dir, 'missing.json') });
    expect(await h.call('assessment:import-json')).toMatchObject({
      ok: false,
      error: { code: 'invalid_file', key: 'ui.error.read_failed' },
    });
  });
});

describe('exports', () => {
  it('writes the Assessment JSON to the chosen path, proposing a readable file name', async () => {
    const target = path.join(dir, 'export.json');
    const h = harness({ saveTo: target });
    const assessment = sampleAssessment({ domain: 'xn--pklad-zsa96e.cz' });
    assessment.request.domainUnicode = 'příklad.cz';
    expect(await h.call('assessment:export-json', { assessment })).toEqual({ ok: true, value: { status: 'saved', path: target } });
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual(assessment);
    expect(h.dialogs.saveFile.mock.calls[0]?.[0]).toMatchObject({ defaultName: 'MailAudit příklad.cz 2026-03-01.json' });
  });

  it('refuses to export something that is not an Assessment', async () => {
    const h = harness({ saveTo: path.join(dir, 'x.json') });
    expect(await h.call('assessment:export-json', { assessment: { id: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(h.dialogs.saveFile).not.toHaveBeenCalled();
  });

  it('passes the assessment and the language to the PDF writer', async () => {
    const target = path.join(dir, 'report.pdf');
    const h = harness({ saveTo: target });
    const assessment = sampleAssessment();
    expect(await h.call('report:export-pdf', { assessment, language: 'en' })).toEqual({
      ok: true,
      value: { status: 'saved', path: target },
    });
    expect(h.pdfWrites).toEqual([{ path: target, assessment, language: 'en' }]);
    expect(h.dialogs.saveFile.mock.calls[0]?.[0]).toMatchObject({ defaultName: 'MailAudit firma.cz 2026-03-01.pdf' });
  });

  it('passes an earlier assessment of the domain on to the PDF writer for its "changes since" chapter', async () => {
    const target = path.join(dir, 'report.pdf');
    const h = harness({ saveTo: target });
    const assessment = sampleAssessment();
    const previous = { ...sampleAssessment(), id: '11111111-1111-4111-8111-111111111111' };
    expect(await h.call('report:export-pdf', { assessment, language: 'cs', previous })).toMatchObject({ ok: true });
    expect(h.pdfWrites).toEqual([{ path: target, assessment, language: 'cs', previous }]);
  });

  it('reports a failed write with the path and a message key', async () => {
    const target = path.join(dir, 'no-such-folder', 'export.json');
    const h = harness({ saveTo: target });
    expect(await h.call('assessment:export-json', { assessment: sampleAssessment() })).toMatchObject({
      ok: false,
      error: { code: 'write_failed', key: 'ui.error.write_failed', params: { path: target } },
    });
  });

  it('answers cancelled and writes nothing when the save dialog is closed', async () => {
    const h = harness();
    expect(await h.call('report:export-pdf', { assessment: sampleAssessment(), language: 'cs' })).toEqual({
      ok: true,
      value: { status: 'cancelled' },
    });
    expect(h.pdfWrites).toEqual([]);
  });

  it('proposes file names without path characters', () => {
    const assessment = sampleAssessment();
    assessment.request.domainUnicode = '../evil/..\\name';
    expect(defaultFileName(assessment, 'pdf')).toBe('MailAudit .._evil_.._name 2026-03-01.pdf');
  });

  it.each(['/../../../x', '..\\..\\..\\x', '2026-03-01/../../../../etc/x', 'C:\\Windows\\x', '\u0000\u0001'])(
    'keeps only a safe base name when startedAt is %j (an edited file must not steer the save dialog)',
    (startedAt) => {
      const assessment = { ...sampleAssessment(), startedAt };
      const name = defaultFileName(assessment, 'json');
      expect(name).toBe('MailAudit firma.cz.json');
      expect(path.basename(name)).toBe(name);
      expect(path.win32.basename(name)).toBe(name);
    },
  );

  it('names a file with only a safe base name even for a hostile domain', () => {
    const assessment = sampleAssessment();
    assessment.request.domainUnicode = '..';
    const name = defaultFileName(assessment, 'pdf');
    expect(path.basename(name)).toBe(name);
    expect(path.win32.basename(name)).toBe(name);
    expect(name).toBe('MailAudit .. 2026-03-01.pdf');
  });
});

describe('clipboard:write and app:version', () => {
  it('writes text to the clipboard through the main process', async () => {
    const h = harness();
    const text = "Set-DkimSigningConfig -Identity 'firma.cz' -Enabled $true";
    expect(await h.call('clipboard:write', { text })).toEqual({ ok: true, value: { written: true } });
    expect(h.clipboard.writeText).toHaveBeenCalledWith(text);
  });

  it('refuses anything but { text }', async () => {
    const h = harness();
    expect(await h.call('clipboard:write', 'plain string')).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(h.clipboard.writeText).not.toHaveBeenCalled();
  });

  it('answers the version', async () => {
    expect(await harness().call('app:version')).toEqual({ ok: true, value: { version: '1.2.3' } });
  });
});

describe('trust-anchor:choose, :get and :reset', () => {
  let world: LabWorld;
  let signedLab: LabDnsServer;
  beforeAll(async () => {
    world = await labWorld();
    signedLab = await startLabDnsServer({ zones: world.zones });
  }, 60_000);
  afterAll(async () => {
    await signedLab?.close();
    await world?.dispose();
  });

  const dnssecKeys = (outcome: RunOutcome) =>
    outcome.ok ? outcome.assessment.findings.filter((f) => f.checkId === 'dnssec').map((f) => f.key) : [];

  it('keeps the chosen anchors in the main process for the next runs, until reset to the IANA root keys', async () => {
    const h = harness({ openFrom: world.anchorFile, resolver: signedLab.address });
    expect(await h.call('trust-anchor:get')).toEqual({ ok: true, value: {} });
    const keyTag = Number(/ DS (\d+) /.exec(world.anchors)![1]);
    const chosen = valueOf(await h.call('trust-anchor:choose'));
    expect(chosen).toEqual({
      status: 'set',
      state: { custom: { path: world.anchorFile, anchors: [{ owner: '', kind: 'ds', keyTag, algorithm: 13, digestType: 2 }] } },
    });
    // The dialog offers trust-anchor files first; the page never sent a path.
    expect(h.dialogs.openFile.mock.calls[0]?.[0].filters[0]?.extensions).toContain('ds');
    expect(await h.call('trust-anchor:get')).toEqual({ ok: true, value: chosen.state });

    // A run now validates from the lab root: the signed lab zone is secure.
    const run = async () =>
      h.finished((valueOf(await h.call('assessment:start', { domain: 'dnssec-ok.test' })) as { runId: string }).runId);
    expect(dnssecKeys(await run())).toContain('finding.dnssec.secure');

    expect(await h.call('trust-anchor:reset')).toEqual({ ok: true, value: {} });
    expect(await h.call('trust-anchor:get')).toEqual({ ok: true, value: {} });
    // From the IANA root keys the lab's own root cannot validate.
    expect(dnssecKeys(await run())).not.toContain('finding.dnssec.secure');
  }, 60_000);

  it('answers cancelled and changes nothing when the dialog is closed', async () => {
    const h = harness();
    h.service.trustAnchor = { path: '/kept.ds', anchors: [] };
    expect(await h.call('trust-anchor:choose')).toEqual({ ok: true, value: { status: 'cancelled' } });
    expect(h.service.trustAnchor).toEqual({ path: '/kept.ds', anchors: [] });
  });

  it('refuses a malformed file naming the line and the reason, keeping the anchors in use', async () => {
    const file = path.join(dir, 'anchors.ds');
    await writeFile(file, `; lab\n${world.anchors.trim()}\nexample. IN DS 1 13 2 ABCD\n`);
    const h = harness({ openFrom: file });
    h.service.trustAnchor = { path: world.anchorFile, anchors: [] };
    const result = await h.call('trust-anchor:choose');
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_file', key: 'ui.trust_anchor.invalid_line', params: { path: file, line: '3' } },
    });
    expect(result.ok ? '' : result.error.params?.reason).toMatch(/digest/i);
    expect(hasMessage('ui.trust_anchor.invalid_line', 'en') && hasMessage('ui.trust_anchor.invalid_line', 'cs')).toBe(true);
    expect(h.service.trustAnchor).toEqual({ path: world.anchorFile, anchors: [] });
  });

  it('refuses a file that holds no anchor at all, and one that cannot be read', async () => {
    const empty = path.join(dir, 'empty.ds');
    await writeFile(empty, '; nothing here\n');
    expect(await harness({ openFrom: empty }).call('trust-anchor:choose')).toMatchObject({
      ok: false,
      error: { code: 'invalid_file', key: 'ui.trust_anchor.invalid', params: { line: '0' } },
    });
    expect(await harness({ openFrom: path.join(dir, 'missing.ds') }).call('trust-anchor:choose')).toMatchObject({
      ok: false,
      error: { code: 'invalid_file', key: 'ui.error.read_failed' },
    });
  });
});

describe('tlsa:from-file and tlsa:unlock', () => {
  const PASSWORD = 'heslo-ř';
  const files = {} as Record<'pem' | 'p12' | 'text' | 'csr', string>;
  let spki: string;

  beforeAll(async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'mailaudit-handlers-tlsa-'));
    const p = (name: string) => path.join(work, name);
    Object.assign(files, { pem: p('mail.pem'), p12: p('mail.pfx'), text: p('readme.txt'), csr: p('next.csr') });
    const run = (...args: string[]) => execFileAsync('openssl', args);
    await run(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      p('mail.key'),
      '-out',
      files.pem,
      '-subj',
      '/CN=mail.firma.cz',
    );
    await run('req', '-new', '-key', p('mail.key'), '-subj', '/CN=mail.firma.cz', '-out', files.csr);
    await run('pkcs12', '-export', '-in', files.pem, '-inkey', p('mail.key'), '-out', files.p12, '-passout', `pass:${PASSWORD}`);
    await writeFile(files.text, 'not a certificate\n');
    const der = new X509Certificate(await readFile(files.pem)).publicKey.export({ type: 'spki', format: 'der' });
    spki = createHash('sha256').update(der).digest('hex').toUpperCase();
  });

  it('answers cancelled when the dialog is closed', async () => {
    expect(await harness().call('tlsa:from-file')).toEqual({ ok: true, value: { status: 'cancelled' } });
  });

  it('reads the file the user chose and answers its records, offering certificate files in the dialog', async () => {
    const h = harness({ openFrom: files.pem });
    const answer = valueOf(await h.call('tlsa:from-file'));
    expect(answer).toMatchObject({
      status: 'read',
      fileName: 'mail.pem',
      records: [{ usage: 3, selector: 1, matchingType: 1, data: spki, role: 'end-entity', source: 'certificate' }],
    });
    expect(h.dialogs.openFile.mock.calls[0]?.[0].filters[0]?.extensions).toEqual(
      expect.arrayContaining(['pem', 'cer', 'pfx', 'p12', 'csr']),
    );
  });

  it('reads a CSR as the next key', async () => {
    const answer = valueOf(await harness({ openFrom: files.csr }).call('tlsa:from-file'));
    expect(answer).toMatchObject({ status: 'read', csr: { subject: 'CN=mail.firma.cz' }, records: [{ data: spki, source: 'csr' }] });
  });

  it('holds a protected file under a token: a wrong password asks again, the right one reads it, and the token is spent', async () => {
    const h = harness({ openFrom: files.p12 });
    const first = valueOf(await h.call('tlsa:from-file'));
    expect(first).toMatchObject({ status: 'password-required', fileName: 'mail.pfx', wrongPassword: false });
    const token = (first as { token: string }).token;
    expect(JSON.stringify(first)).not.toContain(files.p12);

    expect(valueOf(await h.call('tlsa:unlock', { token, password: 'wrong' }))).toEqual({
      status: 'password-required',
      token,
      fileName: 'mail.pfx',
      wrongPassword: true,
    });
    expect(valueOf(await h.call('tlsa:unlock', { token, password: PASSWORD }))).toMatchObject({
      status: 'read',
      fileName: 'mail.pfx',
      records: [{ usage: 3, data: spki }],
    });
    expect(await h.call('tlsa:unlock', { token, password: PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'not_found', key: 'ui.tlsa.token_expired' },
    });
    // The file was read once, from the dialog; the unlock never opened a path.
    expect(h.dialogs.openFile).toHaveBeenCalledTimes(1);
  });

  it('forgets a waiting file after its time and refuses an unknown token', async () => {
    let now = 1_000_000;
    const h = harness({ openFrom: files.p12, now: () => now });
    const { token } = valueOf(await h.call('tlsa:from-file')) as { token: string };
    now += PASSWORD_TOKEN_TTL_MS + 1;
    expect(await h.call('tlsa:unlock', { token, password: PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'not_found', key: 'ui.tlsa.token_expired' },
    });
    expect(await h.call('tlsa:unlock', { token: 'made-up', password: PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(hasMessage('ui.tlsa.token_expired', 'cs')).toBe(true);
  });

  it('refuses a request that names a path or lacks the token', async () => {
    const h = harness();
    expect(await h.call('tlsa:unlock', { token: 'x', password: 'y', path: files.p12 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await h.call('tlsa:unlock', { password: 'y' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await h.call('tlsa:from-file', { path: files.pem })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it.each([
    ['is no certificate', () => files.text, 'certificate_file.not-a-certificate'],
    ['cannot be read', () => path.join(tmpdir(), 'no-such-mailaudit.pem'), 'ui.error.read_failed'],
  ])('refuses a file that %s with a message key the page translates', async (_label, file, key) => {
    const result = await harness({ openFrom: file() }).call('tlsa:from-file');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_file', key } });
    expect(hasMessage(result.ok ? '' : result.error.key!, 'cs') && hasMessage(result.ok ? '' : result.error.key!, 'en')).toBe(true);
  });

  it('refuses a file over 1 MiB before reading it', async () => {
    const big = path.join(dir, 'big.pem');
    await writeFile(big, '');
    await truncate(big, 3_000_000);
    expect(await harness({ openFrom: big }).call('tlsa:from-file')).toMatchObject({
      ok: false,
      error: { code: 'invalid_file', key: 'certificate_file.too-large', params: { file: 'big.pem' } },
    });
  });
});
