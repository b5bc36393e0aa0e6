/**
 * Requirement 8 through the CLI as a user runs it: a subprocess per client scenario
 * (test/lab/zones.ts `clientScenarios`) against the lab DNS server, the SMTP lab (port 25, the
 * CA) and the client lab (IMAP, POP3, submission, implicit TLS), checking the Assessment JSON,
 * row 8's verdict and its reason in Czech (default) and English.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssessment, type Assessment } from '../../shared/assessment';
import { hasMessage } from '../../shared/i18n/index';
import { evaluateRequirements } from '../../shared/requirements';
import { startClientLab, type ClientLab } from '../lab/client-lab';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import { startSmtpLab, type SmtpLab } from '../lab/smtp-lab';
import { clientScenarios, labZones } from '../lab/zones';
import { runCli, type CliRun } from '../support/cli';
import { lexPowerShell } from '../shared/remediation/parsers';

let dns: LabDnsServer;
let smtp: SmtpLab;
let client: ClientLab;
let dir: string;
const runs = new Map<string, { en: CliRun; cs?: CliRun; assessment?: Assessment }>();
/** `--plan-dir` runs for Exchange Server: scenario → exchange-server.ps1 */
const plans = new Map<string, { run: CliRun; script?: string }>();

const ROW8 = /^ {3}8\. \[([^\]]+)\] (.*)$/m;

beforeAll(async () => {
  dns = await startLabDnsServer({ zones: labZones() });
  smtp = await startSmtpLab();
  client = await startClientLab(smtp.ca);
  dir = await mkdtemp(join(tmpdir(), 'mailaudit-cli-client-'));
  const args = (domain: string) => [
    'assess',
    domain,
    '--resolver',
    dns.address,
    '--quiet',
    // The client lab's address rules come first: a rule naming the address wins anyway.
    ...client.args,
    ...smtp.args,
  ];
  // Two at a time on a 2-core machine.
  const queue = [...clientScenarios];
  await Promise.all(
    [0, 1].map(async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const json = join(dir, `${s.domain}.json`);
        const en = await runCli([...args(s.domain), '--json', json, '--lang', 'en'], { timeoutMs: 120_000 });
        const text = await readFile(json, 'utf8').catch(() => undefined);
        const parsed = text === undefined ? undefined : parseAssessment(JSON.parse(text));
        runs.set(s.domain, { en, ...(parsed?.ok ? { assessment: parsed.value } : {}) });
      }
    }),
  );
  // Czech is the default language: one run without --lang.
  runs.get('client-plaintext.test')!.cs = await runCli(args('client-plaintext.test'), { timeoutMs: 120_000 });
  await Promise.all(
    ['client-plaintext.test', 'client-authplain.test'].map(async (domain) => {
      const planDir = join(dir, `plan-${domain}`);
      const run = await runCli([...args(domain), '--platform', 'exchange-2019', '--plan-dir', planDir, '--lang', 'en'], {
        timeoutMs: 120_000,
      });
      const script = await readFile(join(planDir, 'exchange-server.ps1'), 'utf8').catch(() => undefined);
      plans.set(domain, { run, ...(script ? { script } : {}) });
    }),
  );
  {
    const planDir = join(dir, 'plan-exo');
    const run = await runCli([...args('client-authplain.test'), '--platform', 'exchange-online', '--plan-dir', planDir, '--lang', 'en'], {
      timeoutMs: 120_000,
    });
    const script = await readFile(join(planDir, 'exchange-online.ps1'), 'utf8').catch(() => undefined);
    plans.set('exo', { run, ...(script ? { script } : {}) });
  }
}, 300_000);

afterAll(async () => {
  await client?.close();
  await smtp?.close();
  await dns?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const LABEL = { pass: 'met', fail: 'not met', partial: 'partly met', not_verified: 'not verified' } as const;

describe('requirement 8 (client access) through the CLI', () => {
  for (const s of clientScenarios) {
    it(`${s.domain}: ${s.about}`, () => {
      const r = runs.get(s.domain)!;
      expect(r.en.code, r.en.stderr).toBe(0);
      expect(r.en.stderr).not.toMatch(/internal error|Warning/);
      const a = r.assessment!;
      const keys = a.findings.map((f) => f.key);
      for (const key of s.expect) expect(keys, `${key} expected`).toContain(key);
      for (const key of s.absent ?? []) expect(keys, `${key} not expected`).not.toContain(key);
      expect(a.attempts.find((x) => x.checkId === 'client-access')?.status).toBe('completed');
      expect(a.attempts.find((x) => x.checkId === 'access-hosts')?.status).toBe('completed');
      for (const f of a.findings) for (const lang of ['cs', 'en'] as const) expect(hasMessage(f.key, lang), f.key).toBe(true);
      expect(r.en.stdout).not.toMatch(/\bfinding\.[a-z]/);
      const row = evaluateRequirements(a).find((v) => v.id === 'client-access')!;
      expect(row.verdict).toBe(s.row8);
      const printed = ROW8.exec(r.en.stdout);
      expect(printed?.[1]).toBe(LABEL[s.row8]);
      if (s.reason) expect(printed?.[2]).toMatch(s.reason);
    });
  }

  it('names the host, the port and what was seen in the reason, in Czech by default', () => {
    const en = ROW8.exec(runs.get('client-plaintext.test')!.en.stdout)![2]!;
    expect(en).toMatch(/Plaintext (IMAP|POP3) is open on mail\.client-plaintext\.test \(127\.0\.60\.2:\d+, port (143|110)\)/);
    const cs = ROW8.exec(runs.get('client-plaintext.test')!.cs!.stdout)![2]!;
    expect(cs).toMatch(/Na mail\.client-plaintext\.test \(127\.0\.60\.2:\d+\) je otevřený nešifrovaný (IMAP|POP3) \(port (143|110)\)/);
  });

  it('tests each address and port once, and never sends a password', () => {
    const a = runs.get('client-good.test')!.assessment!;
    const attempt = a.attempts.find((x) => x.checkId === 'client-access')!;
    expect(attempt.status).toBe('completed');
    const commands = client.servers.flatMap((s) => s.commands);
    expect(commands).not.toContain('PASS');
    expect(commands).not.toContain('LOGIN');
    expect(commands).not.toContain('AUTH');
  });

  it('plans only the Exchange Server steps the findings call for', () => {
    const plaintext = plans.get('client-plaintext.test')!;
    expect(plaintext.run.code, plaintext.run.stderr).toBe(0);
    expect(plaintext.script).toMatch(/Set-PopSettings -LoginType SecureLogin/);
    expect(plaintext.script).toMatch(/Set-ImapSettings -LoginType SecureLogin/);
    expect(plaintext.script).toMatch(/Where-Object Status -eq 'Running' \| Restart-Service/);
    expect(plaintext.script).not.toMatch(/BasicAuthRequireTLS/);
    const authplain = plans.get('client-authplain.test')!;
    expect(authplain.run.code, authplain.run.stderr).toBe(0);
    expect(authplain.script).toContain(
      "Set-ReceiveConnector -Identity $_.Identity -AuthMechanism @($_.AuthMechanism.ToString().Split(',').Trim(); 'Tls'; 'BasicAuthRequireTLS')",
    );
    expect(authplain.script).not.toMatch(/Set-PopSettings/);
    // Both scripts are well-formed PowerShell (quotes, braces, parentheses balanced).
    for (const script of [plaintext.script!, authplain.script!]) lexPowerShell(script.replace(/^\uFEFF/, ''), { comments: true });
  });

  it('plans the Exchange Online steps: SMTP AUTH off and an authentication policy blocking Basic', () => {
    const exo = plans.get('exo')!;
    expect(exo.run.code, exo.run.stderr).toBe(0);
    expect(exo.script).toContain('Set-TransportConfig -SmtpClientAuthenticationDisabled $true');
    expect(exo.script).toContain("New-AuthenticationPolicy -Name 'Block Basic Auth'");
    expect(exo.script).toContain("Set-OrganizationConfig -DefaultAuthenticationPolicy 'Block Basic Auth'");
    // AUTH before TLS only: POP/IMAP stay as they are.
    expect(exo.script).not.toContain('Set-CASMailboxPlan');
    lexPowerShell(exo.script!.replace(/^\uFEFF/, ''), { comments: true });
  });
});
