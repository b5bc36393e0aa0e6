/**
 * The lab's SMTP part (DESIGN §6): one scenario domain per server behaviour, each with an MX on
 * its own 127.0.40.x address, served by a Node SMTP server on a high port that the engine reaches
 * through `--connect-to`. Certificates come from a lab CA made at start; `--ca-file` trusts it.
 * Nothing here needs root: port 25 is only ever the port in the DNS-facing name.
 *
 * DANE (RFC 7672): the dane-*.test hosts publish TLSA records at `_25._tcp.mail.<domain>` for
 * keys and certificates that must exist before the zones are built, so the lab CA and the DANE
 * server keys are made once per process (`daneMaterial()`) and shared by the zones and the servers.
 */
import { createHash, getDiffieHellman } from 'node:crypto';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import {
  createLabCa,
  dhParamsPem,
  labCaCertificates,
  labKey,
  issueCertificate,
  type LabCa,
  type LabCaCertificates,
  type LabKey,
  type LabServerSet,
} from './ca';
import type { TlsaData } from 'dns-packet';
import { txt, type LabRecord, type LabZone } from './dns-server';
import type { LabSigning } from './dnssec-signer';
import { startSmtpServer, type LabSmtpServer, type SmtpServerOptions, type SmtpServerTls } from './smtp-server';

const DAY = 86_400_000;

/** ECDHE with AEAD only, TLS 1.2 and 1.3 (NCSC-NL "good"). */
export const MODERN_CIPHERS = [
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
].join(':');

/** What an unmaintained server offers: static RSA and CBC first, DHE with a 1024-bit group, TLS 1.0–1.2. */
export const LEGACY_CIPHERS = [
  'AES128-SHA',
  'AES256-SHA',
  'DHE-RSA-AES128-SHA',
  'DHE-RSA-AES256-SHA',
  'ECDHE-RSA-AES128-SHA',
  'AES128-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  '@SECLEVEL=0',
].join(':');

export interface LabKeys {
  rsa: LabKey;
  ec: LabKey;
  rsa1024: LabKey;
}

interface HostSpec {
  /** scenario domain; the MX is `mail.<domain>` */
  domain: string;
  address: string;
  /** an AAAA as well (served on ::1) */
  ipv6?: boolean;
  /** null: nothing listens (connect-to points at a closed port) */
  server: ((ca: LabCa, keys: LabKeys, mx: string) => Omit<SmtpServerOptions, 'host' | 'port'>) | null;
  /** TLSA records at `_25._tcp.mail.<domain>` (RFC 7672 §2.2) */
  tlsa?: (material: DaneMaterial) => TlsaData[];
  /** sign the scenario's zone (test/lab/dnssec-world.ts) */
  dnssec?: LabSigning;
}

export interface DaneMaterial {
  /** the lab CA of this process (startSmtpLab issues from it) */
  ca: LabCaCertificates;
  /** the key the DANE servers use */
  current: LabKey;
  /** the key a rollover publishes ahead of use (RFC 7671 §8.1 "current + next") */
  next: LabKey;
  /** a key no server uses: the mismatch */
  other: LabKey;
}

let material: DaneMaterial | undefined;

/** Lab CA and DANE keys, made once per process (EC P-256: instant), so zones and servers agree. */
export function daneMaterial(): DaneMaterial {
  material ??= {
    ca: labCaCertificates(),
    current: labKey({ type: 'ec', curve: 'P-256' }),
    next: labKey({ type: 'ec', curve: 'P-256' }),
    other: labKey({ type: 'ec', curve: 'P-256' }),
  };
  return material;
}

const sha256 = (der: Buffer) => createHash('sha256').update(der).digest();
/** RFC 6698 §2.1.2 selector 1: the DER SubjectPublicKeyInfo. */
export const spkiSha256 = (key: LabKey) => sha256(key.publicKey.export({ type: 'spki', format: 'der' }));
const tlsa = (usage: number, selector: number, matchingType: number, certificate: Buffer): TlsaData => ({
  usage,
  selector,
  matchingType,
  certificate,
});
const DANE_SIGNING: LabSigning = { algorithm: 13 };

/** A modern server presenting a lab-CA certificate for the DANE key (leaf + intermediate). */
const daneServer: HostSpec['server'] = (ca, _keys, mx) => ({ hostname: mx, tls: modernTls(ca, daneMaterial().current, [mx]) });

/** NCSC-NL "good" key-exchange groups and SHA-2 (≥256) signatures only, so a modern server passes row 10. */
export const MODERN_GROUPS = 'X25519:P-256:P-384';
export const MODERN_SIGALGS =
  'ecdsa_secp256r1_sha256:ecdsa_secp384r1_sha384:ecdsa_secp521r1_sha512:ed25519:rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:rsa_pkcs1_sha256:rsa_pkcs1_sha384:rsa_pkcs1_sha512';

function modernTls(ca: LabCa, key: LabKey, names: string[]): SmtpServerTls {
  const { chain } = ca.issue({ commonName: names[0]!, dnsNames: names, key });
  return {
    key: key.pem,
    cert: chain,
    minVersion: 'TLSv1.2',
    ciphers: MODERN_CIPHERS,
    honorCipherOrder: true,
    ecdhCurve: MODERN_GROUPS,
    sigalgs: MODERN_SIGALGS,
  };
}

/** Most scenarios: a modern server whose certificate is changed in one way. */
function modernWith(cert: (ca: LabCa, keys: LabKeys, mx: string) => { key: LabKey; chain: string }): HostSpec['server'] {
  return (ca, keys, mx) => {
    const { key, chain } = cert(ca, keys, mx);
    // SECLEVEL=0 lets OpenSSL serve the deliberately weak certificates (1024-bit key, SHA-1).
    return {
      hostname: mx,
      tls: {
        key: key.pem,
        cert: chain,
        minVersion: 'TLSv1.2',
        ciphers: `${MODERN_CIPHERS}:@SECLEVEL=0`,
        honorCipherOrder: true,
        ecdhCurve: MODERN_GROUPS,
        sigalgs: MODERN_SIGALGS,
      },
    };
  };
}

export const smtpLabHosts: HostSpec[] = [
  {
    domain: 'tls-modern.test',
    address: '127.0.40.1',
    ipv6: true,
    server: (ca, keys, mx) => ({ hostname: mx, tls: modernTls(ca, keys.rsa, [mx]) }),
  },
  {
    domain: 'tls-legacy.test',
    address: '127.0.40.2',
    server: (ca, keys, mx) => ({
      hostname: mx,
      tls: {
        key: keys.rsa.pem,
        cert: ca.issue({ commonName: mx, key: keys.rsa }).chain,
        minVersion: 'TLSv1',
        maxVersion: 'TLSv1.2',
        ciphers: LEGACY_CIPHERS,
        honorCipherOrder: true,
        // RFC 2409 §6.2 Oakley group 2: the 1024-bit group old servers still use.
        dhparam: dhParamsPem(getDiffieHellman('modp2').getPrime(), 2),
      },
    }),
  },
  { domain: 'tls-no-starttls.test', address: '127.0.40.3', server: (_ca, _keys, mx) => ({ hostname: mx, starttls: 'none' }) },
  {
    domain: 'tls-starttls-454.test',
    address: '127.0.40.4',
    server: (ca, keys, mx) => ({
      hostname: mx,
      starttls: { reply: '454 4.7.0 TLS not available due to local problem' },
      tls: modernTls(ca, keys.rsa, [mx]),
    }),
  },
  {
    domain: 'tls-expired.test',
    address: '127.0.40.5',
    server: modernWith((ca, keys, mx) => ({
      key: keys.rsa,
      chain: ca.issue({
        commonName: mx,
        key: keys.rsa,
        notBefore: new Date(Date.now() - 400 * DAY),
        notAfter: new Date(Date.now() - 5 * DAY),
      }).chain,
    })),
  },
  {
    domain: 'tls-self-signed.test',
    address: '127.0.40.6',
    server: modernWith((_ca, keys, mx) => ({ key: keys.rsa, chain: issueCertificate({ commonName: mx, key: keys.rsa }).pem })),
  },
  {
    domain: 'tls-wrong-host.test',
    address: '127.0.40.7',
    server: modernWith((ca, keys) => ({
      key: keys.rsa,
      chain: ca.issue({ commonName: 'mail.other-organisation.test', key: keys.rsa }).chain,
    })),
  },
  {
    domain: 'tls-no-intermediate.test',
    address: '127.0.40.8',
    server: modernWith((ca, keys, mx) => ({
      key: keys.rsa,
      chain: ca.issue({ commonName: mx, key: keys.rsa, caIssuersUrl: 'http://pki.lab.test/issuing-ca.crt' }).leaf.pem,
    })),
  },
  { domain: 'tls-ecdsa.test', address: '127.0.40.9', server: (ca, keys, mx) => ({ hostname: mx, tls: modernTls(ca, keys.ec, [mx]) }) },
  {
    domain: 'tls-stall.test',
    address: '127.0.40.10',
    server: (ca, keys, mx) => ({ hostname: mx, stallAfterEhlo: true, tls: modernTls(ca, keys.rsa, [mx]) }),
  },
  {
    domain: 'tls-421.test',
    address: '127.0.40.11',
    server: (_ca, _keys, mx) => ({ hostname: mx, greeting: [`421 4.7.0 ${mx} Too many connections from your address, try again later`] }),
  },
  {
    domain: 'tls-weak-key.test',
    address: '127.0.40.12',
    server: modernWith((ca, keys, mx) => ({ key: keys.rsa1024, chain: ca.issue({ commonName: mx, key: keys.rsa1024 }).chain })),
  },
  {
    domain: 'tls-sha1.test',
    address: '127.0.40.13',
    server: modernWith((ca, keys, mx) => ({ key: keys.rsa, chain: ca.issue({ commonName: mx, key: keys.rsa, hash: 'sha1' }).chain })),
  },
  {
    domain: 'tls-expiring.test',
    address: '127.0.40.14',
    server: modernWith((ca, keys, mx) => ({
      key: keys.rsa,
      chain: ca.issue({
        commonName: mx,
        key: keys.rsa,
        notBefore: new Date(Date.now() - 80 * DAY),
        notAfter: new Date(Date.now() + 10 * DAY),
      }).chain,
    })),
  },
  { domain: 'tls-helo-only.test', address: '127.0.40.15', server: (_ca, _keys, mx) => ({ hostname: mx, noEhlo: true, starttls: 'none' }) },
  { domain: 'tls-no-listener.test', address: '127.0.40.16', server: null },
  { domain: 'tls-port25-blocked.test', address: '127.0.40.17', server: null },
  // Hostile peers (issue item 8; hostileScenarios in zones.ts, test/electron/cli-hostile.test.ts).
  { domain: 'tls-endless-line.test', address: '127.0.40.18', server: (_ca, _keys, mx) => ({ hostname: mx, hostile: 'endless-line' }) },
  { domain: 'tls-endless-reply.test', address: '127.0.40.19', server: (_ca, _keys, mx) => ({ hostname: mx, hostile: 'endless-reply' }) },
  { domain: 'tls-silent.test', address: '127.0.40.20', server: (_ca, _keys, mx) => ({ hostname: mx, hostile: 'silent' }) },
  {
    domain: 'tls-garbage-after-starttls.test',
    address: '127.0.40.21',
    server: (_ca, _keys, mx) => ({ hostname: mx, hostile: 'garbage-after-starttls' }),
  },
  { domain: 'tls-huge-record.test', address: '127.0.40.22', server: (_ca, _keys, mx) => ({ hostname: mx, hostile: 'huge-tls-record' }) },
  { domain: 'tls-drip.test', address: '127.0.40.23', server: (_ca, _keys, mx) => ({ hostname: mx, hostile: 'drip' }) },
  // DANE (RFC 7672): signed zones (except dane-unsigned) with TLSA records for the served chain.
  {
    domain: 'dane-ok.test',
    address: '127.0.40.24',
    server: daneServer,
    dnssec: DANE_SIGNING,
    tlsa: (m) => [tlsa(3, 1, 1, spkiSha256(m.current))],
  },
  {
    domain: 'dane-ta.test',
    address: '127.0.40.25',
    server: daneServer,
    dnssec: DANE_SIGNING,
    // DANE-TA(2) SPKI(1) SHA-256(1) of the issuing CA, which the server sends in its chain (RFC 7671 §5.2.2).
    tlsa: (m) => [tlsa(2, 1, 1, spkiSha256(m.ca.intermediate.key))],
  },
  {
    domain: 'dane-mismatch.test',
    address: '127.0.40.26',
    server: daneServer,
    dnssec: DANE_SIGNING,
    tlsa: (m) => [tlsa(3, 1, 1, spkiSha256(m.other))],
  },
  {
    domain: 'dane-usage1.test',
    address: '127.0.40.27',
    server: daneServer,
    dnssec: DANE_SIGNING,
    // PKIX-EE(1) and PKIX-TA(0): both match, but RFC 7672 §3.1.3 makes them unusable for SMTP.
    tlsa: (m) => [tlsa(1, 1, 1, spkiSha256(m.current)), tlsa(0, 0, 1, sha256(m.ca.root.der))],
  },
  {
    domain: 'dane-rollover.test',
    address: '127.0.40.28',
    server: daneServer,
    dnssec: DANE_SIGNING,
    tlsa: (m) => [tlsa(3, 1, 1, spkiSha256(m.current)), tlsa(3, 1, 1, spkiSha256(m.next))],
  },
  {
    domain: 'dane-unsigned.test',
    address: '127.0.40.29',
    server: daneServer,
    // Unsigned: the TLSA record is not DNSSEC-validated and must be ignored (RFC 7672 §2.2).
    tlsa: (m) => [tlsa(3, 1, 1, spkiSha256(m.current))],
  },
  // The on-premises DNS scenario gets a working mail server too.
  { domain: 'onprem.test', address: '127.0.20.1', server: (ca, keys, mx) => ({ hostname: mx, tls: modernTls(ca, keys.rsa, [mx]) }) },
];

/** The reference MX for the "is port 25 blocked here?" probe, and one that never answers. */
export const REFERENCE_HOST = { name: 'mx.port25-reference.test', address: '127.0.40.250' };
export const DEAD_REFERENCE_HOST = { name: 'mx.dead-reference.test', address: '127.0.40.251' };

const soa = (origin: string): LabRecord => ({
  name: '@',
  type: 'SOA',
  data: { mname: `ns1.${origin}`, rname: `hostmaster.${origin}`, serial: 2026112701, minimum: 300 },
});

/** DNS for the SMTP scenarios (onprem.test is defined with the DNS scenarios). */
export function smtpLabZones(): LabZone[] {
  const zones = smtpLabHosts
    .filter((h) => h.domain !== 'onprem.test')
    .map((h): LabZone => ({
      origin: h.domain,
      records: [
        soa(h.domain),
        { name: '@', type: 'NS', data: `ns1.${h.domain}` },
        { name: 'ns1', type: 'A', data: '127.0.0.53' },
        { name: '@', type: 'MX', data: { preference: 10, exchange: `mail.${h.domain}` } },
        { name: 'mail', type: 'A', data: h.address },
        ...(h.ipv6 ? [{ name: 'mail', type: 'AAAA' as const, data: '::1' }] : []),
        { name: '@', type: 'TXT', data: txt('v=spf1 mx -all') },
        { name: '_dmarc', type: 'TXT', data: txt(`v=DMARC1; p=reject; rua=mailto:dmarc@${h.domain}`) },
        ...(h.tlsa?.(daneMaterial()) ?? []).map((data): LabRecord => ({ name: '_25._tcp.mail', type: 'TLSA', data })),
      ],
      ...(h.dnssec ? { dnssec: h.dnssec } : {}),
    }));
  for (const ref of [REFERENCE_HOST, DEAD_REFERENCE_HOST]) {
    const origin = ref.name.slice(ref.name.indexOf('.') + 1);
    zones.push({
      origin,
      records: [soa(origin), { name: '@', type: 'NS', data: `ns1.${origin}` }, { name: 'mx', type: 'A', data: ref.address }],
    });
  }
  return zones;
}

/** Servers by MX host name (and the reference host's name); `args` also carries --port25-reference. */
export type SmtpLab = LabServerSet<LabSmtpServer>;

/** A port on `address` that nothing listens on (bound, then released). */
async function closedPort(address: string): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts every SMTP scenario server. `port` 0 (default) gives each a free port; a fixed port
 * (e.g. 2525 for `npm run lab`) keeps the --connect-to arguments stable between runs.
 */
export async function startSmtpLab(options: { port?: number; caDir?: string } = {}): Promise<SmtpLab> {
  // The process's CA: the DANE zones' TLSA records name its certificates (daneMaterial()).
  const ca = await createLabCa({ ...(options.caDir ? { dir: options.caDir } : {}), certificates: daneMaterial().ca });
  const keys: LabKeys = {
    rsa: labKey({ type: 'rsa', bits: 2048 }),
    ec: labKey({ type: 'ec', curve: 'P-256' }),
    rsa1024: labKey({ type: 'rsa', bits: 1024 }),
  };
  const servers = new Map<string, LabSmtpServer>();
  const connectTo: string[] = [];
  const started: LabSmtpServer[] = [];
  try {
    for (const h of smtpLabHosts) {
      const mx = `mail.${h.domain}`;
      if (!h.server) {
        connectTo.push(`${mx}:25:${h.address}:${await closedPort(h.address)}`);
        continue;
      }
      const spec = h.server(ca, keys, mx);
      const server = await startSmtpServer({ ...spec, host: h.address, port: options.port ?? 0 });
      started.push(server);
      servers.set(mx, server);
      connectTo.push(`${mx}:25:${h.address}:${server.port}`);
      if (h.ipv6) {
        const v6 = await startSmtpServer({ ...spec, host: '::1', port: options.port ?? 0 });
        started.push(v6);
        servers.set(`${mx} [::1]`, v6);
        // Rules naming an address win over rules naming a host (see Connector.target).
        connectTo.push(`[::1]:25:[::1]:${v6.port}`);
      }
    }
    const reference = await startSmtpServer({ hostname: REFERENCE_HOST.name, host: REFERENCE_HOST.address, port: options.port ?? 0 });
    started.push(reference);
    servers.set(REFERENCE_HOST.name, reference);
    connectTo.push(`${REFERENCE_HOST.name}:25:${REFERENCE_HOST.address}:${reference.port}`);
    connectTo.push(`${DEAD_REFERENCE_HOST.name}:25:${DEAD_REFERENCE_HOST.address}:${await closedPort(DEAD_REFERENCE_HOST.address)}`);
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    if (!options.caDir) await rm(ca.dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ca,
    caFile: ca.caFile,
    servers,
    connectTo,
    args: [...connectTo.flatMap((c) => ['--connect-to', c]), '--ca-file', ca.caFile, '--port25-reference', REFERENCE_HOST.name],
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
      // The CA directory is ours unless the caller chose it.
      if (!options.caDir) await rm(ca.dir, { recursive: true, force: true });
    },
  };
}
