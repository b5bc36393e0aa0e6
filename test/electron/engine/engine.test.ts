import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAssessment } from '../../../shared/assessment';
import { AssessmentInputError, assess } from '../../../electron/engine/engine';
import { checks as registry } from '../../../electron/engine/checks/index';
import type { ProgressEvent } from '../../../electron/engine/runner';
import { startLabDnsServer, type LabDnsServer } from '../../lab/dns-server';
import { labZones } from '../../lab/zones';

let lab: LabDnsServer;
beforeAll(async () => {
  lab = await startLabDnsServer({ zones: labZones() });
});
afterAll(() => lab.close());

describe('assess', () => {
  it('produces a schema-valid Assessment with every registered check attempted', async () => {
    const events: ProgressEvent[] = [];
    // Port 25 and the port-25 reference stay on loopback (nothing listens there: the servers are "unreachable").
    const a = await assess(
      { domain: 'onprem.test', clientName: 'Firma s.r.o.' },
      { resolvers: [lab.address], port25ReferenceHost: '127.0.0.1:1', onProgress: (e) => events.push(e) },
    );
    expect(parseAssessment(JSON.parse(JSON.stringify(a)))).toMatchObject({ ok: true });
    expect(a.attempts.map((x) => [x.checkId, x.status])).toEqual(registry.map((c) => [c.id, 'completed']));
    expect(registry.map((c) => c.id)).toEqual(
      expect.arrayContaining(['mx', 'spf', 'dmarc', 'dkim', 'platform', 'starttls', 'certificate']),
    );
    expect(a.request).toMatchObject({ domain: 'onprem.test', clientName: 'Firma s.r.o.', language: 'cs' });
    expect(Date.parse(a.finishedAt)).toBeGreaterThanOrEqual(Date.parse(a.startedAt));
    expect(events.filter((e) => e.type === 'check-finished')).toHaveLength(registry.length);
  });

  it('refuses a domain that does not exist before running checks', async () => {
    const err = await assess({ domain: 'no-such-name.test' }, { resolvers: [lab.address] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AssessmentInputError);
    expect((err as AssessmentInputError).key).toBe('domain.not_found');
  });

  it('refuses invalid input with the validator messages', async () => {
    await expect(assess({ domain: 'fir ma.cz' }, { resolvers: [lab.address] })).rejects.toMatchObject({ key: 'request.invalid' });
    await expect(assess({ domain: 'firma.cz' }, { resolvers: ['300.1.1.1'] })).rejects.toMatchObject({ key: 'resolver.invalid' });
  });

  it('cancellation stops the network work at once and marks the assessment cancelled', async () => {
    const controller = new AbortController();
    const started = Date.now();
    // timeout.test never answers: without cancellation this would take 2 × 5 s per query.
    const running = assess({ domain: 'timeout.test' }, { resolvers: [lab.address], dnsTimeoutMs: 5_000, signal: controller.signal });
    // Cancel once the engine is waiting on the network (not before it has started).
    await vi.waitFor(() => expect(lab.queryLog.some((q) => q.name.toLowerCase().endsWith('timeout.test'))).toBe(true));
    controller.abort();
    const a = await running;
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(a.cancelled).toBe(true);
    for (const attempt of a.attempts) expect(['error.cancelled', 'skipped.cancelled']).toContain(attempt.reason);
  });

  it('an already cancelled signal runs nothing and sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = lab.queryLog.length;
    const a = await assess({ domain: 'onprem.test' }, { resolvers: [lab.address], signal: controller.signal });
    expect(a.cancelled).toBe(true);
    for (const attempt of a.attempts) expect(attempt).toMatchObject({ status: 'skipped', reason: 'skipped.cancelled' });
    expect(lab.queryLog.length).toBe(before);
  });

  it('cancellation reaches checks that are already running', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = assess(
      { domain: 'timeout.test' },
      {
        resolvers: [lab.address],
        dnsTimeoutMs: 5_000,
        signal: controller.signal,
        onProgress: (e) => {
          if (e.type === 'check-started' && e.checkId === 'mx') setTimeout(() => controller.abort(), 100);
        },
      },
    );
    const a = await running;
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(a.attempts.find((x) => x.checkId === 'mx')).toMatchObject({ status: 'error', reason: 'error.cancelled' });
    expect(a.attempts.find((x) => x.checkId === 'platform')).toMatchObject({ status: 'skipped', reason: 'skipped.cancelled' });
  });
});
