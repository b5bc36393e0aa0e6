/**
 * What the client-access check can find (requirement 8 of the measure): each finding key with its
 * Czech and English message and how the remediation plan handles it. The TLS versions and the
 * certificate of each TLS port are judged with the MX checks' own findings (tls/, certificate/).
 */
import { defineFindings } from '../../check-spec';
import { defineMessages } from '../../../../shared/i18n/types';
import { none, steps } from '../../../../shared/remediation/entry';

export const clientAccessFindings = defineFindings({
  'finding.client_access.imap_login_before_tls': {
    remediation: steps('client-access'),
    cs: 'Na {host} ({endpoint}) je otevřený nešifrovaný IMAP (port {port}) a přihlášení jde ještě před STARTTLS: schopnosti serveru neobsahují LOGINDISABLED ({capabilities}). Heslo klienta tak může projít sítí nešifrovaně. Povolte přihlášení jen po TLS, nebo port {port} zavřete a používejte IMAPS na portu 993.',
    en: 'Plaintext IMAP is open on {host} ({endpoint}, port {port}) and login works before STARTTLS: the capabilities lack LOGINDISABLED ({capabilities}). A client password can cross the network unencrypted. Allow login only after TLS, or close port {port} and use IMAPS on port 993.',
  },
  'finding.client_access.imap_plaintext_only': {
    remediation: steps('client-access'),
    cs: 'Na {host} ({endpoint}) je otevřený IMAP (port {port}) bez STARTTLS a s možností přihlášení ({capabilities}): klienti se tam přihlašují a čtou poštu jen nešifrovaně. Port {port} zavřete a používejte IMAPS na portu 993.',
    en: 'IMAP is open on {host} ({endpoint}, port {port}) without STARTTLS and with login possible ({capabilities}): clients log in and read mail there unencrypted only. Close port {port} and use IMAPS on port 993.',
  },
  'finding.client_access.imap_login_after_tls': {
    remediation: none('ok'),
    cs: 'IMAP na {host} ({endpoint}, port {port}) dovolí přihlášení až po STARTTLS (LOGINDISABLED). RFC 8314 doporučuje místo toho IMAPS na portu 993.',
    en: 'IMAP on {host} ({endpoint}, port {port}) allows login only after STARTTLS (LOGINDISABLED). RFC 8314 recommends IMAPS on port 993 instead.',
  },
  'finding.client_access.pop3_login_before_tls': {
    remediation: steps('client-access'),
    cs: 'Na {host} ({endpoint}) je otevřený nešifrovaný POP3 (port {port}) a přihlášení jde ještě před STLS: server přijal jméno uživatele bez šifrování ({login}). Heslo by následovalo stejnou cestou. Povolte přihlášení jen po TLS, nebo port {port} zavřete a používejte POP3S na portu 995.',
    en: 'Plaintext POP3 is open on {host} ({endpoint}, port {port}) and login works before STLS: the server accepted a user name unencrypted ({login}). The password would follow the same way. Allow login only after TLS, or close port {port} and use POP3S on port 995.',
  },
  'finding.client_access.pop3_plaintext_only': {
    remediation: steps('client-access'),
    cs: 'Na {host} ({endpoint}) je otevřený POP3 (port {port}) bez STLS a přijímá přihlášení ({login}): klienti se tam přihlašují jen nešifrovaně. Port {port} zavřete a používejte POP3S na portu 995.',
    en: 'POP3 is open on {host} ({endpoint}, port {port}) without STLS and accepts logins ({login}): clients log in there unencrypted only. Close port {port} and use POP3S on port 995.',
  },
  'finding.client_access.pop3_login_after_tls': {
    remediation: none('ok'),
    cs: 'POP3 na {host} ({endpoint}, port {port}) odmítá přihlášení před STLS ({login}). RFC 8314 doporučuje místo toho POP3S na portu 995.',
    en: 'POP3 on {host} ({endpoint}, port {port}) refuses login before STLS ({login}). RFC 8314 recommends POP3S on port 995 instead.',
  },
  'finding.client_access.submission_auth_before_tls': {
    remediation: steps('client-access'),
    cs: 'Odesílání pošty klienty na {host} ({endpoint}, port {port}) nabízí přihlášení (AUTH) už před STARTTLS ({auth}). Klient nastavený bez TLS tak přihlášení provede nešifrovaně (u PLAIN a LOGIN i s heslem v čitelné podobě). Nabízejte AUTH jen po STARTTLS.',
    en: 'Mail submission on {host} ({endpoint}, port {port}) offers login (AUTH) before STARTTLS ({auth}). A client set up without TLS logs in unencrypted (with PLAIN and LOGIN, the password itself in readable form). Offer AUTH only after STARTTLS.',
  },
  'finding.client_access.submission_no_starttls': {
    remediation: steps('client-access'),
    cs: 'Odesílání pošty klienty na {host} ({endpoint}, port {port}) nenabízí STARTTLS ({auth}): přihlášení i zprávy klientů by šly nešifrovaně. Zapněte TLS, nebo port zavřete a používejte port 465 s TLS.',
    en: 'Mail submission on {host} ({endpoint}, port {port}) offers no STARTTLS ({auth}): client logins and messages would travel unencrypted. Enable TLS, or close the port and use port 465 with TLS.',
  },
  'finding.client_access.submission_ok': {
    remediation: none('ok'),
    cs: 'Odesílání pošty klienty na {host} ({endpoint}, port {port}) nabízí STARTTLS ({protocol}) a přihlášení až po něm ({auth}).',
    en: 'Mail submission on {host} ({endpoint}, port {port}) offers STARTTLS ({protocol}) and login only after it ({auth}).',
  },
  'finding.client_access.smtp_auth_before_tls': {
    remediation: steps('client-access'),
    cs: 'Poštovní server {host} ({endpoint}, port 25) nabízí přihlášení (AUTH) ještě před STARTTLS ({auth}). Kdo se tam přihlásí bez TLS, přihlásí se nešifrovaně (u PLAIN a LOGIN i s heslem v čitelné podobě). Na portu 25 přihlášení nenabízejte vůbec, nebo jen po STARTTLS.',
    en: 'Mail server {host} ({endpoint}, port 25) offers login (AUTH) before STARTTLS ({auth}). Anyone logging in there without TLS does so unencrypted (with PLAIN and LOGIN, the password itself in readable form). Offer no login on port 25, or only after STARTTLS.',
  },
  'finding.client_access.tls_ok': {
    remediation: none('ok'),
    cs: '{service} na {host} ({endpoint}, port {port}) odpovídá přes TLS ({protocol}, {cipher}).',
    en: '{service} on {host} ({endpoint}, port {port}) answers over TLS ({protocol}, {cipher}).',
  },
  'finding.client_access.tls_failed': {
    remediation: steps('client-access'),
    cs: 'Port {port} ({service}) na {host} ({endpoint}) přijal spojení, ale šifrované spojení TLS se nepodařilo navázat ({detail}). Klienti se tam bezpečně nepřipojí; zkontrolujte nastavení TLS a certifikát, nebo port zavřete.',
    en: 'Port {port} ({service}) on {host} ({endpoint}) accepted the connection, but no TLS connection could be made ({detail}). Clients cannot connect there securely; check the TLS settings and certificate, or close the port.',
  },
  'finding.client_access.port_closed': {
    remediation: none('ok'),
    cs: 'Port {port} ({service}) na {host} ({address}) je zavřený: server spojení odmítl (TCP RST). Služba tam není nabízena.',
    en: 'Port {port} ({service}) on {host} ({address}) is closed: the server refused the connection (TCP RST). The service is not offered there.',
  },
  'finding.client_access.port_filtered': {
    remediation: none('ok'),
    cs: 'Port {port} ({service}) na {host} ({address}) je filtrovaný: na pokus o spojení nepřišla do {seconds} s žádná odpověď (firewall zahazuje pakety). Služba odsud není dostupná.',
    en: 'Port {port} ({service}) on {host} ({address}) is filtered: no answer to the connection attempt within {seconds} s (a firewall drops the packets). The service cannot be reached from here.',
  },
  'finding.client_access.port_unreachable': {
    remediation: none('ok'),
    cs: 'Spojení na port {port} ({service}) na {host} ({address}) odmítla síť nebo firewall („nedosažitelný“, ICMP): {detail}. Služba odsud není dostupná.',
    en: 'The connection to port {port} ({service}) on {host} ({address}) was refused by the network or a firewall ("unreachable", ICMP): {detail}. The service cannot be reached from here.',
  },
  'finding.client_access.service_refused': {
    remediation: none('ok'),
    cs: 'Port {port} ({service}) na {host} ({endpoint}) spojení přijal, ale služba nás odmítla: „{detail}“.',
    en: 'Port {port} ({service}) on {host} ({endpoint}) accepted the connection, but the service turned us away: "{detail}".',
  },
  'finding.client_access.no_answer': {
    remediation: none('recheck'),
    cs: 'Port {port} ({service}) na {host} ({endpoint}) spojení přijal, ale neodpověděl podle protokolu ({detail}). Spojení jsme ukončili; zda tam jde přihlášení bez šifrování, nelze říci. Zkontrolujte, co na portu běží.',
    en: 'Port {port} ({service}) on {host} ({endpoint}) accepted the connection but did not answer as the protocol requires ({detail}). We closed the connection; whether a login without encryption is possible there cannot be told. Check what runs on that port.',
  },
  'finding.client_access.connect_error': {
    remediation: none('recheck'),
    cs: 'Port {port} ({service}) na {host} ({address}) se nepodařilo otestovat: {detail}. Posouzení zopakujte později.',
    en: 'Port {port} ({service}) on {host} ({address}) could not be tested: {detail}. Repeat the assessment later.',
  },
  'finding.client_access.microsoft': {
    remediation: none('ok'),
    cs: 'Klientský přístup k Exchange Online ({hosts}) zajišťuje Microsoft: jeho koncové body přijímají klienty jen přes TLS, takže požadavek 8 je na straně Microsoftu splněn. Netestují se; testují se jen vlastní hostitelé domény.',
    en: "Client access to Exchange Online ({hosts}) is provided by Microsoft: its endpoints accept clients over TLS only, so requirement 8 is met on Microsoft's side. They are not tested; only the domain's own hosts are.",
  },
  'finding.client_access.no_hosts': {
    remediation: none('ok'),
    cs: 'Doména {domain} nemá žádného vlastního hostitele pro poštovní klienty, kterého by šlo otestovat.',
    en: 'Domain {domain} has no client access host of its own that could be tested.',
  },
});

export const clientAccessMessages = defineMessages({
  cs: {
    'skipped.requires_access_hosts': 'Kontrola potřebuje seznam hostitelů pro klienty, který není k dispozici.',
    'evidence.client_access.transcript': 'Rozhovor se serverem',
    'evidence.client_access.capabilities': 'Schopnosti serveru před TLS',
    'evidence.client_access.ports': 'Porty, na kterých server tento certifikát posílá',
  },
  en: {
    'skipped.requires_access_hosts': 'The check needs the list of client access hosts, which is not available.',
    'evidence.client_access.transcript': 'Conversation with the server',
    'evidence.client_access.capabilities': 'Server capabilities before TLS',
    'evidence.client_access.ports': 'Ports where the server sends this certificate',
  },
});
