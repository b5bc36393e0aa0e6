/**
 * OpenSSL's command-line tool as a third-party peer for the interop lab (DESIGN §6): self-signed
 * certificates, well-known DH parameters, and `openssl s_client` handshakes (implicit TLS or
 * STARTTLS per RFC 3207) whose outcome tests compare with our own prober.
 */
import { execFile } from 'node:child_process';
import { getDiffieHellman } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OPENSSL = '/usr/bin/openssl';

/** A lab host name: letters, digits, hyphens and dots only, so it is safe inside `-subj`, SAN and main.cf syntax. */
export const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function assertLoopback(host: string): void {
  // The lab never talks to anything but this machine (brief: loopback only).
  const v = isIP(host);
  if (v === 4 && host.startsWith('127.')) return;
  if (v === 6 && (host === '::1' || host === '0:0:0:0:0:0:0:1')) return;
  throw new Error(`lab peers use loopback addresses only, not ${JSON.stringify(host)}`);
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a program (no shell) and collects its output; never rejects on a non-zero exit. */
export function run(
  file: string,
  args: readonly string[],
  options: { timeoutMs?: number; input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        timeout: options.timeoutMs ?? 30_000,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        env: options.env,
        cwd: options.cwd,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code === 'string') return reject(error); // ENOENT and the like: not a result
        resolve({ code: child.exitCode, signal: child.signalCode, stdout, stderr });
      },
    );
    // A program that exits without reading stdin must not turn into an EPIPE crash here.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input ?? '');
  });
}

export type KeyType = 'rsa2048' | 'rsa1024' | 'rsa4096' | 'ec-p256' | 'ec-p384';

export interface SelfSigned {
  certPem: string;
  keyPem: string;
}

/** A self-signed certificate for `commonName` (also its only DNS SAN) made by `openssl req -x509`. */
export async function selfSignedCertificate(options: { commonName: string; keyType?: KeyType; days?: number }): Promise<SelfSigned> {
  const { commonName, keyType = 'rsa2048', days = 30 } = options;
  if (!HOST_NAME.test(commonName)) throw new Error(`not a host name: ${JSON.stringify(commonName)}`);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new Error(`days out of range: ${days}`);
  const newkey =
    keyType === 'ec-p256' || keyType === 'ec-p384'
      ? ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${keyType === 'ec-p256' ? 'P-256' : 'P-384'}`]
      : ['-newkey', `rsa:${keyType.slice(3)}`];
  const dir = await mkdtemp(join(tmpdir(), 'mailaudit-openssl-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    const result = await run(OPENSSL, [
      'req',
      '-x509',
      ...newkey,
      '-sha256',
      '-nodes',
      '-days',
      String(days),
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      `subjectAltName=DNS:${commonName}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]);
    if (result.code !== 0) throw new Error(`openssl req failed: ${result.stderr}`);
    return { certPem: await readFile(certFile, 'utf8'), keyPem: await readFile(keyFile, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// --- DH parameters (PKCS #3 DHParameter ::= SEQUENCE { prime INTEGER, base INTEGER }) ---

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function derInteger(b: Buffer): Buffer {
  const body = b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
  return Buffer.concat([Buffer.from([0x02]), derLength(body.length), body]);
}

/**
 * Well-known MODP group parameters as a PEM "DH PARAMETERS" block, for servers that take a DH
 * parameter file (Postfix `smtpd_tls_dh1024_param_file`, Node `dhparam`). `modp2` is the 1024-bit
 * Oakley group 2 (RFC 2409 §6.2), `modp14` the 2048-bit group (RFC 3526 §3). No generation: fast and
 * deterministic.
 */
export function dhParamsPem(group: 'modp2' | 'modp14'): string {
  const dh = getDiffieHellman(group);
  const body = Buffer.concat([derInteger(dh.getPrime()), derInteger(dh.getGenerator())]);
  const der = Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN DH PARAMETERS-----\n${b64}-----END DH PARAMETERS-----\n`;
}

// --- openssl s_client ---

export interface SClientOptions {
  host: string;
  port: number;
  /** RFC 3207 STARTTLS before the handshake */
  starttls?: 'smtp';
  /** SNI and, for STARTTLS, the EHLO name stays openssl's default */
  servername?: string;
  /** e.g. 'tls1_2' → `-tls1_2` (only that version) */
  version?: 'tls1' | 'tls1_1' | 'tls1_2' | 'tls1_3';
  /** OpenSSL cipher string for TLS ≤ 1.2 (`-cipher`); add `@SECLEVEL=0` for legacy suites */
  cipher?: string;
  /** TLS 1.3 suites (`-ciphersuites`) */
  ciphersuites?: string;
  /** signature algorithms offered (`-sigalgs`), e.g. 'rsa_pss_rsae_sha256' to be served the RSA certificate */
  sigalgs?: string;
  /** trust anchor file for verification (`-CAfile`); verification is reported, never enforced */
  caFile?: string;
  timeoutMs?: number;
}

export interface SClientResult {
  /** the handshake completed (a session with a cipher was established) */
  ok: boolean;
  /** e.g. 'TLSv1.3' */
  protocol?: string;
  /** OpenSSL name of the negotiated suite, e.g. 'TLS_AES_256_GCM_SHA384' or 'ECDHE-RSA-AES128-GCM-SHA256' */
  cipher?: string;
  /** certificates as served, leaf first */
  chainPem: string[];
  /** `Server Temp Key` as printed, e.g. 'X25519, 253 bits' or 'DH, 1024 bits' */
  tempKey?: string;
  /** `Verify return code` number and text, e.g. { code: 18, text: 'self-signed certificate' } */
  verify?: { code: number; text: string };
  stdout: string;
  stderr: string;
}

/** One `openssl s_client` handshake; stdin is empty so it disconnects right after the handshake. */
export async function sClient(options: SClientOptions): Promise<SClientResult> {
  assertLoopback(options.host);
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) throw new Error(`bad port ${options.port}`);
  if (options.servername !== undefined && !HOST_NAME.test(options.servername)) throw new Error(`not a host name: ${options.servername}`);
  const target = isIP(options.host) === 6 ? `[${options.host}]:${options.port}` : `${options.host}:${options.port}`;
  const args = ['s_client', '-connect', target, '-showcerts'];
  if (options.starttls) args.push('-starttls', options.starttls);
  if (options.servername) args.push('-servername', options.servername);
  else args.push('-noservername');
  if (options.version) args.push(`-${options.version}`);
  if (options.cipher !== undefined) args.push('-cipher', options.cipher);
  if (options.ciphersuites !== undefined) args.push('-ciphersuites', options.ciphersuites);
  if (options.sigalgs !== undefined) args.push('-sigalgs', options.sigalgs);
  if (options.caFile) args.push('-CAfile', options.caFile);
  const result = await run(OPENSSL, args, { timeoutMs: options.timeoutMs ?? 15_000 });
  const out = result.stdout;
  // "New, TLSv1.3, Cipher is X" is printed for every version; the SSL-Session block is not (TLS 1.3)
  const summary = /^(?:New|Reused), (\S+), Cipher is (\S+)/m.exec(out);
  // TLS ≤ 1.2 suites print "TLSv1/SSLv3" there: the session block's Protocol line is exact
  const sessionProtocol = /^\s*Protocol\s*:\s*(\S+)/m.exec(out)?.[1];
  const protocol = sessionProtocol ?? (summary?.[1] !== '(NONE)' ? summary?.[1] : undefined);
  const cipher = summary?.[2];
  const verify = /^\s*Verify return code:\s*(\d+)\s*\(([^)]*)\)/m.exec(out);
  const tempKey = /^Server Temp Key:\s*(.+)$/m.exec(out)?.[1]?.trim();
  const chainPem = out.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g) ?? [];
  // "0000" / "(NONE)" is how s_client prints a session without a suite
  const ok = !!cipher && cipher !== '0000' && cipher !== '(NONE)';
  return {
    ok,
    ...(protocol ? { protocol } : {}),
    ...(ok ? { cipher } : {}),
    chainPem,
    ...(tempKey ? { tempKey } : {}),
    ...(verify ? { verify: { code: Number(verify[1]), text: verify[2]! } } : {}),
    stdout: out,
    stderr: result.stderr,
  };
}

export interface OpensslSuite {
  /** two-byte code point */
  code: number;
  /** OpenSSL name */
  name: string;
  /** the lowest version OpenSSL labels the suite with: 'SSLv3' | 'TLSv1' | 'TLSv1.2' | 'TLSv1.3' */
  minVersion: string;
  /** Kx= and Au= columns, e.g. 'ECDH' / 'RSA' */
  kx: string;
  au: string;
}

/**
 * What an OpenSSL cipher string expands to, in order (`openssl ciphers -V`): the independent
 * expectation for what a server configured with it offers. `tls13` replaces the TLS 1.3 suites.
 */
export async function opensslCiphers(cipherString: string, tls13?: string): Promise<OpensslSuite[]> {
  const args = ['ciphers', '-V', ...(tls13 !== undefined ? ['-ciphersuites', tls13] : []), cipherString];
  const result = await run(OPENSSL, args);
  if (result.code !== 0) throw new Error(`openssl ciphers failed: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .map((line) => /^\s*0x([0-9A-F]{2}),0x([0-9A-F]{2})\s+-\s+(\S+)\s+(\S+)\s+Kx=(\S+)\s+Au=(\S+)/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ code: parseInt(`${m[1]}${m[2]}`, 16), name: m[3]!, minVersion: m[4]!, kx: m[5]!, au: m[6]! }));
}
