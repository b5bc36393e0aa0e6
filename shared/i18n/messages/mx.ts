import { defineMessages } from '../types';

export const mxMessages = defineMessages({
  cs: {
    'finding.mx.ok': 'Doména {domain} má poštovní servery (MX): {hosts}.',
    'finding.mx.null_mx': 'Doména {domain} zveřejňuje „null MX“ (RFC 7505): deklaruje, že žádnou poštu nepřijímá. Kontroly příchozí pošty se na ni nevztahují.',
    'finding.mx.null_mx_mixed': 'Doména {domain} má „null MX“ spolu s dalšími záznamy MX. RFC 7505 to zakazuje a odesílající servery se mohou chovat nepředvídatelně. Ponechte buď jen „0 .“, nebo jen skutečné servery.',
    'finding.mx.implicit': 'Doména {domain} nemá záznam MX; pošta se doručuje přímo na adresu domény ({addresses}) jako „implicitní MX“. Zveřejněte výslovný záznam MX.',
    'finding.mx.none': 'Doména {domain} nemá záznam MX ani adresu, poštu pro ni nelze doručit.',
    'finding.mx.domain_not_found': 'Doména {domain} v DNS neexistuje (NXDOMAIN).',
    'finding.mx.ip_literal': 'Záznam MX ukazuje na IP adresu „{host}“ místo na jméno serveru. Odesílající servery takový záznam odmítnou; uveďte jméno hostitele.',
    'finding.mx.invalid_name': 'Záznam MX obsahuje neplatné jméno hostitele „{host}“.',
    'finding.mx.cname': 'Poštovní server {host} je alias (CNAME na {target}). RFC 2181 §10.3 to zakazuje a kontrola DANE se tím komplikuje; uveďte v MX přímo kanonické jméno.',
    'finding.mx.no_address': 'Poštovní server {host} nemá žádnou adresu IPv4 ani IPv6; pošta přes něj nemůže být doručena.',
    'finding.mx.lookup_failed': 'Adresu poštovního serveru {host} se nepodařilo zjistit: {error}.',
    'finding.mx.no_usable_host': 'Žádný ze serverů MX domény {domain} není použitelný.',
    'finding.mx.extra_host_no_address': 'Zadaný hostitel {host} nemá v DNS žádnou adresu.',
  },
  en: {
    'finding.mx.ok': 'Domain {domain} has mail servers (MX): {hosts}.',
    'finding.mx.null_mx': 'Domain {domain} publishes a "null MX" (RFC 7505): it declares that it accepts no mail. Inbound mail checks do not apply to it.',
    'finding.mx.null_mx_mixed': 'Domain {domain} has a "null MX" together with other MX records. RFC 7505 forbids this and sending servers may behave unpredictably. Keep either only "0 ." or only real servers.',
    'finding.mx.implicit': 'Domain {domain} has no MX record; mail is delivered straight to the domain\'s own address ({addresses}) as an "implicit MX". Publish an explicit MX record.',
    'finding.mx.none': 'Domain {domain} has neither an MX record nor an address; mail to it cannot be delivered.',
    'finding.mx.domain_not_found': 'Domain {domain} does not exist in DNS (NXDOMAIN).',
    'finding.mx.ip_literal': 'An MX record points at the IP address "{host}" instead of a server name. Sending servers reject such a record; use a host name.',
    'finding.mx.invalid_name': 'An MX record contains the invalid host name "{host}".',
    'finding.mx.cname': 'Mail server {host} is an alias (CNAME to {target}). RFC 2181 §10.3 forbids this and it complicates DANE; put the canonical name in the MX record.',
    'finding.mx.no_address': 'Mail server {host} has no IPv4 or IPv6 address; no mail can be delivered through it.',
    'finding.mx.lookup_failed': 'The address of mail server {host} could not be resolved: {error}.',
    'finding.mx.no_usable_host': 'None of the MX servers of {domain} is usable.',
    'finding.mx.extra_host_no_address': 'The given host {host} has no address in DNS.',
  },
});
