/**
 * Benchmark of the TLS prober: a full profile (versions, suites per version with server order,
 * groups, DH size, key-exchange signature, extras) of one loopback TLS server with a legacy-ish
 * configuration — TLS 1.0 to 1.3, every suite OpenSSL 3 still has at security level 0, 1024-bit DH.
 * Prints wall time, TCP connections and handshakes per run, in a table and as one JSON line
 * (`TLS_PROFILE_BENCH {...}`) for comparison with testssl.sh on the same server.
 *
 *   npx tsx bench/tls-profile.ts            # BENCH_ROUNDS runs (default 5) at concurrency 1 and 2
 *   npx tsx bench/tls-profile.ts --serve    # then keeps the server up and prints its address
 *
 * Then (not with --serve) the issue 4 point 8 comparison over STARTTLS: our full profile against
 * testssl.sh `-p -E -P -f` on the Node lab's legacy SMTP server (and on the legacy Postfix when
 * running as root), both through one counting relay; wall time, TCP connections and ClientHello
 * messages side by side, whether the answers are identical, and whether the targets are met
 * (same answers, fewer than a third of testssl.sh's connections, at least 10× less wall time).
 * `BENCH_TLS_PEERS=node-legacy,postfix-legacy,...` chooses the servers (names in test/interop/peers.ts).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { probeTlsProfile } from '../electron/engine/net/tls';
import type { TlsProfile } from '../shared/tls/profile';
import { makeLabFiles, startTlsServer, type LabFiles, type LabServer } from '../test/electron/engine/net/tls/support/tls-lab';
import { compareWithTestssl, type Difference } from '../test/interop/compare';
import { isRoot, PEER_SPECS, startPeers, type PeerName } from '../test/interop/peers';
import { scanWithMailAudit, scanWithTestssl, type OurScan, type TheirScan } from '../test/interop/scan';

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

export async function benchTlsProfile(
  server: LabServer,
  rounds: number,
  maxConcurrent: number,
): Promise<{ row: TlsBenchRow; profile: TlsProfile }> {
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
  const table = [
    ['tool', 'concurrency', 'median ms', 'max ms', 'TCP connections', 'handshakes'],
    ...rows.map((r) => [
      'mailaudit',
      String(r.maxConcurrent),
      String(r.medianMs),
      String(r.maxMs),
      String(r.connections),
      String(r.handshakes),
    ]),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  for (const r of table) process.stdout.write(`${r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ')}\n`);
}

/** The implicit-TLS profile benchmark above, printed as a table; with `serve`, then keeps the server up. */
export async function runImplicitTlsBench(rounds: number, serve = false): Promise<void> {
  const bench = await startLegacyTlsServer();
  try {
    const rows: TlsBenchRow[] = [];
    let profile: TlsProfile | undefined;
    for (const concurrency of [1, 2]) {
      const r = await benchTlsProfile(bench.server, rounds, concurrency);
      rows.push(r.row);
      profile ??= r.profile;
    }
    process.stdout.write(
      `TLS profile of ${bench.server.host}:${bench.server.port} (OpenSSL 3 via Node: TLS 1.0–1.3, ALL@SECLEVEL=0, server order, DH 1024), ${rounds} runs each\n`,
    );
    printTable(rows);
    const p = profile!;
    process.stdout.write(
      `answers: versions ${p.versions.supported.join(' ')}; suites ${p.ciphers.versions.map((v) => `${v.version}=${v.suites.length}`).join(' ')}; `,
    );
    process.stdout.write(
      `groups ${p.keyExchange.groups.map((g) => `${g.version}=${g.groups.map((x) => x.name).join(',')}`).join(' ')}; DH ${p.keyExchange.dh?.bits ?? '-'} bits\n`,
    );
    process.stdout.write(`TLS_PROFILE_BENCH ${JSON.stringify({ server: `${bench.server.host}:${bench.server.port}`, rows })}\n`);
    if (serve) {
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

// --- STARTTLS: MailAudit against testssl.sh on the same lab SMTP host (issue 4 point 8) ---

export interface StartTlsComparison {
  peer: PeerName;
  mx: string;
  ours: { maxConcurrent: number; medianMs: number; maxMs: number; connections: number; handshakes: number }[];
  /** handshakes of our concurrency-2 profile per step */
  steps: { versions: number; ciphers: number; keyExchange: number; extras: number };
  testssl: { wallTimeMs: number; scanTimeS?: number; connections: number; handshakes: number; command: string };
  differences: Difference[];
  /** handshakes no prober can go below for the suite answers: n + 1 per version with n suites */
  suiteLowerBound: number;
  targets: { identical: boolean; connections: boolean; wallTime: boolean };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round1 = (x: number) => Math.round(x * 10) / 10;

async function oursRepeated(
  target: { mx: string; address: string; port: number },
  rounds: number,
  maxConcurrent: number,
): Promise<{ runs: OurScan[]; last: OurScan }> {
  const runs: OurScan[] = [];
  for (let i = 0; i < rounds; i++) runs.push(await scanWithMailAudit(target, { maxConcurrent }));
  return { runs, last: runs.at(-1)! };
}

export async function compareStartTls(peer: PeerName, rounds: number): Promise<StartTlsComparison> {
  const started = await startPeers([peer]);
  try {
    const target = started.peers.get(peer)!;
    const ours: StartTlsComparison['ours'] = [];
    let profileScan: OurScan | undefined;
    for (const maxConcurrent of [1, 2]) {
      const { runs, last } = await oursRepeated(target, rounds, maxConcurrent);
      const times = runs.map((r) => r.wallTimeMs);
      ours.push({
        maxConcurrent,
        medianMs: round1(median(times)),
        maxMs: round1(Math.max(...times)),
        connections: last.connections,
        handshakes: last.handshakes,
      });
      profileScan = last;
    }
    const theirs: TheirScan = await scanWithTestssl(target, { forwardSecrecy: true });
    const profile = profileScan!.profile;
    const differences = compareWithTestssl(profile, theirs.result, { forwardSecrecy: true });
    const best = ours.find((o) => o.maxConcurrent === 2)!;
    return {
      peer,
      mx: target.mx,
      ours,
      steps: {
        versions: profile.versions.stats.handshakes,
        ciphers: profile.ciphers.stats.handshakes,
        keyExchange: profile.keyExchange.stats.handshakes,
        extras: profile.extras.stats.handshakes,
      },
      testssl: {
        wallTimeMs: theirs.wallTimeMs,
        ...(theirs.result.scanTimeS !== undefined ? { scanTimeS: theirs.result.scanTimeS } : {}),
        connections: theirs.connections,
        handshakes: theirs.handshakes,
        // the questions asked; the offline options before them (--nodns, --openssl, --jsonfile, --ip …) are in test/lab/testssl.ts
        command: `testssl … ${theirs.result.command.slice(theirs.result.command.indexOf('--starttls')).join(' ')}`,
      },
      differences,
      suiteLowerBound: profile.ciphers.versions.reduce((n, v) => n + v.suites.length + 1, 0),
      targets: {
        identical: differences.length === 0,
        connections: best.connections * 3 < theirs.connections,
        wallTime: best.medianMs * 10 <= theirs.wallTimeMs,
      },
    };
  } finally {
    await started.close();
  }
}

function printComparison(c: StartTlsComparison): void {
  const spec = PEER_SPECS.find((p) => p.name === c.peer)!;
  const t = c.testssl;
  const o1 = c.ours.find((o) => o.maxConcurrent === 1)!;
  const o2 = c.ours.find((o) => o.maxConcurrent === 2)!;
  const table = [
    ['', 'MailAudit, 1 at a time', 'MailAudit, 2 at a time', 'testssl.sh -p -E -P -f'],
    [
      'wall time (ms)',
      `${o1.medianMs.toFixed(0)} (max ${o1.maxMs.toFixed(0)})`,
      `${o2.medianMs.toFixed(0)} (max ${o2.maxMs.toFixed(0)})`,
      `${t.wallTimeMs}${t.scanTimeS !== undefined ? ` (scanTime ${t.scanTimeS} s)` : ''}`,
    ],
    ['TCP connections', String(o1.connections), String(o2.connections), String(t.connections)],
    ['handshakes (ClientHello)', String(o1.handshakes), String(o2.handshakes), String(t.handshakes)],
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  process.stdout.write(`\n${spec.description}: ${c.mx} over SMTP STARTTLS (MailAudit: median of the runs; testssl.sh: one run)\n`);
  for (const r of table)
    process.stdout.write(`  ${r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ')}\n`);
  process.stdout.write(
    `  MailAudit handshakes per step: versions ${c.steps.versions}, suites and order ${c.steps.ciphers}, key exchange ${c.steps.keyExchange}, extras ${c.steps.extras} (it also answers the key-exchange signature hash, compression, renegotiation and EMS, which this testssl.sh run does not)\n`,
  );
  process.stdout.write(`  testssl.sh: ${t.command}\n`);
  if (c.targets.identical)
    process.stdout.write(
      '  answers identical: yes (protocols, suites per version in server order, server-order verdict, ECDHE curves, FFDHE groups, DH size)\n',
    );
  else {
    process.stdout.write(`  answers identical: NO — ${c.differences.length} difference(s):\n`);
    for (const d of c.differences) process.stdout.write(`    ${d.aspect}${d.version ? ` ${d.version}` : ''}: ${d.detail}\n`);
  }
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
  process.stdout.write(`  target "same answers as testssl.sh": ${verdict(c.targets.identical)}\n`);
  process.stdout.write(
    `  target "fewer than a third of its connections": ${o2.connections} vs ${t.connections} (${(o2.connections / t.connections).toFixed(2)}×, limit < ${(t.connections / 3).toFixed(1)}): ${verdict(c.targets.connections)}\n`,
  );
  if (!c.targets.connections) {
    process.stdout.write(
      `    why: the suite answers alone need at least ${c.suiteLowerBound} handshakes (per version, one ServerHello per suite to learn the server's order, plus one refusal to end the list)\n`,
    );
  }
  process.stdout.write(
    `  target "at least 10× less wall time": ${(t.wallTimeMs / o2.medianMs).toFixed(0)}× less: ${verdict(c.targets.wallTime)}\n`,
  );
}

/** The STARTTLS comparison on each chosen peer (default: Node lab legacy, and legacy Postfix as root). */
export async function runStartTlsComparison(rounds: number): Promise<StartTlsComparison[]> {
  const chosen = process.env.BENCH_TLS_PEERS?.split(',')
    .map((n) => n.trim())
    .filter(Boolean) as PeerName[] | undefined;
  const peers =
    chosen ?? (['node-legacy', 'postfix-legacy'] as PeerName[]).filter((n) => isRoot() || !PEER_SPECS.find((p) => p.name === n)!.needsRoot);
  const unknown = peers.filter((n) => !PEER_SPECS.some((p) => p.name === n));
  if (unknown.length) throw new Error(`unknown BENCH_TLS_PEERS ${unknown.join(', ')}; known: ${PEER_SPECS.map((p) => p.name).join(', ')}`);
  if (!isRoot() && !chosen) process.stdout.write('\n(not root: the Postfix comparison is skipped; a private Postfix needs root)\n');
  const results: StartTlsComparison[] = [];
  for (const peer of peers) {
    const c = await compareStartTls(peer, rounds);
    printComparison(c);
    results.push(c);
  }
  process.stdout.write(`TLS_STARTTLS_BENCH ${JSON.stringify(results)}\n`);
  return results;
}

/** Both TLS benchmarks, as `npm run bench` runs them. */
export async function runTlsBench(rounds = Number(process.env.BENCH_ROUNDS ?? 5)): Promise<void> {
  await runImplicitTlsBench(rounds);
  await runStartTlsComparison(rounds);
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  if (process.argv.includes('--serve')) await runImplicitTlsBench(rounds, true);
  else await runTlsBench(rounds);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
