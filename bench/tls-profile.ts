/**
 * Benchmark of the TLS prober: a full profile (versions, suites per version with server order,
 * groups, DH size, key-exchange signature, extras) of one loopback TLS server with a legacy-ish
 * configuration — TLS 1.0 to 1.3, every suite OpenSSL 3 still has at security level 0, 1024-bit DH.
 * Prints wall time, TCP connections and handshakes per run, in a table and as one JSON line
 * (`TLS_PROFILE_BENCH {...}`) for comparison with testssl.sh on the same server.
 *
 *   npx tsx bench/tls-profile.ts            # BENCH_ROUNDS runs (default 5) at concurrency 1 and 2
 *   npx tsx bench/tls-profile.ts --serve    # then keeps the server up and prints its address
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { probeTlsProfile } from '../electron/engine/net/tls';
import type { TlsProfile } from '../shared/tls/profile';
import { makeLabFiles, startTlsServer, type LabFiles, type LabServer } from '../test/electron/engine/net/tls/support/tls-lab';

export interface TlsBenchServer {
  server: LabServer;
  files: LabFiles;
  close(): Promise<void>;
}

/** The benchmark's server: OpenSSL 3 (Node) on 127.0.0.1, TLS 1.0–1.3, all suites at SECLEVEL=0, server order, 1024-bit DH. */
export async function startLegacyTlsServer(): Promise<TlsBenchServer> {
  const files = makeLabFiles();
  const server = await startTlsServer({
    key: files.rsaKey,
    cert: files.rsaCert,
    minVersion: 'TLSv1',
    maxVersion: 'TLSv1.3',
    ciphers: 'ALL:@SECLEVEL=0',
    honorCipherOrder: true,
    dhparam: files.dh.custom1024,
  });
  return {
    server,
    files,
    close: async () => {
      await server.close();
      files.cleanup();
    },
  };
}

export interface TlsBenchRow {
  maxConcurrent: number;
  runs: number;
  medianMs: number;
  maxMs: number;
  connections: number;
  handshakes: number;
  /** what the profile found, for comparing answers */
  versions: string[];
  suitesPerVersion: Record<string, number>;
  groups: Record<string, string[]>;
  dhBits?: number;
}

export async function benchTlsProfile(server: LabServer, rounds: number, maxConcurrent: number): Promise<{ row: TlsBenchRow; profile: TlsProfile }> {
  const times: number[] = [];
  let last: TlsProfile | undefined;
  for (let i = 0; i < rounds; i++) {
    const accepted = server.accepted;
    const t0 = performance.now();
    last = await probeTlsProfile(server.open, { serverName: 'mx.lab.test', maxConcurrent });
    times.push(performance.now() - t0);
    if (server.accepted - accepted !== last.stats.connections) throw new Error('connection count differs from what the server saw');
  }
  times.sort((a, b) => a - b);
  const p = last!;
  return {
    profile: p,
    row: {
      maxConcurrent,
      runs: rounds,
      medianMs: Math.round(times[Math.floor(times.length / 2)]!),
      maxMs: Math.round(times.at(-1)!),
      connections: p.stats.connections,
      handshakes: p.stats.handshakes,
      versions: p.versions.supported,
      suitesPerVersion: Object.fromEntries(p.ciphers.versions.map((v) => [v.version, v.suites.length])),
      groups: Object.fromEntries(p.keyExchange.groups.map((g) => [g.version, g.groups.map((x) => x.name)])),
      ...(p.keyExchange.dh ? { dhBits: p.keyExchange.dh.bits } : {}),
    },
  };
}

function printTable(rows: TlsBenchRow[]): void {
  const table = [['tool', 'concurrency', 'median ms', 'max ms', 'TCP connections', 'handshakes'], ...rows.map((r) => ['mailaudit', String(r.maxConcurrent), String(r.medianMs), String(r.maxMs), String(r.connections), String(r.handshakes)])];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  for (const r of table) process.stdout.write(`${r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ')}\n`);
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const bench = await startLegacyTlsServer();
  try {
    const rows: TlsBenchRow[] = [];
    let profile: TlsProfile | undefined;
    for (const concurrency of [1, 2]) {
      const r = await benchTlsProfile(bench.server, rounds, concurrency);
      rows.push(r.row);
      profile ??= r.profile;
    }
    process.stdout.write(`TLS profile of ${bench.server.host}:${bench.server.port} (OpenSSL 3 via Node: TLS 1.0–1.3, ALL@SECLEVEL=0, server order, DH 1024), ${rounds} runs each\n`);
    printTable(rows);
    const p = profile!;
    process.stdout.write(`answers: versions ${p.versions.supported.join(' ')}; suites ${p.ciphers.versions.map((v) => `${v.version}=${v.suites.length}`).join(' ')}; `);
    process.stdout.write(`groups ${p.keyExchange.groups.map((g) => `${g.version}=${g.groups.map((x) => x.name).join(',')}`).join(' ')}; DH ${p.keyExchange.dh?.bits ?? '-'} bits\n`);
    process.stdout.write(`TLS_PROFILE_BENCH ${JSON.stringify({ server: `${bench.server.host}:${bench.server.port}`, rows })}\n`);
    if (process.argv.includes('--serve')) {
      // For running another scanner (testssl.sh) against the same server and counting its connections.
      const before = bench.server.accepted;
      process.stdout.write(`serving on ${bench.server.host}:${bench.server.port} — Ctrl-C (SIGINT) or SIGTERM to stop\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      process.stdout.write(`TCP connections accepted while serving: ${bench.server.accepted - before}\n`);
    }
  } finally {
    await bench.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
