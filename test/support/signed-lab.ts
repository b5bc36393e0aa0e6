/**
 * The signed lab world (test/lab/zones.ts `labWorld()`) served by a lab DNS server, with the lab
 * root's trust anchor read by parseTrustAnchorFile as the product reads `--trust-anchor`: the setup
 * of the tests that run our validator against the lab. Not for test/lab itself, which must not
 * depend on product code.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import { parseTrustAnchorFile } from '../../shared/dnssec/presentation';
import type { TrustAnchor } from '../../shared/dnssec/types';
import { startLabDnsServer, type LabDnsServer, type LabZone } from '../lab/dns-server';
import type { LabWorld } from '../lab/dnssec-world';
import { labWorld } from '../lab/zones';

export interface SignedLab {
  world: LabWorld;
  /** serves `world.zones` */
  dns: LabDnsServer;
  /** the lab root's anchors */
  anchors: TrustAnchor[];
  /** Another lab DNS server (e.g. for tampered zones), closed after the file's tests. */
  serve(zones: LabZone[], stripDnssec?: boolean): Promise<LabDnsServer>;
}

/** Registers the file's beforeAll/afterAll; the fields are there once beforeAll has run. */
export function useSignedLab(): SignedLab {
  const started: LabDnsServer[] = [];
  const lab = {
    async serve(zones: LabZone[], stripDnssec = false) {
      const server = await startLabDnsServer({ zones, stripDnssec });
      started.push(server);
      return server;
    },
  } as SignedLab;
  beforeAll(async () => {
    lab.world = await labWorld();
    lab.dns = await lab.serve(lab.world.zones);
    lab.anchors = parseTrustAnchorFile(await readFile(lab.world.anchorFile, 'utf8'), lab.world.anchorFile);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(started.map((s) => s.close()));
    await lab.world?.dispose();
  });
  return lab;
}
