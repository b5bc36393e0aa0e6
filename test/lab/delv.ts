/**
 * BIND's `delv` as the peer DNSSEC validator (DESIGN §6): it resolves through the lab DNS server
 * (its "forwarder") from the lab root's trust anchor and prints whether the answer is fully
 * validated, unsigned, or why validation failed. The product's validator is compared with it.
 *
 *   delv @127.0.0.1 -p PORT -a <trust-anchors file> +root=. NAME TYPE
 *
 * delv 9.18 reads `-a` in named.conf syntax (`trust-anchors { . static-ds …; };`, see
 * dnssec-world.ts `delvTrustAnchors`), not the DS lines the product's `--trust-anchor` takes.
 */
import type { LabZone } from './dns-server';
import { assertLoopback, run } from './openssl-peer';

export const DELV = '/usr/bin/delv';

export type DelvVerdict =
  /** `; fully validated` */
  | 'secure'
  /** `; unsigned answer`: provably insecure */
  | 'insecure'
  /** `; negative response, fully validated` for NXDOMAIN / NODATA */
  | 'nxdomain-secure'
  | 'nodata-secure'
  /** `; negative response, unsigned answer` */
  | 'nxdomain-insecure'
  | 'nodata-insecure'
  /** validation failed (`;; validating …: <reason>`, then e.g. `resolution failed: broken trust chain`) */
  | 'bogus'
  | 'timeout'
  /** any other failure (SERVFAIL, REFUSED, …) */
  | 'failure';

export interface DelvResult {
  verdict: DelvVerdict;
  /** for bogus: the validator's first complaint, e.g. `RRSIG has expired`, `no valid signature found (DS)` */
  reason?: string;
  /** every `;; validating <name/type>: <message>` line, as printed */
  validationErrors: string[];
  /** `;; resolution failed: …` */
  failure?: string;
  /** answer records (presentation form, comments dropped) */
  records: string[];
  output: string;
}

export interface DelvQuery {
  /** the lab DNS server */
  server: { host: string; port: number };
  /** trust anchors in delv's `-a` format */
  anchorFile: string;
  name: string;
  type: string;
  tcp?: boolean;
  timeoutMs?: number;
}

/** Runs delv once and classifies its verdict. */
export async function delvVerdict(query: DelvQuery): Promise<DelvResult> {
  assertLoopback(query.server.host);
  const args = [
    `@${query.server.host}`,
    '-p',
    String(query.server.port),
    '-a',
    query.anchorFile,
    '+root=.',
    ...(query.tcp ? ['+tcp'] : []),
    '-q',
    query.name,
    '-t',
    query.type,
  ];
  const result = await run(DELV, args, { timeoutMs: query.timeoutMs ?? 20_000 });
  // delv prints its findings on stderr and the answer on stdout.
  const output = `${result.stderr}${result.stdout}`;
  return parseDelvOutput(output);
}

export function parseDelvOutput(output: string): DelvResult {
  const lines = output.split('\n');
  const validationErrors = lines.filter((l) => /^;; validating \S+: /.test(l) && !/: (starting|attempting|in |resuming)/.test(l));
  const failure = /^;; resolution failed: (.+)$/m.exec(output)?.[1]?.trim();
  const records = lines.filter((l) => l.trim() !== '' && !l.startsWith(';'));
  const base = { validationErrors, records, output, ...(failure ? { failure } : {}) };
  const negative = /^; negative response, (fully validated|unsigned answer)/m.exec(output)?.[1];
  if (negative) {
    const nx = /;-\$NXDOMAIN/.test(output);
    const secure = negative === 'fully validated';
    return { ...base, verdict: nx ? (secure ? 'nxdomain-secure' : 'nxdomain-insecure') : secure ? 'nodata-secure' : 'nodata-insecure' };
  }
  if (/^; fully validated/m.test(output)) return { ...base, verdict: 'secure' };
  if (/^; unsigned answer/m.test(output)) return { ...base, verdict: 'insecure' };
  if (failure === 'timed out') return { ...base, verdict: 'timeout' };
  if (validationErrors.length > 0 || failure === 'broken trust chain' || /insecurity proof failed|no valid signature/.test(output)) {
    const first = validationErrors[0];
    // `;; validating x/DNSKEY: verify failed due to bad signature (keyid=…): RRSIG has expired` → `RRSIG has expired`
    const reason = first?.replace(/^;; validating \S+: /, '').replace(/^verify failed due to bad signature \(keyid=\d+\): /, '');
    return { ...base, verdict: 'bogus', ...(reason ? { reason } : failure ? { reason: failure } : {}) };
  }
  return { ...base, verdict: 'failure' };
}

// ---------------------------------------------------------------------------------------------
// The delv oracle: what delv says of the lab, checked in dnssec-world.test.ts and compared with
// our validator in test/interop/dnssec-agreement.test.ts. One list, so the two cannot drift apart.

/** [name, type, delv's verdict, delv's complaint when bogus] */
export type DelvScenarioCase = [name: string, type: string, verdict: DelvVerdict, reason?: RegExp];
/** [name, type, delv's verdict, what the answer proves it with] */
export type DelvProofCase = [name: string, type: string, verdict: DelvVerdict, why: string];

/** The DNSSEC and DANE scenarios of the signed lab world (test/lab/zones.ts `labWorld()`). */
export const DELV_SCENARIO_CASES: DelvScenarioCase[] = [
  ['dnssec-ok.test', 'MX', 'secure'],
  ['mail.dnssec-ok.test', 'A', 'secure'],
  ['dnssec-nsec3.test', 'MX', 'secure'],
  ['dnssec-rsa.test', 'MX', 'secure'],
  ['dnssec-ed25519.test', 'MX', 'secure'],
  // RFC 8624 §3.1: RSASHA1 still validates; that it is deprecated is the product's finding.
  ['dnssec-sha1.test', 'MX', 'secure'],
  ['dnssec-expired.test', 'MX', 'bogus', /RRSIG has expired/],
  ['dnssec-future.test', 'MX', 'bogus', /RRSIG validity period has not begun/],
  ['dnssec-ds-mismatch.test', 'MX', 'bogus', /no valid signature found \(DS\)/],
  ['dnssec-wildcard.test', 'MX', 'secure'],
  ['mx.dnssec-wildcard.test', 'A', 'secure'],
  ['insecure.nsec3-optout.test', 'MX', 'insecure'],
  ['mail.insecure.nsec3-optout.test', 'A', 'insecure'],
  ['dnssec-mx-insecure.test', 'MX', 'secure'],
  ['mail.onprem.test', 'A', 'insecure'],
  ['dane-ok.test', 'MX', 'secure'],
  ['dane-unsigned.test', 'MX', 'insecure'],
  ['_25._tcp.mail.dane-ok.test', 'TLSA', 'secure'],
  ['_25._tcp.mail.dane-ta.test', 'TLSA', 'secure'],
  ['_25._tcp.mail.dane-mismatch.test', 'TLSA', 'secure'],
  ['_25._tcp.mail.dane-usage1.test', 'TLSA', 'secure'],
  ['_25._tcp.mail.dane-rollover.test', 'TLSA', 'secure'],
  ['_25._tcp.mail.dane-unsigned.test', 'TLSA', 'insecure'],
  ['_25._tcp.mail.dnssec-ok.test', 'TLSA', 'nxdomain-secure'],
  // Everything that was there before stays resolvable, now provably insecure.
  ['onprem.test', 'MX', 'insecure'],
  ['exo-good.test', 'MX', 'insecure'],
  ['exo-good-test.mail.protection.outlook.com', 'A', 'insecure'],
  ['does-not-exist.test', 'MX', 'nxdomain-secure'],
];

/** Authenticated denial in the signed lab world (RFC 4035 §3.1.3, RFC 5155 §7.2). */
export const DELV_DENIAL_CASES: DelvProofCase[] = [
  ['nope.dnssec-ok.test', 'A', 'nxdomain-secure', 'NSEC covering the name + NSEC denying the wildcard'],
  ['dnssec-ok.test', 'AAAA', 'nodata-secure', 'NSEC at the name'],
  ['_domainkey.dnssec-ok.test', 'TXT', 'nodata-secure', 'empty non-terminal: the NSEC covering it'],
  ['nope.dnssec-nsec3.test', 'A', 'nxdomain-secure', 'closest encloser proof + covering NSEC3 of the wildcard'],
  ['a.b.nope.dnssec-nsec3.test', 'TXT', 'nxdomain-secure', 'next closer name several labels up'],
  ['dnssec-nsec3.test', 'AAAA', 'nodata-secure', 'matching NSEC3'],
  ['_domainkey.dnssec-nsec3.test', 'TXT', 'nodata-secure', 'empty non-terminal has its NSEC3'],
  ['x.y.dnssec-wildcard.test', 'A', 'secure', 'wildcard answer with the NSEC proving x.y does not exist'],
  ['x.dnssec-wildcard.test', 'TXT', 'nodata-secure', 'wildcard NODATA: covering NSEC + NSEC at the wildcard'],
  ['insecure.nsec3-optout.test', 'DS', 'nodata-secure', 'DS at an opt-out delegation: closest encloser + opt-out NSEC3'],
  ['nope.nsec3-optout.test', 'A', 'nxdomain-secure', 'NXDOMAIN in an opt-out zone'],
  ['onprem.test', 'DS', 'nodata-secure', 'insecure delegation: NSEC at the cut, NS bit and no DS bit'],
  ['dnssec-ok.test', 'DS', 'secure', 'DS from the parent side'],
  ['com', 'DS', 'nodata-secure', 'the root delegates com insecurely'],
  ['nothing.example', 'A', 'nxdomain-secure', 'a TLD the lab does not use: NXDOMAIN from the signed root'],
  ['nope.onprem.test', 'A', 'nxdomain-insecure', 'NXDOMAIN in an unsigned zone'],
];

/** A world of its own for NSEC3 wildcards, CNAMEs and empty non-terminals: the lab world signs no CNAME. */
export const SMALL_WORLD_ZONES: LabZone[] = [
  { origin: 'test', records: [{ name: '@', type: 'SOA', data: { mname: 'ns1.test', rname: 'hostmaster.test' } }] },
  {
    origin: 'w3.test',
    dnssec: { algorithm: 13, denial: 'nsec3' },
    records: [
      { name: '@', type: 'SOA', data: { mname: 'ns1.w3.test', rname: 'hostmaster.w3.test' } },
      { name: '@', type: 'NS', data: 'ns1.w3.test' },
      { name: 'ns1', type: 'A', data: '127.0.0.53' },
      { name: '*', type: 'A', data: '192.0.2.1' },
      { name: 'deep.ent', type: 'A', data: '192.0.2.2' },
      { name: 'alias', type: 'CNAME', data: 'via.w3.test' },
      { name: '*.sub', type: 'CNAME', data: 'deep.ent.w3.test' },
    ],
  },
  {
    origin: 'w1.test',
    dnssec: { algorithm: 15 },
    records: [
      { name: '@', type: 'SOA', data: { mname: 'ns1.w1.test', rname: 'hostmaster.w1.test' } },
      { name: '*', type: 'TXT', data: ['wild'] },
      { name: 'alias', type: 'CNAME', data: 'x.w3.test' },
    ],
  },
];

/** What delv says in SMALL_WORLD_ZONES (RFC 5155 §7.2). */
export const SMALL_WORLD_CASES: DelvProofCase[] = [
  ['x.w3.test', 'A', 'secure', 'wildcard answer: covering NSEC3 of the next closer name (§7.2.6)'],
  ['x.w3.test', 'TXT', 'nodata-secure', 'wildcard NODATA: closest encloser proof + matching NSEC3 of the wildcard (§7.2.5)'],
  ['ent.w3.test', 'A', 'nodata-secure', 'empty non-terminal (§7.2.3)'],
  ['x.deep.ent.w3.test', 'A', 'nxdomain-secure', 'no wildcard below the ent (§7.2.2)'],
  ['alias.w3.test', 'A', 'secure', 'CNAME to a wildcard-synthesised name'],
  ['q.sub.w3.test', 'A', 'secure', 'wildcard CNAME, then the target'],
  ['alias.w1.test', 'A', 'secure', 'CNAME from an NSEC zone into an NSEC3 wildcard'],
  ['x.w1.test', 'A', 'nodata-secure', 'NSEC wildcard NODATA'],
  ['w1.test', 'DS', 'secure', 'DS for a signed child of test'],
];
