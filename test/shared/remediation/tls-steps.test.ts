/**
 * Issue 10, correction 11: TLS findings that had no action get concrete steps. Sources: Microsoft Learn
 * "Exchange Server TLS configuration best practices" (ECDHE AES-GCM suites; TLS 1.3 only on Exchange 2019
 * CU15+/SE on Windows Server 2022+), the TLS module's Enable-TlsCipherSuite -Position, and SChannel's
 * signature-algorithm list (Functions under ...\Cryptography\Configuration\Local\SSL\00010003).
 */
import { describe, expect, it } from 'vitest';
import type { PlatformHint } from '../../../shared/assessment';
import { translate } from '../../../shared/i18n/index';
import { buildRemediationPlan, type RemediationPlan } from '../../../shared/remediation/index';
import { build, finding } from './assessment-helper';
import { lexPowerShell } from './parsers';
import { checkPlan } from './plan-checks';

const tls = (key: string, params: Record<string, string> = {}) =>
  finding(
    'tls-ciphers',
    'fail',
    `finding.tls.${key}`,
    { host: 'mail.firma.cz', endpoint: '192.0.2.1:25', version: 'TLS 1.2', ...params },
    'mail.firma.cz',
  );

function plan(platformHint: PlatformHint, keys: string[]): RemediationPlan {
  const p = buildRemediationPlan(
    build({ platformHint, attempts: { 'tls-ciphers': {}, 'tls-key-exchange': {} }, findings: keys.map((k) => tls(k)) }),
  );
  checkPlan(p, keys.join('+'));
  return p;
}
const commands = (p: RemediationPlan, id: string) =>
  p.steps.find((s) => s.id === id)!.actions.flatMap((a) => (a.kind === 'powershell' ? [a] : []));
const strings = (code: string) => lexPowerShell(code).flatMap((t) => (t.type === 'string' ? [t.value] : []));

describe('TLS steps for Exchange Server', () => {
  it('SHA-1 and SHA-224 key-exchange signatures: the signature list without them, the current one printed first', () => {
    const [, signatures, ...rest] = commands(plan('exchange-2019', ['kex_hash_sha1', 'kex_hash_sha224']), 'tls-ciphers-server');
    expect(rest).toEqual([]);
    const key = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Configuration\\Local\\SSL\\00010003';
    const lines = signatures!.code.split('\n');
    expect(lines[0]).toBe(`(Get-ItemProperty -Path '${key}' -Name 'Functions' -ErrorAction SilentlyContinue).Functions`);
    expect(lines[2]).toMatch(/^Set-ItemProperty -Path '.+' -Name 'Functions' -Type MultiString -Value @\(/);
    const functions = strings(lines[2]!).slice(2);
    expect(functions).toEqual([
      'RSAE-PSS/SHA256',
      'RSAE-PSS/SHA384',
      'RSAE-PSS/SHA512',
      'RSA/SHA256',
      'RSA/SHA384',
      'RSA/SHA512',
      'ECDSA/SHA256',
      'ECDSA/SHA384',
      'ECDSA/SHA512',
    ]);
    expect(functions.filter((f) => /SHA1$|SHA224$/.test(f))).toEqual([]);
    expect(translate('en', signatures!.noteKey!, {})).toContain('without SHA-1 and SHA-224');
  });

  it('cipher order not enforced: the ECDHE AES-GCM suites put first with Enable-TlsCipherSuite -Position', () => {
    const [, order] = commands(plan('exchange-se', ['cipher_order_not_enforced']), 'tls-ciphers-server');
    expect(order!.code.split('\n')).toEqual([
      "$order = @('TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384','TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256','TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384','TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256')",
      'foreach ($i in 0..3) { Enable-TlsCipherSuite -Name $order[$i] -Position $i }',
    ]);
  });

  it('TLS versions: the plan checks the TLS 1.3 prerequisite instead of only naming it', () => {
    const p = buildRemediationPlan(
      build({
        platformHint: 'exchange-2019',
        attempts: { 'tls-versions': {} },
        findings: [tls('legacy_versions_offered', { versions: 'TLS 1.0' })],
      }),
    );
    checkPlan(p, 'tls versions');
    const check = commands(p, 'tls-protocols-server').find((c) => c.noteKey === 'remediation.note.tls13_prerequisites')!;
    expect(check.code.split('\n')).toEqual([
      '$windows = [Environment]::OSVersion.Version.Build',
      '$exchange = [Version](Get-Command ExSetup.exe).FileVersionInfo.ProductVersion',
      "if ($windows -ge 20348 -and $exchange -ge [Version]'15.2.1748.0') { Write-Output 'TLS 1.3 is supported on this server.' } else { Write-Warning 'Exchange supports TLS 1.3 only from Exchange 2019 CU15 or SE on Windows Server 2022 or later: keep TLS 1.3 disabled on this server.' }",
    ]);
  });
});

describe('TLS steps for a gateway or another server', () => {
  it('says how to enforce the server order and which signature hashes to allow', () => {
    const p = plan('other', ['cipher_order_not_enforced', 'kex_hash_sha1']);
    const keys = p.steps.find((s) => s.id === 'tls-ciphers-other')!.actions.flatMap((a) => (a.kind === 'instruction' ? [a.key] : []));
    expect(keys).toEqual([
      'remediation.instruction.tls_other',
      'remediation.instruction.tls_gateway_cipher_order',
      'remediation.instruction.tls_gateway_signature_hashes',
    ]);
    expect(translate('en', keys[1]!)).toContain('tls_preempt_cipherlist = yes');
  });
});
