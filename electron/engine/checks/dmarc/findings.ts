/**
 * What the dmarc check can find: each finding key with its Czech and English message and how the
 * remediation plan handles it.
 */
import { defineFindings } from '../../check-spec';
import { none, steps } from '../../../../shared/remediation/entry';

export const dmarcFindings = defineFindings({
  'finding.dmarc.dns_error': {
    remediation: none('recheck'),
    cs: 'Záznam DMARC nelze ověřit: dotaz na {name} selhal ({reason}). Výsledek není znám – zopakujte test, případně z jiné sítě.',
    en: 'The DMARC record could not be checked: the query for {name} failed ({reason}). The result is unknown; repeat the test, if possible from another network.',
  },
  'finding.dmarc.missing': {
    remediation: steps('dmarc'),
    cs: 'Doména {domain} nemá záznam DMARC (hledáno: {queried}). Bez DMARC mohou podvodníci rozesílat e-maily s vaší doménou v adrese odesílatele a příjemci nedostanou pokyn, jak s nimi naložit.',
    en: 'The domain {domain} has no DMARC record (looked up: {queried}). Without DMARC, anyone can send mail with your domain in the sender address and receivers get no instruction on what to do with it.',
  },
  'finding.dmarc.multiple': {
    remediation: steps('dmarc'),
    cs: 'Na {name} je {count} záznamů DMARC. Podle RFC 7489 příjemci v takovém případě DMARC vůbec nepoužijí, doména tedy chráněna není. Ponechte jediný záznam.',
    en: '{name} holds {count} DMARC records. RFC 7489 tells receivers not to apply DMARC at all in that case, so the domain is not protected. Keep a single record.',
  },
  'finding.dmarc.discarded_record': {
    remediation: steps('dmarc'),
    cs: 'Záznam TXT na {name} má zřejmě být DMARC, ale nezačíná přesně „v=DMARC1“ (velkými písmeny, na začátku), proto jej příjemci ignorují: {record}',
    en: 'The TXT record at {name} is evidently meant to be DMARC but does not start exactly with "v=DMARC1" (upper case, first in the record), so receivers ignore it: {record}',
  },
  'finding.dmarc.inherited': {
    remediation: none('ok'),
    cs: 'Doména {domain} nemá vlastní záznam DMARC; platí pro ni záznam organizační domény {policyDomain}.',
    en: 'The domain {domain} has no DMARC record of its own; the record of its organisational domain {policyDomain} applies.',
  },
  'finding.dmarc.malformed_tag': {
    remediation: steps('dmarc'),
    cs: 'Část záznamu DMARC „{text}“ není platná dvojice značka=hodnota. Přísnější příjemci mohou kvůli tomu odmítnout celý záznam.',
    en: 'The part "{text}" of the DMARC record is not a valid tag=value pair. Stricter receivers may reject the whole record because of it.',
  },
  'finding.dmarc.duplicate_tag': {
    remediation: steps('dmarc'),
    cs: 'Značka {tag} je v záznamu DMARC uvedena vícekrát. Není určeno, kterou hodnotu příjemce použije; ponechte ji jen jednou.',
    en: 'The tag {tag} appears more than once in the DMARC record. Which value a receiver uses is undefined; keep it only once.',
  },
  'finding.dmarc.missing_policy': {
    remediation: steps('dmarc'),
    cs: 'V záznamu DMARC chybí povinná značka p (politika). Příjemci pak záznam buď úplně ignorují, nebo s ním zacházejí jako s p=none – v obou případech doména chráněna není.',
    en: 'The DMARC record lacks the required p tag (policy). Receivers then either ignore the record entirely or treat it as p=none; either way the domain is not protected.',
  },
  'finding.dmarc.policy_not_second': {
    remediation: steps('dmarc'),
    cs: 'Značka p má podle RFC 7489 následovat hned za v=DMARC1. Většina příjemců jiné pořadí toleruje, přísnější implementace však záznam mohou odmítnout.',
    en: 'RFC 7489 requires the p tag to come right after v=DMARC1. Most receivers tolerate another order, but stricter implementations may reject the record.',
  },
  'finding.dmarc.invalid_policy': {
    remediation: steps('dmarc'),
    cs: 'Značka {tag} má neplatnou hodnotu „{value}“ (povoleno je none, quarantine nebo reject). Příjemci pak celý záznam ignorují, nebo jej berou jako p=none.',
    en: 'The tag {tag} has the invalid value "{value}" (allowed: none, quarantine or reject). Receivers then ignore the whole record or treat it as p=none.',
  },
  'finding.dmarc.invalid_value': {
    remediation: steps('dmarc'),
    cs: 'Značka {tag} má neplatnou hodnotu „{value}“ (povoleno: {expected}). Příjemci ji ignorují a použijí výchozí hodnotu.',
    en: 'The tag {tag} has the invalid value "{value}" (allowed: {expected}). Receivers ignore it and use the default.',
  },
  'finding.dmarc.unknown_tag': {
    remediation: steps('dmarc'),
    cs: 'Záznam DMARC obsahuje neznámou značku {tag}={value}. Příjemci ji ignorují; často jde o překlep v názvu skutečné značky.',
    en: 'The DMARC record contains the unknown tag {tag}={value}. Receivers ignore it; it is often a misspelt name of a real tag.',
  },
  'finding.dmarc.invalid_uri': {
    remediation: steps('dmarc'),
    cs: 'Adresa pro hlášení ve značce {tag} („{uri}“) není platná adresa mailto:. Na ni žádná hlášení nepřijdou.',
    en: 'The report address in the {tag} tag ("{uri}") is not a valid mailto: address. No reports will arrive there.',
  },
  'finding.dmarc.unsupported_uri': {
    remediation: steps('dmarc'),
    cs: 'Adresa pro hlášení ve značce {tag} („{uri}“) nepoužívá schéma mailto:. Příjemci musí podporovat jen mailto:, hlášení tedy pravděpodobně nepřijdou.',
    en: 'The report address in the {tag} tag ("{uri}") does not use the mailto: scheme. Receivers are only required to support mailto:, so reports will probably not arrive.',
  },
  'finding.dmarc.invalid_size': {
    remediation: steps('dmarc'),
    cs: 'Omezení velikosti u adresy ve značce {tag} („{uri}“) není platné (správně např. „!10m“). Adresa bude ignorována.',
    en: 'The size limit of the address in the {tag} tag ("{uri}") is not valid (it should look like "!10m"). The address will be ignored.',
  },
  'finding.dmarc.ignored': {
    remediation: steps('dmarc'),
    cs: 'Záznam DMARC na {name} nemá platnou politiku ani platnou adresu pro hlášení, proto jej příjemci podle RFC 7489 úplně ignorují. Doména fakticky DMARC nemá.',
    en: 'The DMARC record at {name} has neither a valid policy nor a valid report address, so RFC 7489 tells receivers to ignore it entirely. In effect the domain has no DMARC.',
  },
  'finding.dmarc.policy_none': {
    remediation: steps('dmarc'),
    cs: 'Politika DMARC pro {domain} je „none“ (značka {tag}). Taková politika jen sleduje: podvržené e-maily s vaší doménou příjemci doručí stejně jako pravé. K ochraně je nutná politika quarantine nebo reject.',
    en: 'The DMARC policy for {domain} is "none" (tag {tag}). Such a policy only monitors: receivers deliver forged mail from your domain just like genuine mail. Protection requires the policy quarantine or reject.',
  },
  'finding.dmarc.policy_quarantine': {
    remediation: none('ok'),
    cs: 'Politika DMARC pro {domain} je „quarantine“ (značka {tag}): e-maily, které neprojdou ověřením, příjemci přesunou do karantény nebo nevyžádané pošty. Požadavek je splněn; nejsilnější ochranu dává politika reject.',
    en: 'The DMARC policy for {domain} is "quarantine" (tag {tag}): receivers move mail that fails authentication to quarantine or the spam folder. This meets the requirement; reject gives the strongest protection.',
  },
  'finding.dmarc.policy_reject': {
    remediation: none('ok'),
    cs: 'Politika DMARC pro {domain} je „reject“ (značka {tag}): e-maily, které neprojdou ověřením, příjemci odmítnou. Jde o nejsilnější ochranu.',
    en: 'The DMARC policy for {domain} is "reject" (tag {tag}): receivers refuse mail that fails authentication. This is the strongest protection.',
  },
  'finding.dmarc.pct_partial': {
    remediation: steps('dmarc'),
    cs: 'Politika {policy} se uplatní jen na {pct} % e-mailů, které neprojdou ověřením; se zbytkem příjemci zacházejí mírněji. Nastavte pct=100 nebo značku pct odstraňte.',
    en: 'The {policy} policy applies to only {pct} % of the mail that fails authentication; receivers treat the rest more leniently. Set pct=100 or remove the pct tag.',
  },
  'finding.dmarc.testing_mode': {
    remediation: steps('dmarc'),
    cs: 'Záznam DMARC je v testovacím režimu (t=y): příjemci uplatní o stupeň mírnější politiku než {policy}. Po ověření provozu značku odstraňte.',
    en: 'The DMARC record is in testing mode (t=y): receivers apply a policy one step milder than {policy}. Remove the tag once mail flow is verified.',
  },
  'finding.dmarc.subdomain_policy_weaker': {
    remediation: steps('dmarc'),
    cs: 'Značka {tag}={value} nastavuje pro subdomény slabší politiku než {p}. Podvodníci pak mohou rozesílat e-maily z libovolné, i vymyšlené subdomény vaší domény.',
    en: 'The tag {tag}={value} sets a weaker policy for subdomains than {p}. Attackers can then send mail from any subdomain of your domain, even one that does not exist.',
  },
  'finding.dmarc.no_rua': {
    remediation: steps('dmarc'),
    cs: 'Záznam DMARC pro {domain} nemá značku rua, takže nikam nechodí souhrnná hlášení. Bez nich nevidíte, kdo jménem vaší domény posílá poštu, a nelze bezpečně přejít na přísnější politiku.',
    en: "The DMARC record for {domain} has no rua tag, so no aggregate reports are sent anywhere. Without them you cannot see who sends mail in your domain's name, and you cannot safely move to a stricter policy.",
  },
  'finding.dmarc.rua': {
    remediation: none('ok'),
    cs: 'Souhrnná hlášení DMARC se posílají na: {addresses}.',
    en: 'DMARC aggregate reports are sent to: {addresses}.',
  },
  'finding.dmarc.ruf': {
    remediation: none('ok'),
    cs: 'Záznam žádá o podrobná hlášení o selhání (ruf) na: {addresses}. Mohou obsahovat části zpráv a osobní údaje, proto je zasílejte jen na adresu, kterou spravujete vy nebo smluvní zpracovatel. Mnoho příjemců je kvůli ochraně soukromí vůbec neposílá.',
    en: 'The record asks for detailed failure reports (ruf) to be sent to: {addresses}. They can contain parts of messages and personal data, so send them only to an address run by you or a contracted processor. Many receivers do not send them at all for privacy reasons.',
  },
  'finding.dmarc.alignment_relaxed': {
    remediation: none('ok'),
    cs: 'Shoda domén je volná pro DKIM i SPF (adkim=r, aspf=r): stačí, aby odesílající služba používala stejnou organizační doménu. To je obvyklé nastavení.',
    en: 'Domain alignment is relaxed for both DKIM and SPF (adkim=r, aspf=r): a sending service only has to use the same organisational domain. This is the usual setting.',
  },
  'finding.dmarc.alignment_strict': {
    remediation: none('ok'),
    cs: 'Shoda domén je přísná pro DKIM i SPF (adkim=s, aspf=s): domény se musí shodovat přesně. Ověřte, že všechny služby posílající vaši poštu podepisují a odesílají přesně z této domény, ne ze subdomény.',
    en: 'Domain alignment is strict for both DKIM and SPF (adkim=s, aspf=s): the domains must match exactly. Make sure every service sending your mail signs and sends from exactly this domain, not a subdomain.',
  },
  'finding.dmarc.alignment_strict_dkim': {
    remediation: none('ok'),
    cs: 'Shoda domén je přísná pro DKIM (adkim=s) a volná pro SPF (aspf=r). Podpis DKIM musí být přesně pro tuto doménu, ne pro subdoménu.',
    en: 'Domain alignment is strict for DKIM (adkim=s) and relaxed for SPF (aspf=r). DKIM signatures must be for exactly this domain, not a subdomain.',
  },
  'finding.dmarc.alignment_strict_spf': {
    remediation: none('ok'),
    cs: 'Shoda domén je přísná pro SPF (aspf=s) a volná pro DKIM (adkim=r). Obálková adresa odesílatele musí být přesně v této doméně, ne v subdoméně.',
    en: 'Domain alignment is strict for SPF (aspf=s) and relaxed for DKIM (adkim=r). The envelope sender must be in exactly this domain, not a subdomain.',
  },
  'finding.dmarc.external_authorized': {
    remediation: none('ok'),
    cs: 'Externí doména {host} souhlasí s přijímáním hlášení DMARC ({tags}); souhlas je zveřejněn na {name}.',
    en: 'The external domain {host} agrees to receive DMARC reports ({tags}); its consent is published at {name}.',
  },
  'finding.dmarc.external_not_authorized': {
    remediation: steps('dmarc-external'),
    cs: 'Hlášení DMARC ({tags}) míří do cizí domény {host}, která k tomu nedala souhlas: na {name} chybí záznam TXT „{record}“. Odesílatelé hlášení je proto na {addresses} nepošlou. Záznam musí zveřejnit správce domény {host} (u služeb pro zpracování hlášení to obvykle dělají sami).',
    en: 'DMARC reports ({tags}) go to the external domain {host}, which has not agreed to receive them: the TXT record "{record}" is missing at {name}. Report senders will therefore not send them to {addresses}. The administrator of {host} must publish the record (report-processing services usually do this themselves).',
  },
  'finding.dmarc.external_dns_error': {
    remediation: none('recheck'),
    cs: 'Souhlas domény {host} s přijímáním hlášení DMARC nelze ověřit: dotaz na {name} selhal ({reason}).',
    en: 'Whether {host} agrees to receive DMARC reports could not be checked: the query for {name} failed ({reason}).',
  },
});
