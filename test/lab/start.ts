/**
 * `npm run lab`: starts the lab's DNS server (serving the signed lab world: a signed lab root,
 * `test` and DNSSEC/DANE scenario zones) and SMTP servers for use by hand and prints how to point
 * the CLI at them, the lab root's trust anchor included.
 *   npm run lab [-- --host 127.0.0.1 --port 5300 --smtp-port 2525]
 */
import { parseArgs } from 'node:util';
import { startLabDnsServer } from './dns-server';
import { startSmtpLab } from './smtp-lab';
import { startWebLab } from './web-lab';
import { startClientLab } from './client-lab';
import { startPolicyLab } from './https-policy';
import { clientScenarios, labWorld, scenarios, webScenarios } from './zones';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '5300' },
    'smtp-port': { type: 'string', default: '2525' },
  },
});
const smtpPort = Number(values['smtp-port']);
if (!Number.isInteger(smtpPort) || smtpPort < 0 || smtpPort > 65535) {
  process.stderr.write(`lab: --smtp-port must be 0–65535\n`);
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`lab: --port must be 0–65535\n`);
  process.exit(2);
}

const world = await labWorld();
const server = await startLabDnsServer({ host: values.host, port, zones: world.zones });
const smtp = await startSmtpLab({ port: smtpPort });
// The web scenarios (web-*.test) share the SMTP lab's CA, so one --ca-file trusts both.
const web = await startWebLab({ ca: smtp.ca });
// Mail client scenarios (client-*.test): IMAP, POP3 and submission servers, same CA.
const client = await startClientLab(smtp.ca);
// MTA-STS policy hosts on 127.0.41.x, certificates from the same lab CA as the SMTP servers.
const policy = await startPolicyLab();
process.stdout.write(`MailAudit lab DNS server on ${server.address} (UDP and TCP), zones signed in ${world.signingMs} ms\n`);
process.stdout.write(
  `SMTP servers on ${[...new Set([...smtp.servers.values()].map((s) => s.address))].join(', ')}; lab CA in ${smtp.caFile}\n\n`,
);
process.stdout.write(`Try:  npm run cli -- assess exo-good.test --resolver ${server.address} --trust-anchor ${world.anchorFile}\n`);
process.stdout.write(
  `DNSSEC validates from the lab root (not the IANA root): --trust-anchor ${world.anchorFile}\n` +
    `  (delv: delv @${server.host} -p ${server.port} -a ${world.delvAnchorFile} +root=. dnssec-ok.test MX)\n`,
);
process.stdout.write(
  `SMTP/TLS and DANE scenarios (tls-*.test, dane-*.test, onprem.test) and MTA-STS scenarios (sts-*.test) also need:\n  ${[
    ...smtp.args,
    ...policy.args,
  ]
    .map((a) => (a.startsWith('--') ? a : `'${a}'`))
    .join(' ')
    .replaceAll(' --', ' \\\n  --')}\n\nScenario domains:\n`,
);
const width = Math.max(...scenarios.map((s) => s.domain.length));
for (const s of scenarios) process.stdout.write(`  ${s.domain.padEnd(width)}  ${s.about}\n`);
process.stdout.write(
  `\nWeb access scenarios (web-*.test) also need:\n  ${web.connectTo.map((c) => `--connect-to ${c}`).join(' \\\n  ')}\n`,
);
for (const s of webScenarios) process.stdout.write(`  ${s.domain.padEnd(width)}  ${s.about}\n`);
process.stdout.write(
  `\nMail client scenarios (client-*.test) also need:\n  ${client.connectTo.map((c) => `--connect-to ${c}`).join(' \\\n  ')}\n`,
);
for (const s of clientScenarios) process.stdout.write(`  ${s.domain.padEnd(width)}  ${s.about}\n`);
process.stdout.write('\nPress Ctrl+C to stop.\n');

const stop = () => {
  void Promise.all([server.close(), web.close(), client.close(), smtp.close(), policy.close(), world.dispose()]).then(() =>
    process.exit(0),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
