/**
 * The lab scenario pair of issue 11 ("re-test and diff"): one domain before and after the admin's
 * work: SPF `+all` fixed, a 1024-bit DKIM key still there, the DMARC policy weakened to `none` (new)
 * and its reports sent elsewhere (changed). Served next to labZones() by a DNS server started with one stage, then restarted with the
 * other. MX on 127.0.20.90, where nothing listens (port 25 is "not verified" on both sides).
 */
import { generateKeyPairSync } from 'node:crypto';
import { txt, type LabRecord, type LabZone } from '../lab/dns-server';

export const RETEST_DOMAIN = 'retest.test';
const DOMAIN = RETEST_DOMAIN;

const key = (bits: number) =>
  generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const weakKey = key(1024);
const goodKey = key(2048);

/** The scenario pair: one domain before and after the admin's work. MX on 127.0.20.90, where nothing listens. */
export function retestZone(stage: 'before' | 'after'): LabZone {
  const before = stage === 'before';
  const records: LabRecord[] = [
    { name: '@', type: 'SOA', data: { mname: `ns1.${DOMAIN}`, rname: `hostmaster.${DOMAIN}`, serial: before ? 1 : 2, minimum: 300 } },
    { name: '@', type: 'NS', data: `ns1.${DOMAIN}` },
    { name: 'ns1', type: 'A', data: '127.0.0.53' },
    { name: '@', type: 'MX', data: { preference: 10, exchange: `mail.${DOMAIN}` } },
    { name: 'mail', type: 'A', data: '127.0.20.90' },
    // Fixed: SPF allowed the whole internet.
    { name: '@', type: 'TXT', data: txt(before ? 'v=spf1 mx +all' : 'v=spf1 mx -all') },
    // New: the DMARC policy weakened to `none`; changed: the reports go to another address.
    {
      name: '_dmarc',
      type: 'TXT',
      data: txt(`v=DMARC1; p=${before ? 'reject' : 'none'}; rua=mailto:${before ? 'dmarc' : 'reports'}@${DOMAIN}`),
    },
    // Still open: a 1024-bit key.
    { name: 'default._domainkey', type: 'TXT', data: txt(`v=DKIM1; k=rsa; p=${weakKey}`) },
    { name: 'mail._domainkey', type: 'TXT', data: txt(`v=DKIM1; k=rsa; p=${goodKey}`) },
  ];
  return { origin: DOMAIN, records };
}
