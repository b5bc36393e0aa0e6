/**
 * Issue 10, corrections 6 and 7: a renewal keeps every name of the certificate it replaces (a
 * request from the existing certificate, New-ExchangeCertificate example 7), and the switch says
 * what Enable-ExchangeCertificate changes besides SMTP (Microsoft Learn: the default SMTP
 * certificate prompt, "Require SSL" with IIS unless -DoNotRequireSsl, an IIS restart) and binds the
 * port-25 receive connectors explicitly (Set-ReceiveConnector -TlsCertificateName "<I>issuer<S>subject").
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/assessment';
import { translate } from '../../../shared/i18n/index';
import { buildRemediationPlan, type RemediationPlan } from '../../../shared/remediation/index';
import { ecLeafCertificate } from '../../support/certificate-result';
import { MAIL_AUTH_DONE, build, finding } from './assessment-helper';
import { lexPowerShell } from './parsers';
import { checkPlan } from './plan-checks';

const SPKI = 'ab'.repeat(32);
const SERIAL = '0A1B2C3D';

/** Two MX hosts that serve one certificate (same serial), as the certificate check records them. */
function assessment(findings: Finding[]) {
  const group = (host: string, address: string) => ({
    host,
    addresses: [address],
    port: 25,
    tls: {
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      authorized: false,
      hostname: host,
      hostMatch: false,
      chain: [
        ecLeafCertificate(host, SPKI, {
          subject: 'CN=owa.firma.cz',
          issuer: 'CN=Issuing CA',
          serialNumber: SERIAL,
          validFrom: '2025-01-01T00:00:00.000Z',
          validTo: '2026-01-01T00:00:00.000Z',
        }),
      ],
    },
    verdicts: [],
  });
  return build({
    platformHint: 'exchange-se',
    attempts: {
      ...MAIL_AUTH_DONE,
      certificate: { data: { groups: [group('mx1.firma.cz', '192.0.2.1'), group('mx2.firma.cz', '192.0.2.2')], notAvailable: [] } },
    },
    findings,
  });
}
const certificate = (key: string, host: string) =>
  finding(
    'certificate',
    'fail',
    `finding.certificate.${key}`,
    { host, validTo: '2026-01-01', daysAgo: 335, names: ['owa.firma.cz'] },
    host,
  );

const commands = (plan: RemediationPlan, id: string) =>
  plan.steps.find((s) => s.id === id)!.actions.flatMap((a) => (a.kind === 'powershell' ? [a] : []));
const strings = (code: string) => lexPowerShell(code).flatMap((t) => (t.type === 'string' ? [t.value] : []));

describe('certificate renewal on Exchange Server', () => {
  it('an expired certificate: one request renewed from the certificate both hosts serve, then the switch', () => {
    const plan = buildRemediationPlan(assessment([certificate('expired', 'mx1.firma.cz'), certificate('expired', 'mx2.firma.cz')]));
    checkPlan(plan, 'renewal');
    const [request, install, ...rest] = commands(plan, 'certificate-replace');
    expect(rest).toEqual([]);
    expect(request!.code.split('\n')).toEqual([
      `$current = Get-ExchangeCertificate | Where-Object { $_.SerialNumber.TrimStart('0') -eq 'A1B2C3D' } | Select-Object -First 1`,
      'if ($current) {',
      '$request = Get-ExchangeCertificate -Thumbprint $current.Thumbprint | New-ExchangeCertificate -GenerateRequest -KeySize 2048 -PrivateKeyExportable $true',
      '} else {',
      "$request = New-ExchangeCertificate -GenerateRequest -SubjectName 'CN=mx1.firma.cz' -DomainName 'mx1.firma.cz','mx2.firma.cz' -KeySize 2048 -PrivateKeyExportable $true",
      '}',
      "[System.IO.File]::WriteAllText((Join-Path $env:USERPROFILE 'mx1-firma-cz.req'), $request)",
    ]);
    expect(translate('en', request!.noteKey!, request!.noteParams)).toContain(
      'so every name it carries stays, OWA and autodiscover included',
    );
    expect(strings(install!.code)).toContain('mx1-firma-cz.cer');
    expect(install!.code).toContain('-Services IIS -DoNotRequireSsl');
    expect(install!.code).toContain('Set-ReceiveConnector -TlsCertificateName $tlsName');
    const note = translate('cs', install!.noteKey!, install!.noteParams);
    expect(note).toContain('na dotaz, zda nahradit výchozí certifikát SMTP, obvykle odpovězte Ne');
    expect(note).toContain('s -DoNotRequireSsl, aby se na Default Web Site znovu nezapnulo „Require SSL“');
    expect(note).toContain('restartujte IIS (iisreset)');
  });

  it('a certificate without the MX name: the request keeps its names and adds the hosts it lacks', () => {
    const plan = buildRemediationPlan(assessment([certificate('name_mismatch', 'mx1.firma.cz')]));
    checkPlan(plan, 'name mismatch');
    const [request] = commands(plan, 'certificate-replace');
    expect(request!.code.split('\n').slice(1, 4)).toEqual([
      'if ($current) {',
      "$names = @($current.CertificateDomains | ForEach-Object { $_.ToString() }; 'mx1.firma.cz') | Sort-Object -Unique",
      '$request = New-ExchangeCertificate -GenerateRequest -SubjectName $current.Subject -DomainName $names -KeySize 2048 -PrivateKeyExportable $true',
    ]);
  });
});
