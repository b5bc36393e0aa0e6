/**
 * TLSA records from a certificate file through the CLI, as a user runs it (a subprocess):
 * `mailaudit tlsa FILE [--host NAME]` and `assess … --tlsa-from FILE`. The files are made with
 * `openssl` at test time (PEM, DER, a CSR for the next key, PKCS#12 in OpenSSL 3's default
 * AES/PBKDF2 form and with -legacy RC2/3DES), and the expected digests come from openssl too, never
 * from our own code. Also the errors a user can make: wrong or missing password, a file that is
 * no certificate, a missing or huge file, and a malformed --trust-anchor file.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import type { LabWorld } from '../lab/dnssec-world';
import { daneMaterial, startSmtpLab, type SmtpLab } from '../lab/smtp-lab';
import { labWorld } from '../lab/zones';
import { runCli as runCliProcess, type CliRun } from '../support/cli';

const repo = resolve(import.meta.dirname, '../..');
/** util-linux `script`: runs a command on a pseudo-terminal, as a user's shell would. */
const SCRIPT = '/usr/bin/script';
const exec = promisify(execFile);

/** No MAILAUDIT_CERT_PASSWORD from the developer's shell leaks in. */
const runCli = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  runCliProcess(args, { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });

async function openssl(...args: string[]): Promise<string> {
  return (await exec('openssl', args, { encoding: 'utf8' })).stdout;
}

/** `openssl … | openssl pkey -pubin -outform DER | openssl dgst -sha256`: the 3 1 1 / 2 1 1 data of a certificate or CSR. */
async function spkiSha256(file: string, kind: 'x509' | 'req'): Promise<string> {
  const pub = join(dir, `${Math.random().toString(36).slice(2)}.pub.der`);
  const pem = await openssl(kind, '-in', file, '-noout', '-pubkey');
  await writeFile(`${pub}.pem`, pem);
  await openssl('pkey', '-pubin', '-in', `${pub}.pem`, '-outform', 'DER', '-out', pub);
  return (await openssl('dgst', '-sha256', '-r', pub)).split(' ')[0]!.toUpperCase();
}

let dir: string;
const files = {} as Record<'ca' | 'server' | 'chain' | 'der' | 'csr' | 'nextCsr' | 'p12' | 'p12Legacy' | 'passwordFile' | 'text', string>;
const expected = {} as Record<'server' | 'ca' | 'next', string>;
const PASSWORD = 'Žluťoučký kůň 42';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailaudit-cli-tlsa-'));
  const p = (name: string) => join(dir, name);
  Object.assign(files, {
    ca: p('ca.pem'),
    server: p('server.pem'),
    chain: p('fullchain.pem'),
    der: p('server.cer'),
    csr: p('server.csr'),
    nextCsr: p('next.csr'),
    p12: p('server.pfx'),
    p12Legacy: p('server-legacy.p12'),
    passwordFile: p('password.txt'),
    text: p('notes.txt'),
  });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await openssl('req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', files.ca, '-subj', '/O=Firma/CN=Firma Issuing CA', '-days', '30');
  await openssl('req', ...ec, '-keyout', p('server.key'), '-out', files.csr, '-subj', '/CN=mail.firma.cz');
  await openssl('req', ...ec, '-keyout', p('next.key'), '-out', files.nextCsr, '-subj', '/CN=mail.firma.cz');
  await openssl(
    'x509',
    '-req',
    '-in',
    files.csr,
    '-CA',
    files.ca,
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-out',
    files.server,
    '-days',
    '30',
  );
  await openssl('x509', '-in', files.server, '-outform', 'DER', '-out', files.der);
  const [server, ca] = await Promise.all([readFile(files.server, 'utf8'), readFile(files.ca, 'utf8')]);
  await writeFile(files.chain, `${server}${ca}`);
  const pkcs12 = [
    'pkcs12',
    '-export',
    '-in',
    files.server,
    '-inkey',
    p('server.key'),
    '-certfile',
    files.ca,
    '-passout',
    `pass:${PASSWORD}`,
  ];
  await openssl(...pkcs12, '-out', files.p12);
  await openssl(...pkcs12, '-legacy', '-out', files.p12Legacy);
  await writeFile(files.passwordFile, `${PASSWORD}\n`);
  await writeFile(files.text, 'Poznámky k certifikátu: obnovit v březnu.\n');
  expected.server = await spkiSha256(files.server, 'x509');
  expected.ca = await spkiSha256(files.ca, 'x509');
  expected.next = await spkiSha256(files.nextCsr, 'req');
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('mailaudit tlsa FILE', () => {
  it('prints 3 1 1 for the server key and 2 1 1 for the issuing CA of a PEM chain, per --host, as zone-file lines', async () => {
    const run = await runCli(['tlsa', files.chain, '--host', 'mail.firma.cz', '--host', 'MX2.Firma.cz.', '--lang', 'en']);
    expect(run.code, run.stderr).toBe(0);
    const records = run.stdout.split('\n').filter((line) => !line.startsWith(';') && line !== '');
    expect(records).toEqual([
      `_25._tcp.mail.firma.cz. IN TLSA 3 1 1 ${expected.server}  ; DANE-EE(3) SPKI(1) SHA2-256(1): key of the server certificate CN=mail.firma.cz`,
      `_25._tcp.mail.firma.cz. IN TLSA 2 1 1 ${expected.ca}  ; DANE-TA(2) SPKI(1) SHA2-256(1): issuing certification authority O=Firma, CN=Firma Issuing CA`,
      `_25._tcp.mx2.firma.cz. IN TLSA 3 1 1 ${expected.server}  ; DANE-EE(3) SPKI(1) SHA2-256(1): key of the server certificate CN=mail.firma.cz`,
      `_25._tcp.mx2.firma.cz. IN TLSA 2 1 1 ${expected.ca}  ; DANE-TA(2) SPKI(1) SHA2-256(1): issuing certification authority O=Firma, CN=Firma Issuing CA`,
    ]);
    // Every other line is a zone-file comment: the whole output can be pasted into a zone.
    expect(run.stdout).toMatch(/^; TLSA records for the file .*fullchain\.pem$/m);
    expect(run.stdout).toMatch(/^; Publish them only in a DNSSEC-signed zone/m);
  });

  it('prints the record data and where it goes when no --host is given, in Czech by default', async () => {
    const run = await runCli(['tlsa', files.server]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^3 1 1 ${expected.server} {2}; DANE-EE\\(3\\) SPKI\\(1\\) SHA2-256\\(1\\): klíč certifikátu serveru`, 'm'),
    );
    expect(run.stdout).toContain('_25._tcp.<poštovní server>.');
    // A lone server certificate without its CA gives no 2 1 1.
    expect(run.stdout).not.toMatch(/^2 1 1/m);
  });

  it('reads a DER certificate (.cer)', async () => {
    const run = await runCli(['tlsa', files.der, '--host', 'mail.firma.cz', '--lang', 'en']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`_25._tcp.mail.firma.cz. IN TLSA 3 1 1 ${expected.server}  ;`);
  });

  it('reads a CSR: the record for the next key, to publish before the new certificate is installed', async () => {
    const run = await runCli(['tlsa', files.nextCsr, '--host', 'mail.firma.cz', '--lang', 'en']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `_25._tcp.mail.firma.cz. IN TLSA 3 1 1 ${expected.next}  ; DANE-EE(3) SPKI(1) SHA2-256(1): key of the certificate request, the server’s next key (CN=mail.firma.cz)`,
    );
    expect(expected.next).not.toBe(expected.server);
  });

  it.each([
    ['OpenSSL 3 default (AES-256, PBKDF2), password from --password-file', 'p12', 'file'],
    ['-legacy (RC2-40, 3DES), password from MAILAUDIT_CERT_PASSWORD', 'p12Legacy', 'env'],
  ] as const)('reads PKCS#12, %s', async (_label, which, how) => {
    const run = await runCli(
      ['tlsa', files[which], '--host', 'mail.firma.cz', '--lang', 'en', ...(how === 'file' ? ['--password-file', files.passwordFile] : [])],
      how === 'env' ? { MAILAUDIT_CERT_PASSWORD: PASSWORD } : {},
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`_25._tcp.mail.firma.cz. IN TLSA 3 1 1 ${expected.server}  ;`);
    expect(run.stdout).toContain(`_25._tcp.mail.firma.cz. IN TLSA 2 1 1 ${expected.ca}  ;`);
  });

  it('refuses a wrong password with a clear message (exit 2)', async () => {
    const run = await runCli(['tlsa', files.p12, '--lang', 'en'], { MAILAUDIT_CERT_PASSWORD: 'not the password' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^mailaudit: The password for .*server\.pfx is not correct\.$/m);
    expect(run.stdout).toBe('');
  });

  it('says how to give the password when the file is protected and stdin is no terminal (exit 2)', async () => {
    const run = await runCli(['tlsa', files.p12, '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/server\.pfx is protected by a password\. Give it with --password-file FILE .* MAILAUDIT_CERT_PASSWORD/);
    expect(run.stdout).toBe('');
  });

  it.skipIf(!existsSync(SCRIPT))(
    'asks for the password on a terminal without echoing it, and again after a wrong one',
    async () => {
      // util-linux `script` gives the CLI a pseudo-terminal; the password is typed only once the prompt shows.
      const command = [process.execPath, '--import', 'tsx', 'electron/cli.ts', 'tlsa', files.p12, '--lang', 'en']
        .map((a) => `'${a.replaceAll("'", "'\\''")}'`)
        .join(' ');
      const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], {
        cwd: repo,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'dumb' },
      });
      let screen = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      try {
        await vi.waitFor(() => expect(screen).toMatch(/Password for .*server\.pfx: /), { timeout: 30_000, interval: 20 });
        child.stdin.write('wrong one\r');
        await vi.waitFor(() => expect(screen).toMatch(/is not correct\.[\s\S]*Password for .*server\.pfx: /), {
          timeout: 30_000,
          interval: 20,
        });
        child.stdin.write(`${PASSWORD}\r`);
        expect(await exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
      expect(screen).toContain(`3 1 1 ${expected.server}`);
      // Nothing typed was echoed.
      expect(screen).not.toContain('wrong one');
      expect(screen).not.toContain(PASSWORD);
    },
    60_000,
  );

  it.each([
    ['a text file that is no certificate', () => files.text, /notes\.txt holds no certificate or certificate request/],
    ['a missing file', () => join(dir, 'no-such.pem'), /no-such\.pem does not exist/],
    ['a private key alone', () => join(dir, 'server.key'), /server\.key holds no certificate/],
    ['a folder', () => dir, /cannot be read: it is a directory/],
  ])('refuses %s with a clear message (exit 2)', async (_label, file, message) => {
    const run = await runCli(['tlsa', file(), '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(run.stdout).toBe('');
  });

  it('refuses a file over 1 MiB without reading it (exit 2)', async () => {
    const big = join(dir, 'huge.pem');
    await writeFile(big, '');
    await truncate(big, 5_000_000);
    const run = await runCli(['tlsa', big, '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/huge\.pem is larger than 1 MiB/);
  });

  it.each([
    [['tlsa'], /exactly one certificate file/],
    [['tlsa', 'a.pem', 'b.pem'], /exactly one certificate file/],
    [['tlsa', 'a.pem', '--host', 'not a host'], /--host "not a host" is not a host name/],
    [['tlsa', 'a.pem', '--resolver', '127.0.0.1'], /--resolver is an option of "assess"/],
    [['assess', 'firma.cz', '--password-file', 'p.txt'], /--password-file is for the certificate file of --tlsa-from/],
  ])('%j exits 2 with a usage message', async (args, message) => {
    const run = await runCli(['--lang', 'en', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('mailaudit assess --trust-anchor with a malformed file', () => {
  it('exits 2 before any query, naming the line and what is wrong with it', async () => {
    const anchor = join(dir, 'bad-anchor.ds');
    await writeFile(anchor, '; lab root\n. IN DS 14368 13 2 E06D44B80B8F1D39A95C0B0D7C65D084\nfirma.cz. IN DS 1 13 2 XYZ\n');
    // Port 9 (discard) on loopback: nothing is asked anyway, and never a real resolver.
    const run = await runCli(['assess', 'firma.cz', '--resolver', '127.0.0.1:9', '--trust-anchor', anchor, '--lang', 'en', '--quiet']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/The DNSSEC trust anchor file cannot be used: .*bad-anchor\.ds: line 2: /);
    expect(run.stdout).toBe('');
  });
});

describe('mailaudit assess --tlsa-from against the signed lab', () => {
  let world: LabWorld;
  let lab: LabDnsServer;
  let smtp: SmtpLab;
  beforeAll(async () => {
    world = await labWorld();
    [lab, smtp] = await Promise.all([startLabDnsServer({ zones: world.zones }), startSmtpLab()]);
  }, 120_000);
  afterAll(async () => {
    await lab?.close();
    await smtp?.close();
    await world?.dispose();
  });

  it('adds the records for each MX host to the summary, marking the one the DANE check found published', async () => {
    // A CSR for the key mail.dane-ok.test serves: its 3 1 1 is the record the zone publishes.
    const key = join(dir, 'dane-ok.key');
    const csr = join(dir, 'dane-ok.csr');
    await writeFile(key, daneMaterial().current.pem);
    await openssl('req', '-new', '-key', key, '-subj', '/CN=mail.dane-ok.test', '-out', csr);
    const run = await runCli([
      'assess',
      'dane-ok.test',
      '--resolver',
      lab.address,
      '--trust-anchor',
      world.anchorFile,
      '--lang',
      'en',
      '--quiet',
      '--tlsa-from',
      csr,
      ...smtp.args,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const published = await spkiSha256(csr, 'req');
    expect(run.stdout).toMatch(/^== TLSA records to publish$/m);
    expect(run.stdout).toContain(
      `  _25._tcp.mail.dane-ok.test. IN TLSA 3 1 1 ${published}  ; DANE-EE(3) SPKI(1) SHA2-256(1): key of the certificate request, the server’s next key (CN=mail.dane-ok.test) (already published)`,
    );
  }, 60_000);
});
