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
import { exchangeOnlineMxZone } from '../../../electron/engine/checks/platform/spec';
import type { Finding, ParamValue } from '../../assessment';
import { formatTlsa, parseTlsaText } from '../../dane/tlsa';
import { algorithmInfo } from '../../dnssec/algorithms';
import type { ZoneLink } from '../../dnssec/result';
import { isSubdomainOf } from '../../domain-name';
import { isValidDnsName, tlsaLine } from '../../quote';
import { instruction, mxRecord, powershell, ps, registryDword, tlsaRecord, txtRecord } from '../actions';
import { attemptOf, daneData, dnssecData, mxHosts, servedKeys, servedSpkiHashes } from '../context';
import type { BuildContext, RemediationAction, StepDraft } from '../types';
import { hasValue, listParam, nameParam, param, safeParams, suffix } from './util';

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

/**
 * An MX-bound builder run once per kind of host: findings about Microsoft's inbound hosts get the
 * Exchange Online steps only, findings about any other host the steps of the view's other
 * platforms (the generic ones when there is none) — a gateway in front of Exchange Online, or an
 * on-premises host of a hybrid, never gets "Microsoft manages this".
 */
function perMxPlatform(builder: (ctx: BuildContext) => StepDraft[]): (ctx: BuildContext) => StepDraft[] {
  return (ctx) => {
    const mx = mxHosts(ctx.a).map((h) => h.exchange);
    const allAtExo = mx.length > 0 && mx.every((h) => exchangeOnlineMxZone(h) !== undefined);
    const atExo = (f: Finding) => {
      const host = (f.target ?? param(f, 'host'))?.toLowerCase().replace(/\.$/, '');
      return host !== undefined && isValidDnsName(host, { allowServiceLabels: false })
        ? exchangeOnlineMxZone(host) !== undefined
        : allAtExo;
    };
    const microsoft = ctx.findings.filter(atExo);
    const own = ctx.findings.filter((f) => !atExo(f));
    return [
      ...(microsoft.length ? builder({ ...ctx, findings: microsoft, view: { ...ctx.view, exchange: ['exchange-online'] } }) : []),
      ...(own.length
        ? builder({ ...ctx, findings: own, view: { ...ctx.view, exchange: ctx.view.exchange.filter((p) => p !== 'exchange-online') } })
        : []),
    ];
  };
}

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

export const starttlsSteps = perMxPlatform(starttlsStepsFor);

function starttlsStepsFor(ctx: BuildContext): StepDraft[] {
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

export const tlsProtocolSteps = perMxPlatform(tlsProtocolStepsFor);

function tlsProtocolStepsFor(ctx: BuildContext): StepDraft[] {
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
        powershell(TLS13_PREREQUISITE_CHECK, { noteKey: 'remediation.note.tls13_prerequisites' }),
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

/**
 * TLS 1.3 on Exchange Server: only Exchange 2019 CU15 (15.2.1748) and later, SE included, on Windows
 * Server 2022 (build 20348) and later; HealthChecker warns when it is enabled anywhere else. The build
 * is read the way Microsoft documents it, from ExSetup.exe's file version.
 */
const TLS13_PREREQUISITE_CHECK = [
  '$windows = [Environment]::OSVersion.Version.Build',
  '$exchange = [Version](Get-Command ExSetup.exe).FileVersionInfo.ProductVersion',
  ps`if ($windows -ge 20348 -and $exchange -ge [Version]${'15.2.1748.0'}) { Write-Output ${'TLS 1.3 is supported on this server.'} } else { Write-Warning ${'Exchange supports TLS 1.3 only from Exchange 2019 CU15 or SE on Windows Server 2022 or later: keep TLS 1.3 disabled on this server.'} }`,
].join('\n');

/** IANA cipher-suite names, the form Disable-TlsCipherSuite takes. */
const SUITE = /^TLS_[A-Z0-9_]{4,80}$/;

/**
 * The TLS 1.2 suites Microsoft's Exchange TLS guidance keeps, strongest first (ECDHE with AES-GCM):
 * with -Position, Enable-TlsCipherSuite puts each at that place in the order SChannel, which
 * chooses by its own order, negotiates by.
 */
const SUITE_ORDER = [
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
];

/**
 * The TLS 1.2 signature algorithms SChannel offers for the key exchange (REG_MULTI_SZ `Functions` of the
 * NCRYPT_SCHANNEL_SIGNATURE_INTERFACE key 00010003): the list without SHA-1 and SHA-224. The current
 * list is printed first so it can be restored.
 */
const SIGNATURE_KEY = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Configuration\\Local\\SSL\\00010003';
const SIGNATURE_FUNCTIONS = [
  'RSAE-PSS/SHA256',
  'RSAE-PSS/SHA384',
  'RSAE-PSS/SHA512',
  'RSA/SHA256',
  'RSA/SHA384',
  'RSA/SHA512',
  'ECDSA/SHA256',
  'ECDSA/SHA384',
  'ECDSA/SHA512',
];

const ORDER_FINDINGS = ['cipher_order_not_enforced', 'cipher_order_weak_first'];
const HASH_FINDINGS = ['kex_hash_sha1', 'kex_hash_sha224'];

export const tlsCipherSteps = perMxPlatform(tlsCipherStepsFor);

function tlsCipherStepsFor(ctx: BuildContext): StepDraft[] {
  const suites = [
    ...new Set(ctx.findings.flatMap((f) => [...listParam(f, 'suite'), ...listParam(f, 'suites')]).filter((s) => SUITE.test(s))),
  ];
  const weakDh = ctx.findings.some((f) => /dh|ffdhe|diffie/i.test(f.key));
  const order = ctx.findings.some((f) => ORDER_FINDINGS.includes(suffix(f.key)));
  const hashes = ctx.findings.some((f) => HASH_FINDINGS.includes(suffix(f.key)));
  const steps: StepDraft[] = [];
  if (server(ctx)) {
    const actions: RemediationAction[] = [powershell('Get-TlsCipherSuite | Format-Table Name, Exchange, Cipher, Hash')];
    for (const suite of suites) actions.push(powershell(ps`Disable-TlsCipherSuite -Name ${suite}`));
    if (order)
      actions.push(
        powershell(
          ps`$order = @(${SUITE_ORDER})` +
            `\nforeach ($i in 0..${SUITE_ORDER.length - 1}) { Enable-TlsCipherSuite -Name $order[$i] -Position $i }`,
          { noteKey: 'remediation.note.tls_cipher_order' },
        ),
      );
    if (hashes)
      actions.push(
        powershell(
          ps`(Get-ItemProperty -Path ${SIGNATURE_KEY} -Name 'Functions' -ErrorAction SilentlyContinue).Functions` +
            '\n' +
            ps`if (-not (Test-Path -Path ${SIGNATURE_KEY})) { New-Item -Path ${SIGNATURE_KEY} -Force | Out-Null }` +
            '\n' +
            ps`Set-ItemProperty -Path ${SIGNATURE_KEY} -Name 'Functions' -Type MultiString -Value @(${SIGNATURE_FUNCTIONS})`,
          { noteKey: 'remediation.note.tls_signature_hashes' },
        ),
      );
    if (suites.length === 0 && !order && !hashes) actions.push(instruction('remediation.instruction.tls_cipher_order'));
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
      actions: [
        instruction('remediation.instruction.tls_other'),
        ...(order ? [instruction('remediation.instruction.tls_gateway_cipher_order')] : []),
        ...(hashes ? [instruction('remediation.instruction.tls_gateway_signature_hashes')] : []),
      ],
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
/**
 * The value a diagnosis shows in parentheses; without it (no caIssuers URL in the certificate, an
 * unreadable date, key or algorithm) the `_plain` variant of the message says the same without "(e.g. )".
 */
const OPTIONAL_VALUE: Record<string, string> = {
  chain_incomplete: 'caIssuers',
  expired: 'validTo',
  key_weak: 'key',
  signature_weak: 'algorithm',
};

function certificateDiagnosis(findings: readonly Finding[]): RemediationAction[] {
  return findings
    .filter((f) => [...NEW_CERTIFICATE, 'chain_incomplete'].includes(suffix(f.key)))
    .map((f) => {
      const params = pick(f, ['names', 'validTo', 'daysLeft', 'daysAgo', 'key', 'algorithm', 'caIssuers', 'issuer']);
      const optional = OPTIONAL_VALUE[suffix(f.key)];
      const plain = optional !== undefined && params[optional] === undefined;
      return instruction(
        `remediation.instruction.certificate.${suffix(f.key)}${plain ? '_plain' : ''}`,
        safeParams({ host: f.target ?? param(f, 'host') ?? '', ...params }),
      );
    });
}

/** The named params that hold a value: absent, empty and blank ones are left out. */
function pick(f: Finding, names: string[]): Record<string, ParamValue> {
  return Object.fromEntries(names.filter((n) => hasValue(f.params[n])).map((n) => [n, f.params[n]!]));
}

export const certificateSteps = perMxPlatform(certificateStepsFor);

function certificateStepsFor(ctx: BuildContext): StepDraft[] {
  const hosts = hostsOf(ctx);
  const renew = ctx.findings.filter((f) => NEW_CERTIFICATE.includes(suffix(f.key)) || !f.key.startsWith('finding.certificate.'));
  const chain = ctx.findings.filter((f) => suffix(f.key) === 'chain_incomplete');
  const dane = daneInUse(ctx) && renew.length > 0;
  const steps: StepDraft[] = [];
  if (server(ctx) || other(ctx)) {
    if (renew.length > 0) {
      // Hosts that serve one certificate get one request; a name the certificate lacks is added to its names.
      const missingNames = renew.some((f) => suffix(f.key) === 'name_mismatch');
      const requests: { hosts: string[]; serial: string | undefined; file: string }[] = [];
      for (const host of hosts) {
        const serial = keysOf(ctx, host).find((k) => k.serial)?.serial;
        const same = serial === undefined ? undefined : requests.find((r) => r.serial === serial);
        if (same) same.hosts.push(host);
        else requests.push({ hosts: [host], serial, file: certificateFile(host, '') });
      }
      const request: RemediationAction[] =
        server(ctx) && hosts.length > 0
          ? requests.map((r) =>
              renewalRequest(r.hosts, r.serial, `${r.file}.req`, missingNames, {
                noteKey: 'remediation.note.certificate_request',
                noteParams: { hosts: r.hosts, file: `${r.file}.req` },
              }),
            )
          : [
              instruction(dane ? 'remediation.instruction.certificate_other_request' : 'remediation.instruction.certificate_other', {
                hosts,
              }),
            ];
      const install: RemediationAction[] =
        server(ctx) && hosts.length > 0 ? requests.map((r) => importAndEnable(r.hosts[0]!, r.serial, `${r.file}.cer`)) : [];
      if (dane) {
        // RFC 7671 §8.1: the new key's TLSA is published next to the current one before the switch, and
        // the key exists from the request on — so the request comes first, the switch after 2 × TTL.
        steps.push(
          {
            id: 'certificate-request',
            phase: 2,
            titleKey: 'remediation.step.certificate-request.title',
            riskKey: 'remediation.step.certificate-request.risk',
            platform: server(ctx) ? 'exchange-server' : 'any',
            fixes: renew,
            actions: [...certificateDiagnosis(renew), ...request],
          },
          {
            id: 'dane-tlsa-next',
            phase: 2,
            titleKey: 'remediation.step.dane-tlsa-next.title',
            riskKey: 'remediation.step.dane-tlsa-next.risk',
            platform: 'dns-host',
            fixes: renew,
            actions: [
              ...(server(ctx) && hosts.length > 0 ? requests : hosts.map((h) => ({ hosts: [h], file: undefined }))).flatMap((r) =>
                r.hosts.map((host) =>
                  r.file
                    ? instruction('remediation.instruction.dane_rollover_tlsa_from_request', {
                        name: `_25._tcp.${host}`,
                        host,
                        domain: ctx.domain,
                        file: `${r.file}.req`,
                      })
                    : instruction('remediation.instruction.dane_rollover_tlsa_other', {
                        name: `_25._tcp.${host}`,
                        host,
                        domain: ctx.domain,
                      }),
                ),
              ),
              instruction('remediation.instruction.dane_rollover_wait', {
                domain: ctx.domain,
                ttl: TLSA_TTL,
                hours: (2 * TLSA_TTL) / 3600,
              }),
            ],
          },
        );
      }
      steps.push({
        id: 'certificate-replace',
        phase: dane ? 3 : 2,
        titleKey: 'remediation.step.certificate-replace.title',
        riskKey: dane ? 'remediation.step.certificate-replace.risk_dane' : 'remediation.step.certificate-replace.risk',
        platform: server(ctx) ? 'exchange-server' : 'any',
        fixes: renew,
        actions: dane
          ? server(ctx) && hosts.length > 0
            ? install
            : [instruction('remediation.instruction.certificate_other_install', { hosts })]
          : [...certificateDiagnosis(renew), ...request, ...install],
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

/** A file name from a host: its labels joined by dashes (letters, digits, dashes only), then the suffix. */
const certificateFile = (host: string, suffix: string) => `${host.replace(/\./g, '-')}${suffix}`;

/**
 * A request for a new key and certificate built from the certificate the host serves now
 * (New-ExchangeCertificate example 7: renewal from the existing certificate), so every name it
 * carries — OWA, autodiscover — stays; with `addNames` the hosts it lacks are added to them.
 * Without a current certificate on this server, a request for the hosts alone.
 */
function renewalRequest(
  hosts: string[],
  serial: string | undefined,
  file: string,
  addNames: boolean,
  note: { noteKey: string; noteParams: Record<string, ParamValue> },
): RemediationAction {
  const renewal = addNames
    ? ps`$names = @($current.CertificateDomains | ForEach-Object { $_.ToString() }; ${hosts}) | Sort-Object -Unique` +
      '\n$request = New-ExchangeCertificate -GenerateRequest -SubjectName $current.Subject -DomainName $names -KeySize 2048 -PrivateKeyExportable $true'
    : '$request = Get-ExchangeCertificate -Thumbprint $current.Thumbprint | New-ExchangeCertificate -GenerateRequest -KeySize 2048 -PrivateKeyExportable $true';
  return powershell(
    currentCertificate(hosts[0]!, serial) +
      '\nif ($current) {\n' +
      renewal +
      '\n} else {\n' +
      ps`$request = New-ExchangeCertificate -GenerateRequest -SubjectName ${`CN=${hosts[0]!}`} -DomainName ${hosts} -KeySize 2048 -PrivateKeyExportable $true` +
      '\n}\n' +
      ps`[System.IO.File]::WriteAllText((Join-Path $env:USERPROFILE ${file}), $request)`,
    note,
  );
}

/**
 * Imports the issued certificate and switches to it (Enable-ExchangeCertificate, Set-ReceiveConnector):
 * SMTP always; IIS only where the certificate it replaces served IIS, with -DoNotRequireSsl so the
 * Default Web Site keeps its HTTP to /owa redirect; and every port-25 receive connector that names
 * a certificate, or whose FQDN the new certificate lacks, bound to it by TlsCertificateName.
 */
function importAndEnable(host: string, serial: string | undefined, file: string): RemediationAction {
  return powershell(
    currentCertificate(host, serial) +
      '\n' +
      ps`$cert = Import-ExchangeCertificate -FileData ([System.IO.File]::ReadAllBytes((Join-Path $env:USERPROFILE ${file})))` +
      '\nif ($cert) {\n' +
      'Enable-ExchangeCertificate -Thumbprint $cert.Thumbprint -Services SMTP\n' +
      "if ($current -and ($current.Services -match 'IIS')) { Enable-ExchangeCertificate -Thumbprint $cert.Thumbprint -Services IIS -DoNotRequireSsl }\n" +
      "$tlsName = '<I>{0}<S>{1}' -f $cert.Issuer, $cert.Subject\n" +
      '$names = @($cert.CertificateDomains | ForEach-Object { $_.ToString() })\n' +
      "Get-ReceiveConnector | Where-Object { ($_.Bindings -match ':25$') -and ($_.TlsCertificateName -or ($names -notcontains $_.Fqdn.ToString())) } | Set-ReceiveConnector -TlsCertificateName $tlsName\n" +
      '} else { Write-Warning ' +
      ps`${'The certificate was not imported; nothing was changed.'}` +
      ' }',
    { noteKey: 'remediation.note.certificate_import', noteParams: { host, file } },
  );
}

// ----------------------------------------------------------------------------------- DNSSEC
//
// Facts: RFC 4035 (the chain of trust; a DS at the parent makes a zone secure), RFC 7344 and RFC 8078
// (the child asks for its DS with CDS/CDNSKEY), CZ.NIC "Automatizovaná správa keysetů"
// (https://www.nic.cz/page/3909/automatizovana-sprava-keysetu/: once a day the registry looks for a
// CDNSKEY; for a .cz domain without DNSSEC every authoritative server must serve the same CDNSKEY over
// TCP for seven days, then an "AUTO-" KeySet is attached; for a secured domain the CDNSKEY must
// validate), RFC 9904 (signing algorithms: 13 and 15 recommended), RFC 6781 §4.1.4 (algorithm
// rollover), RFC 9276 §3.1 (NSEC3: 0 extra iterations, empty salt).

/** Where a zone the plan talks about belongs. */
type ZoneKind = 'own' | 'foreign' | 'tld';

interface ZoneAtHand {
  /** the zone, A-label, no trailing dot */
  zone: string;
  /** the zone above it on the chain of trust ('' = the root), when the validation reached it */
  parent: string | undefined;
  kind: ZoneKind;
  /** the link our validator stopped at (DS, DNSKEY tags, algorithms), when the result has it */
  link: ZoneLink | undefined;
}

const bare = (name: string) => name.toLowerCase().replace(/\.$/, '');

function zoneKind(zone: string, domain: string): ZoneKind {
  if (!zone.includes('.')) return 'tld';
  return isSubdomainOf(domain, zone) || isSubdomainOf(zone, domain) ? 'own' : 'foreign';
}

/**
 * The zone each non-secure validation of the DNSSEC result stopped at, with its parent on the chain:
 * what the plan signs and where the DS goes come from our validator's walk, not from the names.
 */
function zonesFromResult(ctx: BuildContext): Map<string, ZoneAtHand> {
  const out = new Map<string, ZoneAtHand>();
  const data = dnssecData(ctx.a);
  if (!data) return out;
  const validations = [data.domain, ...data.hosts.flatMap((h) => h.addresses)];
  for (const v of validations) {
    if (v.status !== 'insecure' && v.status !== 'bogus') continue;
    const at = v.chain.findIndex((l) => l.status !== 'secure');
    const link = at >= 0 ? v.chain[at] : undefined;
    const zone = bare(link?.zone ?? v.zone);
    if (zone === '' || out.has(zone) || !isValidDnsName(zone, { allowServiceLabels: false })) continue;
    const parent = at > 0 ? bare(v.chain[at - 1]!.zone) : undefined;
    out.set(zone, { zone, parent, kind: zoneKind(zone, ctx.domain), link });
  }
  return out;
}

/** A zone's link and its parent anywhere on the result's chains (a secure zone too: its keys and DS). */
function linkOf(ctx: BuildContext, zone: string): { link: ZoneLink; parent: string | undefined } | undefined {
  const data = dnssecData(ctx.a);
  for (const v of data ? [data.domain, ...data.hosts.flatMap((h) => h.addresses)] : []) {
    const at = v.chain.findIndex((l) => bare(l.zone) === zone);
    if (at >= 0) return { link: v.chain[at]!, parent: at > 0 ? bare(v.chain[at - 1]!.zone) : undefined };
  }
  return undefined;
}

/** A finding's zone (its `zone` param), with what the result knows about it; the parent by labels when it does not. */
function zoneOf(ctx: BuildContext, f: Finding, known: Map<string, ZoneAtHand>): ZoneAtHand | undefined {
  const zone = nameParam(f, 'zone', { allowServiceLabels: false });
  if (!zone) return undefined;
  const found = known.get(zone);
  if (found) return found;
  const seen = linkOf(ctx, zone);
  return { zone, parent: seen ? seen.parent : zone.split('.').slice(1).join('.'), kind: zoneKind(zone, ctx.domain), link: seen?.link };
}

/** The zone an MX host's addresses live in, from the DNSSEC result (for `finding.dane.not_secure`). */
function hostZone(ctx: BuildContext, host: string, known: Map<string, ZoneAtHand>): ZoneAtHand[] {
  const data = dnssecData(ctx.a);
  const out: ZoneAtHand[] = [];
  const add = (zone: string | undefined) => {
    const z = zone === undefined ? undefined : known.get(bare(zone));
    if (z && !out.includes(z)) out.push(z);
  };
  if (data?.domain.status !== 'secure') add(data?.domain.chain.find((l) => l.status !== 'secure')?.zone ?? data?.domain.zone);
  for (const v of data?.hosts.find((h) => bare(h.host) === host)?.addresses ?? [])
    if (v.status !== 'secure') add(v.chain.find((l) => l.status !== 'secure')?.zone ?? v.zone);
  return out;
}

/** The key tags of a zone's key-signing keys (SEP flag, RFC 4034 §2.1.1), else of all its keys; a dash when none is known. */
function kskTags(link: ZoneLink | undefined): string[] {
  const keys = link?.dnskeys ?? [];
  const ksk = keys.filter((k) => (k.flags & 1) === 1);
  const tags = [...new Set((ksk.length ? ksk : keys).map((k) => String(k.keyTag)))];
  return tags.length ? tags : ['—'];
}

/** Where the DS of `z` is published, and how: the .cz registry (registrar or CDNSKEY), a registrar, or a parent zone. */
function dsInstruction(z: ZoneAtHand): RemediationAction {
  const parent = z.parent ?? z.zone.split('.').slice(1).join('.');
  if (parent === 'cz') return instruction('remediation.instruction.dnssec_ds_cz', { zone: z.zone });
  if (!parent.includes('.')) return instruction('remediation.instruction.dnssec_ds_registrar', { zone: z.zone, parent: parent || '.' });
  return instruction('remediation.instruction.dnssec_ds_parent', { zone: z.zone, parent });
}

const DNSSEC_REPAIR = [
  'signature_expired',
  'signature_not_yet_valid',
  'ds_mismatch',
  'dnskey_missing',
  'bad_signature',
  'rrsig_missing',
  'no_key_for_signature',
  'denial_broken',
];
const DNSSEC_ALGORITHM = ['unsupported_algorithm', 'algorithm_deprecated', 'algorithm_phase_out'];

/** Unique by zone, in the order first seen. */
function uniqueZones(zones: (ZoneAtHand | undefined)[]): ZoneAtHand[] {
  const seen = new Map<string, ZoneAtHand>();
  for (const z of zones) if (z && !seen.has(z.zone)) seen.set(z.zone, z);
  return [...seen.values()];
}

export function dnssecSteps(ctx: BuildContext): StepDraft[] {
  const known = zonesFromResult(ctx);
  const dnssecFindings = ctx.findings.filter((f) => f.checkId === 'dnssec');
  // finding.dane.not_secure: DANE waits for the DNSSEC of the domain and of the MX host's zone.
  const notSecure = ctx.findings.filter((f) => f.checkId === 'dane');
  const hostOf = (f: Finding) => nameParam(f, 'host', { allowServiceLabels: false }) ?? (f.target ? bare(f.target) : undefined);
  const onExo = (f: Finding) => {
    const host = hostOf(f);
    return host !== undefined && exchangeOnlineMxZone(host) !== undefined;
  };

  // Zones to sign: the unsigned ones (no DS at the parent) the findings name, except Microsoft's (its
  // DNSSEC MX comes with the DANE steps); a zone signed with an unusable algorithm or NSEC3 setting is
  // fixed by its own step below.
  const unsignedZone = (z: ZoneAtHand | undefined): z is ZoneAtHand =>
    z !== undefined && (z.link === undefined || (z.link.status === 'insecure' && (z.link.reason ?? 'no_ds') === 'no_ds'));
  const unsigned = dnssecFindings.filter((f) => ['insecure', 'mx_zone_insecure'].includes(suffix(f.key)) && !onExo(f));
  const notSecureElsewhere = notSecure.filter((f) => !onExo(f));
  const zonesOfHost = (f: Finding) => {
    const host = hostOf(f);
    return host ? hostZone(ctx, host, known) : [];
  };
  const toSign = uniqueZones(
    [...unsigned.map((f) => zoneOf(ctx, f, known)), ...notSecureElsewhere.flatMap(zonesOfHost)].filter(unsignedZone),
  );
  // finding.dane.not_secure is fixed by signing when its host's zones need signing, else by the repairs.
  const notSecureBySigning = notSecureElsewhere.filter(
    (f) => zonesOfHost(f).some((z) => toSign.includes(z)) || zonesOfHost(f).length === 0,
  );
  const notSecureByRepair = notSecureElsewhere.filter((f) => !notSecureBySigning.includes(f));
  const own = toSign.filter((z) => z.kind === 'own');
  const foreign = toSign.filter((z) => z.kind === 'foreign');
  const tld = toSign.filter((z) => z.kind === 'tld');
  // The MX hosts in a zone: from the findings, else from the result's host validations that stopped there.
  const hostsIn = (zone: string) => {
    const named = dnssecFindings
      .filter((f) => suffix(f.key) === 'mx_zone_insecure' && nameParam(f, 'zone', { allowServiceLabels: false }) === zone)
      .map(hostOf);
    const seen = (dnssecData(ctx.a)?.hosts ?? [])
      .filter((h) => h.addresses.some((v) => bare(v.chain.find((l) => l.status !== 'secure')?.zone ?? '') === zone))
      .map((h) => bare(h.host));
    return [...new Set([...named, ...seen])].filter(
      (h): h is string => h !== undefined && isValidDnsName(h, { allowServiceLabels: false }),
    );
  };

  const steps: StepDraft[] = [];
  if (toSign.length > 0) {
    const signable = [...own, ...foreign].map((z) => z.zone);
    const actions: RemediationAction[] = [];
    if (signable.length) actions.push(instruction('remediation.instruction.dnssec_before', { zones: signable }));
    if (own.length) actions.push(instruction('remediation.instruction.dnssec_sign', { zones: own.map((z) => z.zone) }));
    for (const z of foreign)
      actions.push(instruction('remediation.instruction.dnssec_sign_foreign', { zone: z.zone, hosts: hostsIn(z.zone) }));
    for (const z of tld) actions.push(instruction('remediation.instruction.dnssec_tld_unsigned', { zone: z.zone }));
    steps.push({
      id: 'dnssec-sign',
      phase: 1,
      titleKey: 'remediation.step.dnssec-sign.title',
      titleParams: { zones: toSign.map((z) => z.zone) },
      riskKey: 'remediation.step.dnssec-sign.risk',
      platform: 'dns-host',
      fixes: [...unsigned, ...notSecureBySigning],
      actions,
    });
    if (signable.length)
      steps.push({
        id: 'dnssec-ds',
        phase: 1,
        titleKey: 'remediation.step.dnssec-ds.title',
        titleParams: { zones: signable },
        riskKey: 'remediation.step.dnssec-ds.risk',
        platform: 'dns-host',
        fixes: [...unsigned, ...notSecureBySigning],
        actions: [
          ...[...own, ...foreign].map(dsInstruction),
          instruction('remediation.instruction.dnssec_after', { domain: ctx.domain, zones: signable }),
        ],
      });
  }

  // Bogus zones: one fix per finding key and zone (the domain and its MX host often share the zone).
  const repairs = dnssecFindings.filter((f) => DNSSEC_REPAIR.includes(suffix(f.key)));
  const repairActions: RemediationAction[] = [];
  const done = new Set<string>();
  for (const f of repairs) {
    const z = zoneOf(ctx, f, known);
    const kind = suffix(f.key);
    if (!z || done.has(`${kind} ${z.zone}`)) continue;
    done.add(`${kind} ${z.zone}`);
    const names = [
      ...new Set(
        repairs
          .filter((g) => suffix(g.key) === kind && nameParam(g, 'zone', { allowServiceLabels: false }) === z.zone)
          .map((g) => nameParam(g, 'name', { allowServiceLabels: true }))
          .filter((n): n is string => n !== undefined),
      ),
    ];
    const date = param(f, 'date');
    const params: Record<string, ParamValue> = {
      zone: z.zone,
      names: names.length ? names : [z.zone],
      date: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : '—',
    };
    if (kind === 'ds_mismatch') {
      // The DS and key tags as our validator saw them on the link; the finding's params when the result is not there.
      const seen =
        z.link?.ds.map((d) => `${d.keyTag}/${d.algorithm}/${d.digestType}`) ?? listParam(f, 'ds').filter((d) => /^[\d/, ]+$/.test(d));
      const ds = seen.length ? seen : ['—'];
      const fromParams = listParam(f, 'keys').filter((k) => /^[\d, ]+$/.test(k));
      const keys = z.link ? kskTags(z.link) : fromParams.length ? fromParams : ['—'];
      const cz = (z.parent ?? z.zone.split('.').slice(1).join('.')) === 'cz';
      repairActions.push(instruction(`remediation.instruction.dnssec_fix.ds_mismatch${cz ? '_cz' : ''}`, { ...params, ds, keys }));
    } else {
      repairActions.push(instruction(`remediation.instruction.dnssec_fix.${kind}`, params));
    }
  }
  if (repairActions.length)
    steps.push({
      id: 'dnssec-repair',
      phase: 1,
      titleKey: 'remediation.step.dnssec-repair.title',
      riskKey: 'remediation.step.dnssec-repair.risk',
      platform: 'dns-host',
      fixes: [...repairs, ...notSecureByRepair],
      actions: [
        ...repairActions,
        instruction('remediation.instruction.dnssec_after', {
          domain: ctx.domain,
          zones: uniqueZones(repairs.map((f) => zoneOf(ctx, f, known))).map((z) => z.zone),
        }),
      ],
    });

  // Algorithms (RFC 9904): a rollover to 13 (RFC 6781 §4.1.4), never a swap of keys and DS at once.
  const algorithmFindings = dnssecFindings.filter((f) => DNSSEC_ALGORITHM.includes(suffix(f.key)));
  const algorithmZones = uniqueZones(algorithmFindings.map((f) => zoneOf(ctx, f, known)));
  if (algorithmZones.length) {
    const rated = dnssecData(ctx.a)?.zones ?? [];
    steps.push({
      id: 'dnssec-algorithm',
      phase: 2,
      titleKey: 'remediation.step.dnssec-algorithm.title',
      titleParams: { zones: algorithmZones.map((z) => z.zone) },
      riskKey: 'remediation.step.dnssec-algorithm.risk',
      platform: 'dns-host',
      fixes: algorithmFindings,
      actions: algorithmZones.flatMap((z) => {
        const numbers = rated.find((r) => bare(r.zone) === z.zone)?.algorithms ?? z.link?.dnskeys.map((k) => k.algorithm) ?? [];
        const algorithms = [...new Set(numbers)].map((n) => `${n} (${algorithmInfo(n).mnemonic})`);
        return [
          instruction('remediation.instruction.dnssec_algorithm_rollover', {
            zone: z.zone,
            algorithms: algorithms.length ? algorithms : ['—'],
          }),
          dsInstruction(z),
        ];
      }),
    });
  }

  // RFC 9904 Table 3: SHA-1 (digest type 1) must no longer be used for a DS; SHA-256 (2) replaces it.
  const sha1 = dnssecFindings.filter((f) => suffix(f.key) === 'ds_digest_sha1');
  const sha1Zones = uniqueZones(sha1.map((f) => zoneOf(ctx, f, known)));
  if (sha1Zones.length)
    steps.push({
      id: 'dnssec-ds-digest',
      phase: 1,
      titleKey: 'remediation.step.dnssec-ds-digest.title',
      titleParams: { zones: sha1Zones.map((z) => z.zone) },
      riskKey: 'remediation.step.dnssec-ds-digest.risk',
      platform: 'dns-host',
      fixes: sha1,
      actions: sha1Zones.map((z) => {
        const parent = z.parent ?? z.zone.split('.').slice(1).join('.');
        return instruction('remediation.instruction.dnssec_fix.ds_digest_sha1', {
          zone: z.zone,
          keys: kskTags(z.link),
          parent: parent || '.',
        });
      }),
    });

  // RFC 9276 §3.1: NSEC3 with 0 extra iterations and an empty salt (or NSEC).
  const nsec3 = dnssecFindings.filter((f) => suffix(f.key) === 'nsec3_iterations');
  const nsec3Zones = uniqueZones(nsec3.map((f) => zoneOf(ctx, f, known)));
  if (nsec3Zones.length)
    steps.push({
      id: 'dnssec-nsec3',
      phase: 1,
      titleKey: 'remediation.step.dnssec-nsec3.title',
      titleParams: { zones: nsec3Zones.map((z) => z.zone) },
      riskKey: 'remediation.step.dnssec-nsec3.risk',
      platform: 'dns-host',
      fixes: nsec3,
      actions: nsec3Zones.map((z) => {
        const f = nsec3.find((x) => nameParam(x, 'zone', { allowServiceLabels: false }) === z.zone);
        const iterations = f && typeof f.params.iterations === 'number' ? f.params.iterations : '—';
        return instruction('remediation.instruction.dnssec_fix.nsec3_iterations', { zone: z.zone, iterations });
      }),
    });

  // An Exchange Online MX in the unsigned mail.protection.outlook.com: the fix is Microsoft's DNSSEC MX.
  const exoFindings = [...dnssecFindings.filter((f) => suffix(f.key) === 'mx_zone_insecure'), ...notSecure].filter(onExo);
  if (exoFindings.length) steps.push(...exoInboundDaneSteps(ctx, exoFindings));
  return steps;
}

// ------------------------------------------------------------------------------------- DANE
//
// Facts: RFC 7672 (SMTP DANE: TLSA at _25._tcp.<MX host>, DANE-EE 3 1 1 recommended by RFC 7671 §5.1),
// RFC 7671 §8.1 (publish the next key's record beside the current one, switch after the TTL);
// Microsoft Learn "How SMTP DANE works" → "Set up inbound SMTP DANE with DNSSEC" and the cmdlet
// reference (Enable-DnssecForVerifiedDomain, Enable-SmtpDaneInbound, Get-DnssecStatusForVerifiedDomain,
// Get-SmtpDaneInboundStatus: -DomainName <accepted domain>); Exchange Server cmdlet reference
// (Get-ReceiveConnector, Get-ExchangeCertificate -DomainName: "the first certificate returned is the
// certificate that Exchange selects", New-ExchangeCertificate -GenerateRequest from an existing
// certificate, Import-ExchangeCertificate -FileData, Enable-ExchangeCertificate -Services SMTP prompts to
// replace the default SMTP certificate).

/** TTL for the TLSA records the plan writes: short enough that a rollover waits hours, not days. */
const TLSA_TTL = 3600;
/** MX TTL during the Exchange Online MX switch, and after it (Microsoft's procedure restores 3600). */
const EXO_SWITCH_TTL = 300;

/**
 * Inbound SMTP DANE for Exchange Online, from where the domain's MX stands: on the legacy
 * `*.mail.protection.outlook.com` host the full switch (TTL → Enable-DnssecForVerifiedDomain → new
 * MX, test, preferred, old removed, TTL back → Enable-SmtpDaneInbound → verify); already on
 * `*.mx.microsoft`, only what is missing.
 */
function exoInboundDaneSteps(ctx: BuildContext, fixes: readonly Finding[]): StepDraft[] {
  const { domain } = ctx;
  const mx = mxHosts(ctx.a);
  const targets = fixes.map((f) => f.target ?? param(f, 'host')).filter((h): h is string => h !== undefined);
  const hosts = mx.length ? mx.map((h) => h.exchange) : [...new Set(targets.map(bare))];
  const legacy = mx.filter((h) => exchangeOnlineMxZone(h.exchange) === 'mail.protection.outlook.com');
  const legacyNames = legacy.length
    ? legacy.map((h) => h.exchange)
    : hosts.filter((h) => exchangeOnlineMxZone(h) === 'mail.protection.outlook.com');
  const signed = hosts.filter((h) => exchangeOnlineMxZone(h) === 'mx.microsoft');
  // Only a result that says so: an assessment without the dnssec check says nothing about the zone.
  const status = dnssecData(ctx.a)?.domain.status;
  const domainUnsigned = status !== undefined && status !== 'secure';
  const steps: StepDraft[] = [];

  const verify = (): RemediationAction[] => [
    powershell(ps`Get-SmtpDaneInboundStatus -DomainName ${domain}`),
    powershell(ps`Get-DnssecStatusForVerifiedDomain -DomainName ${domain}`, { noteKey: 'remediation.note.dane_exo_status' }),
    instruction('remediation.instruction.dane_exo_verify', { domain }),
  ];
  const enable = (phase: number, extra: RemediationAction[] = []): StepDraft => ({
    id: 'dane-exo-enable',
    phase,
    titleKey: 'remediation.step.dane-exo-enable.title',
    riskKey: 'remediation.step.dane-exo-enable.risk',
    platform: 'exchange-online',
    fixes,
    actions: [
      ...extra,
      powershell(ps`Enable-SmtpDaneInbound -DomainName ${domain}`, { noteKey: 'remediation.note.dane_exo_enable' }),
      ...verify(),
    ],
  });

  if (legacyNames.length && signed.length === 0) {
    const prerequisites: RemediationAction[] = [instruction('remediation.instruction.dane_exo_prerequisites', { domain })];
    if (domainUnsigned) prerequisites.push(instruction('remediation.instruction.dane_exo_zone_unsigned', { domain }));
    if (mx.length > 1 || mx.some((h) => h.preference !== 0 && h.preference !== 10))
      prerequisites.push(
        instruction('remediation.instruction.dane_exo_single_mx', { domain, records: mx.map((h) => `${h.preference} ${h.exchange}`) }),
      );
    steps.push({
      id: 'dane-exo-prerequisites',
      phase: 2,
      titleKey: 'remediation.step.dane-exo-prerequisites.title',
      riskKey: 'remediation.step.dane-exo-prerequisites.risk',
      platform: 'exchange-online',
      fixes,
      actions: prerequisites,
    });
    steps.push({
      id: 'dane-exo-ttl',
      phase: 2,
      titleKey: 'remediation.step.dane-exo-ttl.title',
      riskKey: 'remediation.step.dane-exo-ttl.risk',
      platform: 'dns-host',
      fixes,
      actions: [
        ...(legacy.length
          ? legacy.map((h) => mxRecord(domain, h.preference, h.exchange, EXO_SWITCH_TTL, { noteKey: 'remediation.note.dane_exo_ttl' }))
          : [instruction('remediation.instruction.dane_exo_ttl', { domain })]),
        instruction('remediation.instruction.dane_exo_mta_sts_testing', { domain }),
      ],
    });
    steps.push({
      id: 'dane-exo-dnssec',
      phase: 2,
      titleKey: 'remediation.step.dane-exo-dnssec.title',
      riskKey: 'remediation.step.dane-exo-dnssec.risk',
      platform: 'exchange-online',
      fixes,
      actions: [
        powershell(ps`Enable-DnssecForVerifiedDomain -DomainName ${domain}`, { noteKey: 'remediation.note.dane_exo_new_mx' }),
        // Get-DnssecStatusForVerifiedDomain, example 2: ExpectedMxRecord.Record is the MX line to publish.
        powershell(ps`(Get-DnssecStatusForVerifiedDomain -DomainName ${domain}).ExpectedMxRecord.Record`, {
          noteKey: 'remediation.note.dane_exo_expected_mx',
        }),
      ],
    });
    steps.push({
      id: 'dane-exo-mx-switch',
      phase: 3,
      titleKey: 'remediation.step.dane-exo-mx-switch.title',
      riskKey: 'remediation.step.dane-exo-mx-switch.risk',
      platform: 'dns-host',
      fixes,
      actions: [
        instruction('remediation.instruction.dane_exo_add_new_mx', { domain, ttl: EXO_SWITCH_TTL }),
        instruction('remediation.instruction.dane_exo_test_new_mx', { domain }),
        ...legacy.map((h) => mxRecord(domain, 30, h.exchange, EXO_SWITCH_TTL, { noteKey: 'remediation.note.dane_exo_old_mx_30' })),
        instruction('remediation.instruction.dane_exo_promote', { domain }),
        instruction('remediation.instruction.dane_exo_remove_old', { domain, old: legacyNames }),
        instruction('remediation.instruction.dane_exo_restore_ttl', { domain }),
        instruction('remediation.instruction.dane_exo_mta_sts_mx', { domain, old: legacyNames }),
      ],
    });
    steps.push(enable(3, [instruction('remediation.instruction.dane_exo_enable_after_switch', { domain })]));
    return steps;
  }
  if (legacyNames.length && signed.length) {
    // Half-way: the *.mx.microsoft MX is published beside the legacy one; finish the switch, then DANE.
    steps.push({
      id: 'dane-exo-mx-switch',
      phase: 2,
      titleKey: 'remediation.step.dane-exo-mx-switch.title',
      riskKey: 'remediation.step.dane-exo-mx-switch.risk',
      platform: 'dns-host',
      fixes,
      actions: [
        instruction('remediation.instruction.dane_exo_switch_underway', { domain, new: signed, old: legacyNames }),
        instruction('remediation.instruction.dane_exo_promote', { domain }),
        instruction('remediation.instruction.dane_exo_remove_old', { domain, old: legacyNames }),
        instruction('remediation.instruction.dane_exo_restore_ttl', { domain }),
        instruction('remediation.instruction.dane_exo_mta_sts_mx', { domain, old: legacyNames }),
      ],
    });
    steps.push(enable(3));
    return steps;
  }
  if (signed.length) {
    // Already on the DNSSEC MX: Microsoft publishes and rotates the TLSA once DANE is enabled.
    const extra: RemediationAction[] = [];
    if (domainUnsigned) extra.push(instruction('remediation.instruction.dane_exo_zone_unsigned', { domain }));
    const managed = fixes.filter((f) =>
      ['mismatch', 'bogus', 'unusable_usage', 'no_rollover', 'expiring_no_successor'].includes(suffix(f.key)),
    );
    if (managed.length) extra.push(instruction('remediation.instruction.dane_exo_managed', { hosts: signed }));
    steps.push(enable(2, extra));
  }
  return steps;
}

/** The dane check's hosts with what it saw: TLSA base name, published records. */
function daneHost(ctx: BuildContext, host: string) {
  const entry = daneData(ctx.a)?.hosts.find((h) => bare(h.host) === host);
  const base = entry && isValidDnsName(bare(entry.base), { allowServiceLabels: false }) ? bare(entry.base) : host;
  const published = (entry?.records ?? []).map((r) => {
    try {
      return formatTlsa(parseTlsaText(r.record));
    } catch {
      return undefined;
    }
  });
  return { base, owner: `_25._tcp.${base}`, records: published.filter((r): r is string => r !== undefined), entry };
}

/** Keys the host served (certificate result), else a hash a finding carried. */
function keysOf(ctx: BuildContext, host: string): { spkiSha256: string; addresses: string[]; serial?: string }[] {
  const served = servedKeys(ctx.a).get(host);
  if (served?.length) return served;
  const hash = servedSpkiHashes(ctx.a).get(host);
  return hash ? [{ spkiSha256: hash, addresses: [] }] : [];
}

/** A file name for the next key's request: the host's labels joined by dashes (letters, digits, dashes only). */
const requestFile = (host: string, ext: string) => certificateFile(host, `-next-key.${ext}`);

/** Certificate findings that make the certificate steps renew (and, with DANE, roll the TLSA themselves). */
function certificateRenewalPlanned(ctx: BuildContext): boolean {
  // certificateSteps adds dane-tlsa-next / dane-tlsa-cleanup around its renewal for these platforms.
  if (!server(ctx) && !other(ctx)) return false;
  return ctx.a.findings.some(
    (f) => f.checkId === 'certificate' && (f.status === 'fail' || f.status === 'warning') && NEW_CERTIFICATE.includes(suffix(f.key)),
  );
}

/** Selects the certificate the host served on this Exchange server: by serial number when we saw it, else as Exchange selects by name. */
function currentCertificate(host: string, serial: string | undefined): string {
  return serial
    ? ps`$current = Get-ExchangeCertificate | Where-Object { $_.SerialNumber.TrimStart('0') -eq ${serial} } | Select-Object -First 1`
    : ps`$current = Get-ExchangeCertificate -DomainName ${host} | Select-Object -First 1`;
}

export function daneSteps(ctx: BuildContext): StepDraft[] {
  const { domain } = ctx;
  const steps: StepDraft[] = [];
  const inbound = ctx.findings.filter((f) => f.checkId === 'dane');
  const outbound = ctx.findings.filter((f) => f.checkId === 'dane-outbound');
  const hostOf = (f: Finding) => nameParam(f, 'host', { allowServiceLabels: false }) ?? (f.target ? bare(f.target) : undefined);

  // Exchange Online hosts: Microsoft publishes their TLSA once inbound DANE is enabled.
  const exoFindings = inbound.filter((f) => {
    const host = hostOf(f);
    return host !== undefined && exchangeOnlineMxZone(host) !== undefined;
  });
  if (exoFindings.length) steps.push(...exoInboundDaneSteps(ctx, exoFindings));

  const own = inbound.filter((f) => !exoFindings.includes(f));
  const hosts = [
    ...new Set(own.map(hostOf).filter((h): h is string => h !== undefined && isValidDnsName(h, { allowServiceLabels: false }))),
  ];
  const byHost = (kinds: string[]) => hosts.filter((h) => own.some((f) => hostOf(f) === h && kinds.includes(suffix(f.key))));

  // TLSA records that match what each MX serves now (missing, mismatching, unusable or failing DNSSEC).
  const publish = byHost(['missing', 'mismatch', 'unusable_usage', 'bogus']);
  if (publish.length) {
    if (server(ctx)) {
      const actions: RemediationAction[] = [
        powershell(
          "Get-ReceiveConnector | Where-Object { $_.Bindings -match ':25$' } | Format-List Identity, Bindings, Fqdn, TlsCertificateName",
          {
            noteKey: 'remediation.note.dane_receive_connector',
          },
        ),
      ];
      for (const host of publish) {
        const keys = keysOf(ctx, host);
        const serials = keys.map((k) => k.serial).filter((s): s is string => s !== undefined);
        actions.push(
          serials.length
            ? powershell(
                ps`Get-ExchangeCertificate | Where-Object { $_.SerialNumber.TrimStart('0') -in @(${serials}) } | Format-List Subject, CertificateDomains, Thumbprint, Services, NotAfter`,
                { noteKey: 'remediation.note.dane_certificate_by_serial', noteParams: { host } },
              )
            : powershell(
                ps`Get-ExchangeCertificate -DomainName ${host} | Format-List Subject, CertificateDomains, Thumbprint, Services, NotAfter`,
                {
                  noteKey: 'remediation.note.dane_certificate_by_name',
                  noteParams: { host },
                },
              ),
        );
      }
      steps.push({
        id: 'dane-server-certificate',
        phase: 2,
        titleKey: 'remediation.step.dane-server-certificate.title',
        riskKey: 'remediation.step.dane-server-certificate.risk',
        platform: 'exchange-server',
        fixes: own.filter((f) => publish.includes(hostOf(f)!)),
        actions,
      });
    }
    const actions: RemediationAction[] = [];
    for (const host of publish) {
      const { owner, records, entry } = daneHost(ctx, host);
      const kinds = new Set(own.filter((f) => hostOf(f) === host).map((f) => suffix(f.key)));
      const keys = keysOf(ctx, host);
      const zone = bare(entry?.tlsa?.zone ?? '');
      const published = records.length ? records : ['—'];
      if (kinds.has('bogus'))
        actions.push(
          instruction('remediation.instruction.dane_tlsa_bogus', {
            name: owner,
            zone: isValidDnsName(zone, { allowServiceLabels: false }) ? zone : '—',
          }),
        );
      if (kinds.has('unusable_usage'))
        actions.push(instruction('remediation.instruction.dane_tlsa_unusable', { name: owner, records: published }));
      if (kinds.has('mismatch'))
        actions.push(instruction('remediation.instruction.dane_tlsa_mismatch', { name: owner, host, records: published }));
      for (const key of keys)
        actions.push(
          tlsaRecord(owner, key.spkiSha256, TLSA_TTL, {
            noteKey: 'remediation.note.dane_tlsa_from_served',
            noteParams: { host, addresses: key.addresses.length ? key.addresses : ['—'] },
          }),
        );
      if (keys.length === 0) actions.push(instruction('remediation.instruction.dane_tlsa_compute', { name: owner, host, domain }));
    }
    actions.push(instruction('remediation.instruction.dane_tlsa_verify', { domain, ttl: TLSA_TTL }));
    steps.push({
      id: 'dane-tlsa',
      phase: 2,
      titleKey: 'remediation.step.dane-tlsa.title',
      riskKey: 'remediation.step.dane-tlsa.risk',
      platform: 'dns-host',
      fixes: own.filter((f) => publish.includes(hostOf(f)!)),
      actions,
    });
  }

  // Rollover readiness (RFC 7671 §8.1): the next key's record beside the current one, in this order:
  // new key and request → its TLSA published → ≥ 2 × TTL → certificate switched → old TLSA removed.
  // When the certificate steps renew the certificate they carry the TLSA rollover themselves.
  const rollover = byHost(['no_rollover', 'expiring_no_successor']);
  if (rollover.length && !certificateRenewalPlanned(ctx)) {
    const rolloverFixes = own.filter((f) => rollover.includes(hostOf(f)!));
    const expiring = own
      .filter((f) => suffix(f.key) === 'expiring_no_successor')
      .map((f) => param(f, 'date'))
      .filter((d): d is string => d !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(d))
      .sort();
    if (server(ctx)) {
      steps.push({
        id: 'dane-rollover-request',
        phase: 2,
        titleKey: 'remediation.step.dane-rollover-request.title',
        riskKey: 'remediation.step.dane-rollover-request.risk',
        platform: 'exchange-server',
        fixes: rolloverFixes,
        actions: [
          ...(expiring.length ? [instruction('remediation.instruction.dane_rollover_deadline', { date: expiring[0]! })] : []),
          ...rollover.map((host) =>
            renewalRequest([host], keysOf(ctx, host).find((k) => k.serial)?.serial, requestFile(host, 'req'), false, {
              noteKey: 'remediation.note.dane_rollover_request',
              noteParams: { host, file: requestFile(host, 'req') },
            }),
          ),
        ],
      });
    }
    const tlsaActions: RemediationAction[] = [];
    for (const host of rollover) {
      const { owner } = daneHost(ctx, host);
      for (const key of keysOf(ctx, host))
        tlsaActions.push(
          tlsaRecord(owner, key.spkiSha256, TLSA_TTL, { noteKey: 'remediation.note.dane_tlsa_current_keep', noteParams: { host } }),
        );
      tlsaActions.push(
        instruction(
          server(ctx) ? 'remediation.instruction.dane_rollover_tlsa_from_request' : 'remediation.instruction.dane_rollover_tlsa_other',
          {
            name: owner,
            host,
            domain,
            file: requestFile(host, 'req'),
          },
        ),
      );
    }
    tlsaActions.push(instruction('remediation.instruction.dane_rollover_wait', { domain, ttl: TLSA_TTL, hours: (2 * TLSA_TTL) / 3600 }));
    steps.push({
      id: 'dane-rollover-tlsa',
      phase: 2,
      titleKey: 'remediation.step.dane-rollover-tlsa.title',
      riskKey: 'remediation.step.dane-rollover-tlsa.risk',
      platform: 'dns-host',
      fixes: rolloverFixes,
      actions: tlsaActions,
    });
    steps.push({
      id: 'dane-rollover-switch',
      phase: 3,
      titleKey: 'remediation.step.dane-rollover-switch.title',
      riskKey: 'remediation.step.dane-rollover-switch.risk',
      platform: server(ctx) ? 'exchange-server' : 'any',
      fixes: rolloverFixes,
      actions: server(ctx)
        ? [
            ...rollover.flatMap((host) => [
              importAndEnable(host, keysOf(ctx, host).find((k) => k.serial)?.serial, requestFile(host, 'cer')),
              powershell(ps`Get-ExchangeCertificate -DomainName ${host} | Format-List Thumbprint, Subject, Services, NotAfter`, {
                noteKey: 'remediation.note.dane_rollover_selected',
                noteParams: { host },
              }),
            ]),
            instruction('remediation.instruction.dane_rollover_verify', { domain }),
          ]
        : [
            instruction('remediation.instruction.dane_rollover_switch_other', { hosts: rollover }),
            instruction('remediation.instruction.dane_rollover_verify', { domain }),
          ],
    });
    steps.push({
      id: 'dane-rollover-cleanup',
      phase: 4,
      titleKey: 'remediation.step.dane-rollover-cleanup.title',
      riskKey: 'remediation.step.dane-rollover-cleanup.risk',
      platform: 'dns-host',
      fixes: [],
      actions: rollover.flatMap((host) => {
        const { owner } = daneHost(ctx, host);
        const keys = keysOf(ctx, host);
        return keys.length
          ? keys.map((k) =>
              instruction('remediation.instruction.dane_rollover_remove', { record: tlsaLine(owner, 3, 1, 1, k.spkiSha256, TLSA_TTL) }),
            )
          : [instruction('remediation.instruction.dane_rollover_remove_unknown', { name: owner })];
      }),
    });
  }

  // Requirement 6: Exchange Server validates no DANE for outbound mail (DESIGN §5) — said as it is.
  if (outbound.length || (server(ctx) && inbound.length && !attemptOf(ctx.a, 'dane-outbound'))) {
    steps.push({
      id: 'dane-server-outbound',
      phase: 2,
      titleKey: 'remediation.step.dane-server-outbound.title',
      riskKey: 'remediation.step.dane-server-outbound.risk',
      platform: 'exchange-server',
      fixes: outbound,
      actions: [instruction('remediation.instruction.dane_server_not_native')],
    });
  }
  return steps;
}

// --------------------------------------------------------------------------- MTA-STS, TLS-RPT

/** RFC 8461 §3.1: `id` changes whenever the policy changes; the assessment time is unique enough. */
function stsId(iso: string): string {
  const digits = iso.replace(/\D/g, '').slice(0, 14);
  return /^\d{8,14}$/.test(digits) ? digits : '1';
}

/** Findings about how the policy host serves it (RFC 8461 §3.3). */
const STS_HOSTING = new Set([
  'missing',
  'policy_unreachable',
  'policy_certificate',
  'policy_redirect',
  'policy_http_status',
  'policy_content_type',
  'policy_too_large',
]);
/** Findings whose fix is a new policy file (in testing mode) with a new id: the hosting ones and the policy's own. */
const STS_NEW_POLICY = new Set([
  ...STS_HOSTING,
  'policy_field_missing',
  'policy_field_invalid',
  'policy_line_invalid',
  'mx_not_covered',
  'mode_none',
]);
/** Findings fixed by the _mta-sts record alone (the policy itself is good). */
const STS_RECORD_ONLY = new Set(['record_multiple', 'record_invalid', 'policy_without_record', 'max_age_short']);

/** RFC 8461 §3.2 policy text, built only from validated MX names; a short max_age while testing. */
function stsPolicyFile(domain: string, mx: readonly string[]): RemediationAction {
  const url = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  const content = `${['version: STSv1', 'mode: testing', ...mx.map((h) => `mx: ${h}`), 'max_age: 86400'].join('\n')}\n`;
  return { kind: 'file', name: 'mta-sts.txt', path: url, content, noteKey: 'remediation.note.mta_sts_file', noteParams: { url } };
}

/**
 * MTA-STS and TLS-RPT (RFC 8461, 8460): only what the findings call for. A missing or broken
 * policy gets a new policy file in testing mode and a new id; a record problem gets the record; a
 * policy in testing mode gets the later switch to enforce; a TLS-RPT problem gets its record.
 */
export function mtaStsSteps(ctx: BuildContext): StepDraft[] {
  const { domain } = ctx;
  const sts = ctx.findings.filter((f) => f.key.startsWith('finding.mta_sts.'));
  const rpt = ctx.findings.filter((f) => f.key.startsWith('finding.tlsrpt.'));
  const has = (set: ReadonlySet<string>) => sts.some((f) => set.has(suffix(f.key)));
  const what = new Set(sts.map((f) => suffix(f.key)));
  const url = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  const stsName = `_mta-sts.${domain}`;
  // RFC 8461 §3.1: senders fetch the policy again only when the id changes.
  const record = () => txtRecord(stsName, `v=STSv1; id=${stsId(ctx.a.finishedAt)}`, 3600, { noteKey: 'remediation.note.mta_sts_id' });
  const steps: StepDraft[] = [];

  if (has(STS_NEW_POLICY)) {
    const mx = mxHosts(ctx.a).map((h) => h.exchange);
    const actions: RemediationAction[] = [];
    if (has(STS_HOSTING)) actions.push(instruction('remediation.instruction.mta_sts_policy', { host: `mta-sts.${domain}`, url }));
    actions.push(mx.length > 0 ? stsPolicyFile(domain, mx) : instruction('remediation.instruction.mta_sts_no_mx'));
    actions.push(record());
    if (what.has('record_multiple')) actions.push(instruction('remediation.instruction.mta_sts_single_record', { name: stsName }));
    actions.push(instruction('remediation.instruction.mta_sts_enforce_later'));
    steps.push({
      id: 'mta-sts',
      phase: 1,
      titleKey: 'remediation.step.mta-sts.title',
      riskKey: 'remediation.step.mta-sts.risk',
      platform: 'dns-host',
      fixes: sts.filter((f) => STS_NEW_POLICY.has(suffix(f.key)) || STS_RECORD_ONLY.has(suffix(f.key)) || suffix(f.key) === 'mode_testing'),
      actions,
    });
  } else if (has(STS_RECORD_ONLY)) {
    const actions: RemediationAction[] = [];
    if (what.has('max_age_short')) actions.push(instruction('remediation.instruction.mta_sts_max_age', { url }));
    actions.push(record());
    if (what.has('record_multiple')) actions.push(instruction('remediation.instruction.mta_sts_single_record', { name: stsName }));
    steps.push({
      id: 'mta-sts-record',
      phase: 1,
      titleKey: 'remediation.step.mta-sts-record.title',
      riskKey: 'remediation.step.mta-sts-record.risk',
      platform: 'dns-host',
      fixes: sts.filter((f) => STS_RECORD_ONLY.has(suffix(f.key))),
      actions,
    });
  }

  // Testing mode is the right start; enforce only after the TLS-RPT reports show no failures.
  const testing = sts.filter((f) => suffix(f.key) === 'mode_testing');
  if (testing.length > 0 && !has(STS_NEW_POLICY)) {
    steps.push({
      id: 'mta-sts-enforce',
      phase: 3,
      titleKey: 'remediation.step.mta-sts-enforce.title',
      riskKey: 'remediation.step.mta-sts-enforce.risk',
      platform: 'dns-host',
      fixes: testing,
      actions: [instruction('remediation.instruction.mta_sts_enforce', { url }), record()],
    });
  }

  if (rpt.length > 0) {
    const reports = `tls-reports@${domain}`;
    const name = `_smtp._tls.${domain}`;
    steps.push({
      id: 'tlsrpt',
      phase: 1,
      titleKey: 'remediation.step.tlsrpt.title',
      riskKey: 'remediation.step.tlsrpt.risk',
      platform: 'dns-host',
      fixes: rpt,
      actions: [
        txtRecord(name, `v=TLSRPTv1; rua=mailto:${reports}`, 3600, {
          noteKey: 'remediation.note.tlsrpt_example',
          noteParams: { address: reports },
        }),
        ...(rpt.some((f) => f.key === 'finding.tlsrpt.multiple')
          ? [instruction('remediation.instruction.tlsrpt_single_record', { name })]
          : []),
      ],
    });
  }
  return steps;
}

// ------------------------------------------------------------------------- client and web access

export function clientAccessSteps(ctx: BuildContext): StepDraft[] {
  const steps: StepDraft[] = [];
  // Only what the findings call for: POP3/IMAP logins, AUTH before TLS, a TLS port that fails.
  const popImap = ctx.findings.some((f) => /pop3|imap/.test(f.key));
  const authBeforeTls = ctx.findings.some((f) => /submission_|smtp_auth_before_tls/.test(f.key));
  const tlsFailed = ctx.findings.some((f) => f.key === 'finding.client_access.tls_failed');
  const all = !popImap && !authBeforeTls && !tlsFailed;
  if (server(ctx)) {
    const actions: StepDraft['actions'] = [];
    if (popImap || all)
      actions.push(
        // Set-PopSettings / Set-ImapSettings (office-docs-powershell, exchange-ps): -LoginType SecureLogin
        // "is the default", so the command changes only a server someone set to plain text. Restart-Service
        // starts a stopped service: restart only the POP3/IMAP services that already run, never open 110/143/993/995.
        powershell(
          'Set-PopSettings -LoginType SecureLogin\nSet-ImapSettings -LoginType SecureLogin\n' +
            "Get-Service -Name 'MSExchangePOP3', 'MSExchangePOP3BE', 'MSExchangeIMAP4', 'MSExchangeIMAP4BE' | Where-Object Status -eq 'Running' | Restart-Service",
          { noteKey: 'remediation.note.client_access_secure_login' },
        ),
      );
    if (authBeforeTls || all)
      actions.push(
        powershell(
          "Get-ReceiveConnector | Where-Object { $_.AuthMechanism -match 'BasicAuth' } | Format-List Identity, Bindings, AuthMechanism, RequireTLS",
        ),
        // Set-ReceiveConnector -AuthMechanism (office-docs-powershell, exchange-ps): "BasicAuthRequireTLS also
        // requires the values BasicAuth and Tls"; the connector's other mechanisms are kept (the flags as a list).
        powershell(
          "Get-ReceiveConnector | Where-Object { ($_.AuthMechanism -match 'BasicAuth') -and ($_.AuthMechanism -notmatch 'BasicAuthRequireTLS') } | ForEach-Object { Set-ReceiveConnector -Identity $_.Identity -AuthMechanism @($_.AuthMechanism.ToString().Split(',').Trim(); 'Tls'; 'BasicAuthRequireTLS') }",
          { noteKey: 'remediation.note.client_access_auth_require_tls' },
        ),
      );
    if (tlsFailed)
      actions.push(
        powershell('Get-ExchangeCertificate | Format-List Subject, CertificateDomains, Thumbprint, Services, NotAfter'),
        instruction('remediation.instruction.client_access_tls_failed'),
      );
    actions.push(instruction('remediation.instruction.client_access_disable_unused'));
    steps.push({
      id: 'client-access-server',
      phase: 2,
      titleKey: 'remediation.step.client-access-server.title',
      riskKey: 'remediation.step.client-access-server.risk',
      platform: 'exchange-server',
      fixes: ctx.findings,
      actions,
    });
  }
  if (exo(ctx)) {
    const actions: StepDraft['actions'] = [];
    if (authBeforeTls || all)
      actions.push(
        powershell('Get-TransportConfig | Format-List SmtpClientAuthenticationDisabled'),
        // Set-TransportConfig -SmtpClientAuthenticationDisabled (Exchange Online only); per mailbox: Set-CASMailbox.
        powershell('Set-TransportConfig -SmtpClientAuthenticationDisabled $true', { noteKey: 'remediation.note.client_access_smtp_auth' }),
      );
    if (popImap || all)
      actions.push(
        powershell('Get-CASMailboxPlan | Set-CASMailboxPlan -PopEnabled $false -ImapEnabled $false', {
          noteKey: 'remediation.note.client_access_pop_imap',
        }),
      );
    // New-AuthenticationPolicy: without an -AllowBasicAuth* switch every protocol's Basic authentication is
    // blocked; Set-OrganizationConfig -DefaultAuthenticationPolicy applies it to the whole organisation.
    actions.push(
      powershell(
        "if (-not (Get-AuthenticationPolicy -Identity 'Block Basic Auth' -ErrorAction SilentlyContinue)) { New-AuthenticationPolicy -Name 'Block Basic Auth' }\n" +
          "Set-OrganizationConfig -DefaultAuthenticationPolicy 'Block Basic Auth'",
        { noteKey: 'remediation.note.client_access_auth_policy' },
      ),
    );
    steps.push({
      id: 'client-access-exo',
      phase: 2,
      titleKey: 'remediation.step.client-access-exo.title',
      riskKey: 'remediation.step.client-access-exo.risk',
      platform: 'exchange-online',
      fixes: ctx.findings,
      actions,
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
    // and not IIS's redirectHttpToHttps (it breaks Exchange's internal HTTP connections). Native HSTS needs
    // IIS 10.0 version 1709 (Windows Server 2019, build 17763, and later); Windows Server 2016 gets the
    // Strict-Transport-Security custom header instead — the script picks one by the build it runs on, never both.
    const header = `max-age=${HSTS_MAX_AGE}`;
    const code = [
      'Import-Module IISAdministration',
      'Reset-IISServerManager -Confirm:$false',
      'Start-IISCommitDelay',
      'if ([Environment]::OSVersion.Version.Build -ge 17763) {',
      "$sites = Get-IISConfigSection -SectionPath 'system.applicationHost/sites' | Get-IISConfigCollection",
      "$site = Get-IISConfigCollectionElement -ConfigCollection $sites -ConfigAttribute @{ 'name' = 'Default Web Site' }",
      "$hsts = Get-IISConfigElement -ConfigElement $site -ChildElementName 'hsts'",
      "Set-IISConfigAttributeValue -ConfigElement $hsts -AttributeName 'enabled' -AttributeValue $true",
      `Set-IISConfigAttributeValue -ConfigElement $hsts -AttributeName 'max-age' -AttributeValue ${HSTS_MAX_AGE}`,
      "Set-IISConfigAttributeValue -ConfigElement $hsts -AttributeName 'redirectHttpToHttps' -AttributeValue $false",
      '} else {',
      "$headers = Get-IISConfigSection -SectionPath 'system.webServer/httpProtocol' -CommitPath 'Default Web Site' | Get-IISConfigCollection -CollectionName 'customHeaders'",
      "$current = Get-IISConfigCollectionElement -ConfigCollection $headers -ConfigAttribute @{ 'name' = 'Strict-Transport-Security' }",
      ps`if ($current) { Set-IISConfigAttributeValue -ConfigElement $current -AttributeName 'value' -AttributeValue ${header} } else { New-IISConfigCollectionElement -ConfigCollection $headers -ConfigAttribute @{ 'name' = 'Strict-Transport-Security'; 'value' = ${header} } }`,
      '}',
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
        powershell(code, { noteKey: 'remediation.note.hsts_by_windows_version' }),
        // Microsoft Learn, "Configure http to https redirection for Outlook on the web in Exchange Server": Require SSL off on
        // the Default Web Site only, back on for its other virtual directories, HTTP Redirect of the site to /owa, no
        // redirect on any virtual directory, then iisreset. IIS Manager steps: an instruction, not generated appcmd lines.
        instruction('remediation.instruction.web_http_redirect', { hosts, owaUrls: hosts.map((h) => `https://${h}/owa`) }),
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

/**
 * Exchange Server 2016 and 2019: extended support ended 2025-10-14 (Microsoft lifecycle data, shared/data/exchange/lifecycle.csv).
 * Microsoft Learn, "Upgrade to Exchange Server SE": SE supports an in-place upgrade from Exchange 2019 CU14 or CU15;
 * Exchange 2016 needs the legacy upgrade (new servers, mailboxes moved).
 *
 * Basic authentication off per virtual directory, verified against office-docs-powershell (exchange-ps):
 * Set-WebServicesVirtualDirectory / Set-AutodiscoverVirtualDirectory / Set-OabVirtualDirectory -BasicAuthentication,
 * Set-ActiveSyncVirtualDirectory -BasicAuthEnabled, Set-MapiVirtualDirectory -IISAuthenticationMethods (Basic, Negotiate,
 * NTLM, OAuth; "always have the virtual directory configured for OAuth"), Set-OutlookAnywhere
 * -ExternalClientAuthenticationMethod / -IISAuthenticationMethods (Basic, Ntlm, Negotiate); each Set- takes its Get- from
 * the pipeline (Identity: "Accept pipeline input: True"), each Get- has -Server. Only once modern authentication works:
 * Set-OrganizationConfig -OAuth2ClientProfileEnabled ("enables or disables modern authentication in the Exchange
 * organization") is read first and the script stops while it is off.
 */
export const BASIC_AUTH_OFF = [
  "if (-not (Get-OrganizationConfig).OAuth2ClientProfileEnabled) { throw 'Modern authentication (OAuth2ClientProfileEnabled) is off: enable hybrid modern authentication or AD FS first.' }",
  'Get-WebServicesVirtualDirectory -Server $env:COMPUTERNAME | Set-WebServicesVirtualDirectory -BasicAuthentication $false',
  'Get-AutodiscoverVirtualDirectory -Server $env:COMPUTERNAME | Set-AutodiscoverVirtualDirectory -BasicAuthentication $false',
  'Get-OabVirtualDirectory -Server $env:COMPUTERNAME | Set-OabVirtualDirectory -BasicAuthentication $false',
  'Get-ActiveSyncVirtualDirectory -Server $env:COMPUTERNAME | Set-ActiveSyncVirtualDirectory -BasicAuthEnabled $false',
  'Get-MapiVirtualDirectory -Server $env:COMPUTERNAME | Set-MapiVirtualDirectory -IISAuthenticationMethods Ntlm, Negotiate, OAuth',
  'Get-OutlookAnywhere -Server $env:COMPUTERNAME | Set-OutlookAnywhere -ExternalClientAuthenticationMethod Negotiate -IISAuthenticationMethods Ntlm, Negotiate',
].join('\n');

export function exchangeSteps(ctx: BuildContext): StepDraft[] {
  const basic = ctx.findings.filter((f) => f.key === 'finding.exchange.basic_auth');
  const update = ctx.findings.filter((f) => f.key !== 'finding.exchange.basic_auth');
  const steps: StepDraft[] = [];
  if (update.length > 0)
    steps.push({
      id: 'exchange-update',
      phase: 2,
      titleKey: 'remediation.step.exchange-update.title',
      riskKey: 'remediation.step.exchange-update.risk',
      platform: server(ctx) || other(ctx) ? 'exchange-server' : 'any',
      fixes: update,
      actions: [instruction('remediation.instruction.exchange_update')],
    });
  if (basic.length > 0)
    steps.push({
      id: 'exchange-basic-auth',
      phase: 2,
      titleKey: 'remediation.step.exchange-basic-auth.title',
      riskKey: 'remediation.step.exchange-basic-auth.risk',
      platform: 'exchange-server',
      fixes: basic,
      actions: [
        instruction('remediation.instruction.exchange_modern_auth_first'),
        powershell('Get-OrganizationConfig | Format-List OAuth2ClientProfileEnabled'),
        powershell(BASIC_AUTH_OFF, { noteKey: 'remediation.note.exchange_basic_auth_per_server' }),
      ],
    });
  return steps;
}
