/**
 * The exchange check on what web-access saw in the web lab (real HTTPS answers with Exchange
 * headers), and on hand-made web results for the deployment rules (Exchange Online, hybrid).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessHostsSpec, type AccessHostsResult } from '../../../../electron/engine/checks/access-hosts/spec';
import { exchangeCheck } from '../../../../electron/engine/checks/exchange/check';
import { platformSpec } from '../../../../electron/engine/checks/platform/spec';
import { startTlsSpec } from '../../../../electron/engine/checks/starttls/spec';
import { webAccessCheck } from '../../../../electron/engine/checks/web-access/check';
import { webAccessSpec, type WebAccessResult } from '../../../../electron/engine/checks/web-access/spec';
import { Connector, parseConnectTo } from '../../../../electron/engine/net/connect';
import { checkContext, runCheck } from '../../../support/check-context';
import { FakeDns } from '../../../support/fake-dns';
import { startWebLab, webLabHosts, type WebLab } from '../../../lab/web-lab';

let lab: WebLab;
let connector: Connector;
beforeAll(async () => {
  lab = await startWebLab();
  connector = new Connector({ connectTo: lab.connectTo.map(parseConnectTo) });
}, 30_000);
afterAll(async () => {
  await lab?.close();
});

const onPremises = { platform: 'on-premises-or-other', tenantTraces: false, signals: [] };

function hosts(domain: string, address: string): AccessHostsResult {
  return {
    hosts: [
      { name: `mail.${domain}`, addresses: [address], sources: [{ kind: 'mx' }, { kind: 'common-name' }], srv: [], microsoft: false },
    ],
    autodiscoverExchangeOnline: false,
  };
}

async function exchangeOn(web: WebAccessResult, platform: unknown = onPremises, access?: AccessHostsResult) {
  const { ctx } = checkContext(
    exchangeCheck,
    new FakeDns({}),
    { domain: 'x.test' },
    {
      results: new Map<{ id: string }, unknown>([
        [webAccessSpec, web],
        [platformSpec, platform],
        [accessHostsSpec, access ?? { hosts: [], autodiscoverExchangeOnline: false }],
        [startTlsSpec, undefined],
      ]),
    },
  );
  return runCheck(exchangeCheck, ctx);
}

async function viaLab(domain: string) {
  const h = webLabHosts.find((x) => x.domain === domain)!;
  const access = hosts(domain, h.address);
  const { ctx } = checkContext(
    webAccessCheck,
    new FakeDns({}),
    { domain },
    {
      connector,
      settings: { extraCaPem: [await readFile(lab.caFile, 'utf8')] },
      results: new Map<{ id: string }, unknown>([
        [accessHostsSpec, access],
        [platformSpec, onPremises],
      ]),
    },
  );
  const web = await runCheck(webAccessCheck, ctx);
  return exchangeOn(web.data, onPremises, access);
}

describe('exchange check on the web lab', () => {
  it('Exchange 2016 CU23 from X-OWA-Version: unsupported, with the newest update of its line', async () => {
    const out = await viaLab('web-ex2016.test');
    const f = out.findings.find((x) => x.key === 'finding.exchange.unsupported');
    expect(f).toMatchObject({
      status: 'fail',
      params: { build: '15.1.2507.39', name: 'Exchange Server 2016 CU23 Apr24HU', supportEnd: '2025-10-14', latestBuild: '15.1.2507.72' },
    });
    expect(out.data).toMatchObject({
      deployment: 'on-premises',
      servers: [{ source: 'x-owa-version', product: '2016', frontEnd: 'LAB-EX01' }],
    });
  });

  it('Basic offered on EWS only: one finding naming that URL; the current SE build passes', async () => {
    const out = await viaLab('web-basic.test');
    expect(out.findings.filter((f) => f.key === 'finding.exchange.basic_auth').map((f) => f.params?.urls)).toEqual([
      ['https://mail.web-basic.test/EWS/Exchange.asmx'],
    ]);
    expect(out.findings.map((f) => f.key)).toContain('finding.exchange.current');
  });

  it('the build from the logon page asset path when X-OWA-Version is stripped', async () => {
    const out = await viaLab('web-asset-only.test');
    expect(out.data.servers[0]).toMatchObject({ source: 'owa-asset-path', build: '15.2.1748', precision: 'cu', product: '2019' });
    expect(out.findings.map((f) => f.key)).toContain('finding.exchange.unsupported');
  });

  it('a web server without Exchange traces is not Exchange', async () => {
    const out = await viaLab('web-silent.test');
    expect(out.data.servers).toEqual([]);
    expect(out.findings.map((f) => f.key)).toEqual(['finding.exchange.not_seen']);
  });
});

describe('deployment', () => {
  const owaAddress = (owaVersion: string): WebAccessResult['addresses'][number] => ({
    host: 'mail.x.test',
    names: ['mail.x.test'],
    address: '127.0.0.9',
    https: 'open',
    http: 'refused',
    requests: [
      {
        scheme: 'https',
        path: '/owa/',
        url: 'https://mail.x.test/owa/',
        status: 302,
        headers: [['x-owa-version', owaVersion]],
        durationMs: 1,
      },
    ],
    namesNotCovered: [],
    verdicts: [],
  });
  const exo = { platform: 'exchange-online', tenantTraces: false, signals: ['mx-exchange-online'] };

  it('Exchange Online only', async () => {
    const out = await exchangeOn({ hosts: [], addresses: [], exchangeOnline: true }, exo);
    expect(out.data.deployment).toBe('exchange-online');
    expect(out.findings.map((f) => f.key)).toEqual(['finding.exchange.online']);
  });

  it('Exchange Online MX and an on-premises OWA still published: hybrid, the own server judged', async () => {
    const out = await exchangeOn({ hosts: [], addresses: [owaAddress('15.2.1544.4')], exchangeOnline: true }, exo);
    expect(out.data.deployment).toBe('hybrid');
    expect(out.findings.map((f) => f.key)).toEqual(['finding.exchange.hybrid', 'finding.exchange.unsupported']);
  });

  it('an Exchange MX greeting is on-premises Exchange even when no OWA is published', async () => {
    const starttls = {
      addresses: [
        {
          host: 'mail.x.test',
          address: '127.0.0.9',
          session: { greeting: { code: 220, lines: ['mail.x.test Microsoft ESMTP MAIL Service ready at Wed, 2 Dec 2026 08:00:00 +0100'] } },
        },
      ],
    };
    const { ctx } = checkContext(
      exchangeCheck,
      new FakeDns({}),
      { domain: 'x.test' },
      {
        results: new Map<{ id: string }, unknown>([
          [webAccessSpec, { hosts: [], addresses: [], exchangeOnline: false }],
          [platformSpec, onPremises],
          [accessHostsSpec, { hosts: [], autodiscoverExchangeOnline: false }],
          [startTlsSpec, starttls],
        ]),
      },
    );
    const out = await runCheck(exchangeCheck, ctx);
    expect(out.data).toMatchObject({ deployment: 'on-premises', servers: [{ host: 'mail.x.test', source: 'smtp-banner' }] });
    expect(out.findings.map((f) => f.key)).toEqual(['finding.exchange.on_premises']);
  });

  it('an SE build older than the newest update of its line is flagged with how much older', async () => {
    const out = await exchangeOn({ hosts: [], addresses: [owaAddress('15.2.2562.17')], exchangeOnline: false });
    expect(out.findings.find((f) => f.key === 'finding.exchange.outdated')).toMatchObject({
      status: 'warning',
      params: { name: 'Exchange Server SE RTM', latestBuild: '15.2.2562.46', latestReleased: '2026-08-11', behindDays: 406 },
    });
  });
});
