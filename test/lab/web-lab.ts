/**
 * The lab's web part (DESIGN §6, issue 9): one scenario domain per web behaviour, its MX and
 * autodiscover names on one 127.0.50.x address, served by test/lab/web-server.ts on high ports
 * that the engine reaches through `--connect-to ADDR:443:ADDR:PORT` (an address rule, so every
 * name of the address goes there). Certificates from a lab CA; `--ca-file` trusts it.
 */
import { rm } from 'node:fs/promises';
import { createLabCa, labKey, type LabCa, type LabServerSet } from './ca';
import { LEGACY_CIPHERS } from './smtp-lab';
import { txt, type LabRecord, type LabZone } from './dns-server';
import { startWebServer, type LabWebServer, type WebBehaviour } from './web-server';

/** Exchange Server SE RTM Aug26SU, the newest build of the reference data (shared/data/exchange). */
export const SE_LATEST = '15.2.2562.46';
/** Exchange Server 2016 CU23 Apr24HU (released 2024-04-23). */
export const EX2016_CU23 = '15.1.2507.39';
const GOOD_HSTS = 'max-age=31536000; includeSubDomains';

export interface WebLabHost {
  domain: string;
  address: string;
  behaviour: WebBehaviour;
  /** an RSA key (static-RSA suites need one); default EC P-256 */
  rsa?: boolean;
}

export const webLabHosts: WebLabHost[] = [
  {
    domain: 'web-good.test',
    address: '127.0.50.1',
    behaviour: { hsts: GOOD_HSTS, http: 'redirect', exchange: { owaVersion: SE_LATEST, assetBuild: '15.2.2562' } },
  },
  {
    domain: 'web-nohsts.test',
    address: '127.0.50.2',
    behaviour: { http: 'redirect', exchange: { owaVersion: SE_LATEST, assetBuild: '15.2.2562' } },
  },
  {
    domain: 'web-short-hsts.test',
    address: '127.0.50.3',
    behaviour: { hsts: 'max-age=86400', http: 'redirect', exchange: { owaVersion: SE_LATEST, assetBuild: '15.2.2562' } },
  },
  {
    domain: 'web-noredirect.test',
    address: '127.0.50.4',
    behaviour: { hsts: GOOD_HSTS, http: 'serve', exchange: { owaVersion: SE_LATEST, assetBuild: '15.2.2562' } },
  },
  {
    domain: 'web-ex2016.test',
    address: '127.0.50.5',
    behaviour: { hsts: GOOD_HSTS, http: 'redirect', exchange: { owaVersion: EX2016_CU23, assetBuild: '15.1.2507' } },
  },
  {
    domain: 'web-basic.test',
    address: '127.0.50.6',
    behaviour: {
      hsts: GOOD_HSTS,
      http: 'redirect',
      exchange: { owaVersion: SE_LATEST, assetBuild: '15.2.2562', basicOn: ['/EWS/Exchange.asmx'] },
    },
  },
  // Exchange behind a proxy that strips X-OWA-Version: the build only from the logon page (CU level).
  {
    domain: 'web-asset-only.test',
    address: '127.0.50.7',
    behaviour: { hsts: GOOD_HSTS, http: 'forbid', exchange: { assetBuild: '15.2.1748' } },
  },
  // An unmaintained IIS: TLS 1.0 and static-RSA/CBC suites next to good HSTS and the redirect.
  {
    domain: 'web-legacy-tls.test',
    address: '127.0.50.10',
    rsa: true,
    behaviour: { hsts: GOOD_HSTS, http: 'redirect', tls: { minVersion: 'TLSv1', maxVersion: 'TLSv1.2', ciphers: LEGACY_CIPHERS } },
  },
  { domain: 'web-silent.test', address: '127.0.50.8', behaviour: { http: 'redirect', hostile: 'silent' } },
  { domain: 'web-endless.test', address: '127.0.50.9', behaviour: { http: 'redirect', hostile: 'endless-header' } },
];

const names = (domain: string) => [`mail.${domain}`, `autodiscover.${domain}`];

/** DNS of the web scenarios: MX and autodiscover on the scenario's address. */
export function webLabZones(): LabZone[] {
  return webLabHosts.map((h): LabZone => ({
    origin: h.domain,
    records: [
      { name: '@', type: 'SOA', data: { mname: `ns1.${h.domain}`, rname: `hostmaster.${h.domain}`, serial: 2026120201, minimum: 300 } },
      { name: '@', type: 'NS', data: `ns1.${h.domain}` },
      { name: 'ns1', type: 'A', data: '127.0.0.53' },
      { name: '@', type: 'MX', data: { preference: 10, exchange: `mail.${h.domain}` } },
      { name: 'mail', type: 'A', data: h.address },
      { name: 'autodiscover', type: 'A', data: h.address },
      { name: '@', type: 'TXT', data: txt('v=spf1 mx -all') },
      { name: '_dmarc', type: 'TXT', data: txt(`v=DMARC1; p=reject; rua=mailto:dmarc@${h.domain}`) },
    ] satisfies LabRecord[],
  }));
}

/** Web servers by host name, reached as `ADDR:443:ADDR:PORT` and `ADDR:80:ADDR:PORT`. */
export type WebLab = LabServerSet<LabWebServer>;

/**
 * Starts every web scenario server. Pass the SMTP lab's CA to share one `--ca-file`; fixed ports
 * (`httpsPort`/`httpPort` + index) keep the connect-to rules stable for `npm run lab`.
 */
export async function startWebLab(options: { ca?: LabCa; basePort?: number } = {}): Promise<WebLab> {
  const ca = options.ca ?? (await createLabCa());
  const ecKey = labKey({ type: 'ec', curve: 'P-256' });
  const rsaKey = labKey({ type: 'rsa', bits: 2048 });
  const servers = new Map<string, LabWebServer>();
  const connectTo: string[] = [];
  try {
    for (const [i, h] of webLabHosts.entries()) {
      const key = h.rsa ? rsaKey : ecKey;
      const { chain } = ca.issue({ commonName: `mail.${h.domain}`, dnsNames: names(h.domain), key });
      const server = await startWebServer({
        address: h.address,
        behaviour: h.behaviour,
        cert: chain,
        key: key.pem,
        ...(options.basePort ? { httpsPort: options.basePort + 2 * i, httpPort: options.basePort + 2 * i + 1 } : {}),
      });
      servers.set(h.domain, server);
      connectTo.push(`${h.address}:443:${h.address}:${server.httpsPort}`, `${h.address}:80:${h.address}:${server.httpPort}`);
    }
  } catch (error) {
    await Promise.all([...servers.values()].map((s) => s.close()));
    if (!options.ca) await rm(ca.dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ca,
    caFile: ca.caFile,
    servers,
    connectTo,
    args: [...connectTo.flatMap((c) => ['--connect-to', c]), '--ca-file', ca.caFile],
    close: async () => {
      await Promise.all([...servers.values()].map((s) => s.close()));
      if (!options.ca) await rm(ca.dir, { recursive: true, force: true });
    },
  };
}
