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
