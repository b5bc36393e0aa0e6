/**
 * Requirement 9 (web access) and the Exchange findings through the CLI as a user runs it: a
 * subprocess against the lab DNS and the web lab (test/lab/web-lab.ts), one run per web scenario
 * (test/lab/zones.ts `webScenarios`). Each run must end (the silent and endless-header hosts
 * within the client's deadlines), show row 9's verdict with its reason in the summary, and the
 * plan must carry the verified Exchange commands.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssessment, type Assessment } from '../../shared/assessment';
import { translate } from '../../shared/i18n';
import { BASIC_AUTH_OFF } from '../../shared/remediation/steps/transport';
import { startLabDnsServer, type LabDnsServer } from '../lab/dns-server';
import { startWebLab, type WebLab } from '../lab/web-lab';
import { labZones, webScenarios } from '../lab/zones';
import { runCli as runCliProcess, type CliRun } from '../support/cli';

/** The CLI's own deadlines end every scenario; this only stops a hung process. */
const runCli = (args: string[]) => runCliProcess(args, { timeoutMs: 120_000 });

let dns: LabDnsServer;
let web: WebLab;
let dir: string;
const runs = new Map<string, { run: CliRun; assessment?: Assessment }>();
let czech: CliRun;

beforeAll(async () => {
  dns = await startLabDnsServer({ zones: labZones() });
  web = await startWebLab();
  dir = await mkdtemp(join(tmpdir(), 'mailaudit-cli-web-'));
  // Nothing listens on port 25 of the web scenarios; a closed reference port keeps the STARTTLS probe short.
  const common = ['--resolver', dns.address, ...web.args, '--port25-reference', '127.0.0.1:1', '--quiet'];
  const queue = [...webScenarios];
  // Two cores: three CLIs at a time, the slow (silent) scenario waiting on deadlines, not the CPU.
  await Promise.all(
    [1, 2, 3].map(async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const json = join(dir, `${s.domain}.json`);
        const plan = ['web-basic.test', 'web-nohsts.test'].includes(s.domain) ? ['--plan-dir', join(dir, `plan-${s.domain}`)] : [];
        const run = await runCli(['assess', s.domain, ...common, '--json', json, '--lang', 'en', ...plan]);
        const text = await readFile(json, 'utf8').catch(() => undefined);
        const parsed = text === undefined ? undefined : parseAssessment(JSON.parse(text));
        runs.set(s.domain, { run, ...(parsed?.ok ? { assessment: parsed.value } : {}) });
      }
    }),
  );
  czech = await runCli(['assess', 'web-short-hsts.test', ...common]);
}, 240_000);

afterAll(async () => {
  await dns?.close();
  await web?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The summary line of requirement 9: `   9. [verdict] title — reason`. */
const row9 = (stdout: string) => stdout.split('\n').find((l) => /^\s+9\. \[/.test(l)) ?? '';

describe('mailaudit assess: requirement 9 on the web lab', () => {
  for (const s of webScenarios) {
    it(`${s.domain}: ${s.about}`, () => {
      const { run, assessment } = runs.get(s.domain)!;
      expect(run.stderr).not.toMatch(/internal error|Warning/);
      expect(run.code, run.stderr).toBe(0);
      const a = assessment!;
      expect(a.attempts.find((x) => x.checkId === 'web-access')).toMatchObject({ status: 'completed' });
      expect(a.attempts.find((x) => x.checkId === 'exchange')).toMatchObject({ status: 'completed' });
      const keys = a.findings.map((f) => f.key);
      for (const key of s.expect) expect(keys, `${key} expected`).toContain(key);
      for (const key of s.absent ?? []) expect(keys, `${key} not expected`).not.toContain(key);
      const line = row9(run.stdout);
      expect(line).toContain(`[${translate('en', `verdict.${s.row9}`)}]`);
      if (s.reason) expect(line).toMatch(s.reason);
      // Which host was seen: every reason names the host it is about.
      if (s.row9 !== 'pass') expect(line).toContain(`.${s.domain}`);
      expect(run.stdout).not.toMatch(/\bfinding\.[a-z]/);
    });
  }

  it('Czech by default: the reason in Czech words, with the host and the header as seen', () => {
    expect(czech.code, czech.stderr).toBe(0);
    const line = row9(czech.stdout);
    expect(line).toMatch(/\[nesplněno\] Webový přístup/);
    expect(line).toContain('Server mail.web-short-hsts.test (127.0.50.3) posílá hlavičku Strict-Transport-Security „max-age=86400“');
  });

  it('the plan turns Basic off per virtual directory only after modern authentication, with the commands verified', async () => {
    const script = await readFile(join(dir, 'plan-web-basic.test', 'exchange-server.ps1'), 'utf8');
    // Pinned against office-docs-powershell (exchange-ps): each Set- and its parameter, and the modern-auth guard first.
    for (const line of [
      'Get-OrganizationConfig | Format-List OAuth2ClientProfileEnabled',
      "if (-not (Get-OrganizationConfig).OAuth2ClientProfileEnabled) { throw 'Modern authentication (OAuth2ClientProfileEnabled) is off: enable hybrid modern authentication or AD FS first.' }",
      'Get-WebServicesVirtualDirectory -Server $env:COMPUTERNAME | Set-WebServicesVirtualDirectory -BasicAuthentication $false',
      'Get-AutodiscoverVirtualDirectory -Server $env:COMPUTERNAME | Set-AutodiscoverVirtualDirectory -BasicAuthentication $false',
      'Get-OabVirtualDirectory -Server $env:COMPUTERNAME | Set-OabVirtualDirectory -BasicAuthentication $false',
      'Get-ActiveSyncVirtualDirectory -Server $env:COMPUTERNAME | Set-ActiveSyncVirtualDirectory -BasicAuthEnabled $false',
      'Get-MapiVirtualDirectory -Server $env:COMPUTERNAME | Set-MapiVirtualDirectory -IISAuthenticationMethods Ntlm, Negotiate, OAuth',
      'Get-OutlookAnywhere -Server $env:COMPUTERNAME | Set-OutlookAnywhere -ExternalClientAuthenticationMethod Negotiate -IISAuthenticationMethods Ntlm, Negotiate',
    ])
      expect(script).toContain(line);
    expect(script.indexOf('Format-List OAuth2ClientProfileEnabled')).toBeLessThan(script.indexOf('Set-WebServicesVirtualDirectory'));
    expect(BASIC_AUTH_OFF.split('\n')).toHaveLength(7);
    expect(script).toMatch(/Clients that can only do Basic/);
  });

  it("the plan for a host without HSTS: the one HSTS command and Microsoft's redirect steps for that host", async () => {
    const script = await readFile(join(dir, 'plan-web-nohsts.test', 'exchange-server.ps1'), 'utf8');
    expect(script).toContain("Set-IISConfigAttributeValue -ConfigElement $hsts -AttributeName 'max-age' -AttributeValue 31536000");
    expect(script).toContain("'redirectHttpToHttps' -AttributeValue $false");
    expect(script).toContain('https://mail.web-nohsts.test/owa');
  });
});
