/**
 * The STARTTLS servers our prober and testssl.sh both scan (issue 4 points 7 and 8): two private
 * Postfix instances (real third-party smtpd; need root) and the Node lab's modern and legacy SMTP
 * servers with exactly the configuration the lab scenarios use (test/lab/smtp-lab.ts) — plus one
 * Node server that follows the client's order and keeps OpenSSL's default groups, so that the
 * client-order and RFC 7919 (FFDHE) branches of the comparison meet a real server too.
 */
import { userInfo } from 'node:os';
import { rm } from 'node:fs/promises';
import { createLabCa, labKey, type LabCa, type LabKey } from '../lab/ca';
import { dhParamsPem } from '../lab/openssl-peer';
import { postfixProfiles, startPostfix } from '../lab/postfix';
import { smtpLabHosts, type LabKeys } from '../lab/smtp-lab';
import { startSmtpServer } from '../lab/smtp-server';

export type PeerName = 'postfix-modern' | 'postfix-legacy' | 'node-modern' | 'node-legacy' | 'node-client-order';

export interface PeerSpec {
  name: PeerName;
  description: string;
  /** MX host name: SNI, certificate subject, EHLO banner */
  mx: string;
  /** loopback address it listens on */
  address: string;
  /** a private Postfix needs root (master binds, then drops privileges) */
  needsRoot: boolean;
}

export const PEER_SPECS: readonly PeerSpec[] = [
  {
    name: 'postfix-modern',
    description: 'Postfix modern (TLS 1.2–1.3, ECDHE AEAD, server order, three curves)',
    mx: 'mx.modern.interop.test',
    address: '127.0.41.1',
    needsRoot: true,
  },
  {
    name: 'postfix-legacy',
    description: 'Postfix legacy (TLS 1.0–1.3, CBC, static RSA, 1024-bit DHE, server order)',
    mx: 'mx.legacy.interop.test',
    address: '127.0.41.2',
    needsRoot: true,
  },
  {
    name: 'node-modern',
    description: 'Node lab modern (tls-modern.test: TLS 1.2–1.3, ECDHE AEAD, server order)',
    mx: 'mail.tls-modern.test',
    address: '127.0.40.1',
    needsRoot: false,
  },
  {
    name: 'node-legacy',
    description: 'Node lab legacy (tls-legacy.test: TLS 1.0–1.2, CBC, static RSA, 1024-bit DHE)',
    mx: 'mail.tls-legacy.test',
    address: '127.0.40.2',
    needsRoot: false,
  },
  {
    name: 'node-client-order',
    description: 'Node client order (TLS 1.2–1.3, ECDHE and 2048-bit DHE, OpenSSL default groups with FFDHE)',
    mx: 'mx.client-order.interop.test',
    address: '127.0.41.3',
    needsRoot: false,
  },
];

export const isRoot = (): boolean => userInfo().uid === 0;

export interface RunningPeer extends PeerSpec {
  port: number;
  stop(): Promise<void>;
}

/** TLS 1.3 suites of the modern Postfix, not OpenSSL's default order, so a wrong order shows. */
const POSTFIX_MODERN_TLS13 = 'TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256';

async function startOne(spec: PeerSpec, ca: LabCa, keys: LabKeys): Promise<RunningPeer> {
  const rsa: LabKey = keys.rsa;
  switch (spec.name) {
    case 'postfix-modern':
    case 'postfix-legacy': {
      const { chain } = ca.issue({ commonName: spec.mx, dnsNames: [spec.mx], key: rsa });
      const base = { host: spec.address, hostname: spec.mx, certPem: chain, keyPem: rsa.pem };
      const instance =
        spec.name === 'postfix-modern'
          ? await startPostfix({
              ...postfixProfiles.modern,
              ...base,
              tls13Ciphersuites: POSTFIX_MODERN_TLS13,
              curves: 'X25519 secp384r1 prime256v1',
            })
          : await startPostfix({ ...postfixProfiles.legacy, ...base, dhParamsPem: dhParamsPem('modp2') });
      return { ...spec, port: instance.port, stop: () => instance.stop() };
    }
    case 'node-modern':
    case 'node-legacy': {
      const domain = spec.mx.replace(/^mail\./, '');
      const host = smtpLabHosts.find((h) => h.domain === domain);
      if (!host?.server) throw new Error(`no lab SMTP host ${domain}`);
      const server = await startSmtpServer({ ...host.server(ca, keys, spec.mx), host: spec.address, port: 0 });
      return { ...spec, port: server.port, stop: () => server.close() };
    }
    case 'node-client-order': {
      const server = await startSmtpServer({
        hostname: spec.mx,
        host: spec.address,
        port: 0,
        tls: {
          key: rsa.pem,
          cert: ca.issue({ commonName: spec.mx, dnsNames: [spec.mx], key: rsa }).chain,
          minVersion: 'TLSv1.2',
          ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-SHA384',
          // RFC 3526 §3: the 2048-bit MODP group
          dhparam: dhParamsPem('modp14'),
          honorCipherOrder: false,
        },
      });
      return { ...spec, port: server.port, stop: () => server.close() };
    }
  }
}

export interface Peers {
  peers: Map<PeerName, RunningPeer>;
  close(): Promise<void>;
}

/** Starts the named peers with one lab CA (certificates for the MX names); stops all on failure. */
export async function startPeers(names: readonly PeerName[]): Promise<Peers> {
  const ca = await createLabCa();
  const keys: LabKeys = {
    rsa: labKey({ type: 'rsa', bits: 2048 }),
    ec: labKey({ type: 'ec', curve: 'P-256' }),
    rsa1024: labKey({ type: 'rsa', bits: 1024 }),
  };
  const peers = new Map<PeerName, RunningPeer>();
  const close = async () => {
    await Promise.all([...peers.values()].map((p) => p.stop()));
    await rm(ca.dir, { recursive: true, force: true });
  };
  const started = await Promise.allSettled(
    names.map(async (n) => {
      const spec = PEER_SPECS.find((s) => s.name === n);
      if (!spec) throw new Error(`unknown peer ${n}`);
      const peer = await startOne(spec, ca, keys);
      peers.set(peer.name, peer);
    }),
  );
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  return { peers, close };
}
