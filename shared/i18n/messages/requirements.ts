import { defineMessages } from '../types';

/** The requirement catalogue (shared/requirements.ts): rows, sources, verdicts and reasons. */
export const requirementMessages = defineMessages({
  cs: {
    'verdict.pass': 'splněno',
    'verdict.partial': 'splněno částečně',
    'verdict.fail': 'nesplněno',
    'verdict.not_verified': 'neověřeno',

    'requirement.starttls.title': 'STARTTLS na všech poštovních serverech (MX)',
    'requirement.starttls.description':
      'Každý server uvedený v záznamech MX musí na portu 25 nabízet šifrování STARTTLS a šifrované spojení se s ním musí dát navázat. Bez toho putuje pošta mezi servery internetem nešifrovaně a kdokoli na cestě ji může číst.',
    'requirement.starttls.source':
      'Ochranné opatření NÚKIB z října 2021 („Metody zvýšení ochrany e-mailových systémů“), podle veřejných shrnutí; primární text jsme neměli k dispozici.',
    'requirement.tls-versions.title': 'TLS 1.2 a novější; TLS 1.0 a 1.1 jen tam, kde je to nevyhnutelné; SSL 3.0 a starší zakázány',
    'requirement.tls-versions.description':
      'Poštovní servery mají šifrovat verzí TLS 1.2 nebo 1.3. Staré verze TLS 1.0 a 1.1 mají známé slabiny a smějí zůstat zapnuté jen se zdůvodněním; SSL 3.0 a starší jsou prolomené a nesmějí být dostupné vůbec.',
    'requirement.tls-versions.source':
      'Ochranné opatření NÚKIB (2021) podle shrnutí; hodnocení verzí podle doporučení NCSC-NL pro TLS, verze 2025-05 (TLS 1.3 dobré, TLS 1.2 dostatečné, TLS 1.0 a 1.1 k vyřazení).',
    'requirement.certificate.title': 'Platné certifikáty od uznávané certifikační autority, vydané na jméno serveru',
    'requirement.certificate.description':
      'Certifikát každého poštovního serveru musí být platný, vydaný důvěryhodnou certifikační autoritou na jméno serveru uvedené v MX, s dostatečně silným klíčem a bez podpisu SHA-1. Jinak nemohou odesílatelé ověřit, že mluví se skutečným serverem.',
    'requirement.certificate.source':
      'Ochranné opatření NÚKIB (2021) podle shrnutí; velikosti klíčů a hashovací funkce podle NCSC-NL 2025-05 (RSA alespoň 2048 bitů, EC alespoň 256 bitů, SHA-1 nevyhovuje); upozornění 30 dní před vypršením je volba této aplikace.',
    'requirement.dnssec.title': 'Poštovní záznamy DNS podepsané DNSSEC aktuálními algoritmy',
    'requirement.dnssec.description':
      'Zóna domény i zóny poštovních serverů mají být podepsány DNSSEC, aby nikdo nemohl odesílatelům podvrhnout, kam mají poštu doručit. Podpisy mají používat aktuální algoritmy.',
    'requirement.dnssec.source':
      'Ochranné opatření NÚKIB (2021) podle shrnutí; algoritmy podle RFC 8624 (8, 13, 14 a 15 vyhovují, algoritmy 5 a 7 se SHA-1 ne).',
    'requirement.dane.title': 'Záznamy TLSA (DANE) pro poštovní servery',
    'requirement.dane.description':
      'Pro každý server MX má být v DNS zveřejněn záznam TLSA (_25._tcp.<server>), podepsaný DNSSEC a odpovídající certifikátu, který server skutečně používá. Odesílatelé pak šifrování vyžadují a certifikát ověří i bez certifikační autority.',
    'requirement.dane.source': 'Ochranné opatření NÚKIB (2021) podle shrnutí; RFC 7672 (DANE pro SMTP, použití TLSA 2 nebo 3) a RFC 7671.',
    'requirement.dane-outbound.title': 'Odesílající servery ověřují DANE',
    'requirement.dane-outbound.description':
      'Servery, které poštu organizace odesílají, mají u příjemců se záznamy TLSA ověřovat DANE a při neshodě zprávu nedoručit. To je vidět jen zevnitř organizace, ne z internetu.',
    'requirement.dane-outbound.source':
      'Ochranné opatření NÚKIB (2021) podle shrnutí. Zvenčí nelze ověřit; aplikace nabízí postup ručního testu.',
    'requirement.mail-auth.title': 'SPF, DKIM a DMARC',
    'requirement.mail-auth.description':
      'Doména má mít platný záznam SPF (kdo smí za ni posílat), podepisovat odchozí poštu DKIM a zveřejnit DMARC s politikou quarantine nebo reject, která příjemcům říká, co s podvrženou poštou udělat.',
    'requirement.mail-auth.source':
      'Ochranné opatření NÚKIB (2021) podle shrnutí; SPF podle RFC 7208, DKIM podle RFC 6376 a RFC 8301 (klíč RSA alespoň 2048 bitů doporučen), DMARC podle RFC 7489; požadavek politiky quarantine nebo reject podle NCSC-NL a internet.nl.',
    'requirement.client-access.title': 'Klientský přístup jen šifrovaně (SMTPS / submission, IMAPS, POP3S)',
    'requirement.client-access.description':
      'Kde jsou služby pro poštovní klienty potřeba, mají běžet jen šifrovaně: odesílání na portu 465 nebo 587 s přihlášením až po zapnutí TLS, IMAP na 993 a POP3 na 995. Nešifrované porty 110 a 143 nemají být z internetu dostupné.',
    'requirement.client-access.source': 'Ochranné opatření NÚKIB (2021) podle shrnutí.',
    'requirement.web-access.title': 'Webový přístup (OWA, ECP, autodiscover) jen přes HTTPS s HSTS',
    'requirement.web-access.description':
      'Webová pošta a další webové služby serveru mají být dostupné jen přes HTTPS, z HTTP přesměrovat na HTTPS a posílat hlavičku Strict-Transport-Security (HSTS), aby prohlížeč nikdy nepoužil nešifrované spojení.',
    'requirement.web-access.source':
      'Ochranné opatření NÚKIB (2021) podle shrnutí; HSTS s max-age alespoň 31536000 sekund (1 rok) podle NCSC-NL a Microsoftu.',
    'requirement.algorithms.title': 'Silné a odolné kryptografické algoritmy',
    'requirement.algorithms.description':
      'Šifrovací sady, výměna klíčů a další vlastnosti TLS mají odpovídat současným doporučením: žádné sady třídy „nedostatečné“, server upřednostňuje dobré a dostatečné sady, výměna klíčů ECDHE nebo dostatečně velké DH, bez komprese TLS a s bezpečnou renegociací.',
    'requirement.algorithms.source':
      'Ochranné opatření NÚKIB odkazuje na „Minimální požadavky na kryptografické algoritmy“ NÚKIB, jejichž text jsme neměli; prahy proto podle NCSC-NL 2025-05 (třídy dobré / dostatečné / k vyřazení / nedostatečné; nevyhovuje jen třída nedostatečné).',

    'source.nukib-measure-2021':
      'NÚKIB: ochranné opatření „Metody zvýšení ochrany e-mailových systémů“, říjen 2021, vydané podle zákona č. 181/2014 Sb. (známé z veřejných shrnutí)',
    'source.nukib-crypto-minimum': 'NÚKIB: Minimální požadavky na kryptografické algoritmy (primární text nebyl k dispozici)',
    'source.ncsc-nl-tls-2025-05':
      'NCSC-NL: IT Security Guidelines for Transport Layer Security (TLS), verze 2025-05, jak je uplatňuje internet.nl',
    'source.act-264-2025': 'Zákon č. 264/2025 Sb., o kybernetické bezpečnosti, účinný od 1. listopadu 2025; nahradil zákon č. 181/2014 Sb.',
    'source.rfc': 'Internetové standardy IETF (RFC) uvedené u jednotlivých požadavků',

    'requirement.reason.check_unavailable':
      'Kontrola ({checks|check}) v tomto posouzení neproběhla (bylo provedeno starší verzí aplikace), požadavek proto nelze ověřit. Posuďte doménu znovu.',
    'requirement.reason.no_check_yet': 'Tento požadavek v této verzi aplikace zatím žádná kontrola neověřuje.',
    'requirement.reason.check_error':
      'Kontrola „{check|check}“ skončila chybou, výsledek není znám. Zopakujte posouzení, případně z jiné sítě.',
    'requirement.reason.check_skipped': 'Kontrola „{check|check}“ se nespustila, protože chyběly údaje, které potřebuje.',
    'requirement.reason.dkim_selector_unknown':
      'DKIM se nepodařilo potvrdit: pod vyzkoušenými selektory ({tried}) není žádný klíč. Selektor nelze z DNS zjistit – zadejte selektor, který používá váš podepisující server, a posouzení zopakujte.',
    'requirement.reason.dkim_exo_not_configured':
      'Exchange Online nepodepisuje poštu klíčem vaší domény: selektory selector1 a selector2 nejsou nastaveny. Podpis DKIM pak pro DMARC nepočítá.',
    'requirement.reason.warnings': 'Požadavek je splněn jen částečně ({count} varování).',
    'requirement.reason.nothing_tested': 'Nebylo co testovat (například doména nepřijímá poštu).',
  },
  en: {
    'verdict.pass': 'met',
    'verdict.partial': 'partly met',
    'verdict.fail': 'not met',
    'verdict.not_verified': 'not verified',

    'requirement.starttls.title': 'STARTTLS on every mail server (MX)',
    'requirement.starttls.description':
      'Every server named in the MX records must offer STARTTLS encryption on port 25, and an encrypted connection to it must succeed. Without it, mail travels between servers across the internet unencrypted and anyone on the way can read it.',
    'requirement.starttls.source':
      'NÚKIB protective measure of October 2021 ("Methods of increasing the protection of email systems"), as published in summaries; the primary text was not available to us.',
    'requirement.tls-versions.title': 'TLS 1.2 and newer; TLS 1.0 and 1.1 only where unavoidable; SSL 3.0 and older forbidden',
    'requirement.tls-versions.description':
      'Mail servers should encrypt with TLS 1.2 or 1.3. The old versions TLS 1.0 and 1.1 have known weaknesses and may stay enabled only with a justification; SSL 3.0 and older are broken and must not be available at all.',
    'requirement.tls-versions.source':
      'NÚKIB protective measure (2021) as summarised; versions rated per the NCSC-NL TLS guidelines, version 2025-05 (TLS 1.3 good, TLS 1.2 sufficient, TLS 1.0 and 1.1 phase-out).',
    'requirement.certificate.title': 'Valid certificates from a recognised certificate authority, issued for the server name',
    'requirement.certificate.description':
      "Each mail server's certificate must be valid, issued by a trusted certificate authority for the server name in the MX record, with a strong enough key and no SHA-1 signature. Otherwise senders cannot verify they are talking to the real server.",
    'requirement.certificate.source':
      "NÚKIB protective measure (2021) as summarised; key sizes and hash functions per NCSC-NL 2025-05 (RSA at least 2048 bits, EC at least 256 bits, SHA-1 fails); the warning 30 days before expiry is this application's choice.",
    'requirement.dnssec.title': 'Mail DNS records signed with DNSSEC using current algorithms',
    'requirement.dnssec.description':
      "The domain's zone and the mail servers' zones should be signed with DNSSEC, so that nobody can forge for senders where to deliver the mail. The signatures should use current algorithms.",
    'requirement.dnssec.source':
      'NÚKIB protective measure (2021) as summarised; algorithms per RFC 8624 (8, 13, 14 and 15 pass; algorithms 5 and 7 with SHA-1 do not).',
    'requirement.dane.title': 'TLSA records (DANE) for the mail servers',
    'requirement.dane.description':
      'For every MX server a TLSA record (_25._tcp.<server>) should be published in DNS, signed with DNSSEC and matching the certificate the server actually uses. Senders then require encryption and verify the certificate even without a certificate authority.',
    'requirement.dane.source': 'NÚKIB protective measure (2021) as summarised; RFC 7672 (DANE for SMTP, TLSA usage 2 or 3) and RFC 7671.',
    'requirement.dane-outbound.title': 'Sending servers validate DANE',
    'requirement.dane-outbound.description':
      "The servers that send the organisation's mail should validate DANE for recipients with TLSA records and not deliver on a mismatch. This is visible only from inside the organisation, not from the internet.",
    'requirement.dane-outbound.source':
      'NÚKIB protective measure (2021) as summarised. Cannot be verified from outside; the application offers a manual test.',
    'requirement.mail-auth.title': 'SPF, DKIM and DMARC',
    'requirement.mail-auth.description':
      'The domain should have a valid SPF record (who may send for it), sign outgoing mail with DKIM, and publish DMARC with a quarantine or reject policy that tells receivers what to do with forged mail.',
    'requirement.mail-auth.source':
      'NÚKIB protective measure (2021) as summarised; SPF per RFC 7208, DKIM per RFC 6376 and RFC 8301 (RSA keys of at least 2048 bits recommended), DMARC per RFC 7489; the quarantine or reject policy per NCSC-NL and internet.nl.',
    'requirement.client-access.title': 'Client access encrypted only (SMTPS / submission, IMAPS, POP3S)',
    'requirement.client-access.description':
      'Where services for mail clients are needed, they should run encrypted only: submission on port 465 or 587 with login only after TLS, IMAP on 993 and POP3 on 995. The unencrypted ports 110 and 143 should not be reachable from the internet.',
    'requirement.client-access.source': 'NÚKIB protective measure (2021) as summarised.',
    'requirement.web-access.title': 'Web access (OWA, ECP, autodiscover) only over HTTPS with HSTS',
    'requirement.web-access.description':
      "Web mail and the server's other web services should be reachable only over HTTPS, redirect HTTP to HTTPS, and send the Strict-Transport-Security (HSTS) header so that browsers never use an unencrypted connection.",
    'requirement.web-access.source':
      'NÚKIB protective measure (2021) as summarised; HSTS with max-age of at least 31536000 seconds (1 year) per NCSC-NL and Microsoft.',
    'requirement.algorithms.title': 'Strong, resistant cryptographic algorithms',
    'requirement.algorithms.description':
      'Cipher suites, key exchange and other TLS properties should follow current guidance: no suites of the "insufficient" class, the server prefers good and sufficient suites, ECDHE or large enough DH key exchange, no TLS compression, and secure renegotiation.',
    'requirement.algorithms.source':
      'The NÚKIB measure refers to NÚKIB\'s "Minimum requirements for cryptographic algorithms", whose text we did not have; thresholds therefore per NCSC-NL 2025-05 (classes good / sufficient / phase-out / insufficient; only insufficient fails).',

    'source.nukib-measure-2021':
      'NÚKIB: protective measure "Methods of increasing the protection of email systems", October 2021, issued under act 181/2014 Sb. (known from published summaries)',
    'source.nukib-crypto-minimum': 'NÚKIB: Minimum requirements for cryptographic algorithms (primary text not available)',
    'source.ncsc-nl-tls-2025-05':
      'NCSC-NL: IT Security Guidelines for Transport Layer Security (TLS), version 2025-05, as applied by internet.nl',
    'source.act-264-2025': 'Act 264/2025 Sb. on cyber security, in force from 1 November 2025; replaced act 181/2014 Sb.',
    'source.rfc': 'IETF internet standards (RFCs) named with each requirement',

    'requirement.reason.check_unavailable':
      'The check ({checks|check}) did not run in this assessment (it was made by an older version of the application), so the requirement cannot be verified. Assess the domain again.',
    'requirement.reason.no_check_yet': 'No check in this version of the application verifies this requirement yet.',
    'requirement.reason.check_error':
      'The check "{check|check}" ended in an error; the result is unknown. Run the assessment again, if needed from another network.',
    'requirement.reason.check_skipped': 'The check "{check|check}" did not run because data it needs was missing.',
    'requirement.reason.dkim_selector_unknown':
      'DKIM could not be confirmed: there is no key under the selectors tried ({tried}). Selectors cannot be listed from DNS – enter the selector your signing server uses and run the assessment again.',
    'requirement.reason.dkim_exo_not_configured':
      "Exchange Online does not sign mail with your domain's key: selectors selector1 and selector2 are not set up. The DKIM signature then does not count for DMARC.",
    'requirement.reason.warnings': 'The requirement is only partly met ({count} warnings).',
    'requirement.reason.nothing_tested': 'There was nothing to test (for example, the domain accepts no mail).',
  },
});
