/**
 * What the mx check can find: each finding key with its Czech and English message and how the
 * remediation plan handles it.
 */
import { defineFindings } from '../../check-spec';
import { none, steps } from '../../../../shared/remediation/entry';

export const mxFindings = defineFindings({
  'finding.mx.ok': {
    remediation: none('ok'),
    cs: 'Doména {domain} má poštovní servery (MX): {hosts}.',
    en: 'Domain {domain} has mail servers (MX): {hosts}.',
  },
  'finding.mx.null_mx': {
    remediation: none('ok'),
    cs: 'Doména {domain} zveřejňuje „null MX“ (RFC 7505): deklaruje, že žádnou poštu nepřijímá. Kontroly příchozí pošty se na ni nevztahují.',
    en: 'Domain {domain} publishes a "null MX" (RFC 7505): it declares that it accepts no mail. Inbound mail checks do not apply to it.',
  },
  'finding.mx.null_mx_mixed': {
    remediation: steps('mx-records'),
    cs: 'Doména {domain} má „null MX“ spolu s dalšími záznamy MX. RFC 7505 to zakazuje a odesílající servery se mohou chovat nepředvídatelně. Ponechte buď jen „0 .“, nebo jen skutečné servery. Skutečné servery MX se testují jako poštovní servery, protože na ně odesílatelé poštu doručují.',
    en: 'Domain {domain} has a "null MX" together with other MX records. RFC 7505 forbids this and sending servers may behave unpredictably. Keep either only "0 ." or only real servers. The real MX hosts are tested as mail servers, since senders deliver to them.',
  },
  'finding.mx.implicit': {
    remediation: steps('mx-records'),
    cs: 'Doména {domain} nemá záznam MX; pošta se doručuje přímo na adresu domény ({addresses}) jako „implicitní MX“. Zveřejněte výslovný záznam MX.',
    en: 'Domain {domain} has no MX record; mail is delivered straight to the domain\'s own address ({addresses}) as an "implicit MX". Publish an explicit MX record.',
  },
  'finding.mx.none': {
    remediation: steps('mx-records'),
    cs: 'Doména {domain} nemá záznam MX ani adresu, poštu pro ni nelze doručit.',
    en: 'Domain {domain} has neither an MX record nor an address; mail to it cannot be delivered.',
  },
  'finding.mx.domain_not_found': {
    remediation: steps('mx-records'),
    cs: 'Doména {domain} v DNS neexistuje (NXDOMAIN).',
    en: 'Domain {domain} does not exist in DNS (NXDOMAIN).',
  },
  'finding.mx.ip_literal': {
    remediation: steps('mx-records'),
    cs: 'Záznam MX ukazuje na IP adresu „{host}“ místo na jméno serveru. Odesílající servery takový záznam odmítnou; uveďte jméno hostitele.',
    en: 'An MX record points at the IP address "{host}" instead of a server name. Sending servers reject such a record; use a host name.',
  },
  'finding.mx.invalid_name': {
    remediation: steps('mx-records'),
    cs: 'Záznam MX obsahuje neplatné jméno hostitele „{host}“.',
    en: 'An MX record contains the invalid host name "{host}".',
  },
  'finding.mx.cname': {
    remediation: steps('mx-records'),
    cs: 'Poštovní server {host} je alias (CNAME na {target}). RFC 2181 §10.3 to zakazuje a kontrola DANE se tím komplikuje; uveďte v MX přímo kanonické jméno.',
    en: 'Mail server {host} is an alias (CNAME to {target}). RFC 2181 §10.3 forbids this and it complicates DANE; put the canonical name in the MX record.',
  },
  'finding.mx.no_address': {
    remediation: steps('mx-records'),
    cs: 'Poštovní server {host} nemá žádnou adresu IPv4 ani IPv6; pošta přes něj nemůže být doručena.',
    en: 'Mail server {host} has no IPv4 or IPv6 address; no mail can be delivered through it.',
  },
  'finding.mx.address_lookup_partial': {
    remediation: none('recheck'),
    cs: 'Adresy {family} poštovního serveru {host} se nepodařilo zjistit ({error}); testovány jsou jen jeho ostatní adresy. Nefunkční odpověď DNS může zdržovat doručování pošty; zkontrolujte záznamy u správce DNS.',
    en: 'The {family} addresses of mail server {host} could not be resolved ({error}); only its other addresses are tested. A failing DNS answer can delay mail delivery; check the records with the DNS host.',
  },
  'finding.mx.lookup_failed': {
    remediation: none('recheck'),
    cs: 'Adresu poštovního serveru {host} se nepodařilo zjistit: {error}.',
    en: 'The address of mail server {host} could not be resolved: {error}.',
  },
  'finding.mx.no_usable_host': {
    remediation: steps('mx-records'),
    cs: 'Žádný ze serverů MX domény {domain} není použitelný.',
    en: 'None of the MX servers of {domain} is usable.',
  },
  'finding.mx.extra_host_no_address': {
    remediation: steps('mx-records'),
    cs: 'Zadaný hostitel {host} nemá v DNS žádnou adresu.',
    en: 'The given host {host} has no address in DNS.',
  },
});
