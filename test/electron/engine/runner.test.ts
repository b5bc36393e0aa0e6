import { describe, expect, it } from 'vitest';
import { AssessmentRequestSchema } from '../../../shared/assessment';
import { DnsError, type DnsResolver } from '../../../shared/dns';
import { defineCheck, SkipCheck, type AnyCheck } from '../../../electron/engine/check';
import { orderChecks, runChecks, type ProgressEvent } from '../../../electron/engine/runner';

const request = AssessmentRequestSchema.parse({ domain: 'firma.cz' });
const noDns: DnsResolver = {
  lookup: () => Promise.reject(new Error('no DNS in this test')),
};

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    });
  });

describe('orderChecks', () => {
  const a = defineCheck({ id: 'a', requires: [], run: async () => ({ data: 1, findings: [] }) });
  const b = defineCheck({ id: 'b', requires: [a], run: async () => ({ data: 2, findings: [] }) });
  const c = defineCheck({ id: 'c', requires: [b, a], run: async () => ({ data: 3, findings: [] }) });

  it('puts every check after what it requires', () => {
    expect(orderChecks([c, b, a]).map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });

  it('rejects a requirement that is not registered', () => {
    expect(() => orderChecks([b])).toThrow(/unregistered check a/);
  });

  it('rejects duplicate ids', () => {
    expect(() => orderChecks([a, a])).toThrow(/duplicate/);
  });
});

describe('runChecks', () => {
  it('runs independent checks concurrently and passes results along requires', async () => {
    const log: string[] = [];
    const slowA = defineCheck({
      id: 'a',
      requires: [],
      run: async () => {
        log.push('a start');
        await sleep(50);
        log.push('a end');
        return { data: { value: 41 }, findings: [{ status: 'pass', key: 'finding.a.ok' }] };
      },
    });
    const slowB = defineCheck({
      id: 'b',
      requires: [],
      run: async () => {
        log.push('b start');
        await sleep(50);
        log.push('b end');
        return { data: null, findings: [] };
      },
    });
    const dependent = defineCheck({
      id: 'c',
      requires: [slowA],
      run: async (ctx) => {
        log.push('c start');
        const a = ctx.resultOf(slowA);
        return { data: (a?.value ?? 0) + 1, findings: [{ status: 'info', key: 'finding.c.sum', params: { sum: (a?.value ?? 0) + 1 } }] };
      },
    });
    const r = await runChecks({ request, dns: noDns, checks: [slowA, slowB, dependent] });
    expect(log.slice(0, 2).sort()).toEqual(['a start', 'b start']);
    expect(log.indexOf('c start')).toBeGreaterThan(log.indexOf('a end'));
    expect(r.attempts.map((x) => [x.checkId, x.status])).toEqual([['a', 'completed'], ['b', 'completed'], ['c', 'completed']]);
    expect(r.attempts[2]!.data).toBe(42);
    expect(r.findings).toContainEqual({ checkId: 'c', status: 'info', key: 'finding.c.sum', params: { sum: 42 }, evidence: [] });
  });

  it('turns a throw into an error attempt and keeps going', async () => {
    const broken = defineCheck({ id: 'broken', requires: [], run: async () => { throw new DnsError('timeout', 'firma.cz', 'MX', 'no answer'); } });
    const after = defineCheck({
      id: 'after',
      requires: [broken],
      run: async (ctx) => ({ data: ctx.resultOf(broken) === undefined, findings: [] }),
    });
    const r = await runChecks({ request, dns: noDns, checks: [broken, after] });
    expect(r.attempts[0]).toMatchObject({ status: 'error', reason: 'error.dns.timeout', detail: 'no answer' });
    expect(r.attempts[1]).toMatchObject({ status: 'completed', data: true });
  });

  it('records SkipCheck as skipped with its reason', async () => {
    const skip = defineCheck({ id: 's', requires: [], run: async () => { throw new SkipCheck('skipped.null_mx'); } });
    const r = await runChecks({ request, dns: noDns, checks: [skip] });
    expect(r.attempts[0]).toMatchObject({ status: 'skipped', reason: 'skipped.null_mx' });
  });

  it('cuts a check off at its deadline and aborts its signal', async () => {
    let sawAbort = false;
    const hang = defineCheck({
      id: 'hang',
      requires: [],
      timeoutMs: 100,
      run: async (ctx) => {
        await sleep(10_000, ctx.signal).catch(() => { sawAbort = ctx.signal.aborted; });
        throw new Error('too late');
      },
    });
    const started = Date.now();
    const r = await runChecks({ request, dns: noDns, checks: [hang] });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(r.attempts[0]).toMatchObject({ status: 'error', reason: 'error.check_timeout' });
    expect(sawAbort).toBe(true);
  });

  it('cancellation stops running checks and skips the ones not started', async () => {
    const controller = new AbortController();
    const first = defineCheck({ id: 'first', requires: [], run: async (ctx) => { await sleep(10_000, ctx.signal); return { data: 1, findings: [] }; } });
    const second = defineCheck({ id: 'second', requires: [first], run: async () => ({ data: 2, findings: [] }) });
    const events: ProgressEvent[] = [];
    setTimeout(() => controller.abort(), 50);
    const r = await runChecks({ request, dns: noDns, checks: [first, second] as AnyCheck[], signal: controller.signal, onProgress: (e) => events.push(e) });
    expect(r.attempts[0]).toMatchObject({ status: 'error', reason: 'error.cancelled' });
    expect(r.attempts[1]).toMatchObject({ status: 'skipped', reason: 'skipped.cancelled' });
    expect(events.map((e) => `${e.type}:${e.checkId}`)).toEqual(['check-started:first', 'check-finished:first', 'check-finished:second']);
  });

  it('reports per-target progress and the worst finding', async () => {
    const c = defineCheck({
      id: 'targets',
      requires: [],
      run: async (ctx) => {
        ctx.progress.target('mx1.firma.cz', 'started');
        ctx.progress.target('mx1.firma.cz', 'finished', 'fail');
        return { data: null, findings: [{ status: 'pass', key: 'finding.t.ok' }, { status: 'fail', key: 'finding.t.bad' }] };
      },
    });
    const events: ProgressEvent[] = [];
    await runChecks({ request, dns: noDns, checks: [c], onProgress: (e) => events.push(e) });
    expect(events.filter((e) => e.type === 'target')).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: 'check-finished', worst: 'fail', status: 'completed' });
  });

  it('refuses resultOf for a check not declared in requires', async () => {
    const a = defineCheck({ id: 'a', requires: [], run: async () => ({ data: 1, findings: [] }) });
    const sneaky = defineCheck({ id: 'sneaky', requires: [], run: async (ctx) => ({ data: ctx.resultOf(a), findings: [] }) });
    const r = await runChecks({ request, dns: noDns, checks: [a, sneaky] });
    expect(r.attempts[1]).toMatchObject({ status: 'error', reason: 'error.internal' });
  });
});
