/**
 * The mta-sts check against the lab: real DNS packets from the lab DNS server, real TLS handshakes
 * and HTTP responses from the policy hosts of test/lab/https-policy.ts, reached through
 * --connect-to rules, the lab CA trusted as `--ca-file` does. The parsers get RFC tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SkipCheck, type AnyCheck } from '../../../../electron/engine/check';
import { mxCheck } from '../../../../electron/engine/checks/mx/check';
import type { MxResult } from '../../../../electron/engine/checks/mx/spec';
import { createMtaStsCheck, mtaStsCheck } from '../../../../electron/engine/checks/mta-sts/check';
import { DEFAULT_FETCH_LIMITS } from '../../../../electron/engine/checks/mta-sts/fetch';
import { mxMatches, parsePolicy, parseStsRecord, parseTlsRptRecord } from '../../../../electron/engine/checks/mta-sts/parse';
import { Connector, parseConnectTo } from '../../../../electron/engine/net/connect';
import type { LabZone } from '../../../lab/dns-server';
import { mtaStsLabZones, policyLabHosts, startPolicyLab, type PolicyLab } from '../../../lab/https-policy';
import { findingKeys, runCheckAgainstLab } from '../../../support/check-harness';

let lab: PolicyLab;
beforeAll(async () => {
  lab = await startPolicyLab();
}, 30_000);
afterAll(() => lab?.close());

/** The MX result as the mx check gives it for a lab scenario (every MX host of its zone). */
function mxOf(domain: string): MxResult {
  const spec = policyLabHosts.find((h) => h.domain === domain)!;
  const host = (exchange: string, preference: number) => ({ preference, exchange, cnames: [], ipv4: [spec.address], ipv6: [] });
  return { kind: 'mx', hosts: [host(`mail.${domain}`, 10), ...(spec.extraMx ?? []).map((m) => host(m, 20))], extraHosts: [] };
}

async function run(
  domain: string,
  options: {
    check?: ReturnType<typeof createMtaStsCheck>;
    trustLab?: boolean;
    signal?: AbortSignal;
    mx?: MxResult;
    zones?: LabZone[];
  } = {},
) {
  const connector = new Connector({ connectTo: lab.connectTo.map(parseConnectTo) });
  const started = Date.now();
  const result = await runCheckAgainstLab(
    options.check ?? mtaStsCheck,
    options.zones ?? mtaStsLabZones(),
    { domain },
    new Map<AnyCheck, unknown>([[mxCheck, options.mx ?? mxOf(domain)]]),
    {
      connector,
      settings: { extraCaPem: options.trustLab === false ? [] : [lab.ca.root.pem] },
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  return { ...result, connector, ms: Date.now() - started };
}

const finding = (output: Awaited<ReturnType<typeof run>>['output'], key: string) => output.findings.find((f) => f.key === key);

describe('mta-sts check against the lab', () => {
  it('passes an enforce policy covering the MX by a wildcard, with TLS-RPT', async () => {
    const { output, progress, connector } = await run('sts-good.test');
    expect(output.findings.map((f) => [f.key, f.status])).toEqual([
      ['finding.mta_sts.ok', 'pass'],
      ['finding.tlsrpt.ok', 'pass'],
    ]);
    expect(output.data.record).toMatchObject({ outcome: 'found', id: '20261201T000000' });
    expect(output.data.policy).toMatchObject({
      outcome: 'ok',
      status: 200,
      url: 'https://mta-sts.sts-good.test/.well-known/mta-sts.txt',
      certificate: { authorized: true, hostMatch: true },
    });
    expect(output.data.parsed).toMatchObject({ mode: 'enforce', maxAge: 1209600, mx: ['*.sts-good.test'], valid: true });
    expect(output.data.coverage).toEqual([{ host: 'mail.sts-good.test', pattern: '*.sts-good.test' }]);
    expect(output.data.tlsrpt.rua).toEqual(['mailto:tlsrpt@sts-good.test', 'https://reports.sts-good.test/tlsrpt']);
    const ok = finding(output, 'finding.mta_sts.ok')!;
    // The evidence shows the policy as served and where the connection went (--connect-to).
    expect(ok.evidence).toContainEqual(
      expect.objectContaining({ type: 'text', key: 'evidence.mta_sts.policy', value: expect.stringContaining('mode: enforce') }),
    );
    expect(ok.evidence).toContainEqual(expect.objectContaining({ type: 'text', key: 'evidence.connect.endpoint' }));
    expect(progress).toContain('finished mta-sts.sts-good.test pass');
    // One request with the right Host, one connection.
    expect(lab.servers.get('mta-sts.sts-good.test')!.requests.at(-1)).toMatch(
      /^GET \/\.well-known\/mta-sts\.txt HTTP\/1\.1\r\n[\s\S]*Host: mta-sts\.sts-good\.test/,
    );
    expect(connector.stats().map((s) => [s.address, s.connections])).toEqual([['127.0.41.1', 1]]);
  });

  it('reports testing mode as such, and a missing TLS-RPT record', async () => {
    const { output } = await run('sts-testing.test');
    expect(output.findings.map((f) => [f.key, f.status])).toEqual([
      ['finding.mta_sts.mode_testing', 'info'],
      ['finding.tlsrpt.missing', 'warning'],
    ]);
  });

  it('fails an enforce policy whose mx: lines miss an MX host (RFC 8461 §4.1: a wildcard covers one label)', async () => {
    const { output } = await run('sts-uncovered.test');
    expect(output.findings.filter((f) => f.key === 'finding.mta_sts.mx_not_covered').map((f) => [f.target, f.status])).toEqual([
      ['backup.mx.sts-uncovered.test', 'fail'],
    ]);
    expect(output.data.coverage).toEqual([
      { host: 'mail.sts-uncovered.test', pattern: 'mail.sts-uncovered.test' },
      { host: 'backup.mx.sts-uncovered.test' },
    ]);
    expect(findingKeys(output)).not.toContain('finding.mta_sts.ok');
  });

  it('reports each syntax error of the record, the policy and the TLS-RPT record', async () => {
    const { output } = await run('sts-bad-syntax.test');
    expect(finding(output, 'finding.mta_sts.record_invalid')!.params).toMatchObject({ part: '2026-12-01' });
    expect(
      output.findings.filter((f) => f.key === 'finding.mta_sts.policy_field_invalid').map((f) => [f.params!.field, f.params!.value]),
    ).toEqual([
      ['mode', 'enforcing'],
      ['max_age', '99999999999'],
    ]);
    // An invalid value is reported once, not also as a missing field.
    expect(findingKeys(output)).not.toContain('finding.mta_sts.policy_field_missing');
    expect(finding(output, 'finding.tlsrpt.bad_uri')!.params).toMatchObject({ uri: 'ftp://reports.sts-bad-syntax.test/' });
    expect(findingKeys(output)).toContain('finding.tlsrpt.invalid');
    expect(output.data.parsed?.valid).toBe(false);
    expect(output.data.coverage).toEqual([]);
  });

  it('never follows a redirect (RFC 8461 §3.3)', async () => {
    const before = lab.servers.get('mta-sts.sts-redirect.test')!.requests.length;
    const { output, connector } = await run('sts-redirect.test');
    expect(finding(output, 'finding.mta_sts.policy_redirect')!.params).toMatchObject({
      status: 301,
      location: 'https://www.sts-redirect.test/mta-sts.txt',
    });
    expect(lab.servers.get('mta-sts.sts-redirect.test')!.requests.length - before).toBe(1);
    expect(connector.stats().map((s) => s.address)).toEqual(['127.0.41.5']);
  });

  it('ends a host that accepts and never speaks at the handshake deadline', async () => {
    const check = createMtaStsCheck({ ...DEFAULT_FETCH_LIMITS, handshakeMs: 400 });
    const { output, ms } = await run('sts-silent.test', { check });
    expect(finding(output, 'finding.mta_sts.policy_unreachable')!.params!.detail).toMatch(/^tls_timeout/);
    expect(output.data.policy).toMatchObject({ outcome: 'unreachable', problem: 'tls_timeout' });
    expect(ms).toBeLessThan(3_000);
  });

  it('ends a host that completes TLS and never answers at the response deadline', async () => {
    const check = createMtaStsCheck({ ...DEFAULT_FETCH_LIMITS, responseMs: 400 });
    const { output, ms } = await run('sts-stall.test', { check });
    expect(output.data.policy).toMatchObject({ outcome: 'unreachable', problem: 'response_timeout', certificate: { authorized: true } });
    expect(findingKeys(output)).toContain('finding.mta_sts.policy_unreachable');
    expect(ms).toBeLessThan(3_000);
  });

  it('cuts an endless body at 64 KiB and an endless header at the header limit', async () => {
    const body = await run('sts-endless-body.test');
    expect(body.output.data.policy).toMatchObject({ outcome: 'too_large', status: 200 });
    expect(body.output.data.policy!.bytes).toBeGreaterThan(DEFAULT_FETCH_LIMITS.maxBodyBytes);
    expect(body.output.data.policy!.bytes).toBeLessThan(DEFAULT_FETCH_LIMITS.maxBodyBytes + 32_768);
    expect(findingKeys(body.output)).toContain('finding.mta_sts.policy_too_large');
    const header = await run('sts-endless-header.test');
    expect(header.output.data.policy).toMatchObject({ outcome: 'unreachable', problem: 'header_too_large' });
  });

  it('reports a policy without its TXT record, and a missing record without a policy', async () => {
    const { output } = await run('sts-no-record.test');
    expect(findingKeys(output)).toEqual(['finding.mta_sts.policy_without_record', 'finding.tlsrpt.ok']);
    // A domain without any MTA-STS: no policy host (NXDOMAIN), so no connection either.
    const plain: LabZone = {
      origin: 'sts-none.test',
      records: [
        { name: '@', type: 'SOA', data: { mname: 'ns1.sts-none.test', rname: 'hostmaster.sts-none.test' } },
        { name: '@', type: 'MX', data: { preference: 10, exchange: 'mail.sts-none.test' } },
      ],
    };
    const none = await run('sts-none.test', {
      zones: [...mtaStsLabZones(), plain],
      mx: {
        kind: 'mx',
        hosts: [{ preference: 10, exchange: 'mail.sts-none.test', cnames: [], ipv4: ['127.0.41.99'], ipv6: [] }],
        extraHosts: [],
      },
    });
    expect(none.output.findings.map((f) => [f.key, f.status])).toEqual([
      ['finding.mta_sts.missing', 'warning'],
      ['finding.tlsrpt.missing', 'warning'],
    ]);
    expect(none.output.data.policy).toMatchObject({ outcome: 'no_address' });
    expect(none.connector.stats()).toEqual([]);
  });

  it('refuses a certificate for another name, and one from an untrusted CA', async () => {
    const wrong = await run('sts-wrong-cert.test');
    expect(finding(wrong.output, 'finding.mta_sts.policy_certificate')!.params).toMatchObject({ host: 'mta-sts.sts-wrong-cert.test' });
    expect(wrong.output.data.policy?.certificate).toMatchObject({ authorized: true, hostMatch: false });
    // The engine's trust store without the lab CA: the very good host is untrusted.
    const untrusted = await run('sts-good.test', { trustLab: false });
    expect(untrusted.output.data.policy?.certificate).toMatchObject({ authorized: false });
    expect(findingKeys(untrusted.output)).toContain('finding.mta_sts.policy_certificate');
    expect(findingKeys(untrusted.output)).not.toContain('finding.mta_sts.ok');
  });

  it('reports several records of either kind', async () => {
    const { output } = await run('sts-multiple.test');
    expect(finding(output, 'finding.mta_sts.record_multiple')!.params).toMatchObject({ count: 2 });
    expect(finding(output, 'finding.tlsrpt.multiple')!.params).toMatchObject({ count: 2 });
  });

  it('checks the content type (RFC 8461 §3.2: text/plain)', async () => {
    const { output } = await run('sts-html.test');
    expect(finding(output, 'finding.mta_sts.policy_content_type')!.params).toMatchObject({ contentType: 'text/html' });
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    await expect(run('sts-silent.test', { signal: controller.signal })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('is skipped for a domain that accepts no mail', async () => {
    await expect(run('sts-good.test', { mx: { kind: 'null-mx', hosts: [], extraHosts: [] } })).rejects.toBeInstanceOf(SkipCheck);
  });

  it('explains every finding key in both languages with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]).sort();
    for (const [key, d] of Object.entries(mtaStsCheck.spec.findings)) {
      expect(d.cs.length, key).toBeGreaterThan(20);
      expect(placeholders(d.cs), key).toEqual(placeholders(d.en));
    }
  });
});

describe('MTA-STS and TLS-RPT parsers', () => {
  it.each([
    // RFC 8461 §3.1: sts-id = 1*32(ALPHA / DIGIT)
    ['v=STSv1; id=20160831085700Z;', '20160831085700Z', []],
    ['v=STSv1;id=abc', 'abc', []],
    ['v=STSv1; id=2026-12-01', undefined, ['invalid_id']],
    [`v=STSv1; id=${'a'.repeat(33)}`, undefined, ['invalid_id']],
    ['v=STSv1;', undefined, ['missing_id']],
    ['v=STSv1; id=a; ext=v', 'a', []],
  ])('_mta-sts record %j', (text, id, problems) => {
    const r = parseStsRecord(text);
    expect(r.id).toBe(id);
    expect(r.problems.map((p) => p.code)).toEqual(problems);
  });

  it.each([
    // RFC 8461 §3.2 example, CRLF and bare LF (errata 6253) alike
    ['version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n', []],
    ['version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 0', []],
    ['version: STSv1\nmode: none\nmax_age: 86400\n', []],
    ['version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 31557600\n', []],
    ['version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 31557601\n', ['invalid_field:max_age']],
    ['version: STSv2\nmode: enforce\nmx: mail.example.com\nmax_age: 1\n', ['invalid_field:version']],
    ['version: STSv1\nmode: enforce\nmx: mail*.example.com\nmax_age: 1\n', ['invalid_field:mx']],
    ['version: STSv1\nmode: enforce\nmax_age: 1\n', ['missing_field:mx']],
    ['version: STSv1\nmode: enforce\nmode: testing\nmx: a.example\nmax_age: 1\n', ['duplicate_field:mode']],
    ['version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\nthis is not a field\n', ['invalid_line']],
    ['version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\nextension: ignored\n', []],
  ])('policy %j', (text, problems) => {
    const p = parsePolicy(text);
    expect(p.problems.map((x) => ('field' in x ? `${x.code}:${x.field}` : x.code))).toEqual(problems);
  });

  it.each([
    // RFC 8461 §4.1
    ['mail.example.com', 'mail.example.com', true],
    ['mail.example.com', 'MAIL.example.com.', true],
    ['*.example.com', 'mail.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'foo.bar.example.com', false],
    ['mail.example.com', 'mx.example.com', false],
  ])('mx pattern %s matches %s: %s', (pattern, host, expected) => {
    expect(mxMatches(pattern, host)).toBe(expected);
  });

  it.each([
    // RFC 8460 §3
    ['v=TLSRPTv1; rua=mailto:reports@example.com', ['mailto:reports@example.com'], []],
    ['v=TLSRPTv1;rua=https://reporting.example.com/v1/tlsrpt', ['https://reporting.example.com/v1/tlsrpt'], []],
    ['v=TLSRPTv1; rua=mailto:a@example.com, https://r.example.com/x', ['mailto:a@example.com', 'https://r.example.com/x'], []],
    ['v=TLSRPTv1; rua=ftp://example.com/', [], ['invalid_uri']],
    ['v=TLSRPTv1;', [], ['missing_rua']],
  ])('TLS-RPT record %j', (text, rua, problems) => {
    const r = parseTlsRptRecord(text);
    expect(r.rua).toEqual(rua);
    expect(r.problems.map((p) => p.code)).toEqual(problems);
  });
});
