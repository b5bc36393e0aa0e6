/**
 * Client and web access against their labs: per scenario, the wall time of a whole assessment and,
 * per address the engine connected to, how many connections it opened and how many were open at
 * once (the Connector's own counts). A silent host and an endless line or header must end the run
 * in bounded time with a bounded number of connections (issue 9).
 */
import { performance } from 'node:perf_hooks';
import { assess } from '../electron/engine/engine';
import { Connector, parseConnectTo } from '../electron/engine/net/connect';
import { startClientLab } from '../test/lab/client-lab';
import type { LabDnsServer } from '../test/lab/dns-server';
import { startSmtpLab } from '../test/lab/smtp-lab';
import { startWebLab } from '../test/lab/web-lab';
import { clientScenarios, webScenarios } from '../test/lab/zones';

export async function runAccessBench(lab: LabDnsServer, trustAnchorFile: string): Promise<void> {
  const smtp = await startSmtpLab();
  const web = await startWebLab({ ca: smtp.ca });
  const client = await startClientLab(smtp.ca);
  try {
    const connectTo = [...smtp.connectTo, ...web.connectTo, ...client.connectTo];
    process.stdout.write('\nClient and web access: one assessment per scenario; connections per address (total / at once)\n');
    for (const s of [...clientScenarios, ...webScenarios]) {
      const connector = new Connector({ connectTo: connectTo.map(parseConnectTo) });
      const t0 = performance.now();
      await assess(
        { domain: s.domain },
        { resolvers: [lab.address], dnsTimeoutMs: 300, trustAnchorFile, connectTo, caFile: smtp.caFile, connector },
      );
      const ms = performance.now() - t0;
      const stats = connector
        .stats()
        .filter((x) => x.connections > 0)
        .map((x) => `${x.address} ${x.connections}/${x.peakConcurrent}`);
      process.stdout.write(`  ${s.domain.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms  ${stats.join(', ')}\n`);
    }
  } finally {
    await Promise.all([client.close(), web.close(), smtp.close()]);
  }
}
