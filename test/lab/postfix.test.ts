/**
 * The private Postfix instances of the interop lab: real Postfix 3.x smtpd from Debian on
 * loopback, checked with raw sockets and `openssl s_client` (not our engine, so a bug in one cannot
 * hide a bug in the other). Needs root and the `postfix` and `openssl` packages (CI has both).
 */
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dhParamsPem, sClient, selfSignedCertificate, type SelfSigned } from './openssl-peer';
import { postfixProfiles, startPostfix, type PostfixInstance } from './postfix';

/** Reads SMTP replies until `until` matches the collected text; resolves with everything read. */
function smtpTalk(host: string, port: number, lines: string[], until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let text = '';
    let sent = false;
    socket.setTimeout(5000, () => {
      socket.destroy();
      reject(new Error(`timeout; got ${JSON.stringify(text)}`));
    });
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      // RFC 5321 §4.2: wait for the greeting before EHLO (Postfix rejects early talkers)
      if (!sent && /^220 .*\r\n/m.test(text)) {
        sent = true;
        socket.write(lines.map((l) => `${l}\r\n`).join(''));
      }
      if (until.test(text)) {
        socket.end();
        resolve(text);
      }
    });
  });
}

/** Processes of a process group that are not zombies, from /proc/<pid>/stat (proc(5)). */
function liveGroupMembers(pgid: number): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid pgrp …": comm may contain spaces, so split after the last ')'
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') out.push(`${pid} ${stat.slice(0, stat.lastIndexOf(')') + 1)}`);
  }
  return out;
}

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

let rsa: SelfSigned;
let ecdsa: SelfSigned;
let intermediate: SelfSigned;
let modern: PostfixInstance;
let legacy: PostfixInstance;

beforeAll(async () => {
  [rsa, ecdsa, intermediate] = await Promise.all([
    selfSignedCertificate({ commonName: 'mx.modern.lab.test' }),
    selfSignedCertificate({ commonName: 'mx.modern.lab.test', keyType: 'ec-p256' }),
    selfSignedCertificate({ commonName: 'intermediate.lab.test' }),
  ]);
  const legacyCert = await selfSignedCertificate({ commonName: 'mx.legacy.lab.test' });
  [modern, legacy] = await Promise.all([
    startPostfix({
      ...postfixProfiles.modern,
      hostname: 'mx.modern.lab.test',
      ...rsa,
      chainPem: intermediate.certPem,
      extraCertificates: [ecdsa],
      tls13Ciphersuites: 'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384',
    }),
    startPostfix({
      ...postfixProfiles.legacy,
      host: '127.0.0.2',
      hostname: 'mx.legacy.lab.test',
      ...legacyCert,
      dhParamsPem: dhParamsPem('modp2'),
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([modern?.stop(), legacy?.stop()]);
});

describe('private Postfix instance', () => {
  it('greets with its host name and offers STARTTLS after EHLO (RFC 3207 §4)', async () => {
    const reply = await smtpTalk(modern.host, modern.port, ['EHLO client.lab.test'], /^250 .*\r\n/m);
    expect(reply).toMatch(/^220 mx\.modern\.lab\.test ESMTP Postfix\r\n/);
    expect(reply).toMatch(/^250-mx\.modern\.lab\.test\r\n/m);
    expect(reply).toMatch(/^250[- ]STARTTLS\r\n/m);
  });

  it('completes an openssl s_client STARTTLS handshake with the given certificate and chain', async () => {
    // RSA signatures only: with both certificates OpenSSL would otherwise pick the ECDSA one
    const r = await sClient({
      host: modern.host,
      port: modern.port,
      starttls: 'smtp',
      servername: 'mx.modern.lab.test',
      sigalgs: 'rsa_pss_rsae_sha256',
    });
    expect(r.ok, r.stdout + r.stderr).toBe(true);
    expect(r.protocol).toBe('TLSv1.3');
    expect(r.chainPem.map(fingerprint)).toEqual([fingerprint(rsa.certPem), fingerprint(intermediate.certPem)]);
    // self-signed leaf, no trust anchor given: openssl reports it rather than failing
    expect(r.verify?.code).not.toBe(0);
  });

  it('serves the extra ECDSA certificate to a client that only takes ECDSA', async () => {
    const r = await sClient({
      host: modern.host,
      port: modern.port,
      starttls: 'smtp',
      version: 'tls1_2',
      cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256',
    });
    expect(r.ok, r.stdout + r.stderr).toBe(true);
    expect(r.cipher).toBe('ECDHE-ECDSA-AES128-GCM-SHA256');
    expect(r.chainPem.map(fingerprint)).toEqual([fingerprint(ecdsa.certPem)]);
    const r13 = await sClient({
      host: modern.host,
      port: modern.port,
      starttls: 'smtp',
      version: 'tls1_3',
      sigalgs: 'ecdsa_secp256r1_sha256',
    });
    expect(r13.chainPem.map(fingerprint)).toEqual([fingerprint(ecdsa.certPem)]);
  });

  it.each([
    // [what, instance, version, cipher, accepted]
    ['modern refuses TLS 1.1', 'modern', 'tls1_1', 'ALL:@SECLEVEL=0', false],
    ['modern refuses static RSA on TLS 1.2', 'modern', 'tls1_2', 'AES128-GCM-SHA256', false],
    ['modern refuses CBC on TLS 1.2', 'modern', 'tls1_2', 'ECDHE-RSA-AES128-SHA256', false],
    ['modern accepts ECDHE-RSA-AES128-GCM-SHA256', 'modern', 'tls1_2', 'ECDHE-RSA-AES128-GCM-SHA256', true],
    ['legacy accepts TLS 1.0 with static RSA CBC', 'legacy', 'tls1', 'AES128-SHA:@SECLEVEL=0', true],
    ['legacy accepts TLS 1.1 with DHE', 'legacy', 'tls1_1', 'DHE-RSA-AES256-SHA:@SECLEVEL=0', true],
    ['legacy has no CAMELLIA (excluded in its list)', 'legacy', 'tls1_2', 'CAMELLIA:@SECLEVEL=0', false],
  ] as const)('%s', async (_what, which, version, cipher, accepted) => {
    const server = which === 'modern' ? modern : legacy;
    const r = await sClient({ host: server.host, port: server.port, starttls: 'smtp', version, cipher });
    expect(r.ok, r.stdout + r.stderr).toBe(accepted);
  });

  it('limits TLS 1.3 to the configured suites (private openssl.cnf)', async () => {
    const offered = await sClient({
      host: modern.host,
      port: modern.port,
      starttls: 'smtp',
      version: 'tls1_3',
      ciphersuites: 'TLS_AES_256_GCM_SHA384',
    });
    expect(offered.cipher).toBe('TLS_AES_256_GCM_SHA384');
    const absent = await sClient({
      host: modern.host,
      port: modern.port,
      starttls: 'smtp',
      version: 'tls1_3',
      ciphersuites: 'TLS_CHACHA20_POLY1305_SHA256',
    });
    expect(absent.ok).toBe(false);
  });

  it('uses the given 1024-bit DH parameters for DHE suites', async () => {
    const r = await sClient({
      host: legacy.host,
      port: legacy.port,
      starttls: 'smtp',
      version: 'tls1_2',
      cipher: 'DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
    });
    expect(r.ok, r.stdout + r.stderr).toBe(true);
    expect(r.tempKey).toBe('DH, 1024 bits');
  });

  it('logs to its own maillog', async () => {
    await sClient({ host: legacy.host, port: legacy.port, starttls: 'smtp', version: 'tls1', cipher: 'AES256-SHA:@SECLEVEL=0' });
    // postlogd writes asynchronously
    await vi.waitFor(() => expect(legacy.log()).toMatch(/TLS connection established from .*: TLSv1 with cipher AES256-SHA/), {
      timeout: 5000,
      interval: 100,
    });
  });

  it('offers no STARTTLS when told so, and stop() frees the port and the directory', async () => {
    const plain = await startPostfix({ hostname: 'mx.plain.lab.test', ...rsa, starttls: false, host: '127.0.0.3' });
    try {
      const reply = await smtpTalk(plain.host, plain.port, ['EHLO client.lab.test'], /^250 .*\r\n/m);
      expect(reply).toMatch(/^220 /);
      expect(reply).not.toMatch(/STARTTLS/);
    } finally {
      await plain.stop();
    }
    expect(existsSync(plain.dir)).toBe(false);
    const refused = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: plain.host, port: plain.port });
      s.on('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
    // no process of the instance is left (zombies awaiting init's reaping do not count)
    await vi.waitFor(() => expect(liveGroupMembers(plain.pid)).toEqual([]), { timeout: 2000, interval: 50 });
  });

  it('is cleaned up by its watchdog when the process that started it is killed', async () => {
    // A separate Node process starts an instance, reports it, and dies by SIGKILL: no 'exit'
    // handler or afterAll of its own can run.
    const dir = await mkdtemp(join(tmpdir(), 'mailaudit-postfix-orphan-'));
    try {
      const script = join(dir, 'orphan.mts'); // ESM: top-level await
      await writeFile(
        script,
        [
          `import { startPostfix } from ${JSON.stringify(fileURLToPath(new URL('./postfix.ts', import.meta.url)))};`,
          `const cert = ${JSON.stringify(rsa)};`,
          `const pf = await startPostfix({ hostname: 'mx.orphan.lab.test', host: '127.0.0.5', ...cert });`,
          `process.stdout.write(JSON.stringify({ pid: pf.pid, dir: pf.dir, port: pf.port }) + '\\n', () => process.kill(process.pid, 'SIGKILL'));`,
        ].join('\n'),
      );
      const { stdout, signal } = await new Promise<{ stdout: string; signal: NodeJS.Signals | null }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.on('close', (_code, sig) => resolve({ stdout: out, signal: sig }));
      });
      expect(signal).toBe('SIGKILL');
      const orphan = JSON.parse(stdout) as { pid: number; dir: string; port: number };
      await vi.waitFor(
        () => {
          expect(liveGroupMembers(orphan.pid)).toEqual([]);
          expect(existsSync(orphan.dir)).toBe(false);
        },
        { timeout: 5000, interval: 50 },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails cleanly when its port is taken', async () => {
    const squatter = net.createServer();
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.4', r));
    const { port } = squatter.address() as net.AddressInfo;
    try {
      await expect(startPostfix({ hostname: 'mx.busy.lab.test', ...rsa, host: '127.0.0.4', port, startTimeoutMs: 10_000 })).rejects.toThrow(
        /master exited|did not greet/,
      );
    } finally {
      await new Promise((r) => squatter.close(r));
    }
  });

  it.each([
    ['a line break in a cipher list', { cipherList: 'HIGH\nsmtpd_banner = x' }],
    ['a $ expansion in protocols', { protocols: '$mail_name' }],
    ['a non-loopback address', { host: '192.0.2.1' }],
    ['a host name with spaces', { hostname: 'mx lab' }],
  ])('refuses %s', async (_what, bad) => {
    await expect(startPostfix({ hostname: 'mx.lab.test', ...rsa, ...bad })).rejects.toThrow();
  });
});
