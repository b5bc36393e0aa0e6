/**
 * Scenario domains of the DNS lab (DESIGN §6). Each scenario is one small organisation whose DNS
 * shows one situation; `expect` lists finding keys the assessment must produce for it, and the
 * CLI scenario test checks exactly that. All names live under the reserved `.test` TLD
 * (RFC 2606) plus fixture copies of the Microsoft names Exchange Online domains point at.
 * MX hosts use 127.0.0.0/8 addresses so the TLS lab can later listen on them.
 *
 * DNSSEC and DANE scenarios (dnssec-*.test, nsec3-optout.test, dane-*.test) carry a `dnssec`
 * field: `labZones()` serves them unsigned (as every existing user expects), `labWorld()` signs
 * them with BIND under a signed lab root and `test` TLD and returns the trust anchor to use.
 */
import { generateKeyPairSync } from 'node:crypto';
import { txt, type LabRecord, type LabZone } from './dns-server';
import type { LabSigning } from './dnssec-signer';
import { signLabWorld, type LabWorld } from './dnssec-world';
import { smtpLabZones } from './smtp-lab';
import { webLabZones } from './web-lab';
import { clientLabZones } from './client-lab';
import { mtaStsLabZones } from './https-policy';

export interface Scenario {
  domain: string;
  /** what the scenario demonstrates, shown by `npm run lab` */
  about: string;
  /** extra CLI arguments the scenario is meant to be assessed with */
  args?: string[];
  /** finding keys that must appear */
  expect: string[];
  /** finding keys that must not appear */
  absent?: string[];
  /** attempts expected to end in error: check id → reason key */
  errors?: Record<string, string>;
  /** the CLI exits with this code (default 0) */
  exitCode?: number;
}

/** DKIM public key (SPKI, base64) of the given RSA size; generated per lab start. */
function dkimKey(bits: number): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}

const soa = (origin: string): LabRecord => ({
  name: '@',
  type: 'SOA',
  data: { mname: `ns1.${origin}`, rname: `hostmaster.${origin}`, serial: 2026112701, minimum: 300 },
});
const ns = (origin: string): LabRecord => ({ name: '@', type: 'NS', data: `ns1.${origin}` });
const spf = (value: string, name = '@'): LabRecord => ({ name, type: 'TXT', data: txt(value) });
const dmarc = (value: string): LabRecord => ({ name: '_dmarc', type: 'TXT', data: txt(value) });
const dkim = (selector: string, value: string): LabRecord => ({ name: `${selector}._domainkey`, type: 'TXT', data: txt(value) });
const mx = (preference: number, exchange: string): LabRecord => ({ name: '@', type: 'MX', data: { preference, exchange } });
const a = (name: string, address: string): LabRecord => ({ name, type: 'A', data: address });

function zone(origin: string, records: LabRecord[], behaviour?: LabZone['behaviour'], dnssec?: LabSigning): LabZone {
  return {
    origin,
    records: [soa(origin), ns(origin), a('ns1', '127.0.0.53'), ...records],
    ...(behaviour ? { behaviour } : {}),
    ...(dnssec ? { dnssec } : {}),
  };
}

/** A conventional on-premises organisation: its own MX, SPF, DMARC reject, a 2048-bit DKIM key. */
function onPremises(
  origin: string,
  mxAddress: string,
  overrides: {
    spf?: string | null;
    dmarc?: string | null;
    extra?: LabRecord[];
    behaviour?: LabZone['behaviour'];
    dnssec?: LabSigning;
    dkimKey?: string;
  } = {},
): LabZone {
  return zone(
    origin,
    [
      mx(10, `mail.${origin}`),
      a('mail', mxAddress),
      ...(overrides.spf === null ? [] : [spf(overrides.spf ?? 'v=spf1 mx -all')]),
      ...(overrides.dmarc === null ? [] : [dmarc(overrides.dmarc ?? `v=DMARC1; p=reject; rua=mailto:dmarc@${origin}`)]),
      dkim('mail', `v=DKIM1; k=rsa; p=${overrides.dkimKey ?? dkimKey(2048)}`),
      ...(overrides.extra ?? []),
    ],
    overrides.behaviour,
    overrides.dnssec,
  );
}

/**
 * DNSSEC scenarios (signed by labWorld(); children of the signed `test`). MX addresses
 * 127.0.20.51–61: nothing listens there, as for the other DNS-only scenarios.
 */
function dnssecZones(dkimKey: string): LabZone[] {
  const ecdsa: LabSigning = { algorithm: 13 };
  return [
    onPremises('dnssec-ok.test', '127.0.20.51', {
      dnssec: ecdsa,
      dkimKey,
      // Signed CNAMEs into another signed zone and into an unsigned one (RFC 4035 §5.3, each RRset on its own chain).
      extra: [
        { name: 'alias', type: 'CNAME', data: 'mail.dnssec-nsec3.test.' },
        { name: 'alias-insecure', type: 'CNAME', data: 'mail.onprem.test.' },
      ],
    }),
    // RFC 9276 §3.1: NSEC3 with no extra iterations and no salt.
    onPremises('dnssec-nsec3.test', '127.0.20.52', { dnssec: { algorithm: 13, denial: 'nsec3', nsec3Iterations: 0 }, dkimKey }),
    onPremises('dnssec-rsa.test', '127.0.20.53', { dnssec: { algorithm: 8 }, dkimKey }),
    onPremises('dnssec-ed25519.test', '127.0.20.54', { dnssec: { algorithm: 15 }, dkimKey }),
    // RFC 8624 §3.1: RSASHA1 (5) MUST NOT be used for signing, validators still accept it.
    onPremises('dnssec-sha1.test', '127.0.20.55', { dnssec: { algorithm: 5 }, dkimKey }),
    onPremises('dnssec-expired.test', '127.0.20.56', { dnssec: { algorithm: 13, validity: 'expired' }, dkimKey }),
    onPremises('dnssec-future.test', '127.0.20.57', { dnssec: { algorithm: 13, validity: 'future' }, dkimKey }),
    onPremises('dnssec-ds-mismatch.test', '127.0.20.58', { dnssec: { algorithm: 13, dsMismatch: true }, dkimKey }),
    // The MX host exists only through the wildcard (RFC 4592): the answer carries the NSEC proving it.
    zone(
      'dnssec-wildcard.test',
      [
        mx(10, 'mx.dnssec-wildcard.test'),
        { name: '*', type: 'A', data: '127.0.20.59' },
        spf('v=spf1 mx -all'),
        dmarc('v=DMARC1; p=reject; rua=mailto:dmarc@dnssec-wildcard.test'),
        dkim('mail', `v=DKIM1; k=rsa; p=${dkimKey}`),
      ],
      undefined,
      ecdsa,
    ),
    // RFC 5155 §6: the opt-out parent has no NSEC3 for its insecure delegation; the domain
    // assessed is the unsigned child.
    zone('nsec3-optout.test', [a('www', '127.0.20.60')], undefined, { algorithm: 13, denial: 'nsec3-optout' }),
    onPremises('insecure.nsec3-optout.test', '127.0.20.61', { dkimKey }),
    // Signed domain whose MX host lives in the unsigned onprem.test.
    zone(
      'dnssec-mx-insecure.test',
      [
        mx(10, 'mail.onprem.test'),
        spf('v=spf1 include:onprem.test -all'),
        dmarc('v=DMARC1; p=reject; rua=mailto:dmarc@dnssec-mx-insecure.test'),
      ],
      undefined,
      ecdsa,
    ),
  ];
}

export function labZones(): LabZone[] {
  const key2048 = dkimKey(2048);
  return [
    // --- Microsoft fixture names (what Exchange Online tenants point at) ---
    zone('outlook.com', [
      spf(
        'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:52.102.0.0/16 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/49 include:spfd.protection.outlook.com -all',
        'spf.protection.outlook.com',
      ),
      spf('v=spf1 ip4:51.4.72.0/24 ip4:51.5.72.0/24 -all', 'spfd.protection.outlook.com'),
      a('exo-good-test.mail.protection.outlook.com', '127.0.10.1'),
      a('exo-nospf-test.mail.protection.outlook.com', '127.0.10.2'),
      { name: 'autodiscover', type: 'A', data: '127.0.10.100' },
    ]),
    zone('onmicrosoft.com', [
      { name: 'selector1-exo-good-test._domainkey.exogood', type: 'TXT', data: txt(`v=DKIM1; k=rsa; p=${key2048}`) },
      { name: 'selector2-exo-good-test._domainkey.exogood', type: 'TXT', data: txt(`v=DKIM1; k=rsa; p=${key2048}`) },
    ]),

    // The TLD itself, so unknown names under it are NXDOMAIN as from a real resolver.
    zone('test', []),

    // --- scenarios ---
    zone('exo-good.test', [
      mx(0, 'exo-good-test.mail.protection.outlook.com'),
      spf('v=spf1 include:spf.protection.outlook.com -all'),
      { name: '@', type: 'TXT', data: ['MS=ms48151623'] },
      dmarc('v=DMARC1; p=reject; rua=mailto:dmarc-reports@exo-good.test; adkim=s; aspf=s'),
      { name: 'selector1._domainkey', type: 'CNAME', data: 'selector1-exo-good-test._domainkey.exogood.onmicrosoft.com' },
      { name: 'selector2._domainkey', type: 'CNAME', data: 'selector2-exo-good-test._domainkey.exogood.onmicrosoft.com' },
      { name: 'autodiscover', type: 'CNAME', data: 'autodiscover.outlook.com' },
    ]),
    zone('exo-nospf.test', [
      mx(0, 'exo-nospf-test.mail.protection.outlook.com'),
      spf('v=spf1 ip4:198.51.100.25 -all'),
      dmarc('v=DMARC1; p=quarantine; rua=mailto:dmarc@exo-nospf.test'),
      { name: 'autodiscover', type: 'CNAME', data: 'autodiscover.outlook.com' },
    ]),
    onPremises('onprem.test', '127.0.20.1'),
    onPremises('no-dmarc.test', '127.0.20.2', { dmarc: null }),
    onPremises('spf-over-limit.test', '127.0.20.3', {
      spf: 'v=spf1 include:a.spf-over-limit.test include:b.spf-over-limit.test include:c.spf-over-limit.test -all',
      extra: [
        spf('v=spf1 a mx include:d.spf-over-limit.test ~all', 'a'),
        spf('v=spf1 a mx include:e.spf-over-limit.test ~all', 'b'),
        spf('v=spf1 a mx ip4:192.0.2.0/24 ~all', 'c'),
        spf('v=spf1 a mx ~all', 'd'),
        spf('v=spf1 a mx ~all', 'e'),
        // Every referenced name exists, so only the lookup count is wrong (no void lookups).
        ...['a', 'b', 'c', 'd', 'e'].flatMap((n, i): LabRecord[] => [
          a(n, `127.0.20.${31 + i}`),
          { name: n, type: 'MX', data: { preference: 10, exchange: 'mail.spf-over-limit.test' } },
        ]),
      ],
    }),
    onPremises('spf-plus-all.test', '127.0.20.4', { spf: 'v=spf1 mx +all' }),
    onPremises('rua-authorised.test', '127.0.20.5', { dmarc: 'v=DMARC1; p=quarantine; rua=mailto:reports@dmarc-collector.test' }),
    onPremises('rua-unauthorised.test', '127.0.20.6', { dmarc: 'v=DMARC1; p=quarantine; rua=mailto:reports@dmarc-collector.test' }),
    zone('dmarc-collector.test', [
      mx(10, 'mx.dmarc-collector.test'),
      a('mx', '127.0.30.1'),
      // RFC 7489 §7.1: the collector authorises reports for rua-authorised.test only.
      { name: 'rua-authorised.test._report._dmarc', type: 'TXT', data: ['v=DMARC1'] },
    ]),
    zone('dkim-revoked.test', [
      mx(10, 'mail.dkim-revoked.test'),
      a('mail', '127.0.20.7'),
      spf('v=spf1 mx -all'),
      dmarc('v=DMARC1; p=reject; rua=mailto:dmarc@dkim-revoked.test'),
      dkim('selector1', 'v=DKIM1; k=rsa; p='),
    ]),
    zone('dkim-1024.test', [
      mx(10, 'mail.dkim-1024.test'),
      a('mail', '127.0.20.8'),
      spf('v=spf1 mx -all'),
      dmarc('v=DMARC1; p=reject; rua=mailto:dmarc@dkim-1024.test'),
      dkim('default', `v=DKIM1; k=rsa; p=${dkimKey(1024)}`),
    ]),
    zone('null-mx.test', [mx(0, '.'), spf('v=spf1 -all'), dmarc('v=DMARC1; p=reject')]),
    zone('mx-cname.test', [
      mx(10, 'mx.mx-cname.test'),
      { name: 'mx', type: 'CNAME', data: 'real.mx-cname.test' },
      a('real', '127.0.20.9'),
      spf('v=spf1 mx -all'),
      dmarc('v=DMARC1; p=reject; rua=mailto:dmarc@mx-cname.test'),
    ]),
    // příklad.test — IDN scenario: the zone is served under its A-label.
    onPremises('xn--pklad-zsa96e.test', '127.0.20.10'),
    zone('timeout.test', [mx(10, 'mail.timeout.test'), a('mail', '127.0.20.11')], 'drop'),
    zone('servfail.test', [mx(10, 'mail.servfail.test')], 'servfail'),
    zone('garbage.test', [mx(10, 'mail.garbage.test')], 'garbage'),
    // Every UDP answer is truncated: the client must retry over TCP (RFC 7766 §5) and see it all.
    onPremises('truncated.test', '127.0.20.12', { behaviour: 'truncate-udp' }),
    // DNSSEC scenarios (signed by labWorld()).
    ...dnssecZones(key2048),
    // SMTP/TLS scenarios (tls-*.test): MX on 127.0.40.x, servers from test/lab/smtp-lab.ts.
    ...smtpLabZones(),
    // Web access scenarios (web-*.test): MX and autodiscover on 127.0.50.x, servers from test/lab/web-lab.ts.
    ...webLabZones(),
    // Mail client scenarios (client-*.test): MX on 127.0.60.x, servers from test/lab/client-lab.ts.
    ...clientLabZones(),
    // MTA-STS scenarios (sts-*.test): policy hosts on 127.0.41.x from test/lab/https-policy.ts.
    ...mtaStsLabZones(),
    // Records holding characters that act on a terminal or a reader rather than show: a bidi
    // override (U+202E), a C1 control (U+009B, CSI) and a line separator (U+2028). Null MX, so
    // nothing but DNS is asked.
    zone('unsafe-text.test', [
      mx(0, '.'),
      spf(`v=spf1 ip4:192.0.2.1 ${UNSAFE_TEXT.spfTerm} -all`),
      dmarc(`v=DMARC1; p=reject; ${UNSAFE_TEXT.dmarcTag}`),
    ]),
    // Hostile values for the remediation plan (test/shared/remediation/hostile.test.ts): records
    // and names holding quotes, backticks, `$(...)`, markup, line breaks and bidi controls, served
    // as a hostile DNS host would. Not scenarios: no CLI expectations, assessed by that test only.
    // DNS carries any octet in a TXT string and in a label on the wire (RFC 2181 §11), so MX and
    // CNAME targets hold them too; none of these names has an address, so nothing but DNS is asked.
    zone('hostile-plan.test', [
      ...HOSTILE.mx.map((exchange, i) => mx(10 + i, exchange)),
      mx(20, 'mx2.hostile-plan.test'),
      { name: 'mx2', type: 'CNAME', data: HOSTILE.mxCnameTarget },
      spf(HOSTILE.spf),
      dmarc(HOSTILE.dmarc),
      dmarc(HOSTILE.dmarcDiscarded),
      dkim('mail', `v=DKIM1; k=rsa; t=y; n=${HOSTILE.tag}; p=${dkimKey(1024)}`),
      { name: 'selector2._domainkey', type: 'CNAME', data: HOSTILE.dkimCnameTarget },
    ]),
    // Exchange Online with no DKIM key and selector CNAMEs whose tenant label is hostile.
    zone('hostile-exo.test', [
      mx(0, 'hostile-exo-test.mail.protection.outlook.com'),
      spf(HOSTILE.exoSpf),
      dmarc(HOSTILE.exoDmarc),
      { name: 'selector1._domainkey', type: 'CNAME', data: HOSTILE.exoTenantTargets[0] },
      { name: 'selector2._domainkey', type: 'CNAME', data: HOSTILE.exoTenantTargets[1] },
    ]),
    // MX names holding characters that act on a reader rather than show (bidi override, C1 CSI,
    // line separator): refused as hosts like the rest, but they reach the text of the plan.
    zone(
      'hostile-bidi.test',
      HOSTILE.bidiMx.map((exchange, i) => mx(10 * (i + 1), exchange)),
    ),
  ];
}

/**
 * The lab world signed: a signed lab root and `test`, the DNSSEC and DANE scenario zones signed
 * by BIND, everything else insecure. Serve `zones`; validate with `--trust-anchor anchorFile`
 * (delv: `-a delvAnchorFile`). Call `dispose()` when done.
 */
export function labWorld(): Promise<LabWorld> {
  return signLabWorld(labZones());
}

export const scenarios: Scenario[] = [
  {
    domain: 'exo-good.test',
    about: 'well-configured Exchange Online domain (MX, SPF include, DMARC reject, DKIM CNAMEs to onmicrosoft.com)',
    expect: ['finding.mx.ok', 'finding.platform.exchange_online_tenant', 'finding.dmarc.policy_reject', 'finding.dkim.key'],
    absent: ['finding.platform.spf_missing_exo_include', 'finding.spf.missing', 'finding.dmarc.missing', 'finding.dkim.exo_not_enabled'],
  },
  {
    domain: 'exo-nospf.test',
    about: 'Exchange Online domain whose SPF lacks include:spf.protection.outlook.com',
    expect: ['finding.platform.exchange_online', 'finding.platform.spf_missing_exo_include'],
  },
  {
    domain: 'onprem.test',
    about: 'on-premises mail server with SPF, DMARC reject and DKIM (selector "mail")',
    expect: [
      'finding.mx.ok',
      'finding.platform.on_premises_or_other',
      'finding.dmarc.policy_reject',
      'finding.starttls.ok',
      'finding.certificate.ok',
      'finding.tls.versions_modern',
      'finding.tls.ciphers_ok',
      'finding.tls.key_exchange_ok',
      'finding.tls.extras_ok',
    ],
    absent: ['finding.platform.exchange_online', 'finding.platform.exchange_online_tenant', 'finding.tls.kex_hash_sha224'],
  },
  { domain: 'no-dmarc.test', about: 'no DMARC record', expect: ['finding.dmarc.missing'] },
  {
    domain: 'spf-over-limit.test',
    about: 'SPF tree needing more than 10 DNS lookups',
    expect: ['finding.spf.too_many_lookups'],
    absent: ['finding.spf.too_many_void_lookups', 'finding.spf.ok'],
  },
  { domain: 'spf-plus-all.test', about: 'SPF ending in +all (anyone may send)', expect: ['finding.spf.plus_all'] },
  {
    domain: 'rua-authorised.test',
    about: 'DMARC reports to an external domain that authorises them (RFC 7489 §7.1)',
    expect: ['finding.dmarc.external_authorized'],
    absent: ['finding.dmarc.external_not_authorized'],
  },
  {
    domain: 'rua-unauthorised.test',
    about: 'DMARC reports to an external domain that does not authorise them',
    expect: ['finding.dmarc.external_not_authorized'],
  },
  { domain: 'dkim-revoked.test', about: 'revoked DKIM key (empty p=) at selector1', expect: ['finding.dkim.revoked'] },
  { domain: 'dkim-1024.test', about: '1024-bit DKIM key at selector "default"', expect: ['finding.dkim.key_weak'] },
  { domain: 'null-mx.test', about: 'null MX (RFC 7505): accepts no mail', expect: ['finding.mx.null_mx'] },
  { domain: 'mx-cname.test', about: 'MX pointing at a CNAME', expect: ['finding.mx.cname'] },
  {
    domain: 'příklad.test',
    about: 'IDN domain (xn--pklad-zsa96e.test), assessed by its Unicode name',
    expect: ['finding.mx.ok', 'finding.dmarc.policy_reject'],
  },
  {
    domain: 'timeout.test',
    about: 'the DNS server never answers for this zone: checks end in a DNS timeout error',
    args: ['--dns-timeout', '300'],
    expect: ['finding.dmarc.dns_error', 'finding.dkim.dns_error'],
    errors: { mx: 'error.dns.timeout', spf: 'error.dns.timeout' },
  },
  {
    domain: 'servfail.test',
    about: 'the DNS server answers SERVFAIL for this zone',
    expect: ['finding.dmarc.dns_error', 'finding.dkim.dns_error'],
    errors: { mx: 'error.dns.rcode', spf: 'error.dns.rcode' },
  },
  {
    domain: 'garbage.test',
    about: 'the DNS server answers this zone with undecodable bytes',
    args: ['--dns-timeout', '300'],
    expect: ['finding.dmarc.dns_error', 'finding.dkim.dns_error'],
    errors: { mx: 'error.dns.malformed', spf: 'error.dns.malformed' },
  },
  {
    domain: 'truncated.test',
    about: 'every UDP answer is truncated (TC): the engine retries over TCP and gets the full answers',
    expect: ['finding.mx.ok', 'finding.spf.ok', 'finding.dmarc.policy_reject', 'finding.dkim.key'],
  },
  { domain: 'does-not-exist.test', about: 'a domain that does not exist: the CLI refuses it (exit 2)', expect: [], exitCode: 2 },
  // --- SMTP/TLS (need the SMTP lab: --connect-to, --ca-file, --port25-reference from startSmtpLab().args) ---
  {
    domain: 'tls-modern.test',
    about: 'STARTTLS on IPv4 and IPv6, TLS 1.2/1.3 with ECDHE-AEAD only, trusted RSA certificate with its chain',
    expect: [
      'finding.starttls.ok',
      'finding.certificate.ok',
      'finding.tls.versions_modern',
      'finding.tls.ciphers_ok',
      'finding.tls.key_exchange_ok',
      'finding.tls.extras_ok',
    ],
    absent: [
      'finding.starttls.not_offered',
      'finding.certificate.untrusted',
      'finding.certificate.name_mismatch',
      'finding.tls.legacy_versions_offered',
      'finding.tls.kex_hash_sha224',
    ],
  },
  {
    domain: 'tls-legacy.test',
    about: 'TLS 1.0–1.2 with static-RSA and CBC suites first and 1024-bit DHE (the certificate itself is fine)',
    expect: [
      'finding.starttls.ok',
      'finding.certificate.ok',
      'finding.tls.legacy_versions_offered',
      'finding.tls.cipher_insufficient',
      'finding.tls.cipher_order_weak_first',
      'finding.tls.dh_small',
      'finding.tls.kex_hash_sha1',
    ],
    absent: ['finding.tls.versions_modern', 'finding.tls.ciphers_ok'],
  },
  {
    domain: 'tls-no-starttls.test',
    about: 'SMTP server without STARTTLS',
    expect: ['finding.starttls.not_offered'],
    absent: ['finding.starttls.ok', 'finding.certificate.ok'],
  },
  {
    domain: 'tls-starttls-454.test',
    about: 'STARTTLS advertised but answered 454 (TLS not available)',
    expect: ['finding.starttls.temporarily_refused'],
    absent: ['finding.starttls.ok'],
  },
  {
    domain: 'tls-expired.test',
    about: 'certificate expired five days ago',
    expect: ['finding.starttls.ok', 'finding.certificate.expired'],
    absent: ['finding.certificate.ok', 'finding.certificate.untrusted'],
  },
  {
    domain: 'tls-self-signed.test',
    about: 'self-signed certificate',
    expect: ['finding.certificate.self_signed'],
    absent: ['finding.certificate.ok'],
  },
  {
    domain: 'tls-wrong-host.test',
    about: 'certificate issued for another host name',
    expect: ['finding.certificate.name_mismatch'],
    absent: ['finding.certificate.ok', 'finding.certificate.untrusted'],
  },
  {
    domain: 'tls-no-intermediate.test',
    about: 'server sends its certificate without the intermediate CA',
    expect: ['finding.certificate.chain_incomplete'],
    absent: ['finding.certificate.ok'],
  },
  {
    domain: 'tls-ecdsa.test',
    about: 'ECDSA P-256 certificate',
    expect: ['finding.starttls.ok', 'finding.certificate.ok', 'finding.tls.versions_modern'],
    absent: ['finding.certificate.key_weak', 'finding.certificate.key_sufficient'],
  },
  {
    domain: 'tls-stall.test',
    about: 'server stops answering after EHLO',
    expect: ['finding.starttls.stalled'],
    absent: ['finding.starttls.not_offered', 'finding.starttls.ok'],
  },
  {
    domain: 'tls-421.test',
    about: 'server greets with 421 (rate limiting): "rate-limited", not "no STARTTLS"',
    expect: ['finding.starttls.rate_limited'],
    absent: ['finding.starttls.not_offered'],
  },
  {
    domain: 'tls-weak-key.test',
    about: 'certificate with a 1024-bit RSA key',
    expect: ['finding.certificate.key_weak'],
    absent: ['finding.certificate.ok'],
  },
  {
    domain: 'tls-sha1.test',
    about: 'certificate signed with SHA-1',
    expect: ['finding.certificate.signature_weak'],
    absent: ['finding.certificate.ok'],
  },
  {
    domain: 'tls-expiring.test',
    about: 'certificate expiring in 10 days',
    expect: ['finding.certificate.expires_soon'],
    absent: ['finding.certificate.ok', 'finding.certificate.expired'],
  },
  {
    domain: 'tls-helo-only.test',
    about: 'server that rejects EHLO and only speaks HELO (so no STARTTLS)',
    expect: ['finding.starttls.helo_only'],
  },
  {
    domain: 'tls-no-listener.test',
    about: 'MX accepts no connections while port 25 works otherwise',
    expect: ['finding.starttls.unreachable'],
    absent: ['finding.starttls.port25_blocked'],
  },
  {
    domain: 'tls-port25-blocked.test',
    about: 'neither the MX nor the reference server answers on port 25: "port 25 blocked from this network"',
    args: ['--port25-reference', 'mx.dead-reference.test'],
    expect: ['finding.starttls.port25_blocked'],
    absent: ['finding.starttls.unreachable', 'finding.starttls.not_offered'],
  },
  {
    domain: 'unsafe-text.test',
    about: 'SPF and DMARC records with a bidi override, a C1 control and a line separator: shown as escapes, never acted on',
    expect: ['finding.mx.null_mx', 'finding.dmarc.unknown_tag'],
  },
  // --- DNSSEC (need the signed world: labWorld(), --trust-anchor <anchorFile>) ---
  {
    domain: 'dnssec-ok.test',
    about: 'signed zone (ECDSA P-256, NSEC) under the signed lab root and test: secure; no TLSA for its MX',
    expect: ['finding.dnssec.secure', 'finding.dane.missing'],
    absent: ['finding.dnssec.signature_expired', 'finding.dnssec.insecure', 'finding.dnssec.algorithm_deprecated'],
  },
  {
    domain: 'dnssec-nsec3.test',
    about: 'signed zone with NSEC3 (0 extra iterations, no salt, RFC 9276): secure',
    expect: ['finding.dnssec.secure'],
    absent: ['finding.dnssec.insecure'],
  },
  {
    domain: 'dnssec-rsa.test',
    about: 'signed zone with RSA/SHA-256 (algorithm 8): secure',
    expect: ['finding.dnssec.secure'],
    absent: ['finding.dnssec.algorithm_deprecated'],
  },
  {
    domain: 'dnssec-ed25519.test',
    about: 'signed zone with Ed25519 (algorithm 15): secure',
    expect: ['finding.dnssec.secure'],
    absent: ['finding.dnssec.algorithm_deprecated'],
  },
  {
    domain: 'dnssec-sha1.test',
    about: 'signed zone with RSA/SHA-1 (algorithm 5, deprecated by RFC 8624): validates, but the algorithm is deprecated',
    expect: ['finding.dnssec.algorithm_deprecated'],
    absent: ['finding.dnssec.insecure'],
  },
  {
    domain: 'dnssec-expired.test',
    about: 'signatures expired a day ago: bogus',
    expect: ['finding.dnssec.signature_expired'],
    absent: ['finding.dnssec.secure'],
  },
  {
    domain: 'dnssec-future.test',
    about: 'signatures valid only from tomorrow: bogus',
    expect: ['finding.dnssec.signature_not_yet_valid'],
    absent: ['finding.dnssec.secure'],
  },
  {
    domain: 'dnssec-ds-mismatch.test',
    about: 'the DS in test names a key the zone does not have: broken chain of trust, bogus',
    expect: ['finding.dnssec.ds_mismatch'],
    absent: ['finding.dnssec.secure'],
  },
  {
    domain: 'dnssec-wildcard.test',
    about: 'MX host answered by a signed wildcard (RFC 4592), with the NSEC proving the name itself does not exist: secure',
    expect: ['finding.dnssec.secure'],
    absent: ['finding.dnssec.insecure'],
  },
  {
    domain: 'insecure.nsec3-optout.test',
    about: 'unsigned zone delegated from an NSEC3 opt-out parent (RFC 5155 §6): provably insecure',
    expect: ['finding.dnssec.insecure'],
    absent: ['finding.dnssec.secure'],
  },
  {
    domain: 'dnssec-mx-insecure.test',
    about: 'signed domain whose MX host (mail.onprem.test) lives in an unsigned zone',
    expect: ['finding.dnssec.secure', 'finding.dnssec.mx_zone_insecure'],
    absent: ['finding.dnssec.insecure'],
  },
  // --- DANE (signed world and the SMTP lab) ---
  {
    domain: 'dane-ok.test',
    about: 'signed zone, TLSA 3 1 1 of the served key at _25._tcp.mail.dane-ok.test (RFC 7672): DANE matches',
    expect: ['finding.dnssec.secure', 'finding.dane.match', 'finding.dane.no_rollover'],
    absent: ['finding.dane.mismatch', 'finding.dane.not_secure', 'finding.dane.rollover_ready'],
  },
  {
    domain: 'dane-ta.test',
    about: 'TLSA 2 1 1 of the issuing CA that the server sends in its chain (DANE-TA): DANE matches',
    expect: ['finding.dane.match'],
    absent: ['finding.dane.mismatch'],
  },
  {
    domain: 'dane-mismatch.test',
    about: 'TLSA 3 1 1 of a key the server does not use: DANE mismatch',
    expect: ['finding.dane.mismatch'],
    absent: ['finding.dane.match'],
  },
  {
    domain: 'dane-usage1.test',
    about: 'only PKIX-EE (1 1 1) and PKIX-TA (0 0 1) TLSA records: unusable for SMTP (RFC 7672 §3.1.3)',
    expect: ['finding.dane.unusable_usage'],
    absent: ['finding.dane.match'],
  },
  {
    domain: 'dane-rollover.test',
    about: 'TLSA 3 1 1 for the current and the next key: ready for a key rollover (RFC 7671 §8.1)',
    expect: ['finding.dane.match', 'finding.dane.rollover_ready'],
    absent: ['finding.dane.no_rollover', 'finding.dane.mismatch'],
  },
  {
    domain: 'dane-unsigned.test',
    about: 'TLSA published in an unsigned zone: not DNSSEC-validated, so it must be ignored',
    expect: ['finding.dnssec.insecure', 'finding.dane.not_secure'],
    absent: ['finding.dane.match', 'finding.dane.mismatch'],
  },
  // --- MTA-STS / TLS-RPT (need the policy lab: --connect-to from startPolicyLab().args; its CA is the SMTP lab's) ---
  {
    domain: 'sts-good.test',
    about: 'MTA-STS in enforce mode covering the MX by a wildcard, and TLS-RPT with mailto: and https: addresses',
    expect: ['finding.mta_sts.ok', 'finding.tlsrpt.ok'],
    absent: ['finding.mta_sts.missing', 'finding.mta_sts.mx_not_covered'],
  },
  {
    domain: 'sts-testing.test',
    about: 'MTA-STS in testing mode, no TLS-RPT record',
    expect: ['finding.mta_sts.mode_testing', 'finding.tlsrpt.missing'],
    absent: ['finding.mta_sts.ok'],
  },
  {
    domain: 'sts-uncovered.test',
    about: 'MTA-STS in enforce mode whose mx: lines miss an MX host (a wildcard covers one label only)',
    expect: ['finding.mta_sts.mx_not_covered'],
    absent: ['finding.mta_sts.ok'],
  },
  {
    domain: 'sts-bad-syntax.test',
    about: 'MTA-STS record with an invalid id, policy with an invalid mode and max_age, TLS-RPT with an ftp: address',
    expect: ['finding.mta_sts.record_invalid', 'finding.mta_sts.policy_field_invalid', 'finding.tlsrpt.invalid', 'finding.tlsrpt.bad_uri'],
    absent: ['finding.mta_sts.ok'],
  },
  {
    domain: 'sts-redirect.test',
    about: 'the policy URL answers with a redirect, which RFC 8461 forbids following',
    expect: ['finding.mta_sts.policy_redirect'],
    absent: ['finding.mta_sts.ok'],
  },
  {
    domain: 'sts-silent.test',
    about: 'the policy host accepts the connection and never speaks: ends at the TLS handshake deadline',
    expect: ['finding.mta_sts.policy_unreachable'],
    absent: ['finding.mta_sts.ok'],
  },
  {
    domain: 'sts-endless-body.test',
    about: 'the policy host sends a body that never ends: cut off at 64 KiB',
    expect: ['finding.mta_sts.policy_too_large'],
    absent: ['finding.mta_sts.ok'],
  },
  {
    domain: 'sts-endless-header.test',
    about: 'the policy host sends a response header that never ends: cut off at the header limit',
    expect: ['finding.mta_sts.policy_unreachable'],
    absent: ['finding.mta_sts.ok'],
  },
  {
    domain: 'sts-no-record.test',
    about: 'a policy is served but the _mta-sts TXT record is missing',
    expect: ['finding.mta_sts.policy_without_record'],
    absent: ['finding.mta_sts.ok', 'finding.mta_sts.missing'],
  },
  {
    domain: 'sts-wrong-cert.test',
    about: 'the policy host presents a certificate for another name',
    expect: ['finding.mta_sts.policy_certificate'],
    absent: ['finding.mta_sts.ok'],
  },
  {
    domain: 'sts-multiple.test',
    about: 'two _mta-sts and two _smtp._tls records: senders ignore both mechanisms',
    expect: ['finding.mta_sts.record_multiple', 'finding.tlsrpt.multiple'],
    absent: ['finding.mta_sts.ok', 'finding.tlsrpt.ok'],
  },
  {
    domain: 'sts-html.test',
    about: 'the policy is served as text/html instead of text/plain',
    expect: ['finding.mta_sts.policy_content_type'],
    absent: ['finding.mta_sts.ok'],
  },
];

/** The hostile pieces of unsafe-text.test, as published and as every view must show them. */
export const UNSAFE_TEXT = {
  spfTerm: 'x=a\u202eb\u009bc\u2028d',
  dmarcTag: 'xx=a\u202eb\u009bc\u2028d',
  /** the DMARC tag as `visible` (shared/display.ts) shows it */
  dmarcTagShown: 'xx=a\\u{202E}b\\x9bc\\u{2028}d',
  raw: ['\u202e', '\u009b', '\u2028'],
  shown: ['\\u{202E}', '\\x9b', '\\u{2028}'],
} as const;

/**
 * The hostile pieces of hostile-plan.test and hostile-exo.test. `payload` (spaces, `;`) lives where
 * a record allows it (SPF terms, a TXT string); `tag` is the same without `;` for tag=value
 * records (DMARC, DKIM), where `;` ends the tag.
 */
const HOSTILE_PAYLOAD = `"; $(Remove-Item -Recurse C:\\) \`whoami\` <script>alert(1)</script> ' ; iex`;
const HOSTILE_SPF_MODIFIERS = 'x=\'$(Remove-Item) y=`whoami` z=<script>alert(1)</script> q=";iex';
const HOSTILE_TAG = `"' $(Remove-Item -Recurse C:\\) \`whoami\` <script>alert(1)</script> | iex`;
/** DMARC report URIs: kept (quotes, `$(...)`, backticks), unsafe to copy (bidi override, C1 NEL), or invalid (raw LF, U+2028) */
const HOSTILE_RUA = {
  kept: ['mailto:a\'$(x)`y`"@hostile-plan.test', "mailto:r'$(iex)@evil.test"],
  unsafe: ['mailto:b\u202e@hostile-plan.test', 'mailto:c\u0085@hostile-plan.test'],
  invalid: ['mailto:d@hostile-plan.test\nX', 'mailto:e\u2028@hostile-plan.test'],
} as const;
export const HOSTILE = {
  payload: HOSTILE_PAYLOAD,
  tag: HOSTILE_TAG,
  /** SPF with the payload as terms: each word a syntax error */
  spf: `v=spf1 ip4:192.0.2.1 ${HOSTILE_PAYLOAD} +all`,
  /** RFC 7208 §6 unknown modifiers (macro-literals allow quotes, `$`, backticks, `<`, `;`): valid SPF, ending in +all */
  exoSpf: `v=spf1 ip4:192.0.2.1 ${HOSTILE_SPF_MODIFIERS} +all`,
  spfModifiers: HOSTILE_SPF_MODIFIERS,
  rua: HOSTILE_RUA,
  dmarc: `v=DMARC1; p=none; rua=${[HOSTILE_RUA.kept[0], HOSTILE_RUA.unsafe[0], HOSTILE_RUA.invalid[0], HOSTILE_RUA.unsafe[1], HOSTILE_RUA.invalid[1], HOSTILE_RUA.kept[1]].join(',')}; x=${HOSTILE_TAG}`,
  /** meant as DMARC, discarded (not `v=DMARC1`), with a raw line break before the payload */
  dmarcDiscarded: `v=DMARC 1\n${HOSTILE_PAYLOAD}`,
  exoDmarc: 'v=DMARC1; p=quarantine; pct=50; rua=mailto:a\'$(x)@hostile-exo.test; ruf=mailto:f"`whoami`@hostile-exo.test',
  /** MX names that are not host names: command markup in a label, a raw line feed; bidi and other controls */
  mx: ['mx.hostile-plan.test$(whoami)', "mx'; iex.hostile-plan.test", 'mx`whoami`.hostile-plan.test', 'mx\nwhoami.hostile-plan.test'],
  bidiMx: ['mx\u202e.hostile-bidi.test', 'mx\u009b.hostile-bidi.test', 'mx\u2028x.hostile-bidi.test'],
  mxCnameTarget: "real'; whoami.hostile-plan.test",
  dkimCnameTarget: "k'$(iex)`whoami`._domainkey.hostile-plan.test",
  /** Exchange Online selector targets whose tenant label is not a label */
  exoTenantTargets: [
    "selector1-hostile-exo-test._domainkey.x'$(iex).onmicrosoft.com",
    'selector2-hostile-exo-test._domainkey.t`whoami`.onmicrosoft.com',
  ],
} as const;

/**
 * Hostile SMTP peers (test/lab/smtp-lab.ts, `hostile` in smtp-server.ts): each ends as a typed
 * finding within the client's deadlines (line and reply limits, the 20 s greeting and 15 s reply
 * timeouts), never a hang or an internal error. Assessed by test/electron/cli-hostile.test.ts
 * only (not in `scenarios`: the silent and dripping peers take their full timeouts).
 */
export const hostileScenarios: (Scenario & { stage: string; detail?: RegExp })[] = [
  {
    domain: 'tls-endless-line.test',
    about: 'greets with "220 " and then an endless line: refused at the line limit as a protocol error',
    expect: ['finding.starttls.protocol_error'],
    absent: ['finding.starttls.ok', 'finding.starttls.stalled', 'finding.starttls.no_greeting'],
    stage: 'GREETING',
    detail: /line_too_long/,
  },
  {
    domain: 'tls-endless-reply.test',
    about: 'answers EHLO with a multi-line reply that never ends: refused at the reply limit as a protocol error',
    expect: ['finding.starttls.protocol_error'],
    absent: ['finding.starttls.ok', 'finding.starttls.stalled'],
    stage: 'EHLO',
    detail: /too_much_data/,
  },
  {
    domain: 'tls-silent.test',
    about: 'accepts the connection and never speaks: no greeting within the greeting timeout',
    expect: ['finding.starttls.no_greeting'],
    absent: ['finding.starttls.ok', 'finding.starttls.unreachable'],
    stage: 'GREETING',
    detail: /timeout/,
  },
  {
    domain: 'tls-garbage-after-starttls.test',
    about: 'answers STARTTLS with 220 and then binary garbage: the TLS handshake fails, data after 220 is reported',
    expect: ['finding.starttls.handshake_failed', 'finding.starttls.data_after_ready'],
    absent: ['finding.starttls.ok', 'finding.certificate.ok'],
    stage: 'TLS',
  },
  {
    domain: 'tls-huge-record.test',
    about: 'answers the ClientHello with a TLS record of 65535 bytes: the handshake fails at once',
    expect: ['finding.starttls.handshake_failed'],
    absent: ['finding.starttls.ok', 'finding.certificate.ok'],
    stage: 'TLS',
  },
  {
    domain: 'tls-drip.test',
    about: 'answers EHLO one byte every 200 ms, never finishing: the reply deadline ends it as "too slow", not as silence',
    expect: ['finding.starttls.too_slow'],
    absent: ['finding.starttls.ok', 'finding.starttls.not_offered', 'finding.starttls.stalled'],
    stage: 'EHLO',
    detail: /too_slow/,
  },
];

/**
 * Web access and Exchange scenarios (test/lab/web-lab.ts, issue 9): assessed by
 * test/electron/cli-web-access.test.ts with the web lab's arguments; `row9` is the verdict of
 * requirement 9 and `reason` a pattern its English reason must match.
 */
export const webScenarios: (Scenario & { row9: 'pass' | 'partial' | 'fail' | 'not_verified'; reason?: RegExp })[] = [
  {
    domain: 'web-good.test',
    about: 'Exchange SE (newest build) with HSTS max-age one year, HTTP redirected to HTTPS, no Basic authentication',
    expect: [
      'finding.web_access.hsts_ok',
      'finding.web_access.http_redirects',
      'finding.web_access.certificate_ok',
      'finding.exchange.current',
    ],
    absent: ['finding.web_access.hsts_missing', 'finding.exchange.basic_auth', 'finding.exchange.unsupported'],
    row9: 'pass',
  },
  {
    domain: 'web-nohsts.test',
    about: 'HTTPS without Strict-Transport-Security',
    expect: ['finding.web_access.hsts_missing'],
    absent: ['finding.web_access.hsts_ok'],
    row9: 'fail',
    reason: /without a Strict-Transport-Security header/,
  },
  {
    domain: 'web-short-hsts.test',
    about: 'HSTS max-age=86400 (one day), shorter than the required year',
    expect: ['finding.web_access.hsts_short'],
    absent: ['finding.web_access.hsts_ok'],
    row9: 'fail',
    reason: /max-age of 86400 s/,
  },
  {
    domain: 'web-noredirect.test',
    about: 'plain HTTP serves OWA and EWS instead of redirecting to HTTPS',
    expect: ['finding.web_access.http_served', 'finding.web_access.hsts_ok'],
    absent: ['finding.web_access.http_redirects'],
    row9: 'fail',
    reason: /http:\/\/[a-z.-]+\/owa\/ → 302.*instead of redirecting|over plain HTTP instead of redirecting/,
  },
  {
    domain: 'web-ex2016.test',
    about: 'Exchange Server 2016 CU23 Apr24HU (X-OWA-Version 15.1.2507.39): out of support since 2025-10-14',
    expect: ['finding.exchange.unsupported', 'finding.web_access.hsts_ok'],
    absent: ['finding.exchange.current'],
    row9: 'fail',
    reason: /Exchange Server 2016 CU23 Apr24HU.*2025-10-14/,
  },
  {
    domain: 'web-basic.test',
    about: 'EWS offers Basic authentication (WWW-Authenticate: Basic)',
    expect: ['finding.exchange.basic_auth', 'finding.web_access.hsts_ok'],
    row9: 'fail',
    reason: /\/EWS\/Exchange\.asmx/,
  },
  {
    domain: 'web-asset-only.test',
    about:
      'X-OWA-Version stripped; the logon page shows /owa/auth/15.2.1748/ (Exchange 2019 CU15, update level unknown); HTTP answers 403 without a redirect',
    expect: ['finding.exchange.unsupported', 'finding.web_access.http_no_redirect'],
    row9: 'fail',
    reason: /Exchange Server 2019/,
  },
  {
    domain: 'web-legacy-tls.test',
    about: 'HTTPS with TLS 1.0/1.1 and static-RSA/CBC suites (HSTS and redirect fine): legacy versions and insufficient suites',
    expect: ['finding.web_access.tls_legacy', 'finding.web_access.ciphers_insufficient', 'finding.web_access.hsts_ok'],
    absent: ['finding.web_access.tls_ok'],
    row9: 'fail',
    reason: /TLSv1\.0/,
  },
  {
    domain: 'web-silent.test',
    about: 'accepts connections on 443 and 80 and never speaks: ends as "no usable answer" within the client deadlines',
    expect: ['finding.web_access.https_no_answer', 'finding.web_access.http_no_answer'],
    row9: 'not_verified',
  },
  {
    domain: 'web-endless.test',
    about: 'answers with a response header that never ends: cut at the 32 KiB header limit',
    expect: ['finding.web_access.https_no_answer', 'finding.web_access.http_no_answer'],
    row9: 'not_verified',
    reason: /header larger than 32768 bytes/,
  },
];

/**
 * Mail client access scenarios (test/lab/client-lab.ts, issue 9): assessed by
 * test/electron/cli-client-access.test.ts with the client lab's arguments; `row8` is the verdict of
 * requirement 8 and `reason` must match its reason as the CLI prints it.
 */
export const clientScenarios: (Scenario & { row8: 'pass' | 'partial' | 'fail' | 'not_verified'; reason?: RegExp })[] = [
  {
    domain: 'client-good.test',
    about: 'TLS on 465/587/993/995, AUTH only after STARTTLS, 110 and 143 closed; SRV records, autodiscover CNAME',
    expect: ['finding.client_access.tls_ok', 'finding.client_access.submission_ok', 'finding.client_access.port_closed'],
    absent: ['finding.client_access.imap_login_before_tls', 'finding.client_access.pop3_login_before_tls'],
    row8: 'pass',
  },
  {
    domain: 'client-plaintext.test',
    about: 'plaintext IMAP (no LOGINDISABLED) and POP3 (USER accepted before STLS) open on 143 and 110',
    expect: ['finding.client_access.imap_login_before_tls', 'finding.client_access.pop3_login_before_tls'],
    row8: 'fail',
    reason: /mail\.client-plaintext\.test.*port 1(43|10)/,
  },
  {
    domain: 'client-starttls.test',
    about: 'IMAP and POP3 on 143/110 allow login only after STARTTLS/STLS',
    expect: ['finding.client_access.imap_login_after_tls', 'finding.client_access.pop3_login_after_tls'],
    row8: 'pass',
  },
  {
    domain: 'client-authplain.test',
    about: 'AUTH offered before STARTTLS on submission (587) and on port 25',
    expect: ['finding.client_access.submission_auth_before_tls', 'finding.client_access.smtp_auth_before_tls'],
    row8: 'fail',
    reason: /AUTH/,
  },
  {
    domain: 'client-legacy-tls.test',
    about: 'POP3S (995) and submission (587) with TLS 1.0 and static-RSA CBC suites: judged by the same TLS profile as the MX',
    expect: ['finding.tls.legacy_versions_offered', 'finding.tls.cipher_insufficient'],
    row8: 'fail',
    reason: /mail\.client-legacy-tls\.test .*TLSv1\.0/,
  },
  {
    domain: 'client-hostile.test',
    about: '143 accepts and never speaks, 110 sends an endless line: clear findings within the reply timeout',
    expect: ['finding.client_access.no_answer'],
    row8: 'partial',
  },
];

/** Twelve lab domains for a run of several (DNS scenarios, two SMTP hosts, an IDN): the CLI test and the benchmark. */
export const TWELVE_DOMAINS = [
  'exo-good.test',
  'onprem.test',
  'no-dmarc.test',
  'spf-plus-all.test',
  'null-mx.test',
  'příklad.test',
  'dkim-1024.test',
  'mx-cname.test',
  'rua-authorised.test',
  'dkim-revoked.test',
  'tls-modern.test',
  'tls-legacy.test',
];
