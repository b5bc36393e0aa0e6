/**
 * The signed lab world with a lab DNS server serving it and the SMTP lab: the setup of the tests
 * that ask peers (delv, ldns-dane) or the whole engine about the DANE scenarios. No product
 * imports: test/lab uses it too.
 */
import { afterAll, beforeAll } from 'vitest';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import type { LabWorld } from '../lab/dnssec-world';
import { ldnsDaneVerdict, type LdnsDaneResult } from '../lab/ldns-dane';
import { startSmtpLab, type SmtpLab } from '../lab/smtp-lab';
import { labWorld } from '../lab/zones';

export interface LabServices {
  world: LabWorld;
  /** serves `world.zones` */
  dns: LabDnsServer;
  smtp: SmtpLab;
  /** ldns-dane's verdict on the MX host `mx`: its TLSA records via delv, its chain from the SMTP lab. */
  ldnsDane(mx: string): Promise<LdnsDaneResult>;
}

/** Registers the file's beforeAll/afterAll; the fields are there once beforeAll has run. */
export function useLabServices(): LabServices {
  const lab = {
    ldnsDane(mx: string) {
      const server = lab.smtp.servers.get(mx);
      return ldnsDaneVerdict({
        dns: lab.dns,
        delvAnchorFile: lab.world.delvAnchorFile,
        mx,
        // No SMTP server in the lab for this host (the unsigned and TLSA-less scenarios): a closed port stands in.
        smtp: server ? { host: server.host, port: server.port } : { host: '127.0.0.1', port: 1 },
        caFile: lab.smtp.caFile,
      });
    },
  } as LabServices;
  beforeAll(async () => {
    [lab.world, lab.smtp] = await Promise.all([labWorld(), startSmtpLab()]);
    lab.dns = await startLabDnsServer({ zones: lab.world.zones });
  }, 60_000);
  afterAll(async () => {
    await lab.dns?.close();
    await lab.smtp?.close();
    await lab.world?.dispose();
  });
  return lab;
}
