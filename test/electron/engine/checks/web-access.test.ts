/**
 * The web-access check: RFC 6797 HSTS parsing and the HTTP answer rules (tables), the HTTP client
 * against hostile hosts (real sockets: silent, endless header), and the whole check against the
 * web lab (test/lab/web-lab.ts) through the engine's connector with connect-to rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connector, parseConnectTo } from '../../../../electron/engine/net/connect';
import { httpGet } from '../../../../electron/engine/net/http';
import {
  authSchemes,
  classifyHttpAnswer,
  offersBasic,
  owaAssetBuild,
  parseHsts,
} from '../../../../electron/engine/checks/web-access/assess';
import { webAccessCheck } from '../../../../electron/engine/checks/web-access/check';
import { accessHostsSpec, type AccessHostsResult } from '../../../../electron/engine/checks/access-hosts/spec';
import { platformSpec } from '../../../../electron/engine/checks/platform/spec';
import { readFile } from 'node:fs/promises';
import { checkContext, runCheck } from '../../../support/check-context';
import { FakeDns } from '../../../support/fake-dns';
import { startWebLab, webLabHosts, type WebLab } from '../../../lab/web-lab';

describe('parseHsts (RFC 6797 §6.1)', () => {
  it.each([
    ['max-age=31536000', { ok: true, maxAge: 31536000, includeSubDomains: false, preload: false }],
    ['max-age=31536000; includeSubDomains; preload', { ok: true, maxAge: 31536000, includeSubDomains: true, preload: true }],
    // §6.1 rule 3: directive names are case-insensitive; §6.1.1: the value may be a quoted-string.
    ['MAX-AGE="300" ; INCLUDESUBDOMAINS', { ok: true, maxAge: 300, includeSubDomains: true, preload: false }],
    // §6.1 rule 5: unknown directives are ignored.
    ['max-age=10; foo=bar', { ok: true, maxAge: 10, includeSubDomains: false, preload: false }],
    ['includeSubDomains', { ok: false, reason: 'no_max_age' }],
    ['max-age=-1', { ok: false, reason: 'bad_max_age' }],
    ['max-age', { ok: false, reason: 'bad_max_age' }],
    // §6.1 rule 2: a directive twice makes the header invalid.
    ['max-age=10; max-age=20', { ok: false, reason: 'duplicate_directive' }],
    ['max-age=10 includeSubDomains', { ok: false, reason: 'syntax' }],
  ])('%s', (value, expected) => {
    expect(parseHsts(value)).toEqual(expected);
  });
});

describe('plain HTTP answers', () => {
  it.each([
    [301, 'https://mail.firma.cz/owa/', 'redirect_https'],
    [302, '/owa/', 'redirect_http'],
    [308, 'https://login.firma.cz/', 'redirect_https'],
    [200, undefined, 'served'],
    // A 401 over HTTP asks for credentials in plain text.
    [401, undefined, 'served'],
    [403, undefined, 'refused'],
    [404, undefined, 'refused'],
  ] as const)('%i %s → %s', (status, location, kind) => {
    expect(classifyHttpAnswer(status, location, 'http://mail.firma.cz/owa/')).toBe(kind);
  });

  it('finds the OWA asset build and Basic among challenges', () => {
    expect(owaAssetBuild('<link href="/owa/auth/15.1.2507/themes/resources/favicon.ico">')).toBe('15.1.2507');
    expect(owaAssetBuild('/owa/auth/15.2.1748.36/scripts/x.js')).toBe('15.2.1748.36');
    expect(offersBasic(['Negotiate', 'NTLM', 'Basic realm="mail.firma.cz"'])).toBe(true);
    expect(offersBasic(['Negotiate, Basic realm="x"'])).toBe(true);
    expect(offersBasic(['Bearer authorization_uri="https://login/basic"', 'NTLM'])).toBe(false);
    expect(authSchemes(['Negotiate, Basic realm="a, b"', 'NTLM'])).toEqual(['Negotiate', 'Basic', 'NTLM']);
  });
});

let lab: WebLab;
let connector: Connector;
beforeAll(async () => {
  lab = await startWebLab();
  connector = new Connector({ connectTo: lab.connectTo.map(parseConnectTo) });
}, 30_000);
afterAll(async () => {
  await lab?.close();
});

const hostOf = (domain: string) => webLabHosts.find((h) => h.domain === domain)!;

describe('HTTP client against hostile hosts', () => {
  it('a host that accepts and never speaks ends at the handshake / header deadline', async () => {
    const h = hostOf('web-silent.test');
    const limits = { headerMs: 800, handshakeMs: 800 };
    const signal = new AbortController().signal;
    const [plain, secure] = await Promise.all([
      httpGet(connector.connect, { scheme: 'http', host: `mail.${h.domain}`, address: h.address, path: '/owa/', signal, limits }),
      httpGet(connector.connect, { scheme: 'https', host: `mail.${h.domain}`, address: h.address, path: '/owa/', signal, limits }),
    ]);
    expect(plain).toMatchObject({ problem: 'header_timeout' });
    expect(secure).toMatchObject({ problem: 'tls_timeout' });
    expect(plain.response).toBeUndefined();
  });

  it('an endless header is cut at the header limit', async () => {
    const h = hostOf('web-endless.test');
    const signal = new AbortController().signal;
    for (const scheme of ['http', 'https'] as const) {
      const x = await httpGet(connector.connect, {
        scheme,
        host: `mail.${h.domain}`,
        address: h.address,
        path: '/owa/',
        signal,
        extraCaPem: [await readFile(lab.caFile, 'utf8')],
        limits: { maxHeaderBytes: 32_768 },
      });
      expect(x, scheme).toMatchObject({ problem: 'header_too_large' });
    }
  });

  it('a refused port is told apart from a filtered one', async () => {
    const signal = new AbortController().signal;
    const refused = await httpGet(new Connector().connect, { scheme: 'http', host: 'x.test', address: '127.0.50.250', path: '/', signal });
    expect(refused.problem).toBe('refused');
  });
});

function hostsResult(domain: string, address: string): AccessHostsResult {
  return {
    hosts: [
      { name: `mail.${domain}`, addresses: [address], sources: [{ kind: 'mx' }], srv: [], microsoft: false },
      { name: `autodiscover.${domain}`, addresses: [address], sources: [{ kind: 'autodiscover' }], srv: [], microsoft: false },
    ],
    autodiscoverExchangeOnline: false,
  };
}

async function run(domain: string) {
  const h = hostOf(domain);
  const { ctx } = checkContext(
    webAccessCheck,
    new FakeDns({}),
    { domain },
    {
      connector,
      settings: { extraCaPem: [await readFile(lab.caFile, 'utf8')] },
      results: new Map<{ id: string }, unknown>([
        [accessHostsSpec, hostsResult(domain, h.address)],
        [platformSpec, { platform: 'on-premises-or-other', tenantTraces: false, signals: [] }],
      ]),
    },
  );
  return runCheck(webAccessCheck, ctx);
}

describe('web-access check against the web lab', () => {
  it('good host: HSTS one year, redirect, valid certificate covering both names, one address tested once', async () => {
    const out = await run('web-good.test');
    const keys = out.findings.map((f) => f.key);
    expect(keys).toEqual(
      expect.arrayContaining(['finding.web_access.hsts_ok', 'finding.web_access.http_redirects', 'finding.web_access.certificate_ok']),
    );
    expect(out.findings.filter((f) => f.status === 'fail')).toEqual([]);
    expect(out.data.addresses).toHaveLength(1);
    const a = out.data.addresses[0]!;
    // autodiscover ranks before mx: it is the Host and SNI.
    expect(a).toMatchObject({
      host: 'autodiscover.web-good.test',
      names: ['autodiscover.web-good.test', 'mail.web-good.test'],
      https: 'open',
      http: 'open',
    });
    // 6 paths + the logon page on each scheme at most; the versions probe on top.
    expect(a.requests.filter((r) => r.scheme === 'https').map((r) => r.path)).toContain('/EWS/Exchange.asmx');
    expect(a.requests.length).toBeLessThanOrEqual(14);
    expect(a.requests.find((r) => r.path.startsWith('/owa/auth/logon.aspx'))?.owaAssetBuild).toBe('15.2.2562');
    // Politeness (DESIGN §4): at most two connections at once; the HTTP requests plus the version, suite and key-exchange ClientHellos.
    const stats = connector.stats().find((x) => x.address === '127.0.50.1')!;
    expect(stats.peakConcurrent).toBeLessThanOrEqual(2);
    expect(stats.connections).toBeLessThanOrEqual(
      a.requests.length + (a.versions?.stats.handshakes ?? 0) + (a.ciphers?.stats.handshakes ?? 0) + (a.keyExchange?.stats.handshakes ?? 0),
    );
    expect(stats.connections).toBeLessThanOrEqual(50);
    // Port 443's key exchange is probed as the MX checks probe theirs (issue 9: the TLS profile of 443).
    expect(a.keyExchange?.groups.flatMap((g) => g.groups.map((x) => x.name))).toEqual(expect.arrayContaining(['x25519']));
    expect(a.versions?.supported).toEqual(['TLSv1.2', 'TLSv1.3']);
  });

  it.each([
    ['web-nohsts.test', 'finding.web_access.hsts_missing'],
    ['web-short-hsts.test', 'finding.web_access.hsts_short'],
    ['web-noredirect.test', 'finding.web_access.http_served'],
    ['web-asset-only.test', 'finding.web_access.http_no_redirect'],
    ['web-legacy-tls.test', 'finding.web_access.tls_legacy'],
    ['web-legacy-tls.test', 'finding.web_access.ciphers_insufficient'],
  ])('%s → %s', async (domain, key) => {
    const out = await run(domain);
    expect(out.findings.map((f) => f.key)).toContain(key);
  });

  it('silent and endless hosts end with "no usable answer" after one request per port', async () => {
    const [silent, endless] = await Promise.all([run('web-silent.test'), run('web-endless.test')]);
    expect(silent.findings.map((f) => f.key).sort()).toEqual(['finding.web_access.http_no_answer', 'finding.web_access.https_no_answer']);
    // The endless host completes TLS (its certificate and versions are judged) but never ends its header.
    expect(endless.findings.map((f) => f.key)).toEqual(
      expect.arrayContaining(['finding.web_access.http_no_answer', 'finding.web_access.https_no_answer']),
    );
    for (const out of [silent, endless]) expect(out.data.addresses[0]!.requests).toHaveLength(2);
    expect(String(endless.findings.find((f) => f.key === 'finding.web_access.http_no_answer')!.params!.detail)).toMatch(/32768/);
  }, 40_000);
});

describe('Exchange Online', () => {
  it("Microsoft's endpoints are not probed; with no own web host published, row 9 holds on Microsoft's side", async () => {
    const { ctx } = checkContext(
      webAccessCheck,
      new FakeDns({}),
      { domain: 'exo.test' },
      {
        connector: new Connector(),
        results: new Map<{ id: string }, unknown>([
          [
            accessHostsSpec,
            {
              hosts: [
                {
                  name: 'autodiscover.exo.test',
                  addresses: ['127.0.10.100'],
                  sources: [{ kind: 'autodiscover' }],
                  srv: [],
                  microsoft: true,
                },
              ],
              autodiscoverExchangeOnline: true,
            },
          ],
          [platformSpec, { platform: 'exchange-online', tenantTraces: false, signals: ['mx-exchange-online'] }],
        ]),
      },
    );
    const out = await runCheck(webAccessCheck, ctx);
    expect(out.findings).toEqual([
      expect.objectContaining({
        status: 'pass',
        key: 'finding.web_access.exchange_online',
        params: { domain: 'exo.test', via: ['autodiscover.exo.test → autodiscover.outlook.com', 'MX → Exchange Online'] },
      }),
    ]);
    expect(out.data.hosts).toEqual([{ name: 'autodiscover.exo.test', addresses: ['127.0.10.100'], probed: false, reason: 'microsoft' }]);
    expect(out.data.addresses).toEqual([]);
  });
});
