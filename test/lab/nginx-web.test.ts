/**
 * Web access interop (DESIGN §6, issue 9 §8): a real nginx from Debian serving HTTPS with and
 * without HSTS, with a short max-age, and plain HTTP with and without the redirect; our
 * web-access verdicts must agree with what `curl -sI` sees on the same sites. Skips, saying so,
 * where nginx is not installed (`.ci/run` installs it).
 */
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessHostsSpec } from '../../electron/engine/checks/access-hosts/spec';
import { HSTS_MIN_MAX_AGE, parseHsts } from '../../electron/engine/checks/web-access/assess';
import { webAccessCheck } from '../../electron/engine/checks/web-access/check';
import { platformSpec } from '../../electron/engine/checks/platform/spec';
import { Connector, parseConnectTo } from '../../electron/engine/net/connect';
import { checkContext, runCheck } from '../support/check-context';
import { FakeDns } from '../support/fake-dns';
import { createLabCa, labKey, type LabCa } from './ca';
import { freePort, nginxAvailable, startNginx, type NginxInstance } from './nginx';

const run = promisify(execFile);

interface Site {
  name: string;
  address: string;
  /** add_header value, or none */
  hsts?: string;
  redirect: boolean;
  https?: number;
  http?: number;
}

const SITES: Site[] = [
  { name: 'mail.nginx-good.test', address: '127.0.60.1', hsts: 'max-age=31536000; includeSubDomains', redirect: true },
  { name: 'mail.nginx-nohsts.test', address: '127.0.60.2', redirect: false },
  { name: 'mail.nginx-short.test', address: '127.0.60.3', hsts: 'max-age=600', redirect: true },
];

const available = nginxAvailable();
if (!available)
  console.warn('nginx-web.test.ts: /usr/sbin/nginx is not installed (apt-get install nginx); the nginx interop tests are skipped');

let ca: LabCa;
let nginx: NginxInstance;
let connector: Connector;

beforeAll(async () => {
  if (!available) return;
  ca = await createLabCa();
  const key = labKey({ type: 'ec', curve: 'P-256' });
  const files: Record<string, string> = { 'key.pem': key.pem };
  const blocks: string[] = [];
  for (const [i, s] of SITES.entries()) {
    s.https = await freePort(s.address);
    s.http = await freePort(s.address);
    files[`site${i}.pem`] = ca.issue({ commonName: s.name, dnsNames: [s.name], key }).chain;
    blocks.push(
      `server { listen ${s.address}:${s.https} ssl; server_name ${s.name}; ssl_certificate {dir}/site${i}.pem; ssl_certificate_key {dir}/key.pem;` +
        ` ssl_protocols TLSv1.2 TLSv1.3;${s.hsts ? ` add_header Strict-Transport-Security "${s.hsts}" always;` : ''} location / { return 200 "ok\\n"; } }`,
      `server { listen ${s.address}:${s.http}; server_name ${s.name}; location / { ${s.redirect ? 'return 301 https://$host$request_uri;' : 'return 200 "plain\\n";'} } }`,
    );
  }
  nginx = await startNginx({ servers: blocks.join('\n'), files, ready: { address: SITES[0]!.address, port: SITES[0]!.https! } });
  connector = new Connector({
    connectTo: SITES.flatMap((s) => [`${s.address}:443:${s.address}:${s.https}`, `${s.address}:80:${s.address}:${s.http}`]).map(
      parseConnectTo,
    ),
  });
}, 60_000);

afterAll(async () => {
  await nginx?.close();
  if (ca) await rm(ca.dir, { recursive: true, force: true });
});

/** curl's view: the HSTS header of an HTTPS HEAD, and the status and Location of a plain HTTP HEAD. */
async function curlSees(s: Site): Promise<{ hsts?: string; httpStatus: number; location?: string }> {
  const head = async (scheme: 'https' | 'http', port: number) =>
    (
      await run('curl', [
        '-sI',
        '--max-time',
        '10',
        '--cacert',
        ca.caFile,
        '--connect-to',
        `${s.name}:${port}:${s.address}:${port}`,
        `${scheme}://${s.name}:${port}/owa/`,
      ])
    ).stdout;
  const secure = await head('https', s.https!);
  const plain = await head('http', s.http!);
  const field = (text: string, name: string) => new RegExp(`^${name}:\\s*(.*?)\\r?$`, 'im').exec(text)?.[1];
  const location = field(plain, 'location');
  return {
    ...(field(secure, 'strict-transport-security') !== undefined ? { hsts: field(secure, 'strict-transport-security')! } : {}),
    httpStatus: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(plain)?.[1]),
    ...(location !== undefined ? { location } : {}),
  };
}

describe.skipIf(!available)('web-access against a real nginx, compared with curl -sI', () => {
  for (const s of SITES) {
    it(`${s.name}: HSTS ${s.hsts ?? 'none'}, HTTP ${s.redirect ? 'redirected' : 'served'}`, async () => {
      const curl = await curlSees(s);
      const { ctx } = checkContext(
        webAccessCheck,
        new FakeDns({}),
        { domain: s.name.slice(5) },
        {
          connector,
          settings: { extraCaPem: [await readFile(ca.caFile, 'utf8')] },
          results: new Map<{ id: string }, unknown>([
            [
              accessHostsSpec,
              {
                hosts: [{ name: s.name, addresses: [s.address], sources: [{ kind: 'common-name' }], srv: [], microsoft: false }],
                autodiscoverExchangeOnline: false,
              },
            ],
            [platformSpec, { platform: 'on-premises-or-other', tenantTraces: false, signals: [] }],
          ]),
        },
      );
      const out = await runCheck(webAccessCheck, ctx);
      const keys = out.findings.map((f) => f.key);
      // What curl saw, judged by the same threshold, must be what the check says.
      const parsed = curl.hsts === undefined ? undefined : parseHsts(curl.hsts);
      const hstsKey =
        parsed === undefined
          ? 'finding.web_access.hsts_missing'
          : parsed.ok && parsed.maxAge >= HSTS_MIN_MAX_AGE
            ? 'finding.web_access.hsts_ok'
            : 'finding.web_access.hsts_short';
      expect(keys).toContain(hstsKey);
      const httpKey =
        curl.httpStatus === 301 && curl.location?.startsWith('https://')
          ? 'finding.web_access.http_redirects'
          : 'finding.web_access.http_served';
      expect(keys).toContain(httpKey);
      expect(keys).toContain('finding.web_access.certificate_ok');
      expect(keys).toContain('finding.web_access.tls_ok');
      // And the other way round: the lab is what it was meant to be.
      expect(curl.hsts).toBe(s.hsts);
      expect(curl.httpStatus).toBe(s.redirect ? 301 : 200);
    });
  }
});
