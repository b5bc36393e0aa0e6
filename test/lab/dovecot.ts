/**
 * A private Dovecot instance as a real IMAP/POP3 peer for the interop lab (DESIGN §6, issue 9 §8):
 * config, run and state directories in one temp directory, listening on a loopback address and
 * free high ports; /etc/dovecot and ports 110/143/993/995 are never touched. Needs root and
 * Debian's `dovecot-imapd dovecot-pop3d` (the login processes run as `dovenull`, so the
 * instance directory must be traversable: mkdtemp's 0700 is opened up).
 * `strict`: `disable_plaintext_auth = yes` (LOGINDISABLED, USER refused before TLS), else `no`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { assertLoopback } from './openssl-peer';
import { MODERN_CIPHERS } from './smtp-lab';

export const DOVECOT = '/usr/sbin/dovecot';

export function dovecotAvailable(): boolean {
  return existsSync(DOVECOT) && userInfo().uid === 0;
}

export interface DovecotInstance {
  host: string;
  ports: { imap: number; imaps: number; pop3: number; pop3s: number };
  dir: string;
  log(): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(host: string): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function listening(host: string, port: number, until: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`dovecot did not listen on ${host}:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startDovecot(options: { host: string; certPem: string; keyPem: string; strict: boolean }): Promise<DovecotInstance> {
  assertLoopback(options.host);
  const dir = await mkdtemp(join(tmpdir(), 'mailaudit-dovecot-'));
  await chmod(dir, 0o755);
  const ports = {
    imap: await freePort(options.host),
    imaps: await freePort(options.host),
    pop3: await freePort(options.host),
    pop3s: await freePort(options.host),
  };
  await writeFile(join(dir, 'cert.pem'), options.certPem);
  await writeFile(join(dir, 'key.pem'), options.keyPem, { mode: 0o600 });
  await writeFile(join(dir, 'passwd'), '');
  const conf = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap pop3
listen = ${options.host}
ssl = yes
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
ssl_min_protocol = TLSv1.2
# NCSC-NL "good" only (Dovecot's default list keeps CBC and finite-field groups the TLS profile fails)
ssl_cipher_list = ${MODERN_CIPHERS}
ssl_curve_list = X25519:P-256:P-384
ssl_prefer_server_ciphers = yes
disable_plaintext_auth = ${options.strict ? 'yes' : 'no'}
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = ${dir}/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${dir}/home
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    port = ${ports.imap}
  }
  inet_listener imaps {
    port = ${ports.imaps}
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = ${ports.pop3}
  }
  inet_listener pop3s {
    port = ${ports.pop3s}
    ssl = yes
  }
}
service anvil {
  chroot =
}
`;
  const confFile = join(dir, 'dovecot.conf');
  await writeFile(confFile, conf);
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', confFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const log = () => readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
  try {
    const until = Date.now() + 15_000;
    for (const port of Object.values(ports)) await listening(options.host, port, until);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${String(error)}\n${stderr}\n${await log()}`);
  }
  return {
    host: options.host,
    ports,
    dir,
    log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
