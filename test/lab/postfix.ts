/**
 * A private Postfix instance as a real third-party SMTP/STARTTLS peer for the interop lab
 * (DESIGN §6, issue 4 point 7). Everything lives in one temp directory (config, queue, data);
 * /etc/postfix, the system queue and port 25 are never touched. Needs root (CI and the dev VM run
 * as root) and Debian's `postfix` package.
 *
 * Postfix 3.7 facts this relies on (found the hard way):
 * - The master opens `data_directory/master.lock` as `mail_owner`, so every directory above the
 *   instance must be traversable by the postfix user: mkdtemp's 0700 makes master exit with
 *   status 1 and no message at all (EACCES is only visible under strace).
 * - Fatal start-up errors go to the log only (postlogd, `maillog_file` inside the instance with
 *   `maillog_file_prefixes` covering it); `instance.log()` and start-up errors include it. Not
 *   /dev/stdout: Node's stdio pipes are socketpairs, and postlogd cannot reopen a socket by path.
 * - `postfix -c DIR check` creates the queue subdirectories with the right owners, reading
 *   `postfix-files` from `meta_directory`, so a copy of Debian's lives in the instance too.
 * - `master -d` stays in the foreground as our child. It must lead its own process group
 *   (spawned detached): its SIGTERM handler signals the group and dies fatally otherwise.
 * - `inet_interfaces` must name addresses configured on an interface, or `postfix check` fails
 *   silently: the listening address goes in master.cf and inet_interfaces is `loopback-only`.
 * - Clean-up when the test process dies without stop(): a watchdog shell sees its stdin pipe close
 *   and kills master's group; `master -e` is the last resort.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, cp, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { assertLoopback, HOST_NAME, run } from './openssl-peer';

const POSTFIX = '/usr/sbin/postfix';
const POSTCONF = '/usr/sbin/postconf';
const MASTER = '/usr/lib/postfix/sbin/master';
const DEBIAN_META = '/etc/postfix';

export interface PostfixCertificate {
  certPem: string;
  keyPem: string;
  /** intermediates served after the leaf, leaf's issuer first */
  chainPem?: string;
}

/** The high ports a submission-enabled instance listens on, for 587 (STARTTLS) and 465 (implicit TLS). */
export interface SubmissionPorts {
  starttls: number;
  implicit: number;
}

export interface PostfixOptions extends PostfixCertificate {
  /** also listen for mail submission, on free ports: STARTTLS required (as 587) and implicit TLS (as 465) */
  submission?: boolean;
  /** loopback address to listen on (127.0.0.0/8 or ::1); default 127.0.0.1 */
  host?: string;
  /** default: a free port chosen at start */
  port?: number;
  /** `myhostname`: the banner and EHLO name */
  hostname: string;
  /** further certificates served beside the first, e.g. an ECDSA one next to RSA */
  extraCertificates?: PostfixCertificate[];
  /** offer STARTTLS at all (`smtpd_tls_security_level = may`); default true */
  starttls?: boolean;
  /** `smtpd_tls_protocols`, e.g. '>=TLSv1.2' (Postfix ≥ 3.6 syntax) or '!SSLv2, !SSLv3' */
  protocols?: string;
  /** `smtpd_tls_ciphers`: which `tls_<grade>_cipherlist` applies; default 'medium' */
  cipherGrade?: 'low' | 'medium' | 'high';
  /** replaces `tls_<cipherGrade>_cipherlist` (an OpenSSL cipher string for TLS ≤ 1.2) */
  cipherList?: string;
  /** `smtpd_tls_exclude_ciphers` */
  excludeCiphers?: string;
  /** `tls_preempt_cipherlist`: the server's order wins; default true so the order is testable */
  preferServerCiphers?: boolean;
  /** PEM DH parameters for DHE suites (`smtpd_tls_dh1024_param_file`, any size despite the name) */
  dhParamsPem?: string;
  /** `tls_eecdh_auto_curves`, e.g. 'X25519 prime256v1' */
  curves?: string;
  /** `smtpd_tls_eecdh_grade`: 'none' turns ECDHE off */
  eecdhGrade?: 'auto' | 'strong' | 'ultra' | 'none';
  /**
   * TLS 1.3 suites (OpenSSL `Ciphersuites`, e.g. 'TLS_AES_128_GCM_SHA256'). Postfix 3.7 has no
   * parameter for them, so this goes through a private openssl.cnf (OPENSSL_CONF, imported
   * into the daemons' environment).
   */
  tls13Ciphersuites?: string;
  /** master exits by itself after this long (`master -e`), in case this process dies; default 15 min */
  maxLifetimeMs?: number;
  /** how long to wait for the banner; default 20 s */
  startTimeoutMs?: number;
}

export interface PostfixInstance {
  host: string;
  port: number;
  /** with `submission`: where 587 and 465 are served */
  submission?: SubmissionPorts;
  hostname: string;
  /** the instance directory (config in `etc/`, queue in `spool/`) */
  dir: string;
  /** the master's pid */
  pid: number;
  /** what Postfix logged so far (its maillog file and the master's own output) */
  log(): string;
  /** stops master and its daemons and removes the instance directory; safe to call twice */
  stop(): Promise<void>;
}

/** Settings for the two lab peers the interop tests use. Combine with certificate, host name and host. */
export const postfixProfiles = {
  /** TLS 1.2 and 1.3, ECDHE with AEAD only, server order */
  modern: {
    protocols: '>=TLSv1.2',
    cipherGrade: 'high',
    cipherList: 'ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL',
    preferServerCiphers: true,
  },
  /**
   * TLS 1.0 to 1.3, CBC, static RSA and DHE suites, server order (pass `dhParamsPem` for 1024-bit
   * DH). No 3DES or RC4: Debian's OpenSSL 3 cannot offer them at all.
   */
  legacy: {
    protocols: '>=TLSv1',
    cipherGrade: 'medium',
    cipherList: 'ECDHE:DHE:RSA:!aNULL:!eNULL:!ARIA:!CAMELLIA:!AESCCM:!SEED:!IDEA:!PSK:!SRP:!DSS:@SECLEVEL=0',
    preferServerCiphers: true,
  },
} as const satisfies Record<string, Partial<PostfixOptions>>;

/** A main.cf value is one line of printable ASCII; `$` would be expanded by Postfix, so it is refused. */
function cfValue(name: string, value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value) || value.includes('$')) throw new Error(`unsafe value for ${name}: ${JSON.stringify(value)}`);
  return value.trim();
}

/** Binds port 0 on `host` to learn a free port. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something still accepts TCP connections on host:port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves with the banner line once the server greets; rejects when nothing answers in time. */
async function waitForBanner(host: string, port: number, deadline: number, exited: () => string | undefined): Promise<string> {
  for (;;) {
    const why = exited();
    if (why) throw new Error(why);
    const banner = await new Promise<string | undefined>((resolve) => {
      const socket = net.connect({ host, port });
      let text = '';
      const done = (value: string | undefined) => {
        socket.destroy();
        resolve(value);
      };
      socket.setTimeout(2000, () => done(undefined));
      socket.on('error', () => done(undefined));
      socket.on('data', (chunk) => {
        text += chunk.toString('latin1');
        const line = /^220[ -][^\r\n]*\r?\n/.exec(text);
        if (line) {
          socket.end('QUIT\r\n');
          done(line[0].trimEnd());
        }
      });
    });
    if (banner) return banner;
    if (Date.now() > deadline) throw new Error(`Postfix did not greet on ${host}:${port} in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Signals master's process group (it leads one); false when nothing is left to signal. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * A shell that waits for EOF on its stdin, which comes when this process ends in any way (SIGKILL
 * included, where no 'exit' handler runs), then kills master's process group and removes the
 * instance. Detached, so signals to the test runner's group do not take it down first.
 */
function startWatchdog(pgid: number, dir: string): ChildProcess {
  // dash: no "--" before a negative process-group id
  const script = 'read -r _; kill -TERM "-$1" 2>/dev/null; sleep 1; kill -KILL "-$1" 2>/dev/null; rm -rf -- "$2"';
  const watchdog = spawn('/bin/sh', ['-c', script, 'postfix-watchdog', String(pgid), dir], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  watchdog.stdin?.on('error', () => {});
  // Neither the process nor its pipe may keep this process alive.
  watchdog.unref();
  (watchdog.stdin as unknown as net.Socket | null)?.unref();
  return watchdog;
}

/** `postfix check` prints fatal errors only to a terminal: run it again under script(1) to see them. */
async function checkDiagnostics(etc: string): Promise<string> {
  if (etc.includes("'")) return '';
  const r = await run('/usr/bin/script', ['-qec', `${POSTFIX} -c '${etc}' check`, '/dev/null']).catch(() => undefined);
  return r ? r.stdout.replace(/\r/g, '') : '';
}

function mainCf(
  o: PostfixOptions,
  dir: string,
  host: string,
  chainFiles: string[],
  opensslCnf: string | undefined,
  dhFile: string | undefined,
): string {
  const grade = o.cipherGrade ?? 'medium';
  const lines: [string, string][] = [
    ['compatibility_level', '3.6'],
    ['config_directory', join(dir, 'etc')],
    ['queue_directory', join(dir, 'spool')],
    ['data_directory', join(dir, 'data')],
    ['meta_directory', join(dir, 'etc')],
    ['myhostname', o.hostname],
    ['mydomain', o.hostname],
    ['myorigin', o.hostname],
    ['mydestination', ''],
    ['relay_domains', ''],
    ['mynetworks', '127.0.0.0/8 [::1]/128'],
    ['smtpd_relay_restrictions', 'permit_mynetworks reject_unauth_destination'],
    // master.cf names the address; `loopback-only` because Postfix refuses an inet_interfaces
    // address not configured on an interface (127.0.0.2 is routable on lo but not listed)
    ['inet_interfaces', 'loopback-only'],
    ['inet_protocols', net.isIPv6(host) ? 'ipv6' : 'ipv4'],
    ['alias_maps', ''],
    ['alias_database', ''],
    ['smtpd_banner', '$myhostname ESMTP Postfix'],
    ['biff', 'no'],
    // Loopback lab: no DNS lookups of the client (no reverse DNS, no network)
    ['smtpd_peername_lookup', 'no'],
    // A file, not /dev/stdout: Node's stdio "pipes" are socketpairs, which cannot be reopened via /proc
    ['maillog_file', join(dir, 'maillog')],
    ['maillog_file_prefixes', dir],
    ['smtpd_tls_loglevel', '1'],
    // A scanner opens hundreds of connections: no rate limits, enough processes
    ['smtpd_client_connection_rate_limit', '0'],
    ['smtpd_client_connection_count_limit', '0'],
    ['default_process_limit', '50'],
    ['smtpd_tls_session_cache_database', ''],
    ['smtpd_tls_security_level', o.starttls === false ? 'none' : 'may'],
  ];
  const importEnv = 'MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C POSTLOG_SERVICE POSTLOG_HOSTNAME';
  lines.push(['import_environment', opensslCnf ? `${importEnv} OPENSSL_CONF=${opensslCnf}` : importEnv]);
  if (o.starttls !== false) {
    lines.push(['smtpd_tls_chain_files', chainFiles.join(', ')]);
    lines.push(['smtpd_tls_ciphers', grade]);
    lines.push(['smtpd_tls_mandatory_ciphers', grade]);
    if (o.protocols !== undefined) {
      lines.push(['smtpd_tls_protocols', cfValue('protocols', o.protocols)]);
      lines.push(['smtpd_tls_mandatory_protocols', cfValue('protocols', o.protocols)]);
    }
    if (o.cipherList !== undefined) lines.push([`tls_${grade}_cipherlist`, cfValue('cipherList', o.cipherList)]);
    if (o.excludeCiphers !== undefined) lines.push(['smtpd_tls_exclude_ciphers', cfValue('excludeCiphers', o.excludeCiphers)]);
    lines.push(['tls_preempt_cipherlist', o.preferServerCiphers === false ? 'no' : 'yes']);
    if (dhFile) lines.push(['smtpd_tls_dh1024_param_file', dhFile]);
    if (o.curves !== undefined) lines.push(['tls_eecdh_auto_curves', cfValue('curves', o.curves)]);
    if (o.eecdhGrade !== undefined) lines.push(['smtpd_tls_eecdh_grade', o.eecdhGrade]);
  }
  return lines.map(([k, v]) => `${k} = ${v}\n`).join('');
}

function masterCf(host: string, port: number, submission?: SubmissionPorts): string {
  const at = (p: number) => (net.isIPv6(host) ? `[${host}]:${p}` : `${host}:${p}`);
  // No chroot (column 5 'n'): the instance has no chroot tree. Only the services smtpd needs,
  // plus those `postfix check` expects, which start on demand.
  return [
    `${at(port)} inet n - n - - smtpd`,
    // Submission as Debian's master.cf has it commented out: STARTTLS required on 587, implicit TLS on 465.
    ...(submission
      ? [
          `${at(submission.starttls)} inet n - n - - smtpd -o smtpd_tls_security_level=encrypt`,
          `${at(submission.implicit)} inet n - n - - smtpd -o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt`,
        ]
      : []),
    'cleanup   unix  n - n - 0 cleanup',
    'qmgr      unix  n - n 300 1 qmgr',
    'tlsmgr    unix  - - n 1000? 1 tlsmgr',
    'rewrite   unix  - - n - - trivial-rewrite',
    'bounce    unix  - - n - 0 bounce',
    'defer     unix  - - n - 0 bounce',
    'trace     unix  - - n - 0 bounce',
    'verify    unix  - - n - 1 verify',
    'proxymap  unix  - - n - - proxymap',
    'error     unix  - - n - - error',
    'retry     unix  - - n - - error',
    'discard   unix  - - n - - discard',
    'anvil     unix  - - n - 1 anvil',
    'scache    unix  - - n - 1 scache',
    'postlog   unix-dgram n - n - 1 postlogd',
    '',
  ].join('\n');
}

/** Starts a private Postfix. Retries with another port when the chosen one is taken meanwhile. */
export async function startPostfix(options: PostfixOptions): Promise<PostfixInstance> {
  const host = options.host ?? '127.0.0.1';
  assertLoopback(host);
  if (!HOST_NAME.test(options.hostname)) throw new Error(`not a host name: ${JSON.stringify(options.hostname)}`);
  if (userInfo().uid !== 0) throw new Error('a private Postfix instance needs root (master binds and drops privileges)');
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort(host));
    try {
      const submission = options.submission ? { starttls: await freePort(host), implicit: await freePort(host) } : undefined;
      return await startOnce(options, host, port, submission);
    } catch (error) {
      // Another process may take the free port between freePort() and master's bind.
      const raced = !options.port && attempt < 3 && error instanceof Error && error.message.includes('master exited');
      if (!raced) throw error;
    }
  }
}

async function startOnce(options: PostfixOptions, host: string, port: number, submission?: SubmissionPorts): Promise<PostfixInstance> {
  const dir = await mkdtemp(join(tmpdir(), 'mailaudit-postfix-'));
  // The postfix user must traverse to data_directory (see the header).
  await chmod(dir, 0o755);
  let child: ChildProcess | undefined;
  let watchdog: ChildProcess | undefined;
  let pgid = 0;
  try {
    const etc = join(dir, 'etc');
    const data = join(dir, 'data');
    await mkdir(etc);
    await mkdir(join(dir, 'spool'));
    await mkdir(data);
    const owner = (await run(POSTCONF, ['-h', 'mail_owner'])).stdout.trim();
    const ids = await Promise.all(['-u', '-g'].map((flag) => run('/usr/bin/id', [flag, owner])));
    if (!owner || ids.some((r) => r.code !== 0 || !/^\d+$/.test(r.stdout.trim())))
      throw new Error(`no such user: ${JSON.stringify(owner)}`);
    await chown(data, Number(ids[0]!.stdout), Number(ids[1]!.stdout));
    for (const name of ['postfix-files', 'postfix-files.d', 'dynamicmaps.cf', 'dynamicmaps.cf.d']) {
      await cp(join(DEBIAN_META, name), join(etc, name), { recursive: true }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }

    const chainFiles: string[] = [];
    const certificates = options.starttls === false ? [] : [options, ...(options.extraCertificates ?? [])];
    for (const [i, c] of certificates.entries()) {
      // smtpd_tls_chain_files: key, then leaf, then intermediates, in one file (Postfix ≥ 3.4)
      const file = join(etc, `chain-${i}.pem`);
      await writeFile(file, `${c.keyPem.trim()}\n${c.certPem.trim()}\n${c.chainPem ? `${c.chainPem.trim()}\n` : ''}`, { mode: 0o600 });
      chainFiles.push(file);
    }
    let dhFile: string | undefined;
    if (options.dhParamsPem) {
      dhFile = join(etc, 'dh.pem');
      await writeFile(dhFile, options.dhParamsPem, { mode: 0o644 });
    }
    let opensslCnf: string | undefined;
    if (options.tls13Ciphersuites !== undefined) {
      const suites = cfValue('tls13Ciphersuites', options.tls13Ciphersuites);
      if (!/^[A-Z0-9_:]+$/.test(suites)) throw new Error(`bad TLS 1.3 suite list: ${suites}`);
      opensslCnf = join(etc, 'openssl.cnf');
      await writeFile(
        opensslCnf,
        [
          'openssl_conf = init',
          '[init]',
          'ssl_conf = ssl',
          '[ssl]',
          'system_default = defaults',
          '[defaults]',
          `Ciphersuites = ${suites}`,
          '',
        ].join('\n'),
        { mode: 0o644 },
      );
    }
    await writeFile(join(etc, 'main.cf'), mainCf(options, dir, host, chainFiles, opensslCnf, dhFile));
    await writeFile(join(etc, 'master.cf'), masterCf(host, port, submission));
    // Postfix re-reads a config file modified within the last second, sleeping 300 ms per
    // round (dict_load_file): back-dated files save seconds in every process it starts.
    const past = new Date(Date.now() - 60_000);
    for (const name of ['main.cf', 'master.cf']) await utimes(join(etc, name), past, past);

    // Creates the queue directories with Postfix's owners and modes, and validates the config.
    const check = await run(POSTFIX, ['-c', etc, 'check']);
    if (check.code !== 0)
      throw new Error(`postfix check failed (${check.code}): ${check.stderr}${check.stdout}${await checkDiagnostics(etc)}`);

    const lifetime = Math.max(10, Math.ceil((options.maxLifetimeMs ?? 15 * 60_000) / 1000));
    // detached: master's SIGTERM handler signals its own process group (master_sigdeath), which
    // fails fatally unless master leads one.
    child = spawn(MASTER, ['-c', etc, '-d', '-s', '-e', String(lifetime)], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const started = child;
    let masterOutput = check.stderr;
    const keep = (chunk: Buffer) => {
      masterOutput = (masterOutput + chunk.toString('utf8')).slice(-1_000_000);
    };
    started.stdout?.on('data', keep);
    started.stderr?.on('data', keep);
    let lastLog = '';
    let removed = false;
    const readLog = () => {
      if (removed) return lastLog; // after stop(): what was read just before the directory went
      let file = '';
      try {
        file = readFileSync(join(dir, 'maillog'), 'utf8');
      } catch {
        // nothing logged yet
      }
      return (lastLog = masterOutput + file);
    };
    let exitReason: string | undefined;
    const exited = new Promise<void>((resolve) => {
      started.once('exit', (code, signal) => {
        // Fatal errors before postlogd runs (a taken port, an unreadable directory) are logged nowhere.
        exitReason = `Postfix master exited (code ${code}, signal ${signal}) before greeting on ${host}:${port} (port taken? directories not traversable by ${owner}?); log:\n${readLog()}`;
        resolve();
      });
      started.once('error', (e) => {
        exitReason = `cannot run ${MASTER}: ${e.message}`;
        resolve();
      });
    });
    pgid = started.pid ?? 0;
    if (pgid) watchdog = startWatchdog(pgid, dir);

    await waitForBanner(host, port, Date.now() + (options.startTimeoutMs ?? 20_000), () => exitReason);

    let stopped: Promise<void> | undefined;
    return {
      host,
      port,
      ...(submission ? { submission } : {}),
      hostname: options.hostname,
      dir,
      pid: pgid,
      log: readLog,
      stop() {
        stopped ??= (async () => {
          watchdog?.kill('SIGKILL'); // orderly stop from here on
          if (started.exitCode === null && started.signalCode === null) {
            started.kill('SIGTERM'); // master passes TERM on to its daemons
            const timer = setTimeout(() => signalGroup(pgid, 'SIGKILL'), 5000);
            await exited;
            clearTimeout(timer);
          }
          // The daemons inherit the listening socket: wait until nothing accepts on it any more.
          // (Polling the process group instead waits for init to reap the zombies: seconds.)
          for (let i = 0; i < 100 && (await accepts(host, port)); i++) await new Promise((r) => setTimeout(r, 50));
          signalGroup(pgid, 'SIGKILL');
          readLog();
          removed = true;
          await rm(dir, { recursive: true, force: true });
        })();
        return stopped;
      },
    };
  } catch (error) {
    watchdog?.kill('SIGKILL');
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    if (pgid) signalGroup(pgid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
