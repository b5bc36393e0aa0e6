/**
 * What the spf check can find: each finding key with its Czech and English message and how the
 * remediation plan handles it.
 */
import { defineFindings } from '../../check-spec';
import { defineMessages } from '../../../../shared/i18n/types';
import { none, steps } from '../../../../shared/remediation/entry';

export const spfFindings = defineFindings({
  'finding.spf.own_server_authorized': {
    remediation: none('ok'),
    cs: 'Záznam SPF domény {domain} povoluje vlastní server {host} ({address}) – vyhodnocení check_host() skončilo „pass“ díky {term}.',
    en: 'The SPF record of {domain} authorises the organisation\'s own server {host} ({address}): check_host() gives "pass" through {term}.',
  },
  'finding.spf.own_server_not_authorized': {
    remediation: steps('spf-review'),
    cs: 'Záznam SPF domény {domain} nepovoluje vlastní server {host} ({address}): check_host() skončilo „{result}“. Pokud tento server odesílá poštu domény (u Exchange Server on-premises obvyklé), příjemci ji vyhodnotí jako neověřenou. Server, který poštu jen přijímá, povolovat nemusíte.',
    en: 'The SPF record of {domain} does not authorise the organisation\'s own server {host} ({address}): check_host() gives "{result}". If this server sends the domain\'s mail (usual for an on-premises Exchange Server), receivers treat that mail as unverified. A server that only receives mail need not be listed.',
  },
  'finding.spf.own_server_undetermined': {
    remediation: none('covered'),
    cs: 'Zda záznam SPF domény {domain} povoluje vlastní server {host} ({address}), nelze určit: check_host() skončilo „{result}“ ({detail}). Příčinu uvádí jiné zjištění SPF.',
    en: 'Whether the SPF record of {domain} authorises the organisation\'s own server {host} ({address}) cannot be told: check_host() gives "{result}" ({detail}). Another SPF finding names the cause.',
  },
  'finding.spf.ok': {
    remediation: none('ok'),
    cs: 'Doména {domain} má platný záznam SPF: {record} (dotazů DNS při vyhodnocení: {lookups} z 10 povolených).',
    en: 'Domain {domain} has a valid SPF record: {record} (DNS lookups when evaluated: {lookups} of the 10 allowed).',
  },
  'finding.spf.missing': {
    remediation: steps('spf-record'),
    cs: 'Doména {domain} nemá záznam SPF. Kdokoli tak může rozesílat poštu s adresou odesílatele v této doméně a přijímající servery nemají jak podvrh poznat. Zveřejněte záznam TXT začínající „v=spf1“, který vyjmenuje servery oprávněné odesílat poštu domény a končí „-all“ nebo „~all“.',
    en: 'Domain {domain} has no SPF record. Anyone can send mail with a sender address in this domain and receiving servers have no way to recognise the forgery. Publish a TXT record starting with "v=spf1" that lists the servers allowed to send the domain\'s mail and ends with "-all" or "~all".',
  },
  'finding.spf.domain_not_found': {
    remediation: steps('spf-review'),
    cs: 'Doména {domain} v DNS neexistuje (NXDOMAIN), takže nemá ani záznam SPF.',
    en: 'Domain {domain} does not exist in DNS (NXDOMAIN), so it has no SPF record either.',
  },
  'finding.spf.multiple': {
    remediation: steps('spf-record'),
    cs: 'Doména {domain} má více záznamů SPF (celkem {count}). Povolen je jen jeden (RFC 7208 §4.5); při více záznamech přijímající servery vyhodnotí SPF jako trvalou chybu (permerror) a ochrana nefunguje. Slučte je do jediného záznamu.',
    en: 'Domain {domain} has more than one SPF record ({count} in total). Only one is allowed (RFC 7208 §4.5); with more, receiving servers treat SPF as a permanent error (permerror) and the protection does not work. Merge them into a single record.',
  },
  'finding.spf.syntax_error': {
    remediation: steps('spf-review'),
    cs: 'Záznam SPF domény {domain} obsahuje chybu v části „{term}“. Přijímající servery celý záznam vyhodnotí jako trvalou chybu (permerror), takže SPF nechrání. Opravte zápis podle {rfc}.',
    en: 'The SPF record of {domain} contains an error in "{term}". Receiving servers treat the whole record as a permanent error (permerror), so SPF gives no protection. Correct the syntax according to {rfc}.',
  },
  'finding.spf.include_failed': {
    remediation: steps('spf-review'),
    cs: 'Záznam SPF domény {domain} odkazuje pomocí „{term}“ na doménu {name}, která žádný záznam SPF nemá. Jakmile vyhodnocení dojde k tomuto odkazu, skončí trvalou chybou (permerror). Odkaz opravte nebo odstraňte; správný název ověřte u poskytovatele služby.',
    en: 'The SPF record of {domain} refers with "{term}" to the domain {name}, which has no SPF record. Whenever evaluation reaches this reference it ends in a permanent error (permerror). Fix or remove the reference; check the correct name with the service provider.',
  },
  'finding.spf.include_invalid': {
    remediation: steps('spf-review'),
    cs: 'Záznam SPF domény {domain} odkazuje pomocí „{term}“ na záznam domény {name}, který je neplatný (chyba zápisu nebo více záznamů SPF). Vyhodnocení v tomto místě skončí trvalou chybou (permerror). Pokud záznam spravuje poskytovatel služby, obraťte se na něj.',
    en: 'The SPF record of {domain} refers with "{term}" to the record of {name}, which is invalid (a syntax error or more than one SPF record). Evaluation ends there in a permanent error (permerror). If a service provider manages that record, contact them.',
  },
  'finding.spf.redirect_failed': {
    remediation: steps('spf-review'),
    cs: 'Záznam SPF domény {domain} přesměrovává („{term}“) na doménu {name}, která žádný záznam SPF nemá. Výsledkem je trvalá chyba (permerror) pro veškerou poštu.',
    en: 'The SPF record of {domain} redirects ("{term}") to the domain {name}, which has no SPF record. The result is a permanent error (permerror) for all mail.',
  },
  'finding.spf.redirect_invalid': {
    remediation: steps('spf-review'),
    cs: 'Záznam SPF domény {domain} přesměrovává („{term}“) na neplatný záznam domény {name} (chyba zápisu nebo více záznamů SPF). Výsledkem je trvalá chyba (permerror) pro veškerou poštu.',
    en: 'The SPF record of {domain} redirects ("{term}") to an invalid record of {name} (a syntax error or more than one SPF record). The result is a permanent error (permerror) for all mail.',
  },
  'finding.spf.loop': {
    remediation: steps('spf-review'),
    cs: 'Záznamy SPF na sebe odkazují v kruhu: {path}. Vyhodnocení překročí limit 10 dotazů DNS a skončí trvalou chybou (permerror). Odkaz, který kruh uzavírá, odstraňte.',
    en: 'The SPF records refer to each other in a circle: {path}. Evaluation exceeds the limit of 10 DNS lookups and ends in a permanent error (permerror). Remove the reference that closes the circle.',
  },
  'finding.spf.too_many_lookups': {
    remediation: steps('spf-lookups'),
    cs: 'Záznam SPF domény {domain} vyžaduje při úplném vyhodnocení {count} dotazů DNS, povoleno je nejvýše {limit} (RFC 7208 §4.6.4). Přijímající servery pak SPF vyhodnotí jako trvalou chybu (permerror) a legitimní pošta může být odmítnuta nebo označena jako podvržená. Počty dotazů podle záznamů: {chain}. Odstraňte nepoužívané odkazy include nebo je nahraďte přímými rozsahy ip4/ip6.',
    en: 'The SPF record of {domain} needs {count} DNS lookups when evaluated in full; at most {limit} are allowed (RFC 7208 §4.6.4). Receiving servers then treat SPF as a permanent error (permerror), and legitimate mail may be rejected or marked as forged. Lookups per record: {chain}. Remove unused include references or replace them with ip4/ip6 ranges.',
  },
  'finding.spf.void_lookups': {
    remediation: steps('spf-review'),
    cs: 'Politika SPF domény {domain} (včetně připojených záznamů) odkazuje na jména, která v DNS nemají žádný záznam: {names}. Jde zřejmě o pozůstatky zrušených služeb; odstraňte je. Více než dva takové odkazy způsobí trvalou chybu (permerror).',
    en: 'The SPF policy of {domain} (including the records it refers to) points to names that have no records in DNS: {names}. They are probably left over from retired services; remove them. More than two such references cause a permanent error (permerror).',
  },
  'finding.spf.too_many_void_lookups': {
    remediation: steps('spf-review'),
    cs: 'Politika SPF domény {domain} (včetně připojených záznamů) odkazuje na příliš mnoho jmen bez záznamu v DNS (celkem {count}: {names}); povoleny jsou nejvýše dva (RFC 7208 §4.6.4). Přijímající servery vyhodnocení ukončí trvalou chybou (permerror). Neplatné odkazy odstraňte.',
    en: 'The SPF policy of {domain} (including the records it refers to) points to too many names without records in DNS ({count} in total: {names}); at most two are allowed (RFC 7208 §4.6.4). Receiving servers end the evaluation with a permanent error (permerror). Remove the dead references.',
  },
  'finding.spf.too_many_mx_names': {
    remediation: steps('spf-review'),
    cs: 'Mechanismus „{term}“ v záznamu SPF domény {domain} míří na doménu s {count} záznamy MX; povoleno je nejvýše 10 (RFC 7208 §4.6.4), jinak vyhodnocení skončí trvalou chybou (permerror). Uveďte servery raději jako rozsahy ip4/ip6.',
    en: 'The mechanism "{term}" in the SPF record of {domain} points to a domain with {count} MX records; at most 10 are allowed (RFC 7208 §4.6.4), otherwise evaluation ends in a permanent error (permerror). List the servers as ip4/ip6 ranges instead.',
  },
  'finding.spf.plus_all': {
    remediation: steps('spf-record'),
    cs: 'Záznam SPF domény {domain} obsahuje „{term}“, a tím povoluje odesílat poštu za tuto doménu z jakéhokoli serveru na internetu. SPF pak proti podvržení nechrání vůbec. Nahraďte jej „-all“ nebo „~all“.',
    en: 'The SPF record of {domain} contains "{term}", which allows any server on the internet to send mail as this domain. SPF then offers no protection against forgery at all. Replace it with "-all" or "~all".',
  },
  'finding.spf.plus_all_include': {
    remediation: steps('spf-review'),
    cs: 'Záznam SPF domény {name}, který politika domény {domain} připojuje přes include nebo redirect ({path}), obsahuje „{term}“. Kontrolou SPF za doménu {domain} tak projde kterýkoli server na internetu a SPF proti podvržení nechrání. Odkaz na tento záznam odstraňte nebo jej nahraďte správným.',
    en: 'The SPF record of {name}, which the policy of {domain} takes in through include or redirect ({path}), contains "{term}". Any server on the internet therefore passes the SPF check for {domain} and SPF offers no protection against forgery. Remove the reference to that record or replace it with the correct one.',
  },
  'finding.spf.neutral_all': {
    remediation: steps('spf-record'),
    cs: 'Záznam SPF domény {domain} končí „?all“ (neutrální výsledek): o poště z neuvedených serverů neříká nic, takže podvržené zprávy nejsou označeny. Použijte „-all“ nebo „~all“.',
    en: 'The SPF record of {domain} ends with "?all" (neutral): it says nothing about mail from servers it does not list, so forged messages are not flagged. Use "-all" or "~all".',
  },
  'finding.spf.soft_all': {
    remediation: none('ok'),
    cs: 'Záznam SPF domény {domain} končí „~all“: poštu z neuvedených serverů přijímající servery označí jako podezřelou (softfail), ale neodmítnou ji. Spolu s politikou DMARC quarantine nebo reject to stačí; přísnější „-all“ lze použít, až budou vyjmenovány všechny služby, které za doménu odesílají poštu.',
    en: 'The SPF record of {domain} ends with "~all": mail from servers it does not list is marked as suspicious (softfail) but not rejected. Together with a DMARC policy of quarantine or reject this is sufficient; the stricter "-all" can be used once every service that sends mail for the domain is listed.',
  },
  'finding.spf.no_all': {
    remediation: steps('spf-record'),
    cs: 'Záznam SPF domény {domain} nekončí mechanismem „all“, takže pro poštu z neuvedených serverů platí neutrální výsledek a podvržené zprávy nejsou označeny. Doplňte na konec „-all“ nebo „~all“.',
    en: 'The SPF record of {domain} does not end with an "all" mechanism, so mail from servers it does not list gets a neutral result and forged messages are not flagged. Add "-all" or "~all" at the end.',
  },
  'finding.spf.ptr_used': {
    remediation: steps('spf-review'),
    cs: 'Záznam SPF domény {domain} používá mechanismus „{term}“. RFC 7208 §5.5 jeho použití nedoporučuje: je pomalý, zatěžuje DNS a některé přijímající servery jej ignorují. Nahraďte jej rozsahy ip4/ip6 nebo mechanismem a či mx.',
    en: 'The SPF record of {domain} uses the "{term}" mechanism. RFC 7208 §5.5 says it should not be used: it is slow, loads DNS, and some receivers ignore it. Replace it with ip4/ip6 ranges or an a or mx mechanism.',
  },
  'finding.spf.deprecated_spf_rr': {
    remediation: none('ok'),
    cs: 'Doména {domain} zveřejňuje kromě záznamu TXT i zastaralý typ záznamu SPF (typ 99). RFC 7208 jej zrušilo a přijímající servery jej nečtou; odstraňte jej, aby se na něj při změnách politiky nezapomínalo.',
    en: 'Besides the TXT record, domain {domain} also publishes the obsolete SPF record type (type 99). RFC 7208 discontinued it and receivers do not read it; remove it so that it is not forgotten when the policy changes.',
  },
  'finding.spf.deprecated_spf_rr_differs': {
    remediation: steps('spf-review'),
    cs: 'Doména {domain} zveřejňuje zastaralý typ záznamu SPF (typ 99) s jiným obsahem, než má záznam TXT: {records}. Přijímající servery čtou jen TXT; starý záznam odstraňte, aby nevznikal dojem, že platí jiná pravidla.',
    en: 'Domain {domain} publishes the obsolete SPF record type (type 99) with content different from its TXT record: {records}. Receivers read only TXT; remove the old record so that it does not suggest other rules apply.',
  },
  'finding.spf.long_record': {
    remediation: steps('spf-review'),
    cs: 'Záznamy TXT domény {domain} mají dohromady {size} bajtů. RFC 7208 §3.4 doporučuje zůstat pod {limit} bajty, aby se odpověď DNS vešla do jednoho paketu UDP (512 bajtů); delší odpovědi některé servery nezpracují a SPF pak selže s dočasnou chybou. Zkraťte záznam, například odstraněním nepoužívaných odkazů.',
    en: 'The TXT records of {domain} total {size} bytes. RFC 7208 §3.4 advises staying under {limit} bytes so that the DNS answer fits in one 512-byte UDP packet; some servers cannot handle longer answers and SPF then fails with a temporary error. Shorten the record, for example by removing unused references.',
  },
  'finding.spf.string_too_long': {
    remediation: steps('spf-record'),
    cs: 'Záznam SPF domény {domain} obsahuje řetězec dlouhý {length} znaků; jeden řetězec v záznamu TXT smí mít nejvýše 255 znaků (RFC 1035 §3.3). Rozdělte záznam na více řetězců v uvozovkách.',
    en: 'The SPF record of {domain} contains a string {length} characters long; a single string in a TXT record may hold at most 255 characters (RFC 1035 §3.3). Split the record into several quoted strings.',
  },
  'finding.spf.unknown_modifier': {
    remediation: none('ok'),
    cs: 'Záznam SPF domény {domain} obsahuje neznámý modifikátor „{term}“. Přijímající servery jej ignorují (RFC 7208 §6); ověřte, zda nejde o překlep.',
    en: 'The SPF record of {domain} contains the unknown modifier "{term}". Receivers ignore it (RFC 7208 §6); check whether it is a typo.',
  },
  'finding.spf.terms_after_all': {
    remediation: none('ok'),
    cs: 'V záznamu SPF domény {domain} následují za „{all}“ další mechanismy ({terms}). Vyhodnocení u „all“ končí, takže se nikdy neuplatní; přesuňte je před „all“, nebo je odstraňte.',
    en: 'In the SPF record of {domain}, more mechanisms follow "{all}" ({terms}). Evaluation stops at "all", so they never apply; move them before "all" or remove them.',
  },
  'finding.spf.redirect_ignored': {
    remediation: none('ok'),
    cs: 'Záznam SPF domény {domain} obsahuje „{term}“ i mechanismus „all“. Modifikátor redirect se v takovém případě ignoruje (RFC 7208 §6.1); jeden z nich odstraňte.',
    en: 'The SPF record of {domain} contains both "{term}" and an "all" mechanism. In that case the redirect modifier is ignored (RFC 7208 §6.1); remove one of them.',
  },
  'finding.spf.macro_target': {
    remediation: none('ok'),
    cs: 'Záznam SPF domény {domain} obsahuje „{term}“ s makrem, jehož cíl závisí na konkrétní zprávě. Tuto část nelze ověřit předem; skutečný počet dotazů DNS může být vyšší, než je uvedeno.',
    en: 'The SPF record of {domain} contains "{term}" with a macro whose target depends on the individual message. This part cannot be verified in advance; the real number of DNS lookups may be higher than shown.',
  },
  'finding.spf.lookup_error': {
    remediation: none('recheck'),
    cs: 'Při ověřování záznamu SPF domény {domain} selhal dotaz DNS na {name} ({rcode}). Přijímající servery v takovém případě vrátí dočasnou chybu (temperror) a doručení pošty se může zpozdit. Pokud potíž trvá, zkontrolujte DNS servery této domény.',
    en: 'While checking the SPF record of {domain}, the DNS query for {name} failed ({rcode}). Receivers then return a temporary error (temperror) and mail delivery may be delayed. If the problem persists, check the DNS servers of that domain.',
  },
  'finding.spf.analysis_truncated': {
    remediation: none('recheck'),
    cs: 'Strom záznamů SPF domény {domain} je příliš rozsáhlý; kontrola prošla jen prvních {limit} záznamů. Takto rozsáhlá politika téměř jistě překračuje limit 10 dotazů DNS.',
    en: 'The tree of SPF records of {domain} is too large; the check followed only the first {limit} records. A policy this large almost certainly exceeds the limit of 10 DNS lookups.',
  },
});

/** Other texts of this check: evidence labels, why it was skipped. */
export const spfMessages = defineMessages({
  cs: {
    'spf.evidence.chain': 'Počty dotazů DNS podle záznamů',
    'spf.syntax.not_spf_record': 'Záznam nezačíná „v=spf1“',
    'spf.syntax.invalid_character': 'Nepovolený znak (části se oddělují jen mezerou, text smí obsahovat jen znaky ASCII)',
    'spf.syntax.invalid_term': 'Část není mechanismus ani modifikátor',
    'spf.syntax.unknown_mechanism': 'Neznámý mechanismus',
    'spf.syntax.unexpected_argument': 'Mechanismus tento parametr nepřipouští',
    'spf.syntax.unexpected_cidr': 'Délka prefixu (CIDR) zde není povolena',
    'spf.syntax.missing_domain': 'Chybí dvojtečka a doména',
    'spf.syntax.empty_domain': 'Prázdná doména',
    'spf.syntax.invalid_domain_end': 'Doména nekončí platnou koncovkou ani makrem',
    'spf.syntax.invalid_macro': 'Chybně zapsané makro (po znaku % musí následovat složená závorka, %, _ nebo -)',
    'spf.syntax.unknown_macro_letter': 'Neznámé písmeno makra',
    'spf.syntax.macro_letter_not_allowed': 'Makra c, r a t jsou povolena jen v textu vysvětlení (exp)',
    'spf.syntax.zero_digits': 'Číselná transformace makra nesmí být nula',
    'spf.syntax.missing_address': 'Chybí dvojtečka a IP adresa',
    'spf.syntax.invalid_ip4': 'Neplatná adresa IPv4',
    'spf.syntax.invalid_ip6': 'Neplatná adresa IPv6',
    'spf.syntax.invalid_cidr': 'Neplatná délka prefixu (CIDR)',
    'spf.syntax.cidr_out_of_range': 'Délka prefixu mimo rozsah (IPv4 0–32, IPv6 0–128)',
    'spf.syntax.duplicate_modifier': 'Modifikátor redirect nebo exp je uveden vícekrát',
  },
  en: {
    'spf.evidence.chain': 'DNS lookups per record',
    'spf.syntax.not_spf_record': 'The record does not start with "v=spf1"',
    'spf.syntax.invalid_character': 'Character not allowed (parts are separated by spaces only, and the text must be ASCII)',
    'spf.syntax.invalid_term': 'Neither a mechanism nor a modifier',
    'spf.syntax.unknown_mechanism': 'Unknown mechanism',
    'spf.syntax.unexpected_argument': 'The mechanism does not take this argument',
    'spf.syntax.unexpected_cidr': 'A prefix length (CIDR) is not allowed here',
    'spf.syntax.missing_domain': 'Missing colon and domain',
    'spf.syntax.empty_domain': 'Empty domain',
    'spf.syntax.invalid_domain_end': 'The domain does not end in a valid top-level label or a macro',
    'spf.syntax.invalid_macro': 'Malformed macro (% must be followed by a curly brace, %, _ or -)',
    'spf.syntax.unknown_macro_letter': 'Unknown macro letter',
    'spf.syntax.macro_letter_not_allowed': 'Macros c, r and t are allowed only in the explanation text (exp)',
    'spf.syntax.zero_digits': 'A macro digit transformer must not be zero',
    'spf.syntax.missing_address': 'Missing colon and IP address',
    'spf.syntax.invalid_ip4': 'Invalid IPv4 address',
    'spf.syntax.invalid_ip6': 'Invalid IPv6 address',
    'spf.syntax.invalid_cidr': 'Invalid prefix length (CIDR)',
    'spf.syntax.cidr_out_of_range': 'Prefix length out of range (IPv4 0–32, IPv6 0–128)',
    'spf.syntax.duplicate_modifier': 'The redirect or exp modifier appears more than once',
  },
});
