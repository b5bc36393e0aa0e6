/**
 * One scan of one STARTTLS peer by each tool, both through a counting relay so that TCP connections
 * and ClientHello messages are measured the same way for both. Ours is the engine's own path:
 * Connector → `smtpStartTlsOpener` (RFC 3207) → `probeTlsProfile`.
 */
import { performance } from 'node:perf_hooks';
import { Connector } from '../../electron/engine/net/connect';
import { smtpStartTlsOpener } from '../../electron/engine/net/smtp';
import { probeTlsProfile } from '../../electron/engine/net/tls';
import type { TlsProfile } from '../../shared/tls/profile';
import { runTestssl, type TestsslResult } from '../lab/testssl';
import { helloCountingRelay } from './hello-counter';

export interface ScanTarget {
  mx: string;
  address: string;
  port: number;
}

export interface WireCounts {
  wallTimeMs: number;
  /** TCP connections the relay accepted */
  connections: number;
  /** ClientHello messages the relay saw */
  handshakes: number;
}

export interface OurScan extends WireCounts {
  profile: TlsProfile;
}

export interface TheirScan extends WireCounts {
  result: TestsslResult;
}

/** Our full TLS profile (versions, suites and order, groups, DH, signature, extras) over STARTTLS. */
export async function scanWithMailAudit(target: ScanTarget, options: { maxConcurrent?: number } = {}): Promise<OurScan> {
  const maxConcurrent = options.maxConcurrent ?? 2;
  const relay = await helloCountingRelay(target.address, target.port);
  try {
    const connector = new Connector({ maxPerAddress: maxConcurrent });
    const open = smtpStartTlsOpener(connector.connect, { host: target.mx, address: relay.host, port: relay.port });
    const started = performance.now();
    const profile = await probeTlsProfile(open, { serverName: target.mx, maxConcurrent });
    const wallTimeMs = performance.now() - started;
    return { profile, wallTimeMs, connections: relay.connections, handshakes: relay.handshakes };
  } finally {
    await relay.close();
  }
}

/** testssl.sh `--starttls smtp -p -E -P` (and `-f` for curves and groups), by MX name with `--ip`. */
export async function scanWithTestssl(target: ScanTarget, options: { forwardSecrecy?: boolean } = {}): Promise<TheirScan> {
  const relay = await helloCountingRelay(target.address, target.port);
  try {
    const result = await runTestssl({
      host: target.mx,
      ip: relay.host,
      port: relay.port,
      starttls: 'smtp',
      forwardSecrecy: options.forwardSecrecy ?? true,
    });
    return { result, wallTimeMs: result.wallTimeMs, connections: relay.connections, handshakes: relay.handshakes };
  } finally {
    await relay.close();
  }
}
