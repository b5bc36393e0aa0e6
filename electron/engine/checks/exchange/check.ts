/**
 * Exchange from outside: reads what web-access and starttls saw (no new connections), tells
 * Exchange Online, on-premises and hybrid apart, maps the build to its support status and reports
 * Basic authentication on the web services.
 */
import type { Evidence } from '../../../../shared/assessment';
import { SkipCheck, defineCheck, type FindingOf, type OutputOf } from '../../check';
import { accessHostsSpec } from '../access-hosts/spec';
import { platformSpec } from '../platform/spec';
import { startTlsSpec } from '../starttls/spec';
import { offersBasic } from '../web-access/assess';
import { webAccessSpec, type WebAddress } from '../web-access/spec';
import { EXCHANGE_DATA_HORIZON } from './builds';
import { exchangeSpec, type ExchangeServer } from './spec';
import { compareBuilds, daysBetween, lookupBuild, parseBuild, productOf } from './version';

type Finding = FindingOf<typeof exchangeSpec>;

/** Services whose clients send the password with every request when Basic is on (EWS, EAS, autodiscover, MAPI/HTTP). */
const BASIC_PATHS = new Set(['/EWS/Exchange.asmx', '/Microsoft-Server-ActiveSync', '/autodiscover/autodiscover.xml', '/mapi/']);
const EXCHANGE_HEADERS = ['x-owa-version', 'x-feserver', 'x-beserver', 'x-calculatedbetarget'];

function header(a: WebAddress, name: string): string | undefined {
  // HTTPS first: what users see.
  const ordered = [...a.requests].sort((x, y) => (x.scheme === y.scheme ? 0 : x.scheme === 'https' ? -1 : 1));
  for (const r of ordered) {
    const v = r.headers.find(([k]) => k === name)?.[1];
    if (v !== undefined) return v.trim();
  }
  return undefined;
}

function serverOf(a: WebAddress): ExchangeServer | undefined {
  const owaVersion = header(a, 'x-owa-version');
  const asset = a.requests.find((r) => r.owaAssetBuild)?.owaAssetBuild;
  const basicAuth = a.requests
    .filter(
      (r) =>
        BASIC_PATHS.has(r.path) && r.status === 401 && offersBasic(r.headers.filter(([k]) => k === 'www-authenticate').map(([, v]) => v)),
    )
    .map((r) => r.url);
  const exchangeSeen = EXCHANGE_HEADERS.some((h) => header(a, h) !== undefined) || asset !== undefined;
  if (!exchangeSeen && basicAuth.length === 0) return undefined;
  const frontEnd = header(a, 'x-feserver');
  const build = owaVersion !== undefined && parseBuild(owaVersion) ? owaVersion : asset;
  return {
    host: a.host,
    address: a.address,
    ...(build ? { build } : {}),
    source: build === undefined ? 'owa-headers' : build === asset && build !== owaVersion ? 'owa-asset-path' : 'x-owa-version',
    basicAuth,
    ...(frontEnd ? { frontEnd } : {}),
  };
}

function evidenceOf(a: WebAddress, s: ExchangeServer): Evidence[] {
  const lines = [
    ...EXCHANGE_HEADERS.flatMap((h) => {
      const v = header(a, h);
      return v === undefined ? [] : [`${h}: ${v}`];
    }),
    ...a.requests.filter((r) => r.owaAssetBuild).map((r) => `${r.url}: /owa/auth/${r.owaAssetBuild}/`),
    ...a.requests
      .filter((r) => s.basicAuth.includes(r.url))
      .flatMap((r) => r.headers.filter(([k]) => k === 'www-authenticate').map(([, v]) => `${r.url}: www-authenticate: ${v}`)),
  ];
  return [
    { type: 'address', host: a.host, address: a.address },
    { type: 'text', key: 'evidence.exchange.seen', value: lines.join('\n') },
  ];
}

export const exchangeCheck = defineCheck(exchangeSpec, {
  async run(ctx): Promise<OutputOf<typeof exchangeSpec>> {
    const web = ctx.resultOf(webAccessSpec);
    if (!web) throw new SkipCheck('skipped.exchange.requires_web_access');
    const platform = ctx.resultOf(platformSpec);
    const hosts = ctx.resultOf(accessHostsSpec);
    const starttls = ctx.resultOf(startTlsSpec);
    const today = new Date();
    const todayIso = today.toISOString().slice(0, 10);
    const findings: Finding[] = [];
    const servers: ExchangeServer[] = [];

    for (const a of web.addresses) {
      const server = serverOf(a);
      if (!server) continue;
      const evidence = evidenceOf(a, server);
      const base = { host: server.host, address: server.address };
      if (server.build) {
        const info = lookupBuild(server.build, today);
        const parsed = parseBuild(server.build);
        const product = parsed ? productOf(parsed) : undefined;
        if (info) {
          Object.assign(server, {
            product: info.product,
            name: info.name,
            ...(info.released ? { released: info.released } : {}),
            precision: info.precision,
            supported: info.supported,
          });
          const latest = {
            latest: info.latestInLine.name,
            latestBuild: info.latestInLine.build,
            latestReleased: info.latestInLine.released ?? '?',
          };
          const params = { ...base, build: info.build, name: info.name, released: info.released ?? '?', product: info.product, ...latest };
          const behind = parseBuild(info.latestInLine.build)!;
          if (!info.supported)
            findings.push({
              status: 'fail',
              key: 'finding.exchange.unsupported',
              params: { ...params, supportEnd: info.supportEnd ?? '', ageDays: info.released ? daysBetween(info.released, todayIso) : '?' },
              target: server.host,
              evidence,
            });
          else if (info.precision === 'cu')
            findings.push({ status: 'info', key: 'finding.exchange.cu_level', params, target: server.host, evidence });
          else if (compareBuilds(parseBuild(info.build)!, behind) < 0)
            findings.push({
              status: 'warning',
              key: 'finding.exchange.outdated',
              params: { ...params, behindDays: daysBetween(info.released ?? todayIso, info.latestInLine.released ?? todayIso) },
              target: server.host,
              evidence,
            });
          else
            findings.push({
              status: 'pass',
              key: 'finding.exchange.current',
              params: { ...params, horizon: EXCHANGE_DATA_HORIZON },
              target: server.host,
              evidence,
            });
        } else if (product !== 'online') {
          findings.push({
            status: 'info',
            key: 'finding.exchange.build_unknown',
            params: { ...base, build: server.build, horizon: EXCHANGE_DATA_HORIZON },
            target: server.host,
            evidence,
          });
        }
      }
      if (server.basicAuth.length > 0)
        findings.push({
          status: 'fail',
          key: 'finding.exchange.basic_auth',
          params: { ...base, urls: server.basicAuth },
          target: server.host,
          evidence,
        });
      servers.push(server);
    }

    // The SMTP greeting of an Exchange MX ("Microsoft ESMTP MAIL Service ready"), when OWA said nothing.
    for (const s of starttls?.addresses ?? []) {
      const greeting = s.session?.greeting?.lines.join(' ') ?? '';
      if (/Microsoft ESMTP MAIL Service/i.test(greeting) && !servers.some((x) => x.address === s.address))
        servers.push({ host: s.host, address: s.address, source: 'smtp-banner', basicAuth: [] });
    }

    const exo = platform?.platform === 'exchange-online' || hosts?.autodiscoverExchangeOnline === true;
    const own = [...new Set(servers.map((s) => s.host))];
    const deployment = exo && own.length > 0 ? 'hybrid' : exo ? 'exchange-online' : own.length > 0 ? 'on-premises' : 'unknown';
    const signals = [
      ...(platform?.signals ?? []),
      ...(hosts?.autodiscoverExchangeOnline ? ['autodiscover → autodiscover.outlook.com'] : []),
    ];
    const seen = [...new Set(servers.map((s) => s.source))];
    if (deployment === 'hybrid')
      findings.unshift({ status: 'info', key: 'finding.exchange.hybrid', params: { signals: [...new Set(signals)], hosts: own } });
    else if (deployment === 'exchange-online') findings.unshift({ status: 'info', key: 'finding.exchange.online', params: {} });
    else if (deployment === 'on-premises')
      findings.unshift({ status: 'info', key: 'finding.exchange.on_premises', params: { hosts: own, seen } });
    else if (web.addresses.length > 0) findings.push({ status: 'info', key: 'finding.exchange.not_seen', params: {} });
    return { data: { deployment, servers, dataHorizon: EXCHANGE_DATA_HORIZON }, findings };
  },
});
