/**
 * Steps for the transport rows (STARTTLS, TLS versions and algorithms, certificates, DNSSEC,
 * DANE, MTA-STS) and the access rows (client protocols, web access). Most of these checks are
 * being written now: the catalogue routes their findings here by key prefix or check id, and the
 * steps use a finding's params when they carry what a command needs (a host, a cipher suite, a
 * TLSA hash) and fall back to instructions otherwise. Refine per exact key in `catalogue.ts`.
 *
 * Facts from Microsoft Learn: "Exchange Server TLS configuration best practices" (SCHANNEL and
 * .NET registry values), "Configure HTTP Strict Transport Security (HSTS) in Exchange Server",
 * "How SMTP DANE works" and "Set up inbound SMTP DANE with DNSSEC" (Exchange Online).
 */
import type { Finding, ParamValue } from '../../assessment';
import { isValidDnsName } from '../../quote';
import { instruction, mxRecord, powershell, ps, registryDword, tlsaRecord, txtRecord } from '../actions';
import { attemptOf, mxHosts, servedSpkiHashes } from '../context';
import type { BuildContext, RemediationAction, StepDraft } from '../types';
import { listParam, nameParam, param, safeParams, suffix } from './util';

/** The hosts the findings are about (their targets), else the MX hosts. */
function hostsOf(ctx: BuildContext): string[] {
  const fromFindings = [
    ...new Set(
      ctx.findings
        .map((f) => (f.target ?? param(f, 'host'))?.toLowerCase().replace(/\.$/, ''))
        .filter((h): h is string => h !== undefined && isValidDnsName(h, { allowServiceLabels: false })),
    ),
  ];
  return fromFindings.length > 0 ? fromFindings : mxHosts(ctx.a).map((h) => h.exchange);
}

const exo = (ctx: BuildContext) => ctx.view.exchange.includes('exchange-online');
const server = (ctx: BuildContext) => ctx.view.exchange.includes('exchange-server');
const other = (ctx: BuildContext) => ctx.view.exchange.length === 0;

// ---------------------------------------------------------------------------------- STARTTLS

/** The STARTTLS outcomes with advice of their own (RFC 3207 replies, reachability, injection). */
const STARTTLS_ADVICE = [
  'not_offered',
  'helo_only',
  'temporarily_refused',
  'refused',
  'handshake_failed',
  'protocol_error',
  'unreachable',
  'data_after_ready',
];

function starttlsDiagnosis(findings: readonly Finding[]): RemediationAction[] {
  return findings
    .filter((f) => STARTTLS_ADVICE.includes(suffix(f.key)))
    .map((f) =>
      instruction(
        `remediation.instruction.starttls.${suffix(f.key)}`,
        safeParams({ host: f.target ?? param(f, 'host') ?? '', address: param(f, 'address') ?? '' }),
      ),
    );
}

export function starttlsSteps(ctx: BuildContext): StepDraft[] {
  const steps: StepDraft[] = [];
  const hosts = hostsOf(ctx);
  if (exo(ctx)) {
    steps.push({
      id: 'starttls-exo',
      phase: 2,
      titleKey: 'remediation.step.starttls-exo.title',
      riskKey: 'remediation.step.starttls-exo.risk',
      platform: 'exchange-online',
      fixes: ctx.findings,
      actions: [instruction('remediation.instruction.starttls_exo', { hosts })],
    });
  }
  if (server(ctx)) {
    const actions: RemediationAction[] = [
      ...starttlsDiagnosis(ctx.findings),
      powershell('Get-ExchangeCertificate | Format-List FriendlyName, Subject, CertificateDomains, Thumbprint, Services, NotAfter'),
      powershell(
        "Get-ReceiveConnector | Where-Object { $_.TransportRole -eq 'FrontendTransport' -and ($_.Bindings -match ':25$') } | Format-List Identity, Bindings, AuthMechanism, Fqdn, TlsCertificateName",
        { noteKey: 'remediation.note.starttls_auth_mechanism' },
      ),
    ];
    for (const host of hosts) {
      // Picks the newest valid certificate that names the MX host and binds it to SMTP.
      actions.push(
        powershell(
          ps`$cert = Get-ExchangeCertificate | Where-Object { (($_.CertificateDomains | ForEach-Object { $_.ToString() }) -contains ${host}) -and $_.NotAfter -gt (Get-Date) } | Sort-Object NotAfter -Descending | Select-Object -First 1` +
            '\nif ($cert) { Enable-ExchangeCertificate -Thumbprint $cert.Thumbprint -Services SMTP } else { Write-Warning ' +
            ps`${`No valid certificate for ${host}`}` +
            ' }',
          { noteKey: 'remediation.note.starttls_enable_certificate', noteParams: { host } },
        ),
      );
    }
    steps.push({
      id: 'starttls-server',
      phase: 2,
      titleKey: 'remediation.step.starttls-server.title',
      riskKey: 'remediation.step.starttls-server.risk',
      platform: 'exchange-server',
      fixes: ctx.findings,
      actions,
    });
  }
  if (other(ctx))
    steps.push({
      id: 'starttls-other',
      phase: 2,
      titleKey: 'remediation.step.starttls-other.title',
      riskKey: 'remediation.step.starttls-server.risk',
      platform: 'any',
      fixes: ctx.findings,
      actions: [...starttlsDiagnosis(ctx.findings), instruction('remediation.instruction.starttls_other', { hosts })],
    });
  return steps;
}

// ------------------------------------------------------------------------------- TLS versions

const SCHANNEL = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';
const NET_FRAMEWORK_KEYS = [
  'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319',
  'HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319',
  'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v2.0.50727',
  'HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v2.0.50727',
];

/** SCHANNEL protocol switches for Client and Server (Microsoft Learn, Exchange Server TLS configuration). */
function protocolSettings(protocol: string, enabled: boolean): RemediationAction[] {
  return ['Server', 'Client'].flatMap((side) => [
    registryDword(`${SCHANNEL}\\Protocols\\${protocol}\\${side}`, 'Enabled', enabled ? 1 : 0),
    registryDword(`${SCHANNEL}\\Protocols\\${protocol}\\${side}`, 'DisabledByDefault', enabled ? 0 : 1),
  ]);
}

export function tlsProtocolSteps(ctx: BuildContext): StepDraft[] {
  const steps: StepDraft[] = [];
  if (server(ctx)) {
    steps.push({
      id: 'tls-protocols-server',
      phase: 2,
      titleKey: 'remediation.step.tls-protocols-server.title',
      riskKey: 'remediation.step.tls-protocols-server.risk',
      platform: 'exchange-server',
      fixes: ctx.findings,
      actions: [
        instruction('remediation.instruction.tls_check_clients'),
        ...protocolSettings('TLS 1.2', true),
        ...NET_FRAMEWORK_KEYS.flatMap((key) => [
          registryDword(key, 'SystemDefaultTlsVersions', 1),
          registryDword(key, 'SchUseStrongCrypto', 1),
        ]),
        ...protocolSettings('SSL 3.0', false),
        ...protocolSettings('TLS 1.0', false),
        ...protocolSettings('TLS 1.1', false),
        instruction('remediation.instruction.tls_reboot'),
        instruction('remediation.instruction.tls13_prerequisites'),
      ],
    });
  }
  if (exo(ctx))
    steps.push({
      id: 'tls-exo',
      phase: 2,
      titleKey: 'remediation.step.tls-exo.title',
      riskKey: 'remediation.step.tls-exo.risk',
      platform: 'exchange-online',
      fixes: ctx.findings,
      actions: [instruction('remediation.instruction.tls_exo', { hosts: hostsOf(ctx) })],
    });
  if (other(ctx))
    steps.push({
      id: 'tls-other',
      phase: 2,
      titleKey: 'remediation.step.tls-other.title',
      riskKey: 'remediation.step.tls-protocols-server.risk',
      platform: 'any',
      fixes: ctx.findings,
      actions: [instruction('remediation.instruction.tls_other')],
    });
  return steps;
}

// --------------------------------------------------------------------------- TLS algorithms

/** IANA cipher-suite names, the form Disable-TlsCipherSuite takes. */
const SUITE = /^TLS_[A-Z0-9_]{4,80}$/;

export function tlsCipherSteps(ctx: BuildContext): StepDraft[] {
  const suites = [
    ...new Set(ctx.findings.flatMap((f) => [...listParam(f, 'suite'), ...listParam(f, 'suites')]).filter((s) => SUITE.test(s))),
  ];
  const weakDh = ctx.findings.some((f) => /dh|ffdhe|diffie/i.test(f.key));
  const steps: StepDraft[] = [];
  if (server(ctx)) {
    const actions: RemediationAction[] = [powershell('Get-TlsCipherSuite | Format-Table Name, Exchange, Cipher, Hash')];
    for (const suite of suites) actions.push(powershell(ps`Disable-TlsCipherSuite -Name ${suite}`));
    if (suites.length === 0) actions.push(instruction('remediation.instruction.tls_cipher_order'));
    // NCSC-NL 2025-05: finite-field DH below 3072 bits is insufficient.
    if (weakDh) actions.push(registryDword(`${SCHANNEL}\\KeyExchangeAlgorithms\\Diffie-Hellman`, 'ServerMinKeyBitLength', 3072));
    actions.push(instruction('remediation.instruction.tls_reboot'));
    steps.push({
      id: 'tls-ciphers-server',
      phase: 2,
      titleKey: 'remediation.step.tls-ciphers-server.title',
      riskKey: 'remediation.step.tls-ciphers-server.risk',
      platform: 'exchange-server',
      fixes: ctx.findings,
      actions,
    });
  }
  if (exo(ctx))
    steps.push({
      id: 'tls-exo-ciphers',
      phase: 2,
      titleKey: 'remediation.step.tls-exo.title',
      riskKey: 'remediation.step.tls-exo.risk',
      platform: 'exchange-online',
      fixes: ctx.findings,
      actions: [instruction('remediation.instruction.tls_exo', { hosts: hostsOf(ctx) })],
    });
  if (other(ctx))
    steps.push({
      id: 'tls-ciphers-other',
      phase: 2,
      titleKey: 'remediation.step.tls-other.title',
      riskKey: 'remediation.step.tls-ciphers-server.risk',
      platform: 'any',
      fixes: ctx.findings,
      actions: [instruction('remediation.instruction.tls_other')],
    });
  return steps;
}

// ------------------------------------------------------------------------------ certificate

/** Whether TLSA records are published for the MX hosts (a completed DANE check with a non-failing finding). */
function daneInUse(ctx: BuildContext): boolean {
  const attempt = attemptOf(ctx.a, 'dane');
  return (
    attempt?.status === 'completed' &&
    ctx.a.findings.some((f) => f.checkId === 'dane' && (f.status === 'pass' || f.status === 'warning' || f.status === 'info'))
  );
}

/** Certificate findings that only a new certificate fixes (a renewal counts). */
const NEW_CERTIFICATE = [
  'self_signed',
  'untrusted',
  'name_mismatch',
  'expired',
  'not_yet_valid',
  'expires_soon',
  'key_weak',
  'signature_weak',
  'invalid_dates',
  'key_unreadable',
];

/** One sentence per finding saying what is wrong with which certificate, for the steps below. */
function certificateDiagnosis(findings: readonly Finding[]): RemediationAction[] {
  return findings
    .filter((f) => [...NEW_CERTIFICATE, 'chain_incomplete'].includes(suffix(f.key)))
    .map((f) =>
      instruction(
        `remediation.instruction.certificate.${suffix(f.key)}`,
        safeParams({
          host: f.target ?? param(f, 'host') ?? '',
          ...pick(f, ['names', 'validTo', 'daysLeft', 'daysAgo', 'key', 'algorithm', 'caIssuers', 'issuer']),
        }),
      ),
    );
}

function pick(f: Finding, names: string[]): Record<string, ParamValue> {
  return Object.fromEntries(names.filter((n) => f.params[n] !== undefined).map((n) => [n, f.params[n]!]));
}

export function certificateSteps(ctx: BuildContext): StepDraft[] {
  const hosts = hostsOf(ctx);
  const renew = ctx.findings.filter((f) => NEW_CERTIFICATE.includes(suffix(f.key)) || !f.key.startsWith('finding.certificate.'));
  const chain = ctx.findings.filter((f) => suffix(f.key) === 'chain_incomplete');
  const dane = daneInUse(ctx) && renew.length > 0;
  const steps: StepDraft[] = [];
  if (server(ctx) || other(ctx)) {
    if (dane) {
      // RFC 7671 §8.1: publish the new key's TLSA next to the current one before the switch.
      steps.push({
        id: 'dane-tlsa-next',
        phase: 2,
        titleKey: 'remediation.step.dane-tlsa-next.title',
        riskKey: 'remediation.step.dane-tlsa-next.risk',
        platform: 'dns-host',
        fixes: renew,
        actions: hosts.map((host) => instruction('remediation.instruction.dane_tlsa_next', { name: `_25._tcp.${host}` })),
      });
    }
    if (renew.length > 0) {
      const actions: RemediationAction[] = certificateDiagnosis(renew);
      if (server(ctx) && hosts.length > 0) {
        const [first] = hosts;
        const file = `${first!.replace(/\./g, '-')}.req`;
        actions.push(
          powershell(
            ps`$request = New-ExchangeCertificate -GenerateRequest -SubjectName ${`CN=${first}`} -DomainName ${hosts} -KeySize 2048 -PrivateKeyExportable $true` +
              '\n' +
              ps`[System.IO.File]::WriteAllText((Join-Path $env:USERPROFILE ${file}), $request)`,
            { noteKey: 'remediation.note.certificate_request', noteParams: { hosts, file } },
          ),
          // Binds exactly the certificate just imported: selecting by name could pick the old one,
          // which still names the host, or nothing at all when the import failed.
          powershell(
            "$cert = Import-ExchangeCertificate -FileData ([System.IO.File]::ReadAllBytes((Join-Path $env:USERPROFILE 'certificate.cer')))" +
              '\nif ($cert) { Enable-ExchangeCertificate -Thumbprint $cert.Thumbprint -Services SMTP, IIS } else { Write-Warning ' +
              ps`${'The certificate was not imported; nothing was changed.'}` +
              ' }',
            { noteKey: 'remediation.note.certificate_import' },
          ),
        );
      } else {
        actions.push(instruction('remediation.instruction.certificate_other', { hosts }));
      }
      steps.push({
        id: 'certificate-replace',
        phase: dane ? 3 : 2,
        titleKey: 'remediation.step.certificate-replace.title',
        riskKey: dane ? 'remediation.step.certificate-replace.risk_dane' : 'remediation.step.certificate-replace.risk',
        platform: server(ctx) ? 'exchange-server' : 'any',
        fixes: renew,
        actions,
      });
    }
    if (chain.length > 0) {
      const actions: RemediationAction[] = certificateDiagnosis(chain);
      if (server(ctx))
        actions.push(
          powershell(
            "Import-Certificate -FilePath (Join-Path $env:USERPROFILE 'intermediate.cer') -CertStoreLocation 'Cert:\\LocalMachine\\CA'",
            { noteKey: 'remediation.note.certificate_intermediate' },
          ),
        );
      steps.push({
        id: 'certificate-chain',
        phase: 2,
        titleKey: 'remediation.step.certificate-chain.title',
        riskKey: 'remediation.step.certificate-chain.risk',
        platform: server(ctx) ? 'exchange-server' : 'any',
        fixes: chain,
        actions,
      });
    }
    if (dane) {
      steps.push({
        id: 'dane-tlsa-cleanup',
        phase: 4,
        titleKey: 'remediation.step.dane-tlsa-cleanup.title',
        riskKey: 'remediation.step.dane-tlsa-cleanup.risk',
        platform: 'dns-host',
        fixes: [],
        actions: [instruction('remediation.instruction.dane_tlsa_cleanup', { hosts })],
      });
    }
  }
  if (exo(ctx))
    steps.push({
      id: 'certificate-exo',
      phase: 2,
      titleKey: 'remediation.step.certificate-exo.title',
      riskKey: 'remediation.step.tls-exo.risk',
      platform: 'exchange-online',
      fixes: ctx.findings,
      actions: [instruction('remediation.instruction.certificate_exo', { hosts })],
    });
  return steps;
}

// ----------------------------------------------------------------------------------- DNSSEC

export function dnssecSteps(ctx: BuildContext): StepDraft[] {
  const zones = [
    ...new Set([
      ctx.domain,
      ...ctx.findings.map((f) => f.target ?? param(f, 'zone')).filter((z): z is string => z !== undefined && isValidDnsName(z)),
    ]),
  ];
  const actions: RemediationAction[] = [
    instruction('remediation.instruction.dnssec_sign', { zones }),
    instruction('remediation.instruction.dnssec_ds', { domain: ctx.domain }),
    instruction('remediation.instruction.dnssec_algorithm'),
  ];
  if (exo(ctx)) actions.push(instruction('remediation.instruction.dnssec_exo_mx', { domain: ctx.domain }));
  return [
    {
      id: 'dnssec-sign',
      phase: 1,
      titleKey: 'remediation.step.dnssec-sign.title',
      riskKey: 'remediation.step.dnssec-sign.risk',
      platform: 'dns-host',
      fixes: ctx.findings,
      actions,
    },
  ];
}

// ------------------------------------------------------------------------------------- DANE

export function daneSteps(ctx: BuildContext): StepDraft[] {
  const { domain } = ctx;
  const steps: StepDraft[] = [];
  if (exo(ctx)) {
    // Microsoft Learn, "Set up inbound SMTP DANE with DNSSEC": the MX moves to a DNSSEC-signed *.mx.microsoft host first.
    const oldMx = mxHosts(ctx.a).filter((h) => h.exchange.endsWith('.mail.protection.outlook.com'));
    steps.push({
      id: 'dane-exo-ttl',
      phase: 2,
      titleKey: 'remediation.step.dane-exo-ttl.title',
      riskKey: 'remediation.step.dane-exo-ttl.risk',
      platform: 'dns-host',
      fixes: ctx.findings,
      actions: oldMx.length
        ? oldMx.map((h) => mxRecord(domain, h.preference, h.exchange, 300, { noteKey: 'remediation.note.dane_exo_ttl' }))
        : [instruction('remediation.instruction.dane_exo_ttl', { domain })],
    });
    steps.push({
      id: 'dane-exo-dnssec',
      phase: 2,
      titleKey: 'remediation.step.dane-exo-dnssec.title',
      riskKey: 'remediation.step.dane-exo-dnssec.risk',
      platform: 'exchange-online',
      fixes: ctx.findings,
      actions: [
        powershell(ps`Enable-DnssecForVerifiedDomain -DomainName ${domain}`, { noteKey: 'remediation.note.dane_exo_new_mx' }),
        instruction('remediation.instruction.dane_exo_mta_sts_testing', { domain }),
      ],
    });
    steps.push({
      id: 'dane-exo-mx-switch',
      phase: 3,
      titleKey: 'remediation.step.dane-exo-mx-switch.title',
      riskKey: 'remediation.step.dane-exo-mx-switch.risk',
      platform: 'dns-host',
      fixes: ctx.findings,
      actions: [instruction('remediation.instruction.dane_exo_mx_switch', { domain, old: oldMx.map((h) => h.exchange) })],
    });
    steps.push({
      id: 'dane-exo-enable',
      phase: 3,
      titleKey: 'remediation.step.dane-exo-enable.title',
      riskKey: 'remediation.step.dane-exo-enable.risk',
      platform: 'exchange-online',
      fixes: ctx.findings,
      actions: [
        powershell(ps`Enable-SmtpDaneInbound -DomainName ${domain}`),
        powershell(ps`Get-DnssecStatusForVerifiedDomain -DomainName ${domain}`),
        instruction('remediation.instruction.dane_exo_verify', { domain }),
      ],
    });
  }
  if (server(ctx) || other(ctx)) {
    const hashes = servedSpkiHashes(ctx.a);
    const actions: RemediationAction[] = [];
    for (const host of hostsOf(ctx)) {
      const owner = `_25._tcp.${host}`;
      const hash = hashes.get(host);
      if (hash) actions.push(tlsaRecord(owner, hash, 3600, { noteKey: 'remediation.note.dane_tlsa_from_served', noteParams: { host } }));
      else actions.push(instruction('remediation.instruction.dane_tlsa_compute', { name: owner, host }));
    }
    actions.push(instruction('remediation.instruction.dane_rollover'));
    steps.push({
      id: 'dane-tlsa',
      phase: 2,
      titleKey: 'remediation.step.dane-tlsa.title',
      riskKey: 'remediation.step.dane-tlsa.risk',
      platform: 'dns-host',
      fixes: ctx.findings,
      actions,
    });
    if (server(ctx)) {
      steps.push({
        id: 'dane-server-outbound',
        phase: 2,
        titleKey: 'remediation.step.dane-server-outbound.title',
        riskKey: 'remediation.step.dane-server-outbound.risk',
        platform: 'exchange-server',
        fixes: [],
        actions: [instruction('remediation.instruction.dane_server_not_native')],
      });
    }
  }
  return steps;
}

// --------------------------------------------------------------------------- MTA-STS, TLS-RPT

/** RFC 8461 §3.1: `id` changes whenever the policy changes; the assessment time is unique enough. */
function stsId(iso: string): string {
  const digits = iso.replace(/\D/g, '').slice(0, 14);
  return /^\d{8,14}$/.test(digits) ? digits : '1';
}

export function mtaStsSteps(ctx: BuildContext): StepDraft[] {
  const { domain } = ctx;
  const mx = mxHosts(ctx.a).map((h) => h.exchange);
  const policy = ['version: STSv1', 'mode: testing', ...mx.map((h) => `mx: ${h}`), 'max_age: 604800'].join('\n');
  const reports = `tls-reports@${domain}`;
  const actions: RemediationAction[] = [
    instruction('remediation.instruction.mta_sts_policy', { url: `https://mta-sts.${domain}/.well-known/mta-sts.txt`, policy }),
    txtRecord(`_mta-sts.${domain}`, `v=STSv1; id=${stsId(ctx.a.finishedAt)}`, 3600),
    txtRecord(`_smtp._tls.${domain}`, `v=TLSRPTv1; rua=mailto:${reports}`, 3600, {
      noteKey: 'remediation.note.tlsrpt_example',
      noteParams: { address: reports },
    }),
    instruction('remediation.instruction.mta_sts_enforce_later'),
  ];
  return [
    {
      id: 'mta-sts',
      phase: 1,
      titleKey: 'remediation.step.mta-sts.title',
      riskKey: 'remediation.step.mta-sts.risk',
      platform: 'dns-host',
      fixes: ctx.findings,
      actions,
    },
  ];
}

// ------------------------------------------------------------------------- client and web access

export function clientAccessSteps(ctx: BuildContext): StepDraft[] {
  const steps: StepDraft[] = [];
  if (server(ctx)) {
    steps.push({
      id: 'client-access-server',
      phase: 2,
      titleKey: 'remediation.step.client-access-server.title',
      riskKey: 'remediation.step.client-access-server.risk',
      platform: 'exchange-server',
      fixes: ctx.findings,
      actions: [
        powershell(
          "Set-PopSettings -LoginType SecureLogin\nSet-ImapSettings -LoginType SecureLogin\nRestart-Service -Name 'MSExchangePOP3', 'MSExchangePOP3BE', 'MSExchangeIMAP4', 'MSExchangeIMAP4BE'",
          { noteKey: 'remediation.note.client_access_secure_login' },
        ),
        powershell("Get-ReceiveConnector | Where-Object { $_.Bindings -match ':587$' } | Format-List Identity, AuthMechanism, RequireTLS"),
        instruction('remediation.instruction.client_access_disable_unused'),
      ],
    });
  }
  if (exo(ctx)) {
    steps.push({
      id: 'client-access-exo',
      phase: 2,
      titleKey: 'remediation.step.client-access-exo.title',
      riskKey: 'remediation.step.client-access-exo.risk',
      platform: 'exchange-online',
      fixes: ctx.findings,
      actions: [
        powershell('Get-TransportConfig | Format-List SmtpClientAuthenticationDisabled'),
        powershell('Set-TransportConfig -SmtpClientAuthenticationDisabled $true', { noteKey: 'remediation.note.client_access_smtp_auth' }),
        powershell('Get-CASMailboxPlan | Set-CASMailboxPlan -PopEnabled $false -ImapEnabled $false', {
          noteKey: 'remediation.note.client_access_pop_imap',
        }),
      ],
    });
  }
  if (other(ctx))
    steps.push({
      id: 'client-access-other',
      phase: 2,
      titleKey: 'remediation.step.client-access-other.title',
      riskKey: 'remediation.step.client-access-server.risk',
      platform: 'any',
      fixes: ctx.findings,
      actions: [instruction('remediation.instruction.client_access_other')],
    });
  return steps;
}

/** NCSC-NL / Microsoft: HSTS max-age of at least one year. */
export const HSTS_MAX_AGE = 31_536_000;

export function webAccessSteps(ctx: BuildContext): StepDraft[] {
  const steps: StepDraft[] = [];
  const hosts = [
    ...new Set(
      ctx.findings
        .map((f) => nameParam(f, 'host', { allowServiceLabels: false }) ?? f.target)
        .filter((h): h is string => h !== undefined && isValidDnsName(h, { allowServiceLabels: false })),
    ),
  ];
  if (server(ctx)) {
    // Microsoft Learn, "Configure HSTS in Exchange Server": Default Web Site only, never the Exchange Back End site,
    // and not IIS's redirectHttpToHttps (it breaks Exchange's internal HTTP connections).
    const code = [
      'Import-Module IISAdministration',
      'Reset-IISServerManager -Confirm:$false',
      'Start-IISCommitDelay',
      "$sites = Get-IISConfigSection -SectionPath 'system.applicationHost/sites' | Get-IISConfigCollection",
      "$site = Get-IISConfigCollectionElement -ConfigCollection $sites -ConfigAttribute @{ 'name' = 'Default Web Site' }",
      "$hsts = Get-IISConfigElement -ConfigElement $site -ChildElementName 'hsts'",
      "Set-IISConfigAttributeValue -ConfigElement $hsts -AttributeName 'enabled' -AttributeValue $true",
      `Set-IISConfigAttributeValue -ConfigElement $hsts -AttributeName 'max-age' -AttributeValue ${HSTS_MAX_AGE}`,
      "Set-IISConfigAttributeValue -ConfigElement $hsts -AttributeName 'redirectHttpToHttps' -AttributeValue $false",
      'Stop-IISCommitDelay',
      'Remove-Module IISAdministration',
    ].join('\n');
    steps.push({
      id: 'web-hsts-server',
      phase: 2,
      titleKey: 'remediation.step.web-hsts-server.title',
      riskKey: 'remediation.step.web-hsts-server.risk',
      platform: 'exchange-server',
      fixes: ctx.findings,
      actions: [
        powershell(code, { noteKey: 'remediation.note.hsts_windows_2019' }),
        instruction('remediation.instruction.hsts_windows_2016'),
        instruction('remediation.instruction.web_http_redirect', { hosts }),
      ],
    });
  }
  if (exo(ctx))
    steps.push({
      id: 'web-exo',
      phase: 2,
      titleKey: 'remediation.step.web-exo.title',
      riskKey: 'remediation.step.web-exo.risk',
      platform: 'exchange-online',
      fixes: ctx.findings,
      actions: [instruction('remediation.instruction.web_exo', { hosts })],
    });
  if (other(ctx))
    steps.push({
      id: 'web-other',
      phase: 2,
      titleKey: 'remediation.step.web-other.title',
      riskKey: 'remediation.step.web-hsts-server.risk',
      platform: 'any',
      fixes: ctx.findings,
      actions: [instruction('remediation.instruction.web_other', { hosts, maxAge: HSTS_MAX_AGE })],
    });
  return steps;
}

export function exchangeSteps(ctx: BuildContext): StepDraft[] {
  return [
    {
      id: 'exchange-update',
      phase: 2,
      titleKey: 'remediation.step.exchange-update.title',
      riskKey: 'remediation.step.exchange-update.risk',
      platform: server(ctx) || other(ctx) ? 'exchange-server' : 'any',
      fixes: ctx.findings,
      actions: [instruction('remediation.instruction.exchange_update')],
    },
  ];
}
