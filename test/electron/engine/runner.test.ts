import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AssessmentRequestSchema } from '../../../shared/assessment';
import { DnsError, type DnsResolver } from '../../../shared/dns';
import { DnsRcodeError, SkipCheck, UndeclaredDependencyError, type AnyCheck } from '../../../electron/engine/check';
import { testCheck } from '../../support/test-check';
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
  const a = testCheck({ id: 'a', requires: [], run: async () => ({ data: 1, findings: [] }) });
  const b = testCheck({ id: 'b', requires: [a], run: async () => ({ data: 2, findings: [] }) });
  const c = testCheck({ id: 'c', requires: [b, a], run: async () => ({ data: 3, findings: [] }) });

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
    const slowA = testCheck({
      id: 'a',
      requires: [],
      run: async () => {
        log.push('a start');
        await sleep(50);
        log.push('a end');
        return { data: { value: 41 }, findings: [{ status: 'pass', key: 'finding.a.ok' }] };
      },
    });
    const slowB = testCheck({
      id: 'b',
      requires: [],
      run: async () => {
        log.push('b start');
        await sleep(50);
        log.push('b end');
        return { data: null, findings: [] };
      },
    });
    const dependent = testCheck({
      id: 'c',
      requires: [slowA],
      run: async (ctx) => {
        log.push('c start');
        const a = ctx.resultOf(slowA.spec) as { value: number } | undefined;
        return { data: (a?.value ?? 0) + 1, findings: [{ status: 'info', key: 'finding.c.sum', params: { sum: (a?.value ?? 0) + 1 } }] };
      },
    });
    const r = await runChecks({ request, dns: noDns, checks: [slowA, slowB, dependent] });
    expect(log.slice(0, 2).sort()).toEqual(['a start', 'b start']);
    expect(log.indexOf('c start')).toBeGreaterThan(log.indexOf('a end'));
    expect(r.attempts.map((x) => [x.checkId, x.status])).toEqual([
      ['a', 'completed'],
      ['b', 'completed'],
      ['c', 'completed'],
    ]);
    expect(r.attempts[2]!.data).toBe(42);
    expect(r.findings).toContainEqual({ checkId: 'c', status: 'info', key: 'finding.c.sum', params: { sum: 42 }, evidence: [] });
  });

  it('turns a throw into an error attempt and keeps going', async () => {
    const broken = testCheck({
      id: 'broken',
      requires: [],
      run: async () => {
        throw new DnsError('timeout', 'firma.cz', 'MX', 'no answer');
      },
    });
    const after = testCheck({
      id: 'after',
      requires: [broken],
      run: async (ctx) => ({ data: ctx.resultOf(broken.spec) === undefined, findings: [] }),
    });
    const r = await runChecks({ request, dns: noDns, checks: [broken, after] });
    expect(r.attempts[0]).toMatchObject({ status: 'error', reason: 'error.dns.timeout', detail: 'no answer' });
    expect(r.attempts[1]).toMatchObject({ status: 'completed', data: true });
  });

  it('keeps the kind of each failure: its own reason key and detail', async () => {
    const rcode = testCheck({
      id: 'rcode',
      requires: [],
      run: async () => {
        throw new DnsRcodeError('SERVFAIL', 'firma.cz', 'TXT');
      },
    });
    const network = testCheck({
      id: 'network',
      requires: [],
      run: async () => {
        throw new DnsError('network', 'firma.cz', 'MX', 'connection refused');
      },
    });
    const bug = testCheck({
      id: 'bug',
      requires: [],
      run: async () => {
        throw new TypeError('x is not a function');
      },
    });
    const thrownString = testCheck({
      id: 'string',
      requires: [],
      run: async () => {
        throw 'plain text';
      },
    });
    const r = await runChecks({ request, dns: noDns, checks: [rcode, network, bug, thrownString] });
    expect(r.attempts.map(({ checkId, status, reason, detail }) => ({ checkId, status, reason, detail }))).toEqual([
      { checkId: 'rcode', status: 'error', reason: 'error.dns.rcode', detail: 'TXT firma.cz: server answered SERVFAIL' },
      { checkId: 'network', status: 'error', reason: 'error.dns.network', detail: 'connection refused' },
      { checkId: 'bug', status: 'error', reason: 'error.internal', detail: 'x is not a function' },
      { checkId: 'string', status: 'error', reason: 'error.internal', detail: 'plain text' },
    ]);
  });

  it("refuses a result its spec's schema rejects, and stores nothing of it", async () => {
    const bad = testCheck({
      id: 'bad',
      requires: [],
      result: z.object({ count: z.number() }),
      run: async () => ({ data: { count: 'three' }, findings: [{ status: 'pass', key: 'finding.bad.ok' }] }),
    });
    const reader = testCheck({
      id: 'reader',
      requires: [bad],
      run: async (ctx) => ({ data: ctx.resultOf(bad.spec) ?? 'nothing', findings: [] }),
    });
    const r = await runChecks({ request, dns: noDns, checks: [bad, reader] });
    expect(r.attempts[0]).toMatchObject({
      status: 'error',
      reason: 'error.result_schema',
      detail: expect.stringMatching(/^check bad returned a result its schema rejects: count: /),
    });
    expect(r.attempts[0]).not.toHaveProperty('data');
    expect(r.findings).toEqual([]);
    expect(r.attempts[1]).toMatchObject({ status: 'completed', data: 'nothing' });
  });

  it('records SkipCheck as skipped with its reason', async () => {
    const skip = testCheck({
      id: 's',
      requires: [],
      run: async () => {
        throw new SkipCheck('skipped.null_mx');
      },
    });
    const r = await runChecks({ request, dns: noDns, checks: [skip] });
    expect(r.attempts[0]).toMatchObject({ status: 'skipped', reason: 'skipped.null_mx' });
    expect(r.attempts[0]).not.toHaveProperty('detail');
  });

  it('cuts a check off at its deadline and aborts its signal', async () => {
    let sawAbort = false;
    const hang = testCheck({
      id: 'hang',
      requires: [],
      timeoutMs: 100,
      run: async (ctx) => {
        await sleep(10_000, ctx.signal).catch(() => {
          sawAbort = ctx.signal.aborted;
        });
        throw new Error('too late');
      },
    });
    const started = Date.now();
    const r = await runChecks({ request, dns: noDns, checks: [hang] });
    expect(Date.now() - started).toBeLessThan(5_000);
    // The check's own late throw ('too late') does not replace the reason.
    expect(r.attempts[0]).toMatchObject({
      status: 'error',
      reason: 'error.check_timeout',
      detail: 'the check did not finish before its deadline',
    });
    expect(sawAbort).toBe(true);
  });

  it('cancellation stops running checks and skips the ones not started', async () => {
    const controller = new AbortController();
    const first = testCheck({
      id: 'first',
      requires: [],
      run: async (ctx) => {
        await sleep(10_000, ctx.signal);
        return { data: 1, findings: [] };
      },
    });
    const second = testCheck({ id: 'second', requires: [first], run: async () => ({ data: 2, findings: [] }) });
    const events: ProgressEvent[] = [];
    const onProgress = (e: ProgressEvent) => {
      events.push(e);
      // Cancel once `first` is running (from a task of its own, as a user's click would come).
      if (e.type === 'check-started' && e.checkId === 'first') setTimeout(() => controller.abort(), 0);
    };
    const r = await runChecks({ request, dns: noDns, checks: [first, second] as AnyCheck[], signal: controller.signal, onProgress });
    expect(r.attempts[0]).toMatchObject({ status: 'error', reason: 'error.cancelled', detail: 'assessment cancelled' });
    expect(r.attempts[1]).toMatchObject({ status: 'skipped', reason: 'skipped.cancelled' });
    expect(events.map((e) => `${e.type}:${e.checkId}`)).toEqual(['check-started:first', 'check-finished:first', 'check-finished:second']);
  });

  it('reports per-target progress and the worst finding', async () => {
    const c = testCheck({
      id: 'targets',
      requires: [],
      run: async (ctx) => {
        ctx.progress.target('mx1.firma.cz', 'started');
        ctx.progress.target('mx1.firma.cz', 'finished', 'fail');
        return {
          data: null,
          findings: [
            { status: 'pass', key: 'finding.t.ok' },
            { status: 'fail', key: 'finding.t.bad' },
          ],
        };
      },
    });
    const events: ProgressEvent[] = [];
    await runChecks({ request, dns: noDns, checks: [c], onProgress: (e) => events.push(e) });
    expect(events.filter((e) => e.type === 'target')).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: 'check-finished', worst: 'fail', status: 'completed' });
  });

  it('refuses resultOf for a check not declared in requires', async () => {
    const a = testCheck({ id: 'a', requires: [], run: async () => ({ data: 1, findings: [] }) });
    const sneaky = testCheck({ id: 'sneaky', requires: [], run: async (ctx) => ({ data: ctx.resultOf(a.spec), findings: [] }) });
    const r = await runChecks({ request, dns: noDns, checks: [a, sneaky] });
    // An internal error, and this one: not whatever else the check might have thrown.
    expect(r.attempts[1]).toMatchObject({
      status: 'error',
      reason: 'error.internal',
      detail: new UndeclaredDependencyError('sneaky', 'a').message,
    });
  });
});
