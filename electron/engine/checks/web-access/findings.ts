/**
 * What the web-access check can find (requirement 9 of the measure: OWA, ECP, autodiscover only
 * over HTTPS with HSTS): each finding key with its Czech and English message and how the
 * remediation plan handles it. `{host}` is the name asked (Host and SNI), `{address}` the address.
 */
import { defineFindings } from '../../check-spec';
import { defineMessages } from '../../../../shared/i18n/types';
import { none, steps } from '../../../../shared/remediation/entry';

export const webAccessFindings = defineFindings({
  'finding.web_access.hsts_ok': {
    remediation: none('ok'),
    cs: 'Server {host} ({address}) posílá přes HTTPS hlavičku Strict-Transport-Security „{header}“ (max-age {maxAge} s, tj. {days} dní): prohlížeč se k němu bude připojovat jen šifrovaně.',
    en: '{host} ({address}) sends the Strict-Transport-Security header "{header}" over HTTPS (max-age {maxAge} s, {days} days): browsers will only connect to it encrypted.',
  },
  'finding.web_access.hsts_missing': {
    remediation: steps('web-access'),
    cs: 'Server {host} ({address}) odpovídá přes HTTPS bez hlavičky Strict-Transport-Security (adresy {urls}). Prohlížeč si tak nezapamatuje, že se má připojovat jen šifrovaně, a útočník v síti může uživatele svést na nešifrované HTTP. Zapněte HSTS s max-age alespoň 31536000 (jeden rok).',
    en: '{host} ({address}) answers over HTTPS without a Strict-Transport-Security header (paths {urls}). Browsers do not learn to connect only encrypted, so an attacker on the network can lead users to plain HTTP. Turn on HSTS with a max-age of at least 31536000 (one year).',
  },
  'finding.web_access.hsts_short': {
    remediation: steps('web-access'),
    cs: 'Server {host} ({address}) posílá hlavičku Strict-Transport-Security „{header}“ s max-age {maxAge} s ({days} dní), což je méně než požadovaný jeden rok (31536000 s). Prodlužte max-age na 31536000.',
    en: '{host} ({address}) sends the Strict-Transport-Security header "{header}" with a max-age of {maxAge} s ({days} days), shorter than the required one year (31536000 s). Raise max-age to 31536000.',
  },
  'finding.web_access.hsts_invalid': {
    remediation: steps('web-access'),
    cs: 'Server {host} ({address}) posílá hlavičku Strict-Transport-Security „{header}“, kterou prohlížeče podle RFC 6797 §6.1 ignorují (chybí nebo je chybné max-age, nebo se direktiva opakuje). Opravte ji na „max-age=31536000“.',
    en: '{host} ({address}) sends the Strict-Transport-Security header "{header}", which browsers ignore under RFC 6797 §6.1 (max-age missing or malformed, or a directive repeated). Correct it to "max-age=31536000".',
  },
  'finding.web_access.hsts_partial': {
    remediation: steps('web-access'),
    cs: 'Server {host} ({address}) posílá HSTS jen u některých adres; bez něj odpovídá {urls}. Nastavte HSTS na celý web (Default Web Site), ne na jednotlivé virtuální adresáře.',
    en: '{host} ({address}) sends HSTS for some addresses only; without it: {urls}. Set HSTS for the whole site (Default Web Site), not per virtual directory.',
  },
  'finding.web_access.http_redirects': {
    remediation: none('ok'),
    cs: 'Nešifrované HTTP na serveru {host} ({address}) přesměrovává na HTTPS: {redirects}.',
    en: 'Plain HTTP on {host} ({address}) redirects to HTTPS: {redirects}.',
  },
  'finding.web_access.http_closed': {
    remediation: none('ok'),
    cs: 'Port 80 (HTTP) na serveru {host} ({address}) je zavřený (spojení odmítnuto): nešifrovaný přístup není nabízen.',
    en: 'Port 80 (HTTP) on {host} ({address}) is closed (connection refused): no plain-text access is offered.',
  },
  'finding.web_access.http_filtered': {
    remediation: none('ok'),
    cs: 'Port 80 (HTTP) na serveru {host} ({address}) neodpovídá (filtrovaný, bez odpovědi do {seconds} s): nešifrovaný přístup odtud není dostupný.',
    en: 'Port 80 (HTTP) on {host} ({address}) does not answer (filtered, no answer within {seconds} s): no plain-text access from here.',
  },
  'finding.web_access.http_served': {
    remediation: steps('web-access'),
    cs: 'Server {host} ({address}) obsluhuje webový přístup i nešifrovaně přes HTTP, místo aby přesměroval na HTTPS: {answers}. Přihlašovací údaje a pošta by mohly jít sítí v čitelné podobě. Nastavte přesměrování HTTP na HTTPS.',
    en: '{host} ({address}) serves web access over plain HTTP instead of redirecting to HTTPS: {answers}. Credentials and mail could cross the network readable. Set up the HTTP to HTTPS redirect.',
  },
  'finding.web_access.http_redirect_insecure': {
    remediation: steps('web-access'),
    cs: 'Nešifrované HTTP na serveru {host} ({address}) přesměrovává opět na nešifrovanou adresu: {redirects}. Přesměrování musí vést na https://.',
    en: 'Plain HTTP on {host} ({address}) redirects to another plain-text address: {redirects}. The redirect must lead to https://.',
  },
  'finding.web_access.http_no_redirect': {
    remediation: steps('web-access'),
    cs: 'Nešifrované HTTP na serveru {host} ({address}) odpovídá, ale nepřesměrovává na HTTPS: {answers}. Obsah se nešifrovaně nezobrazuje, uživatel, který zadá adresu bez https://, však skončí na chybové stránce. Nastavte přesměrování na HTTPS.',
    en: 'Plain HTTP on {host} ({address}) answers but does not redirect to HTTPS: {answers}. Nothing is served in plain text, but a user who types the address without https:// ends on an error page. Set up the redirect to HTTPS.',
  },
  'finding.web_access.no_web_service': {
    remediation: none('ok'),
    cs: 'Server {host} ({address}) nenabízí webový přístup: porty 443 ani 80 nepřijímají spojení (443: {https}, 80: {http}).',
    en: '{host} ({address}) offers no web access: neither port 443 nor port 80 accepts connections (443: {https}, 80: {http}).',
  },
  'finding.web_access.https_no_answer': {
    remediation: none('recheck'),
    cs: 'Server {host} ({address}) na portu 443 nedal použitelnou odpověď na {url}: {detail}. Webový přístup se nepodařilo ověřit.',
    en: '{host} ({address}) gave no usable answer on port 443 to {url}: {detail}. Web access could not be verified.',
  },
  'finding.web_access.http_no_answer': {
    remediation: none('recheck'),
    cs: 'Server {host} ({address}) na portu 80 přijal spojení, ale nedal použitelnou odpověď na {url}: {detail}. Zda přesměrovává na HTTPS, se nepodařilo ověřit.',
    en: '{host} ({address}) accepted a connection on port 80 but gave no usable answer to {url}: {detail}. Whether it redirects to HTTPS could not be verified.',
  },
  'finding.web_access.certificate_ok': {
    remediation: none('ok'),
    cs: 'Certifikát webového serveru {host} ({address}) je platný, od uznávané certifikační autority ({issuer}), pro jména {names}; platí do {validTo}.',
    en: 'The web certificate of {host} ({address}) is valid, from a recognised certification authority ({issuer}), for {names}; valid until {validTo}.',
  },
  'finding.web_access.certificate_untrusted': {
    remediation: steps('certificate'),
    cs: 'Certifikát webového serveru {host} ({address}) ({subject}) prohlížeče neověří ({error}). Uživatelé uvidí varování a zvyknou si ho odklikávat. Použijte certifikát od veřejné certifikační autority s úplným řetězcem.',
    en: 'Browsers cannot verify the web certificate of {host} ({address}) ({subject}): {error}. Users will see a warning and learn to click through it. Use a certificate from a public certification authority with its full chain.',
  },
  'finding.web_access.certificate_name_mismatch': {
    remediation: steps('certificate'),
    cs: 'Certifikát webového serveru na adrese {address} nepokrývá jména {missing}, která na tuto adresu vedou; obsahuje jen {names}. Doplňte je do certifikátu (SAN).',
    en: 'The web certificate at {address} does not cover {missing}, which lead to that address; it only covers {names}. Add them to the certificate (SAN).',
  },
  'finding.web_access.certificate_expired': {
    remediation: steps('certificate'),
    cs: 'Certifikát webového serveru {host} ({address}) neplatí: platnost {validFrom} – {validTo}. Obnovte ho.',
    en: 'The web certificate of {host} ({address}) is not valid now: valid {validFrom} – {validTo}. Renew it.',
  },
  'finding.web_access.certificate_expires_soon': {
    remediation: steps('certificate'),
    cs: 'Certifikát webového serveru {host} ({address}) vyprší {validTo}, za {daysLeft} dní. Obnovte ho včas.',
    en: 'The web certificate of {host} ({address}) expires on {validTo}, in {daysLeft} days. Renew it in time.',
  },
  'finding.web_access.certificate_weak': {
    remediation: steps('certificate'),
    alsoDecides: ['algorithms'],
    cs: 'Certifikát webového serveru {host} ({address}) má slabý klíč nebo podpis ({key}, {signature}). Nechte ho vystavit znovu s RSA alespoň 2048 bitů nebo EC P-256 a SHA-256.',
    en: 'The web certificate of {host} ({address}) has a weak key or signature ({key}, {signature}). Have it reissued with RSA of at least 2048 bits or EC P-256, and SHA-256.',
  },
  'finding.web_access.tls_ok': {
    remediation: none('ok'),
    cs: 'HTTPS na serveru {host} ({address}) nabízí jen současné verze TLS: {versions}.',
    en: 'HTTPS on {host} ({address}) offers current TLS versions only: {versions}.',
  },
  'finding.web_access.tls_legacy': {
    remediation: steps('tls-protocols'),
    cs: 'HTTPS na serveru {host} ({address}) nabízí i zastaralé verze {legacy} (všechny nabízené: {versions}). Vypněte SSL 3.0, TLS 1.0 a TLS 1.1; stačí TLS 1.2 a 1.3.',
    en: 'HTTPS on {host} ({address}) also offers the obsolete {legacy} (all offered: {versions}). Turn off SSL 3.0, TLS 1.0 and TLS 1.1; TLS 1.2 and 1.3 are enough.',
  },
  'finding.web_access.ciphers_insufficient': {
    remediation: steps('tls-ciphers'),
    alsoDecides: ['algorithms'],
    cs: 'HTTPS na serveru {host} ({address}) přijímá šifrovací sady, které NCSC-NL hodnotí jako nedostatečné ({versions}): {suites}. Vypněte je.',
    en: 'HTTPS on {host} ({address}) accepts cipher suites NCSC-NL rates insufficient ({versions}): {suites}. Turn them off.',
  },
  'finding.web_access.ciphers_phase_out': {
    remediation: steps('tls-ciphers'),
    alsoDecides: ['algorithms'],
    cs: 'HTTPS na serveru {host} ({address}) přijímá šifrovací sady určené k vyřazení (NCSC-NL „phase out“, {versions}): {suites}. Naplánujte jejich vypnutí.',
    en: 'HTTPS on {host} ({address}) accepts cipher suites to be phased out (NCSC-NL "phase out", {versions}): {suites}. Plan to turn them off.',
  },
  'finding.web_access.tls_unknown': {
    remediation: none('recheck'),
    cs: 'Verze TLS na serveru {host} ({address}) se nepodařilo úplně zjistit: {detail}.',
    en: 'The TLS versions of {host} ({address}) could not be fully determined: {detail}.',
  },
  'finding.web_access.exchange_online': {
    remediation: none('ok'),
    cs: 'Webový přístup k poště domény {domain} zajišťuje Microsoft (Exchange Online: {via}). Koncové body Microsoftu používají jen HTTPS s HSTS; z vlastních serverů domény není zveřejněn žádný další webový přístup.',
    en: "Web access to {domain}'s mail is provided by Microsoft (Exchange Online: {via}). Microsoft's endpoints use HTTPS with HSTS only; the domain publishes no web access of its own.",
  },
  'finding.web_access.no_hosts': {
    remediation: none('ok'),
    cs: 'Pro doménu {domain} nebyl nalezen žádný webový přístup k poště (autodiscover, mail., webmail., owa., remote. ani MX nenabízejí HTTP/HTTPS).',
    en: 'No web access to the mail of {domain} was found (autodiscover, mail., webmail., owa., remote. and the MX hosts offer no HTTP/HTTPS).',
  },
});

/** Other texts of this check: evidence labels, why it was skipped. */
export const webAccessMessages = defineMessages({
  cs: {
    'skipped.web_access.requires_access_hosts': 'Kontrola potřebuje seznam hostitelů pro klienty a web, který není k dispozici.',
    'evidence.web_access.requests': 'Dotazy HTTP a HTTPS a odpovědi',
    'evidence.web_access.tls': 'Verze TLS na portu 443',
    'evidence.web_access.certificate': 'Certifikát na portu 443',
  },
  en: {
    'skipped.web_access.requires_access_hosts': 'The check needs the list of client and web access hosts, which is not available.',
    'evidence.web_access.requests': 'HTTP and HTTPS requests and answers',
    'evidence.web_access.tls': 'TLS versions on port 443',
    'evidence.web_access.certificate': 'Certificate on port 443',
  },
});
