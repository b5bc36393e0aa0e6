/**
 * What the starttls check can find: each finding key with its Czech and English message and how the
 * remediation plan handles it.
 */
import { defineFindings } from '../../check-spec';
import { defineMessages } from '../../../../shared/i18n/types';
import { none, steps } from '../../../../shared/remediation/entry';

export const starttlsFindings = defineFindings({
  'finding.starttls.ok': {
    remediation: none('ok'),
    cs: 'Poštovní server {host} ({address}) nabízí STARTTLS a šifrované spojení se podařilo navázat ({protocol}, {cipher}).',
    en: 'Mail server {host} ({address}) offers STARTTLS and an encrypted connection was established ({protocol}, {cipher}).',
  },
  'finding.starttls.not_offered': {
    remediation: steps('starttls'),
    cs: 'Poštovní server {host} ({address}) nenabízí STARTTLS: pošta k němu putuje internetem nešifrovaně. Zapněte STARTTLS s platným certifikátem.',
    en: 'Mail server {host} ({address}) does not offer STARTTLS: mail to it crosses the internet unencrypted. Enable STARTTLS with a valid certificate.',
  },
  'finding.starttls.helo_only': {
    remediation: steps('starttls'),
    cs: 'Poštovní server {host} ({address}) nerozumí příkazu EHLO (jen starému HELO), a proto nemůže nabídnout STARTTLS. Pošta k němu putuje nešifrovaně; server je třeba aktualizovat nebo nahradit.',
    en: 'Mail server {host} ({address}) does not understand EHLO (only the old HELO), so it cannot offer STARTTLS. Mail to it travels unencrypted; the server needs an update or replacement.',
  },
  'finding.starttls.temporarily_refused': {
    remediation: steps('starttls'),
    cs: 'Poštovní server {host} ({address}) STARTTLS nabízí, ale na požadavek odpověděl „{reply}“ (TLS dočasně nedostupné). Odesílatelé pak doručí poštu nešifrovaně. Obvykle chybí nebo je nečitelný certifikát či klíč.',
    en: 'Mail server {host} ({address}) offers STARTTLS but answered the request with "{reply}" (TLS temporarily unavailable). Senders then deliver in plain text. Usually the certificate or key is missing or unreadable.',
  },
  'finding.starttls.refused': {
    remediation: steps('starttls'),
    cs: 'Poštovní server {host} ({address}) STARTTLS nabízí, ale požadavek odmítl: „{reply}“. Šifrované spojení tak navázat nelze.',
    en: 'Mail server {host} ({address}) offers STARTTLS but refused the request: "{reply}". No encrypted connection can be made.',
  },
  'finding.starttls.rate_limited': {
    remediation: none('not-testable'),
    cs: 'Poštovní server {host} ({address}) odpověděl „{reply}“: momentálně omezuje počet spojení (např. z této sítě). STARTTLS se nepodařilo ověřit; nejde o zjištění chyby serveru. Posouzení zopakujte později, nic dalšího se mezitím nezkoušelo.',
    en: 'Mail server {host} ({address}) answered "{reply}": it is limiting connections right now (for example from this network). STARTTLS could not be verified; this is not a finding against the server. Repeat the assessment later; nothing more was tried meanwhile.',
  },
  'finding.starttls.greeting_refused': {
    remediation: none('not-testable'),
    cs: 'Poštovní server {host} ({address}) spojení odmítl hned v úvodu: „{reply}“. Často jde o blokaci této sítě či adresy (např. v seznamu spamových zdrojů). STARTTLS se nepodařilo ověřit.',
    en: 'Mail server {host} ({address}) refused the connection at once: "{reply}". This often means this network or address is blocked (for example on a spam blocklist). STARTTLS could not be verified.',
  },
  'finding.starttls.ehlo_refused': {
    remediation: none('not-testable'),
    cs: 'Poštovní server {host} ({address}) odmítl náš úvodní příkaz {stage}: „{reply}“. STARTTLS se nepodařilo ověřit.',
    en: 'Mail server {host} ({address}) refused our opening {stage} command: "{reply}". STARTTLS could not be verified.',
  },
  'finding.starttls.handshake_failed': {
    remediation: steps('starttls'),
    cs: 'Poštovní server {host} ({address}) na STARTTLS kývl, ale šifrované spojení se nepodařilo dokončit ({detail}). Odesílatelé pak poštu doručí nešifrovaně nebo vůbec. Zkontrolujte certifikát a nastavení TLS na serveru.',
    en: 'Mail server {host} ({address}) accepted STARTTLS but the encrypted connection could not be completed ({detail}). Senders then deliver in plain text or not at all. Check the certificate and the TLS settings of the server.',
  },
  'finding.starttls.no_greeting': {
    remediation: none('not-testable'),
    cs: 'Poštovní server {host} ({address}) přijal spojení, ale neposlal úvodní pozdrav SMTP. STARTTLS se nepodařilo ověřit ({detail}).',
    en: 'Mail server {host} ({address}) accepted the connection but sent no SMTP greeting. STARTTLS could not be verified ({detail}).',
  },
  'finding.starttls.stalled': {
    remediation: none('not-testable'),
    cs: 'Poštovní server {host} ({address}) přestal odpovídat po příkazu {stage} ({detail}). STARTTLS se nepodařilo ověřit.',
    en: 'Mail server {host} ({address}) stopped answering after the {stage} command ({detail}). STARTTLS could not be verified.',
  },
  'finding.starttls.too_slow': {
    remediation: none('not-testable'),
    cs: 'Poštovní server {host} ({address}) odpovídal na krok {stage} příliš pomalu: odpověď posílal po částech a nedokončil ji v časovém limitu ({detail}). Server se neodmlčel, jen odpovídá pomalu; STARTTLS se nepodařilo ověřit.',
    en: 'Mail server {host} ({address}) answered the {stage} step too slowly: it sent its reply piece by piece and did not complete it within the time limit ({detail}). The server did not go silent, it is slow; STARTTLS could not be verified.',
  },
  'finding.starttls.connection_lost': {
    remediation: none('not-testable'),
    cs: 'Poštovní server {host} ({address}) ukončil spojení během kroku {stage} ({detail}). STARTTLS se nepodařilo ověřit; může jít o ochranu proti skenování nebo o firewall.',
    en: 'Mail server {host} ({address}) closed the connection during {stage} ({detail}). STARTTLS could not be verified; a scan protection or a firewall may be the cause.',
  },
  'finding.starttls.protocol_error': {
    remediation: steps('starttls'),
    cs: 'Poštovní server {host} ({address}) odpovídá v rozporu s protokolem SMTP ({problem}). Na portu 25 možná neběží poštovní server.',
    en: 'Mail server {host} ({address}) answers in a way that breaks the SMTP protocol ({problem}). Port 25 may not be served by a mail server.',
  },
  'finding.starttls.unreachable': {
    remediation: steps('starttls'),
    cs: 'Poštovní server {host} ({address}) nepřijímá spojení na portu {port} ({detail}), přestože z této sítě port 25 jinak funguje. Pošta přes tuto adresu nemůže být doručena.',
    en: 'Mail server {host} ({address}) does not accept connections on port {port} ({detail}), although port 25 works from this network otherwise. No mail can be delivered through this address.',
  },
  'finding.starttls.no_ipv6': {
    remediation: none('not-testable'),
    cs: 'Adresa IPv6 {address} serveru {host} není z této sítě dosažitelná (síť nemá IPv6). Ověřte ji z jiné sítě.',
    en: 'The IPv6 address {address} of {host} cannot be reached from this network (no IPv6 here). Verify it from another network.',
  },
  'finding.starttls.port25_blocked': {
    remediation: none('not-testable'),
    cs: 'Z této sítě nelze navázat spojení na port 25 s žádným poštovním serverem ({addresses}) ani s nezávislým kontrolním serverem {reference}. Odchozí port 25 je zde nejspíš blokovaný; STARTTLS a TLS proto nelze ověřit. Spusťte posouzení z jiné sítě.',
    en: 'From this network no connection on port 25 could be made to any mail server ({addresses}) nor to the unrelated reference server {reference}. Outbound port 25 is most likely blocked here, so STARTTLS and TLS cannot be verified. Run the assessment from another network.',
  },
  'finding.starttls.port25_unverified': {
    remediation: none('not-testable'),
    cs: 'Žádný z poštovních serverů ({addresses}) nepřijal spojení na portu 25 a kontrolní server {reference} se nepodařilo vyhledat v DNS ({detail}). Nelze rozlišit blokovaný port 25 v této síti od nedostupných serverů.',
    en: 'None of the mail servers ({addresses}) accepted a connection on port 25, and the reference server {reference} could not be found in DNS ({detail}). A blocked port 25 on this network cannot be told apart from unreachable servers.',
  },
  'finding.starttls.data_after_ready': {
    remediation: steps('starttls'),
    cs: 'Poštovní server {host} ({address}) poslal po odpovědi na STARTTLS ještě {bytes} bajtů nešifrovaných dat. RFC 3207 to zakazuje; takové chování umožňuje vkládání příkazů (STARTTLS injection).',
    en: 'Mail server {host} ({address}) sent {bytes} more bytes of unencrypted data after its reply to STARTTLS. RFC 3207 forbids this; it allows commands to be injected (STARTTLS injection).',
  },
});

/** Other texts of this check: evidence labels, why it was skipped. */
export const starttlsMessages = defineMessages({
  cs: {
    'skipped.no_mail_servers': 'Doména nemá žádný použitelný poštovní server (MX) s adresou, není co testovat.',
    'evidence.connect.endpoint': 'Spojení ve skutečnosti vedlo na (--connect-to)',
    'evidence.smtp.transcript': 'Průběh rozhovoru SMTP',
    'evidence.tls.negotiated': 'Dohodnuté TLS',
  },
  en: {
    'skipped.no_mail_servers': 'The domain has no usable mail server (MX) with an address; there is nothing to test.',
    'evidence.connect.endpoint': 'The connection actually went to (--connect-to)',
    'evidence.smtp.transcript': 'SMTP conversation',
    'evidence.tls.negotiated': 'Negotiated TLS',
  },
});
