/**
 * The CLI as a user runs it: a subprocess against the lab's DNS server and SMTP servers, one run
 * per scenario domain (test/lab/zones.ts), checking exit code, the Assessment JSON and the
 * printed summary.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAssessment, type Assessment } from '../../shared/assessment';
import { hasMessage } from '../../shared/i18n/index';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import { startSmtpLab, type SmtpLab } from '../lab/smtp-lab';
import { startPolicyLab, type PolicyLab } from '../lab/https-policy';
import type { LabWorld } from '../lab/dnssec-world';
import { UNSAFE_TEXT, labWorld, scenarios } from '../lab/zones';
import { runCli, type CliRun } from '../support/cli';

const repo = resolve(import.meta.dirname, '../..');

let lab: LabDnsServer;
let world: LabWorld;
let smtp: SmtpLab;
let policy: PolicyLab;
let dir: string;
const runs = new Map<string, { run: CliRun; assessment?: Assessment; jsonErrors?: string[] }>();

beforeAll(async () => {
  // The signed world: DNSSEC validates from the lab root (--trust-anchor), never the IANA root.
  world = await labWorld();
  lab = await startLabDnsServer({ zones: world.zones });
  // --connect-to, --ca-file and --port25-reference for every run: no run ever reaches port 25 outside the lab.
  smtp = await startSmtpLab();
  // The MTA-STS policy hosts (sts-*.test): --connect-to only, the lab CA is the SMTP lab's.
  policy = await startPolicyLab();
  dir = await mkdtemp(join(tmpdir(), 'mailaudit-cli-'));
  // Two at a time: each run is a Node process of its own on a 2-core machine.
  const queue = [...scenarios];
  await Promise.all(
    [0, 1].map(async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const json = join(dir, `${s.domain}.json`);
        const run = await runCli([
          'assess',
          s.domain,
          '--resolver',
          lab.address,
          '--json',
          json,
          '--lang',
          'en',
          '--trust-anchor',
          world.anchorFile,
          ...smtp.args,
          ...policy.args,
          ...(s.args ?? []),
        ]);
        const text = await readFile(json, 'utf8').catch(() => undefined);
        const parsed = text === undefined ? undefined : parseAssessment(JSON.parse(text));
        runs.set(s.domain, { run, ...(parsed?.ok ? { assessment: parsed.value } : parsed ? { jsonErrors: parsed.errors } : {}) });
      }
    }),
  );
}, 240_000);

afterAll(async () => {
  await lab?.close();
  await smtp?.close();
  await policy?.close();
  await world?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('mailaudit assess against the lab', () => {
  for (const scenario of scenarios) {
    it(`${scenario.domain}: ${scenario.about}`, () => {
      const result = runs.get(scenario.domain)!;
      expect(result.run.stderr).not.toMatch(/internal error|Warning/);
      expect(result.run.code, result.run.stderr).toBe(scenario.exitCode ?? 0);
      if ((scenario.exitCode ?? 0) !== 0) {
        expect(result.run.stderr).toMatch(/does not exist|NXDOMAIN/);
        expect(result.assessment).toBeUndefined();
        return;
      }
      expect(result.jsonErrors).toBeUndefined();
      const a = result.assessment!;
      const keys = a.findings.map((f) => f.key);
      for (const key of scenario.expect) expect(keys, `${key} expected`).toContain(key);
      for (const key of scenario.absent ?? []) expect(keys, `${key} not expected`).not.toContain(key);
      const errors = Object.fromEntries(a.attempts.filter((x) => x.status === 'error').map((x) => [x.checkId, x.reason]));
      expect(errors).toEqual(scenario.errors ?? {});
      // Every finding is explained in both languages, and the summary shows text, not keys.
      for (const f of a.findings) {
        expect(hasMessage(f.key, 'cs'), f.key).toBe(true);
        expect(hasMessage(f.key, 'en'), f.key).toBe(true);
      }
      expect(result.run.stdout).not.toMatch(/\bfinding\.[a-z]/);
      expect(result.run.stdout).toContain(a.request.domainUnicode);
      expect(a.resolver).toEqual({ servers: [lab.address], source: 'user' });
    });
  }

  it('reports the IDN domain in both forms', () => {
    const a = runs.get('příklad.test')!.assessment!;
    expect(a.request).toMatchObject({ domain: 'xn--pklad-zsa96e.test', domainUnicode: 'příklad.test' });
    expect(runs.get('příklad.test')!.run.stdout).toContain('příklad.test (xn--pklad-zsa96e.test)');
  });

  it('reports STARTTLS per MX address (IPv4 and IPv6) with the tested address and the certificate facts', () => {
    const { assessment: a, run } = runs.get('tls-modern.test')!;
    const ok = a!.findings.filter((f) => f.key === 'finding.starttls.ok');
    expect(ok.map((f) => f.params.address).sort()).toEqual(['127.0.40.1', '::1']);
    for (const f of ok) expect(f.evidence).toContainEqual({ type: 'address', host: 'mail.tls-modern.test', address: f.params.address });
    // --connect-to is visible: the evidence names where the connection really went.
    expect(ok[0]!.evidence.some((e) => e.type === 'text' && e.key === 'evidence.connect.endpoint')).toBe(true);
    const cert = a!.findings.find((f) => f.key === 'finding.certificate.ok')!;
    expect(cert.params).toMatchObject({
      host: 'mail.tls-modern.test',
      key: 'RSA 2048',
      issuer: 'O=MailAudit Lab, CN=MailAudit Lab Issuing CA',
    });
    expect(run.stdout).toMatch(/STARTTLS on the mail servers/);
    expect(run.stdout).toMatch(/\(::1\) offers STARTTLS/);
  });

  it('says "port 25 blocked" as not tested, never as a missing STARTTLS', () => {
    const a = runs.get('tls-port25-blocked.test')!.assessment!;
    const starttls = a.findings.filter((f) => f.checkId === 'starttls');
    expect(starttls.map((f) => [f.key, f.status])).toEqual([['finding.starttls.port25_blocked', 'not_tested']]);
    expect(a.findings.filter((f) => f.checkId === 'certificate')).toEqual([]);
  });

  it('lists the MX hosts with their tested addresses', () => {
    const a = runs.get('onprem.test')!.assessment!;
    expect(a.targets).toContainEqual({ kind: 'mx', name: 'mail.onprem.test', addresses: ['127.0.20.1'], source: 'mx' });
  });

  it('prints the requirement verdicts and, per MX, the TLS profile and certificate', () => {
    const out = runs.get('tls-legacy.test')!.run.stdout;
    expect(out).toMatch(/== Requirements of the NÚKIB protective measure, overall result: not met/);
    expect(out).toMatch(/^ {3}1\. \[met\] STARTTLS/m);
    expect(out).toMatch(/^ {3}2\. \[not met\] TLS 1\.2/m);
    // The reason of a row not met is its worst finding: here the unsigned zone of the domain.
    expect(out).toMatch(/^ {3}4\. \[not met\] .+ — The zone tls-legacy\.test is not signed with DNSSEC/m);
    expect(out).toMatch(/^ {2}10\. \[not met\] /m);
    expect(out).toMatch(/TLSv1\.0: supported \[insufficient\]/);
    expect(out).toMatch(/TLSv1\.2 \(server order\):\n {8}1\. TLS_RSA_WITH_AES_128_CBC_SHA \[insufficient\]/);
    expect(out).toMatch(/x25519 \[sufficient\]/);
    expect(out).toMatch(/1024 bit, g=2 \[insufficient\]/);
    expect(out).toMatch(/0: O=MailAudit Lab, CN=mail\.tls-legacy\.test ← O=MailAudit Lab, CN=MailAudit Lab Issuing CA/);
    // Shown once per server, although several findings carry the same evidence.
    expect(out.match(/TLSv1\.2 \(server order\):/g)).toHaveLength(1);
  });

  it('dnssec-expired.test: row 4 not met, the reason naming the expiry date; the chain shows the expired RRSIG', () => {
    const { run, assessment: a } = runs.get('dnssec-expired.test')!;
    const expired = a!.findings.find((f) => f.key === 'finding.dnssec.signature_expired')!;
    const date = String(expired.params.date);
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(run.stdout).toMatch(
      new RegExp(`^ {3}4\\. \\[not met\\] .+ — The DNSSEC signatures of the zone dnssec-expired\\.test .*expired on ${date}\\.`, 'm'),
    );
    expect(run.stdout).toMatch(
      new RegExp(`^ {8}dnssec-expired\\.test\\. bogus \\(signature_expired\\) · .*RRSIG DNSKEY \\d+/13 \\S+–${date} expired`, 'm'),
    );
  });

  it('dnssec-ok.test: the chain of trust per zone, with key tags, algorithms and signature dates', () => {
    const { run, assessment: a } = runs.get('dnssec-ok.test')!;
    const section = run.stdout.slice(run.stdout.indexOf('== DNSSEC'), run.stdout.indexOf('== DANE (TLSA'));
    expect(section).toMatch(/^ {4}DNSSEC chain of trust:$/m);
    expect(section).toMatch(/^ {6}dnssec-ok\.test \(MX\)$/m);
    expect(section).toMatch(/^ {6}mail\.dnssec-ok\.test \(A, AAAA\)$/m);
    const day = String.raw`\d{4}-\d{2}-\d{2}`;
    // The lab root is the trust anchor; each zone below has its DS (key tag/algorithm/digest) matched by a KSK.
    expect(section).toMatch(new RegExp(String.raw`^ {8}\. secure · trust anchor · DS (\d+)/13/2 ✓ · DNSKEY \1/13 KSK`, 'm'));
    expect(section).toMatch(
      new RegExp(String.raw`^ {8}test\. secure · DS (\d+)/13/2 ✓ · DNSKEY \1/13 KSK · RRSIG DS \d+/13 ${day}–${day} valid`, 'm'),
    );
    expect(section).toMatch(
      new RegExp(
        String.raw`^ {8}dnssec-ok\.test\. secure · DS (\d+)/13/2 ✓ · DNSKEY \1/13 KSK .*RRSIG DNSKEY \1/13 ${day}–${day} valid`,
        'm',
      ),
    );
    expect(section).toMatch(new RegExp(String.raw`^ {8}dnssec-ok\.test\. MX NOERROR: secure · RRSIG MX \d+/13 ${day}–${day} valid`, 'm'));
    // The key tags printed are the validated ones.
    const data = a!.attempts.find((x) => x.checkId === 'dnssec')!.data as {
      domain: { chain: { zone: string; dnskeys: { keyTag: number }[] }[] };
    };
    const zoneKey = data.domain.chain.find((l) => l.zone === 'dnssec-ok.test')!.dnskeys[0]!.keyTag;
    expect(section).toContain(`DNSKEY ${zoneKey}/13 KSK`);
  });

  it('dane-ok.test: the DANE section shows the 3 1 1 record and the address whose served certificate it matched', () => {
    const { run, assessment: a } = runs.get('dane-ok.test')!;
    const record = a!.findings.find((f) => f.key === 'finding.dane.match')!.params.record as string;
    expect(record).toMatch(/^3 1 1 [0-9A-F]{64}$/);
    const address = a!.targets.find((t) => t.name === 'mail.dane-ok.test')!.addresses[0]!;
    const section = run.stdout.slice(run.stdout.indexOf('== DANE (TLSA'));
    expect(section).toMatch(/^ {4}TLSA records and what each matched:$/m);
    expect(section).toMatch(/^ {6}mail\.dane-ok\.test \(_25\._tcp\.mail\.dane-ok\.test\.\)$/m);
    expect(section).toContain(
      `\n        ${record}  [DANE-EE(3) SPKI(1) SHA2-256(1)]\n          ${address}: matches the server certificate\n`,
    );
  });

  it('decides row 6 from the platform mail leaves through, else names the manual test', () => {
    expect(runs.get('exo-good.test')!.run.stdout).toMatch(/^ {3}6\. \[met\] /m);
    expect(runs.get('onprem.test')!.run.stdout).toMatch(/^ {3}6\. \[not verified\] .+ — Cannot be verified from outside\. Manual test: /m);
  });

  it('prints a bidi override, a C1 control and a line separator from DNS as visible escapes, never raw', () => {
    const { run, assessment: a } = runs.get('unsafe-text.test')!;
    // The JSON keeps the data exactly as published; only what is shown is escaped.
    const unknownTag = a!.findings.find((f) => f.key === 'finding.dmarc.unknown_tag')!;
    expect(`${unknownTag.params.tag}=${unknownTag.params.value}`).toBe(UNSAFE_TEXT.dmarcTag);
    for (const [i, raw] of UNSAFE_TEXT.raw.entries()) {
      expect(run.stdout, `U+${raw.codePointAt(0)!.toString(16)} on stdout`).not.toContain(raw);
      expect(run.stderr, `U+${raw.codePointAt(0)!.toString(16)} on stderr`).not.toContain(raw);
      expect(run.stdout).toContain(UNSAFE_TEXT.shown[i]);
    }
    // The translated finding, its params included, is one line.
    expect(run.stdout).toMatch(new RegExp(`^ {2}\\[warning\\] .*${UNSAFE_TEXT.dmarcTagShown.replace(/[\\{}]/g, '\\$&')}.*$`, 'm'));
    // Every line break on stdout is one the CLI wrote: no control character but the newline.
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('mailaudit arguments', () => {
  it.each([
    [['assess', 'fir ma.cz'], /not allowed/],
    [['assess'], /give a domain/],
    [['assess', 'a.cz', 'b.cz'], /several domains need --out-dir/],
    [['assess', 'a.cz', '--out-dir', 'x'], /--out-dir is for several domains/],
    [['scan', 'firma.cz'], /unknown command/],
    [['assess', 'firma.cz', '--lang', 'de', '--lang', 'xx'], /--lang/],
    [['assess', 'firma.cz', '--bogus'], /Unknown option/],
    [['assess', 'firma.cz', '--resolver', 'not-an-ip'], /resolver/i],
    [['assess', 'firma.cz', '--resolver', '127.0.0.1:99999'], /resolver/i],
    [['assess', 'firma.cz', '--selector', 'bad selector!'], /selector/],
    [['assess', 'firma.cz', '--dns-timeout', 'soon'], /--dns-timeout/],
    [['assess', '192.0.2.1'], /not an IP address/],
    [['assess', 'firma.cz', '--connect-to', 'mail.firma.cz:25'], /--connect-to/],
    [['assess', 'firma.cz', '--connect-to', 'mail.firma.cz:25:mail.other.cz:2525'], /must be an IP address/],
    [['assess', 'firma.cz', '--connect-to', 'mail.firma.cz:25:::1:2525'], /--connect-to/],
    [['assess', 'firma.cz', '--connect-to', 'mail.firma.cz:25:127.0.0.1:70000'], /not 1–65535/],
    [['assess', 'firma.cz', '--ca-file', '/nonexistent/mailaudit-ca.pem'], /CA certificate file/],
    [['assess', 'firma.cz', '--port25-reference', 'not a host'], /--port25-reference/],
    [['assess', 'firma.cz', '--connect-to', 'mail.firma.cz:25:[127.0.0.1]:2525'], /not an IPv6 address/],
    [['assess', 'firma.cz', '--port25-reference', 'mx.example.org:0'], /--port25-reference: port 0 is not 1–65535/],
  ])('%j exits 2 with a clear message', async (args, message) => {
    // The lab resolver is given too, so a wrongly accepted argument can never reach real DNS.
    const run = await runCli(['--lang', 'en', '--quiet', '--resolver', lab.address, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('exits 2 on a domain argument of ~130k characters with one non-ASCII character (no stack overflow, no echo of it all)', async () => {
    // 130k code points: past what one String.fromCodePoint(...spread) call takes, below Linux's
    // 128 KiB limit on one argument.
    const run = await runCli(['--lang', 'en', '--quiet', '--resolver', lab.address, 'assess', `${'a'.repeat(130_000)}ü.cz`]);
    expect(run.code, run.stderr.slice(0, 500)).toBe(2);
    expect(run.stderr).toMatch(/longer than 253/);
    expect(run.stderr.length).toBeLessThan(5_000);
  });

  it('prints the summary in Czech by default', async () => {
    const run = await runCli(['assess', 'no-dmarc.test', '--resolver', lab.address, '--quiet', ...smtp.args]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Poštovní servery (MX)');
    expect(run.stdout).toMatch(/nevyhovuje/);
  });

  it('shows progress per check on stderr', async () => {
    const run = await runCli(['assess', 'onprem.test', '--resolver', lab.address, '--lang', 'en', ...smtp.args]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/DKIM: completed/);
    expect(run.stderr).toMatch(/mail\._domainkey\.onprem\.test: pass/);
    expect(run.stderr).toMatch(/mail\.onprem\.test \[127\.0\.20\.1\]: pass/);
  });
});

describe('Ctrl+C', () => {
  it('twice: the first cancels and what was found is still written (--json, --pdf), the second does not kill the process', async () => {
    const json = join(dir, 'interrupted.json');
    const pdf = join(dir, 'interrupted.pdf');
    // timeout.test: the lab DNS server never answers for it, so the checks are busy when Ctrl+C comes.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'electron/cli.ts',
        'assess',
        'timeout.test',
        '--resolver',
        lab.address,
        '--json',
        json,
        '--pdf',
        pdf,
        '--lang',
        'en',
        ...smtp.args,
      ],
      { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.resume();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.on('exit', (code, signal) => done({ code, signal })),
    );
    try {
      // A check has started (progress lines end in "…"), then the first Ctrl+C …
      await vi.waitFor(() => expect(stderr).toMatch(/…/), { timeout: 20_000, interval: 20 });
      child.kill('SIGINT');
      // … and once the CLI has taken it (cancellation under way), the second.
      await vi.waitFor(() => expect(stderr).toMatch(/cancel|abort/i), { timeout: 20_000, interval: 5 });
      child.kill('SIGINT');
      const { code, signal } = await exited;
      expect({ code, signal }, stderr).toEqual({ code: 0, signal: null });
    } finally {
      child.kill('SIGKILL');
    }
    expect(stderr).toMatch(/still writing/);
    const parsed = parseAssessment(JSON.parse(await readFile(json, 'utf8')));
    expect(parsed.ok, parsed.ok ? '' : parsed.errors.join('\n')).toBe(true);
    if (parsed.ok) expect([parsed.value.request.domain, parsed.value.cancelled]).toEqual(['timeout.test', true]);
    expect((await stat(pdf)).size).toBeGreaterThan(1_000);
  }, 60_000);
});
