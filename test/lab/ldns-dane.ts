/**
 * `ldns-dane` (ldnsutils) as the peer DANE verifier (DESIGN §6), composed with two other peers
 * because it cannot reach the lab on its own: it resolves only through a resolver on port 53
 * (`-r <address>` takes no port) and speaks implicit TLS, never SMTP STARTTLS (RFC 3207). So:
 *
 *   1. delv fetches `_25._tcp.<mx> TLSA` through the lab DNS server and validates it from the lab
 *      root's trust anchor (test/lab/delv.ts); RFC 7672 §2.2: only a secure TLSA RRset is used;
 *   2. `openssl s_client -starttls smtp -showcerts` collects the chain the lab SMTP server presents
 *      (test/lab/openssl-peer.ts);
 *   3. `ldns-dane -c <chain> -t <tlsa file> verify` matches the chain against the TLSA records
 *      with OpenSSL's DANE code (SSL_dane_tlsa_add, X509_verify_cert): "dane-validated
 *      successfully" or "did not dane-validate, because: …".
 *
 * ldns-dane follows RFC 6698, not RFC 7672: PKIX-TA(0)/PKIX-EE(1) records count as usable for it
 * (with PKIX validation against `-f <CA file>`), while SMTP must ignore them (RFC 7672 §3.1.3).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delvVerdict, type DelvResult } from './delv';
import { run, sClient } from './openssl-peer';

export const LDNS_DANE = '/usr/bin/ldns-dane';

export type LdnsDaneVerdict =
  /** a usable TLSA record matched the chain */
  | 'dane-validated'
  /** no usable TLSA record (ldns-dane then falls back to PKIX) and PKIX validation succeeded */
  | 'pkix-validated'
  /** the chain matched no TLSA record / failed validation */
  | 'failed'
  /** the TLSA RRset is not DNSSEC-secure (RFC 7672 §2.2: it must be ignored); ldns-dane not run */
  | 'not-secure'
  /** a secure denial: there is no TLSA RRset; ldns-dane not run */
  | 'no-tlsa';

export interface LdnsDaneResult {
  verdict: LdnsDaneVerdict;
  /** OpenSSL's reason for a failure, e.g. `certificate signature failure` */
  reason?: string;
  /** the TLSA records used, presentation form */
  tlsa: string[];
  delv: DelvResult;
  output: string;
}

/**
 * Runs ldns-dane on a chain file and TLSA records (no network): `ldns-dane -c chain -t tlsa [-f ca]
 * verify HOST PORT`. HOST and PORT are given (not taken from the TLSA owner, which leaves a trailing
 * dot on the name OpenSSL then checks the certificate against).
 */
export async function ldnsDaneVerify(options: {
  host: string;
  port: number;
  tlsa: string[];
  chainPem: string[];
  caFile?: string;
}): Promise<{
  verdict: 'dane-validated' | 'pkix-validated' | 'failed';
  reason?: string;
  output: string;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'mailaudit-ldns-dane-'));
  try {
    const chainFile = join(dir, 'chain.pem');
    const tlsaFile = join(dir, 'tlsa.zone');
    await writeFile(chainFile, options.chainPem.join(''), 'utf8');
    await writeFile(tlsaFile, `${options.tlsa.join('\n')}\n`, 'utf8');
    const args = [
      '-c',
      chainFile,
      '-t',
      tlsaFile,
      ...(options.caFile ? ['-f', options.caFile] : []),
      'verify',
      options.host,
      String(options.port),
    ];
    const result = await run(LDNS_DANE, args, { timeoutMs: 15_000 });
    const output = `${result.stdout}${result.stderr}`;
    if (/dane-validated successfully/.test(output)) return { verdict: 'dane-validated', output };
    if (/PKIX-validated successfully/.test(output)) return { verdict: 'pkix-validated', output };
    const reason = /did not dane-validate, because: (.+)$/m.exec(output)?.[1]?.trim();
    return { verdict: 'failed', ...(reason ? { reason } : {}), output };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** TLSA presentation lines from delv's answer, hex joined (delv splits long fields). */
function tlsaLines(records: string[]): string[] {
  return records
    .map((line) => /^(\S+)\s+(\d+)\s+IN\s+TLSA\s+(\d+)\s+(\d+)\s+(\d+)\s+([0-9A-Fa-f\s]+)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} ${m[2]} IN TLSA ${m[3]} ${m[4]} ${m[5]} ${m[6]!.replace(/\s+/g, '')}`);
}

export interface DaneOracleOptions {
  /** the lab DNS server and the lab root's trust anchors in delv's format */
  dns: { host: string; port: number };
  delvAnchorFile: string;
  /** the MX host name (the TLSA base domain, RFC 7672 §2.2.1) */
  mx: string;
  /** where its SMTP server really listens (the lab's connect-to target) */
  smtp: { host: string; port: number };
  /** for PKIX-TA/PKIX-EE records */
  caFile?: string;
}

/** The peer's DANE verdict for an MX host of the lab: delv → openssl s_client → ldns-dane. */
export async function ldnsDaneVerdict(options: DaneOracleOptions): Promise<LdnsDaneResult> {
  const delv = await delvVerdict({ server: options.dns, anchorFile: options.delvAnchorFile, name: `_25._tcp.${options.mx}`, type: 'TLSA' });
  const tlsa = tlsaLines(delv.records);
  if (delv.verdict === 'nxdomain-secure' || delv.verdict === 'nodata-secure')
    return { verdict: 'no-tlsa', tlsa, delv, output: delv.output };
  if (delv.verdict !== 'secure' || tlsa.length === 0) return { verdict: 'not-secure', tlsa, delv, output: delv.output };
  const hello = await sClient({ host: options.smtp.host, port: options.smtp.port, starttls: 'smtp', servername: options.mx });
  if (hello.chainPem.length === 0)
    throw new Error(`no certificate from ${options.mx} at ${options.smtp.host}:${options.smtp.port}: ${hello.stderr}`);
  const verified = await ldnsDaneVerify({
    host: options.mx,
    port: 25,
    tlsa,
    chainPem: hello.chainPem,
    ...(options.caFile ? { caFile: options.caFile } : {}),
  });
  return { ...verified, tlsa, delv };
}
