import { defineMessages } from '../types';

/**
 * Network readiness (shared/readiness.ts): what the network the assessment ran from lets through
 * and what that means for the results. Shared by the CLI, the wizard and the PDF report.
 */
export const readinessMessages = defineMessages({
  cs: {
    'readiness.title': 'Připravenost sítě',
    'readiness.intro':
      'Před kontrolami MailAudit ověřil, co síť, ze které posouzení běží, propouští: zda odpovídají DNS resolvery, zda předávají data DNSSEC a zda lze navázat odchozí spojení TCP na portech, které kontroly potřebují.',
    'readiness.measuring': 'Ověřuje se připravenost sítě…',
    'readiness.not_recorded': 'Připravenost sítě nebyla u tohoto posouzení zaznamenána (starší verze nástroje).',
    'readiness.resolvers': 'DNS resolvery',
    'readiness.resolver.answered': 'odpovídá ({ms} ms)',
    'readiness.resolver.answered_rcode': 'odpovídá chybou {rcode} ({ms} ms)',
    'readiness.resolver.silent': 'neodpovídá',
    'readiness.resolver.none': 'Dotazy šly přes testovací resolver; síť se neověřovala.',
    'readiness.dnssec': 'Data DNSSEC',
    'readiness.dnssec.passes': 'resolver předává podpisy DNSSEC (klíče DNSKEY zóny {zone} i jejich RRSIG)',
    'readiness.dnssec.strips': 'resolver podpisy DNSSEC zahazuje (zóna {zone})',
    'readiness.dnssec.unknown': 'nelze zjistit (zóna {zone})',
    'readiness.ports': 'Odchozí porty',
    'readiness.port.25': 'SMTP',
    'readiness.port.465': 'SMTP pro klienty (TLS)',
    'readiness.port.587': 'odesílání pošty (submission)',
    'readiness.port.993': 'IMAP přes TLS',
    'readiness.port.995': 'POP3 přes TLS',
    'readiness.port.443': 'HTTPS',
    'readiness.port_state.open': 'otevřený',
    'readiness.port_state.blocked': 'blokovaný (bez odpovědi)',
    'readiness.port_state.refused': 'spojení odmítnuto',
    'readiness.port_state.unreachable': 'cíl nedostupný',
    'readiness.port_state.unresolved': 'kontrolní server nelze najít v DNS',
    'readiness.port_state.not_tested': 'netestováno (není nastaven kontrolní server)',
    'readiness.port.against': 'proti {host}',
    'readiness.limits': 'Co to znamená pro výsledky',
    'readiness.show': 'Zobrazit naměřené údaje (resolvery, DNSSEC, porty)',
    'readiness.no_limits': 'Síť neomezuje žádnou kontrolu: všechny požadavky lze z tohoto místa ověřit.',
    'readiness.limited_short': 'Síť, ze které posouzení proběhlo, neumožnila ověřit vše – viz „Připravenost sítě“.',
    'readiness.and': 'a',
    'readiness.requirement_one': 'požadavek {list}',
    'readiness.requirement_many': 'požadavky {list}',
    'readiness.limit.no_resolver':
      'Žádný DNS resolver ({servers}) neodpověděl: bez DNS nelze ověřit nic, {requirements} zůstávají neověřené. Zkontrolujte nastavení DNS nebo zadejte jiný resolver.',
    'readiness.limit.some_resolvers_silent':
      'Resolver {servers} neodpověděl; dotazy obsloužily ostatní. Výsledky to neovlivňuje, posouzení jen může trvat déle.',
    'readiness.limit.port25_blocked':
      'Port 25 je z této sítě blokovaný (kontrolní server {host} bez odpovědi): {requirements} z této sítě nelze ověřit. Spusťte posouzení znovu z jiné sítě (ne z hostovské či firemní sítě s omezeným odchozím provozem), nebo v příkazové řádce použijte --connect-to.',
    'readiness.limit.port25_refused':
      'Spojení na port 25 kontrolního serveru {host} se nepodařilo navázat (bylo odmítnuto nebo je cíl nedostupný), port 25 je zřejmě z této sítě filtrovaný: {requirements} nemusí jít ověřit. Spusťte posouzení z jiné sítě, nebo nastavte jiný kontrolní server.',
    'readiness.limit.port25_unknown':
      'Kontrolní server pro port 25 ({host}) se nepodařilo najít v DNS, takže není známo, zda síť port 25 propouští. Pokud poštovní servery neodpoví, týká se to: {requirements}.',
    'readiness.limit.client_ports_blocked':
      'Porty {ports} jsou z této sítě blokované (kontrolní server {host}): {requirements} (přístup poštovních klientů) z této sítě nelze ověřit. Spusťte posouzení z jiné sítě.',
    'readiness.limit.https_blocked':
      'Port 443 (HTTPS) je z této sítě blokovaný (kontrolní server {host}): {requirements} (webový přístup, Exchange, MTA-STS) z této sítě nelze ověřit. Spusťte posouzení z jiné sítě.',
    'readiness.limit.dnssec_strips':
      'DNS resolver zahazuje podpisy DNSSEC: {requirements} (DNSSEC a DANE) přes něj nelze ověřit. Použijte resolver, který data DNSSEC předává (např. 9.9.9.9), nebo v příkazové řádce zadejte --root-hint.',
    'readiness.limit.dnssec_strips_iterative':
      'DNS resolver zahazuje podpisy DNSSEC; MailAudit proto ověřuje DNSSEC dotazy přímo na kořenové a autoritativní servery. {requirements} se tak ověřují bez pomoci resolveru.',
    'readiness.limit.dnssec_unknown':
      'Nepodařilo se zjistit, zda resolver předává data DNSSEC (na dotaz na klíče DNSKEY nedal použitelnou odpověď): výsledky pro {requirements} berte s rezervou.',
    'readiness.limit.ports_not_tested':
      'Porty {ports} se netestovaly, protože není nastaven kontrolní server (v aplikaci Nastavení zprávy → Síť, v příkazové řádce parametr --port-reference). Zda je síť propouští, není známo.',
    'port_reference.invalid': 'Neplatný kontrolní server pro porty klientů a HTTPS: {detail}',
  },
  en: {
    'readiness.title': 'Network readiness',
    'readiness.intro':
      'Before the checks, MailAudit tested what the network the assessment runs from lets through: whether the DNS resolvers answer, whether they pass DNSSEC data, and whether outbound TCP connections open on the ports the checks need.',
    'readiness.measuring': 'Testing the network…',
    'readiness.not_recorded': 'Network readiness was not recorded for this assessment (an older version of the tool).',
    'readiness.resolvers': 'DNS resolvers',
    'readiness.resolver.answered': 'answers ({ms} ms)',
    'readiness.resolver.answered_rcode': 'answers with error {rcode} ({ms} ms)',
    'readiness.resolver.silent': 'does not answer',
    'readiness.resolver.none': 'Queries went through a test resolver; the network was not tested.',
    'readiness.dnssec': 'DNSSEC data',
    'readiness.dnssec.passes': 'the resolver passes DNSSEC signatures (the DNSKEY records of zone {zone} and their RRSIGs)',
    'readiness.dnssec.strips': 'the resolver strips DNSSEC signatures (zone {zone})',
    'readiness.dnssec.unknown': 'could not be determined (zone {zone})',
    'readiness.ports': 'Outbound ports',
    'readiness.port.25': 'SMTP',
    'readiness.port.465': 'SMTP for clients (TLS)',
    'readiness.port.587': 'mail submission',
    'readiness.port.993': 'IMAP over TLS',
    'readiness.port.995': 'POP3 over TLS',
    'readiness.port.443': 'HTTPS',
    'readiness.port_state.open': 'open',
    'readiness.port_state.blocked': 'blocked (no answer)',
    'readiness.port_state.refused': 'connection refused',
    'readiness.port_state.unreachable': 'destination unreachable',
    'readiness.port_state.unresolved': 'reference server not found in DNS',
    'readiness.port_state.not_tested': 'not tested (no reference server set)',
    'readiness.port.against': 'against {host}',
    'readiness.limits': 'What this means for the results',
    'readiness.show': 'Show the measurements (resolvers, DNSSEC, ports)',
    'readiness.no_limits': 'The network limits no check: every requirement can be verified from here.',
    'readiness.limited_short': 'The network the assessment ran from did not allow everything to be verified – see “Network readiness”.',
    'readiness.and': 'and',
    'readiness.requirement_one': 'requirement {list}',
    'readiness.requirement_many': 'requirements {list}',
    'readiness.limit.no_resolver':
      'No DNS resolver ({servers}) answered: without DNS nothing can be verified, {requirements} stay unverified. Check the DNS settings or give another resolver.',
    'readiness.limit.some_resolvers_silent':
      'The resolver {servers} did not answer; the others served the queries. The results are not affected, the assessment may only take longer.',
    'readiness.limit.port25_blocked':
      'Port 25 is blocked here (no answer from the reference server {host}): {requirements} can’t be verified from this network. Run again from another network (not a guest or corporate network that restricts outbound traffic) or use --connect-to on the command line.',
    'readiness.limit.port25_refused':
      'The connection to port 25 of the reference server {host} failed (refused or unreachable), so port 25 is probably filtered on this network: {requirements} may not be verifiable. Run from another network or set another reference server.',
    'readiness.limit.port25_unknown':
      'The port-25 reference server ({host}) could not be found in DNS, so whether this network lets port 25 through is unknown. If the mail servers do not answer, this concerns {requirements}.',
    'readiness.limit.client_ports_blocked':
      'Ports {ports} are blocked here (reference server {host}): {requirements} (mail client access) can’t be verified from this network. Run again from another network.',
    'readiness.limit.https_blocked':
      'Port 443 (HTTPS) is blocked here (reference server {host}): {requirements} (web access, Exchange, MTA-STS) can’t be verified from this network. Run again from another network.',
    'readiness.limit.dnssec_strips':
      'The DNS resolver strips DNSSEC signatures: {requirements} (DNSSEC and DANE) can’t be verified through it. Use a resolver that passes DNSSEC data (e.g. 9.9.9.9) or give --root-hint on the command line.',
    'readiness.limit.dnssec_strips_iterative':
      'The DNS resolver strips DNSSEC signatures, so MailAudit validates DNSSEC by asking the root and authoritative servers directly: {requirements} are verified without the resolver’s help.',
    'readiness.limit.dnssec_unknown':
      'Whether the resolver passes DNSSEC data could not be determined (it gave no usable answer to the DNSKEY query): take the results for {requirements} with caution.',
    'readiness.limit.ports_not_tested':
      'Ports {ports} were not tested because no reference server is set (Report settings → Network in the app, --port-reference on the command line). Whether this network lets them through is unknown.',
    'port_reference.invalid': 'Invalid reference server for the client and HTTPS ports: {detail}',
  },
});
