/**
 * The remediation catalogue: for every finding key the engine emits, which step builder fixes it
 * or why no action is needed. Lookup order: the exact key; then, for findings that report no
 * problem (pass, info) or could not test (error, not_tested), the status; then the longest key
 * prefix; then the finding's check id. Prefix and check-id entries exist for checks being written
 * now (STARTTLS, TLS, certificates, DNSSEC, DANE, MTA-STS, client and web access): refine them by
 * adding exact keys to EXACT below when those keys settle.
 */
import type { Finding } from '../assessment';
import type { FindingStatus } from '../status';
import { dkimKeySteps, dkimSetupSteps, dmarcExternalSteps, dmarcSteps, mxSteps, spfLookupSteps, spfRecordSteps, spfReviewSteps } from './steps/mail-auth';
import {
  certificateSteps,
  clientAccessSteps,
  daneSteps,
  dnssecSteps,
  exchangeSteps,
  mtaStsSteps,
  starttlsSteps,
  tlsCipherSteps,
  tlsProtocolSteps,
  webAccessSteps,
} from './steps/transport';
import type { StepBuilder } from './types';

/**
 * Builders in the order their steps appear within one phase. DNSSEC comes before DANE and MX
 * fixes before everything that tests the MX hosts.
 */
export const BUILDERS = {
  'mx-records': mxSteps,
  dnssec: dnssecSteps,
  'spf-record': spfRecordSteps,
  'spf-lookups': spfLookupSteps,
  'spf-review': spfReviewSteps,
  'dkim-setup': dkimSetupSteps,
  'dkim-key': dkimKeySteps,
  dmarc: dmarcSteps,
  'dmarc-external': dmarcExternalSteps,
  'mta-sts': mtaStsSteps,
  starttls: starttlsSteps,
  certificate: certificateSteps,
  'tls-protocols': tlsProtocolSteps,
  'tls-ciphers': tlsCipherSteps,
  dane: daneSteps,
  'client-access': clientAccessSteps,
  'web-access': webAccessSteps,
  exchange: exchangeSteps,
} satisfies Record<string, StepBuilder>;

export type BuilderId = keyof typeof BUILDERS;

/**
 * Why a finding needs no step of its own:
 * - ok: it reports a good state (pass) or a fact (info);
 * - recheck: a lookup failed, the result is unknown — run the assessment again (another network);
 * - not-testable: it could not be tested from here (e.g. port 25 blocked) — nothing to fix yet;
 * - covered: another finding's step fixes it.
 */
export type NoActionReason = 'ok' | 'recheck' | 'not-testable' | 'covered';

export type RemediationEntry = { kind: 'steps'; builder: BuilderId } | { kind: 'none'; reason: NoActionReason };

const steps = (builder: BuilderId): RemediationEntry => ({ kind: 'steps', builder });
const none = (reason: NoActionReason): RemediationEntry => ({ kind: 'none', reason });

const DKIM_RECORD_PROBLEMS = [
  'malformed_tag',
  'duplicate_tag',
  'version_not_first',
  'bad_version',
  'missing_key',
  'unknown_key_type',
  'key_base64',
  'key_der',
  'key_algorithm_mismatch',
  'key_ed25519_length',
  'key_ed25519_spki',
  'no_sha256',
  'not_for_email',
] as const;

/** Every key the engine emits today (mx, spf, dmarc, dkim, platform, starttls, certificate, tls-*). */
export const EXACT: Readonly<Record<string, RemediationEntry>> = {
  // MX (RFC 5321 §5.1, RFC 7505, RFC 2181 §10.3)
  'finding.mx.ok': none('ok'),
  'finding.mx.null_mx': none('ok'),
  'finding.mx.null_mx_mixed': steps('mx-records'),
  'finding.mx.none': steps('mx-records'),
  'finding.mx.domain_not_found': steps('mx-records'),
  'finding.mx.implicit': steps('mx-records'),
  'finding.mx.ip_literal': steps('mx-records'),
  'finding.mx.invalid_name': steps('mx-records'),
  'finding.mx.no_address': steps('mx-records'),
  'finding.mx.no_usable_host': steps('mx-records'),
  'finding.mx.cname': steps('mx-records'),
  'finding.mx.extra_host_no_address': steps('mx-records'),
  'finding.mx.lookup_failed': none('recheck'),
  'finding.mx.address_lookup_partial': none('recheck'),

  // SPF (RFC 7208)
  'finding.spf.ok': none('ok'),
  'finding.spf.soft_all': none('ok'),
  'finding.spf.deprecated_spf_rr': none('ok'),
  'finding.spf.unknown_modifier': none('ok'),
  'finding.spf.terms_after_all': none('ok'),
  'finding.spf.redirect_ignored': none('ok'),
  'finding.spf.macro_target': none('ok'),
  'finding.spf.missing': steps('spf-record'),
  'finding.spf.multiple': steps('spf-record'),
  'finding.spf.plus_all': steps('spf-record'),
  'finding.spf.neutral_all': steps('spf-record'),
  'finding.spf.no_all': steps('spf-record'),
  'finding.spf.string_too_long': steps('spf-record'),
  'finding.platform.spf_missing_exo_include': steps('spf-record'),
  'finding.spf.too_many_lookups': steps('spf-lookups'),
  'finding.spf.domain_not_found': steps('spf-review'),
  'finding.spf.syntax_error': steps('spf-review'),
  'finding.spf.include_failed': steps('spf-review'),
  'finding.spf.include_invalid': steps('spf-review'),
  'finding.spf.redirect_failed': steps('spf-review'),
  'finding.spf.redirect_invalid': steps('spf-review'),
  'finding.spf.loop': steps('spf-review'),
  'finding.spf.too_many_void_lookups': steps('spf-review'),
  'finding.spf.void_lookups': steps('spf-review'),
  'finding.spf.too_many_mx_names': steps('spf-review'),
  'finding.spf.plus_all_include': steps('spf-review'),
  'finding.spf.ptr_used': steps('spf-review'),
  'finding.spf.deprecated_spf_rr_differs': steps('spf-review'),
  'finding.spf.long_record': steps('spf-review'),
  'finding.spf.lookup_error': none('recheck'),
  'finding.spf.analysis_truncated': none('recheck'),

  // DMARC (RFC 7489)
  'finding.dmarc.policy_quarantine': none('ok'),
  'finding.dmarc.policy_reject': none('ok'),
  'finding.dmarc.rua': none('ok'),
  'finding.dmarc.ruf': none('ok'),
  'finding.dmarc.inherited': none('ok'),
  'finding.dmarc.alignment_relaxed': none('ok'),
  'finding.dmarc.alignment_strict': none('ok'),
  'finding.dmarc.alignment_strict_dkim': none('ok'),
  'finding.dmarc.alignment_strict_spf': none('ok'),
  'finding.dmarc.external_authorized': none('ok'),
  'finding.dmarc.missing': steps('dmarc'),
  'finding.dmarc.multiple': steps('dmarc'),
  'finding.dmarc.ignored': steps('dmarc'),
  'finding.dmarc.policy_none': steps('dmarc'),
  'finding.dmarc.invalid_policy': steps('dmarc'),
  'finding.dmarc.missing_policy': steps('dmarc'),
  'finding.dmarc.policy_not_second': steps('dmarc'),
  'finding.dmarc.invalid_value': steps('dmarc'),
  'finding.dmarc.malformed_tag': steps('dmarc'),
  'finding.dmarc.duplicate_tag': steps('dmarc'),
  'finding.dmarc.unknown_tag': steps('dmarc'),
  'finding.dmarc.invalid_uri': steps('dmarc'),
  'finding.dmarc.unsupported_uri': steps('dmarc'),
  'finding.dmarc.invalid_size': steps('dmarc'),
  'finding.dmarc.pct_partial': steps('dmarc'),
  'finding.dmarc.testing_mode': steps('dmarc'),
  'finding.dmarc.subdomain_policy_weaker': steps('dmarc'),
  'finding.dmarc.no_rua': steps('dmarc'),
  'finding.dmarc.discarded_record': steps('dmarc'),
  'finding.dmarc.external_not_authorized': steps('dmarc-external'),
  'finding.dmarc.dns_error': none('recheck'),
  'finding.dmarc.external_dns_error': none('recheck'),

  // DKIM (RFC 6376, RFC 8301)
  'finding.dkim.key': none('ok'),
  'finding.dkim.summary': none('ok'),
  'finding.dkim.revoked': none('ok'),
  'finding.dkim.none_found': steps('dkim-setup'),
  'finding.dkim.exo_not_enabled': steps('dkim-setup'),
  'finding.dkim.exo_domain_mismatch': steps('dkim-setup'),
  'finding.dkim.key_too_short': steps('dkim-key'),
  'finding.dkim.key_weak': steps('dkim-key'),
  'finding.dkim.testing': steps('dkim-key'),
  'finding.dkim.multiple_records': steps('dkim-key'),
  'finding.dkim.cname_no_key': steps('dkim-key'),
  'finding.dkim.selector_not_found': steps('dkim-key'),
  ...Object.fromEntries(DKIM_RECORD_PROBLEMS.map((code) => [`finding.dkim.${code}`, steps('dkim-key')])),
  'finding.dkim.dns_error': none('recheck'),

  // STARTTLS (RFC 3207). Outcomes that say "could not test from here" are never a server fault (DESIGN §4).
  'finding.starttls.ok': none('ok'),
  ...Object.fromEntries(['not_offered', 'helo_only', 'temporarily_refused', 'refused', 'handshake_failed', 'protocol_error', 'unreachable', 'data_after_ready'].map((k) => [`finding.starttls.${k}`, steps('starttls')])),
  ...Object.fromEntries(
    ['rate_limited', 'greeting_refused', 'ehlo_refused', 'no_greeting', 'stalled', 'connection_lost', 'no_ipv6', 'port25_blocked', 'port25_unverified'].map((k) => [`finding.starttls.${k}`, none('not-testable')]),
  ),

  // Certificates (RFC 5280, RFC 6125)
  'finding.certificate.ok': none('ok'),
  'finding.certificate.key_sufficient': none('ok'),
  'finding.certificate.not_available': none('not-testable'),
  ...Object.fromEntries(
    ['self_signed', 'chain_incomplete', 'untrusted', 'name_mismatch', 'not_yet_valid', 'expired', 'expires_soon', 'key_weak', 'signature_weak'].map((k) => [`finding.certificate.${k}`, steps('certificate')]),
  ),

  // TLS on the MX hosts (NCSC-NL 2025-05): versions and extras → SCHANNEL/.NET protocol settings; suites and key exchange → suite and DH settings.
  ...Object.fromEntries(['versions_modern', 'versions_tls12_max', 'ciphers_ok', 'key_exchange_ok', 'groups_incomplete', 'extras_ok', 'extras_tls13_only'].map((k) => [`finding.tls.${k}`, none('ok')])),
  ...Object.fromEntries(['rate_limited', 'connection_failed', 'deadline', 'previous_step_incomplete', 'versions_unknown', 'ciphers_incomplete', 'extras_unknown', 'kex_hash_unknown'].map((k) => [`finding.tls.${k}`, none('not-testable')])),
  ...Object.fromEntries(['ssl3_offered', 'legacy_versions_offered', 'no_modern_version', 'kex_hash_legacy', 'compression_enabled', 'insecure_renegotiation', 'no_extended_master_secret'].map((k) => [`finding.tls.${k}`, steps('tls-protocols')])),
  ...Object.fromEntries(
    ['cipher_insufficient', 'cipher_phase_out', 'cipher_order_not_enforced', 'cipher_order_weak_first', 'no_forward_secrecy', 'group_insufficient', 'group_phase_out', 'dh_small', 'dh_insufficient', 'dh_phase_out', 'kex_hash_sha1', 'kex_hash_sha224'].map((k) => [`finding.tls.${k}`, steps('tls-ciphers')]),
  ),
  // STARTTLS is taken but no TLS version answers: the certificate binding of the receive connector is the usual cause.
  'finding.tls.no_tls_handshake': steps('starttls'),

  // Platform detection: facts, except the SPF include above.
  'finding.platform.exchange_online': none('ok'),
  'finding.platform.exchange_online_tenant': none('ok'),
  'finding.platform.hybrid_or_gateway': none('ok'),
  'finding.platform.on_premises_or_other': none('ok'),
  'finding.platform.no_mail_hosts': none('ok'),
  'finding.platform.hint_mismatch': none('ok'),
};

/** Key prefixes of checks being written now; the longest match wins. */
export const PREFIXES: readonly { prefix: string; entry: RemediationEntry }[] = [
  { prefix: 'finding.starttls.', entry: steps('starttls') },
  { prefix: 'finding.smtp.', entry: steps('starttls') },
  { prefix: 'finding.tls.', entry: steps('tls-protocols') },
  { prefix: 'finding.tls-versions.', entry: steps('tls-protocols') },
  { prefix: 'finding.tls_versions.', entry: steps('tls-protocols') },
  { prefix: 'finding.tls-extras.', entry: steps('tls-protocols') },
  { prefix: 'finding.tls.cipher', entry: steps('tls-ciphers') },
  { prefix: 'finding.tls.suite', entry: steps('tls-ciphers') },
  { prefix: 'finding.tls.kex', entry: steps('tls-ciphers') },
  { prefix: 'finding.tls.key_exchange', entry: steps('tls-ciphers') },
  { prefix: 'finding.tls.group', entry: steps('tls-ciphers') },
  { prefix: 'finding.tls.dh', entry: steps('tls-ciphers') },
  { prefix: 'finding.tls-ciphers.', entry: steps('tls-ciphers') },
  { prefix: 'finding.tls-key-exchange.', entry: steps('tls-ciphers') },
  { prefix: 'finding.certificate.', entry: steps('certificate') },
  { prefix: 'finding.dnssec.', entry: steps('dnssec') },
  { prefix: 'finding.dane.', entry: steps('dane') },
  { prefix: 'finding.mta-sts.', entry: steps('mta-sts') },
  { prefix: 'finding.mta_sts.', entry: steps('mta-sts') },
  { prefix: 'finding.tls-rpt.', entry: steps('mta-sts') },
  { prefix: 'finding.tlsrpt.', entry: steps('mta-sts') },
  { prefix: 'finding.tls_rpt.', entry: steps('mta-sts') },
  { prefix: 'finding.client-access.', entry: steps('client-access') },
  { prefix: 'finding.client_access.', entry: steps('client-access') },
  { prefix: 'finding.imap.', entry: steps('client-access') },
  { prefix: 'finding.pop3.', entry: steps('client-access') },
  { prefix: 'finding.submission.', entry: steps('client-access') },
  { prefix: 'finding.web-access.', entry: steps('web-access') },
  { prefix: 'finding.web_access.', entry: steps('web-access') },
  { prefix: 'finding.web.', entry: steps('web-access') },
  { prefix: 'finding.hsts.', entry: steps('web-access') },
  { prefix: 'finding.https.', entry: steps('web-access') },
  { prefix: 'finding.exchange.', entry: steps('exchange') },
];

/** Check ids of checks being written now, for keys no prefix above knows. */
export const BY_CHECK: Readonly<Record<string, RemediationEntry>> = {
  starttls: steps('starttls'),
  'tls-versions': steps('tls-protocols'),
  'tls-extras': steps('tls-protocols'),
  'tls-ciphers': steps('tls-ciphers'),
  'tls-key-exchange': steps('tls-ciphers'),
  certificate: steps('certificate'),
  dnssec: steps('dnssec'),
  dane: steps('dane'),
  'mta-sts': steps('mta-sts'),
  'tls-rpt': steps('mta-sts'),
  'client-access': steps('client-access'),
  'web-access': steps('web-access'),
  exchange: steps('exchange'),
};

const BY_STATUS: Partial<Record<FindingStatus, RemediationEntry>> = {
  pass: none('ok'),
  info: none('ok'),
  error: none('recheck'),
  not_tested: none('not-testable'),
};

export function prefixEntry(key: string): RemediationEntry | undefined {
  let best: { prefix: string; entry: RemediationEntry } | undefined;
  for (const p of PREFIXES) if (key.startsWith(p.prefix) && (!best || p.prefix.length > best.prefix.length)) best = p;
  return best?.entry;
}

/** The catalogue entry for a finding; undefined for a key nobody has catalogued (a test fails on those). */
export function remediationEntry(f: Pick<Finding, 'key' | 'status' | 'checkId'>): RemediationEntry | undefined {
  return EXACT[f.key] ?? BY_STATUS[f.status] ?? prefixEntry(f.key) ?? BY_CHECK[f.checkId];
}

/** Whether a key has an entry of its own (exact or by prefix), whatever status it is emitted with. */
export function hasCatalogueEntry(key: string): boolean {
  return EXACT[key] !== undefined || prefixEntry(key) !== undefined;
}
