/**
 * `npm run bench`: measures the engine against the lab, outside the test suite (speed and memory
 * are measured here, never asserted in tests). For each lab scenario: wall time of a full
 * assessment, DNS queries that reached the server, and heap growth; then what DNSSEC validation
 * adds (a signed domain against its unsigned twin); then a burst of DNS lookups; then the client and
 * web access scenarios with their connection counts (bench/access.ts); then twelve domains in one
 * CLI run, wall time and peak memory by --concurrency (bench/batch.ts); then the TLS
 * benchmarks of bench/tls-profile.ts (our prober against testssl.sh over STARTTLS).
 */
import { performance } from 'node:perf_hooks';
import { assess } from '../electron/engine/engine';
import { DnsClient } from '../electron/engine/net/dns-client';
import { startLabDnsServer } from '../test/lab/dns-server';
import { labWorld, scenarios } from '../test/lab/zones';
import { runAccessBench } from './access';
import { runBatchBench } from './batch';
import { runTlsBench } from './tls-profile';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

// The signed world: validation runs from the lab root's trust anchor, as in the CLI tests.
const world = await labWorld();
const lab = await startLabDnsServer({ zones: world.zones });
const options = { resolvers: [lab.address], dnsTimeoutMs: 300, trustAnchorFile: world.anchorFile };
const rows: string[][] = [['scenario', 'median ms', 'max ms', 'queries', 'findings']];
try {
  for (const s of scenarios) {
    if (s.exitCode) continue;
    const times: number[] = [];
    let queries = 0;
    let findings = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const before = lab.queryLog.length;
      const t0 = performance.now();
      const a = await assess({ domain: s.domain }, options);
      times.push(performance.now() - t0);
      queries = lab.queryLog.length - before;
      findings = a.findings.length;
    }
    times.sort((x, y) => x - y);
    rows.push([s.domain, times[Math.floor(times.length / 2)]!.toFixed(1), times.at(-1)!.toFixed(1), String(queries), String(findings)]);
  }

  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  process.stdout.write(`Full assessment against the lab (${ROUNDS} rounds each; DNS timeout 300 ms for the failure scenarios)\n`);
  for (const r of rows) process.stdout.write(`${r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ')}\n`);

  // DNSSEC: the same organisation (MX, SPF, DMARC, DKIM) signed and unsigned. Target: at most 40 more queries.
  process.stdout.write('\nDNSSEC validation cost: queries of a whole assessment, signed domain against its unsigned twin onprem.test\n');
  const queriesOf = async (domain: string) => {
    const before = lab.queryLog.length;
    const a = await assess({ domain }, options);
    const dnssec = a.attempts.find((x) => x.checkId === 'dnssec');
    return { total: lab.queryLog.length - before, validator: (dnssec?.data as { queries?: number } | undefined)?.queries ?? 0 };
  };
  const unsigned = await queriesOf('onprem.test');
  for (const domain of ['dnssec-ok.test', 'dnssec-nsec3.test', 'dnssec-rsa.test', 'dane-ok.test']) {
    const signed = await queriesOf(domain);
    process.stdout.write(
      `  ${domain.padEnd(18)} ${String(signed.total).padStart(4)} queries (onprem.test ${unsigned.total}): +${signed.total - unsigned.total}; the validator sent ${signed.validator} (onprem.test: ${unsigned.validator})\n`,
    );
  }

  // Raw client throughput: 2000 uncached lookups, 50 in flight.
  const client = new DnsClient({ servers: [{ host: lab.host, port: lab.port }], timeoutMs: 1000 });
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < 2000) {
        const i = next++;
        await client.query(i % 2 ? 'onprem.test' : '_dmarc.onprem.test', i % 3 ? 'TXT' : 'MX');
      }
    }),
  );
  const ms = performance.now() - t0;
  process.stdout.write(
    `\nDNS client: 2000 queries, 50 in flight: ${ms.toFixed(0)} ms (${((2000 / ms) * 1000).toFixed(0)} queries/s), heap +${((process.memoryUsage().heapUsed - heapBefore) / 1048576).toFixed(1)} MiB\n`,
  );
  process.stdout.write(`Peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);

  await runAccessBench(lab, world.anchorFile);
  await runBatchBench(lab, world.anchorFile);
} finally {
  await lab.close();
  await world.dispose();
}

// TLS: the prober's full profile (implicit TLS), then STARTTLS side by side with testssl.sh (bench/tls-profile.ts).
process.stdout.write('\n');
await runTlsBench();
