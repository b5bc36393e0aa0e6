/**
 * What the certificate check can find: each finding key with its Czech and English message and how the
 * remediation plan handles it.
 */
import { defineFindings } from '../../check-spec';
import { defineMessages } from '../../../../shared/i18n/types';
import type { CertificateFindingKey } from '../../../../shared/certificate';
import { none, steps } from '../../../../shared/remediation/entry';

export const certificateFindings = defineFindings<CertificateFindingKey>({
  'finding.certificate.ok': {
    remediation: none('ok'),
    cs: 'Certifikát serveru {host} je platný, vydaný uznávanou certifikační autoritou ({issuer}) a vystavený pro jméno serveru; platí do {validTo} (zbývá {daysLeft} dní), klíč {key}.',
    en: "The certificate of {host} is valid, issued by a recognised certification authority ({issuer}) for the server's name; it is valid until {validTo} ({daysLeft} days left), key {key}.",
  },
  'finding.certificate.untrusted': {
    remediation: steps('certificate'),
    cs: 'Certifikát serveru {host} ({subject}) nevede k žádné uznávané certifikační autoritě (kořen: {root}; chyba {error}). Odesílatelé, kteří certifikáty ověřují, s ním spojení odmítnou. Použijte certifikát od veřejné certifikační autority.',
    en: 'The certificate of {host} ({subject}) does not lead to any recognised certification authority (root: {root}; error {error}). Senders that verify certificates will refuse to connect. Use a certificate from a public certification authority.',
  },
  'finding.certificate.self_signed': {
    remediation: steps('certificate'),
    cs: 'Server {host} používá certifikát podepsaný sám sebou ({subject}). Nikdo jiný mu nemůže ověřit pravost. Nahraďte ho certifikátem od veřejné certifikační autority pro jméno {host}.',
    en: '{host} uses a self-signed certificate ({subject}). Nobody else can verify that it is genuine. Replace it with a certificate from a public certification authority for {host}.',
  },
  'finding.certificate.chain_incomplete': {
    remediation: steps('certificate'),
    cs: 'Server {host} posílá jen svůj certifikát ({subject}) bez mezilehlého certifikátu vydavatele ({issuer}), takže řetězec nejde ověřit. Doplňte na server mezilehlý certifikát (ke stažení z {caIssuers}).',
    en: '{host} sends only its own certificate ({subject}) without the intermediate certificate of its issuer ({issuer}), so the chain cannot be verified. Install the intermediate certificate on the server (available from {caIssuers}).',
  },
  'finding.certificate.name_mismatch': {
    remediation: steps('certificate'),
    cs: 'Certifikát serveru {host} není vystaven pro toto jméno; obsahuje jen {names}. Vystavte certifikát, který obsahuje jméno {host} uvedené v záznamu MX.',
    en: 'The certificate of {host} is not issued for that name; it only covers {names}. Get a certificate that includes {host}, the name in the MX record.',
  },
  'finding.certificate.expired': {
    remediation: steps('certificate'),
    cs: 'Certifikát serveru {host} ({subject}) vypršel {validTo} (před {daysAgo} dny). Obnovte ho a nasaďte nový.',
    en: 'The certificate of {host} ({subject}) expired on {validTo} ({daysAgo} days ago). Renew it and install the new one.',
  },
  'finding.certificate.not_yet_valid': {
    remediation: steps('certificate'),
    cs: 'Certifikát serveru {host} ({subject}) začne platit až {validFrom}. Zkontrolujte hodiny serveru nebo nasazený certifikát.',
    en: 'The certificate of {host} ({subject}) only becomes valid on {validFrom}. Check the server clock or the installed certificate.',
  },
  'finding.certificate.expires_soon': {
    remediation: steps('certificate'),
    cs: 'Certifikát serveru {host} vyprší {validTo}, tedy za {daysLeft} dní. Obnovte ho včas (a při použití DANE zveřejněte nový záznam TLSA předem).',
    en: 'The certificate of {host} expires on {validTo}, in {daysLeft} days. Renew it in time (and with DANE, publish the new TLSA record beforehand).',
  },
  'finding.certificate.invalid_dates': {
    remediation: steps('certificate'),
    cs: 'Certifikát serveru {host} ({subject}) má neplatné údaje o době platnosti (od {notBefore}, do {notAfter}): nejde o skutečné datum, takže odesílatelé, kteří certifikáty ověřují, ho odmítnou. Nechte certifikát vystavit znovu.',
    en: 'The certificate of {host} ({subject}) has invalid validity dates (from {notBefore}, to {notAfter}): they are not real dates, so senders that verify certificates will reject it. Have the certificate reissued.',
  },
  'finding.certificate.key_weak': {
    remediation: steps('certificate'),
    // DESIGN §1 row 10: key sizes and signature hashes are algorithms too.
    alsoDecides: ['algorithms'],
    cs: 'Certifikát serveru {host} má slabý klíč {key}. Vyžaduje se RSA alespoň 2048 bitů (lépe 3072) nebo EC alespoň 256 bitů.',
    en: 'The certificate of {host} has a weak key, {key}. At least RSA 2048 bits (better 3072) or EC 256 bits is required.',
  },
  'finding.certificate.key_sufficient': {
    remediation: none('ok'),
    // DESIGN §1 row 10: key sizes and signature hashes are algorithms too.
    alsoDecides: ['algorithms'],
    cs: 'Certifikát serveru {host} má klíč {key}: dostačující, doporučeno je RSA 3072 bitů nebo EC (P-256 a silnější) při příští obnově.',
    en: 'The certificate of {host} has a {key} key: sufficient; RSA 3072 bits or EC (P-256 or stronger) is recommended at the next renewal.',
  },
  'finding.certificate.key_unreadable': {
    remediation: steps('certificate'),
    // DESIGN §1 row 10: the key of the certificate is an algorithm too.
    alsoDecides: ['algorithms'],
    cs: 'Veřejný klíč v certifikátu serveru {host} ({subject}) nejde přečíst ({detail}), takže jeho druh ani délku nelze ověřit a odesílatelé s ním spojení nejspíš nenavážou. Nechte certifikát vystavit znovu s klíčem RSA (alespoň 2048 bitů) nebo EC P-256.',
    en: 'The public key in the certificate of {host} ({subject}) cannot be read ({detail}), so its type and size cannot be checked and senders will most likely fail to connect with it. Have the certificate reissued with an RSA key (at least 2048 bits) or EC P-256.',
  },
  'finding.certificate.signature_weak': {
    remediation: steps('certificate'),
    // DESIGN §1 row 10: key sizes and signature hashes are algorithms too.
    alsoDecides: ['algorithms'],
    cs: 'Certifikát {certificate} v řetězci serveru {host} je podepsán zastaralým algoritmem {algorithm}, který lze padělat. Nechte certifikát vystavit znovu s SHA-256.',
    en: 'Certificate {certificate} in the chain of {host} is signed with the obsolete algorithm {algorithm}, which can be forged. Have the certificate reissued with SHA-256.',
  },
  'finding.certificate.not_available': {
    remediation: none('not-testable'),
    cs: 'Certifikát serveru {host} se nepodařilo získat, protože šifrované spojení nebylo navázáno (viz STARTTLS).',
    en: 'The certificate of {host} could not be obtained because no encrypted connection was made (see STARTTLS).',
  },
});

/** Other texts of this check: evidence labels, why it was skipped. */
export const certificateMessages = defineMessages({
  cs: {
    'skipped.requires_starttls': 'Kontrola potřebuje výsledek testu STARTTLS, který není k dispozici.',
    'evidence.certificate.chain': 'Řetězec certifikátů, jak ho server poslal',
  },
  en: {
    'skipped.requires_starttls': 'The check needs the result of the STARTTLS test, which is not available.',
    'evidence.certificate.chain': 'Certificate chain as the server sent it',
  },
});
