/**
 * The TLSA generator's state (renderer/src/lib/tlsa.svelte.ts) over the real preload API and a
 * scripted main process: the password flow sends the token the main process gave and never a
 * path, a refused password asks again, an expired token ends in a message; and the rows it shows
 * name `_25._tcp.<MX>.` for every MX host, marking a record the DANE check found published.
 */
import { describe, expect, it } from 'vitest';
import { createApi, type Invoke } from '../../electron/preload/api';
import type { PublishableTlsa } from '../../shared/dane/publish';
import type { InvokeChannel, IpcResult } from '../../shared/ipc';
import { TlsaGenerator, tlsaRows } from '../../renderer/src/lib/tlsa.svelte';
import { sampleAssessment } from '../electron/store/sample';

const HEX = 'AB'.repeat(32);
const record: PublishableTlsa = {
  usage: 3,
  selector: 1,
  matchingType: 1,
  data: HEX,
  role: 'end-entity',
  source: 'certificate',
  subject: 'CN=mail.firma.cz',
};
const ca: PublishableTlsa = {
  usage: 2,
  selector: 1,
  matchingType: 1,
  data: 'CD'.repeat(32),
  role: 'issuer',
  source: 'certificate',
  subject: 'CN=CA',
};

function scripted(answers: Partial<Record<InvokeChannel, (request: unknown) => IpcResult<unknown>>>) {
  const calls: { channel: string; request: unknown }[] = [];
  const invoke = (async (channel: InvokeChannel, ...request: unknown[]) => {
    calls.push({ channel, request: request[0] });
    return answers[channel]!(request[0]);
  }) as Invoke;
  return { api: createApi(invoke, () => () => {}), calls };
}

describe('TlsaGenerator', () => {
  it('asks for the password of a protected file, sends it with the token, and asks again after a wrong one', async () => {
    let tries = 0;
    const { api, calls } = scripted({
      'tlsa:from-file': () => ({
        ok: true,
        value: { status: 'password-required', token: 't-1', fileName: 'mail.pfx', wrongPassword: false },
      }),
      'tlsa:unlock': () =>
        ++tries === 1
          ? { ok: true, value: { status: 'password-required', token: 't-1', fileName: 'mail.pfx', wrongPassword: true } }
          : { ok: true, value: { status: 'read', fileName: 'mail.pfx', certificates: [], records: [record, ca] } },
    });
    const generator = new TlsaGenerator(api);
    await generator.choose();
    expect([generator.phase, generator.fileName, generator.wrongPassword]).toEqual(['password', 'mail.pfx', false]);
    await generator.unlock('nope');
    expect([generator.phase, generator.wrongPassword]).toEqual(['password', true]);
    await generator.unlock('heslo');
    expect(generator.phase).toBe('read');
    expect(generator.records).toEqual([record, ca]);
    expect(calls.filter((c) => c.channel === 'tlsa:unlock').map((c) => c.request)).toEqual([
      { token: 't-1', password: 'nope' },
      { token: 't-1', password: 'heslo' },
    ]);
    expect(calls.filter((c) => c.channel === 'tlsa:from-file').map((c) => c.request)).toEqual([undefined]);
  });

  it('shows the main process message when the token expired, and leaves the password form', async () => {
    const { api } = scripted({
      'tlsa:from-file': () => ({
        ok: true,
        value: { status: 'password-required', token: 't-2', fileName: 'mail.pfx', wrongPassword: false },
      }),
      'tlsa:unlock': () => ({ ok: false, error: { code: 'not_found', key: 'ui.tlsa.token_expired', message: 'expired' } }),
    });
    const generator = new TlsaGenerator(api);
    await generator.choose();
    await generator.unlock('heslo');
    expect(generator.phase).toBe('idle');
    expect(generator.error).toMatchObject({ kind: 'error', key: 'ui.tlsa.token_expired' });
    // No token left: a second unlock sends nothing.
    await generator.unlock('heslo');
    expect(generator.phase).toBe('idle');
  });

  it('keeps what it showed when the dialog is closed, and turns a bad file into a translated notice', async () => {
    let answer: IpcResult<unknown> = { ok: true, value: { status: 'read', fileName: 'a.pem', certificates: [], records: [record] } };
    const { api } = scripted({ 'tlsa:from-file': () => answer });
    const generator = new TlsaGenerator(api);
    await generator.choose();
    answer = { ok: true, value: { status: 'cancelled' } };
    await generator.choose();
    expect([generator.phase, generator.fileName, generator.records]).toEqual(['read', 'a.pem', [record]]);
    answer = {
      ok: false,
      error: { code: 'invalid_file', key: 'certificate_file.not-a-certificate', params: { file: 'x.txt' }, message: 'x' },
    };
    await generator.choose();
    expect(generator.error).toMatchObject({ key: 'certificate_file.not-a-certificate', params: { file: 'x.txt' } });
  });
});

describe('tlsaRows', () => {
  it('gives one zone-file line per MX host and record, marking the record the DANE check found published', () => {
    const assessment = sampleAssessment();
    assessment.targets.push({ kind: 'mx', name: 'mx2.firma.cz', addresses: [], source: 'mx' });
    assessment.attempts.push({
      checkId: 'dane',
      status: 'completed',
      startedAt: assessment.startedAt,
      finishedAt: assessment.startedAt,
      durationMs: 1,
      data: {
        hosts: [
          {
            host: 'mail.firma.cz',
            base: 'mail.firma.cz',
            state: 'checked',
            records: [{ record: `3 1 1 ${HEX}`, usable: true, matches: [] }],
          },
        ],
      },
    });
    expect(tlsaRows(assessment, [record, ca]).map((r) => [r.text, r.published])).toEqual([
      [`_25._tcp.mail.firma.cz. IN TLSA 3 1 1 ${HEX}`, true],
      [`_25._tcp.mail.firma.cz. IN TLSA 2 1 1 ${'CD'.repeat(32)}`, false],
      [`_25._tcp.mx2.firma.cz. IN TLSA 3 1 1 ${HEX}`, false],
      [`_25._tcp.mx2.firma.cz. IN TLSA 2 1 1 ${'CD'.repeat(32)}`, false],
    ]);
  });

  it('never splices a name that is not a host name into a record: without valid MX hosts, the data alone', () => {
    const assessment = sampleAssessment();
    assessment.targets = [{ kind: 'mx', name: 'mail.firma.cz. IN TXT "x"', addresses: [], source: 'mx' }];
    expect(tlsaRows(assessment, [record]).map((r) => [r.owner, r.text])).toEqual([[undefined, `3 1 1 ${HEX}`]]);
  });
});
