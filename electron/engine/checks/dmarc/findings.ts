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
    cs: 'Na {name} je {count} záznamů DMARC. Podle RFC 9989 (§4.10) je příjemci všechny zahodí, jako by tam žádný nebyl; platí nanejvýš záznam nadřazené domény, vlastní politika domény tedy neplatí. Ponechte jediný záznam.',
    en: "{name} holds {count} DMARC records. RFC 9989 (§4.10) tells receivers to discard them all, as if there were none; at most the record of a parent domain applies, so the domain's own policy does not. Keep a single record.",
  },
  'finding.dmarc.discarded_record': {
    remediation: steps('dmarc'),
    cs: 'Záznam TXT na {name} má zřejmě být DMARC, ale nezačíná přesně „v=DMARC1“ (velkými písmeny, na začátku), proto jej příjemci ignorují: {record}',
    en: 'The TXT record at {name} is evidently meant to be DMARC but does not start exactly with "v=DMARC1" (upper case, first in the record), so receivers ignore it: {record}',
  },
  'finding.dmarc.inherited': {
    remediation: none('ok'),
    cs: 'Doména {domain} nemá vlastní záznam DMARC; příjemci jej hledají v DNS směrem ke kořeni (RFC 9989 §4.10) a platí pro ni záznam domény {policyDomain}.',
    en: 'The domain {domain} has no DMARC record of its own; receivers look it up the DNS tree (RFC 9989 §4.10), and the record of {policyDomain} applies.',
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
    cs: 'Značka p nenásleduje hned za v=DMARC1. RFC 9989 pořadí nepředepisuje, ale příjemci podle staršího RFC 7489 mohou takový záznam odmítnout; dejte p na druhé místo.',
    en: 'The p tag does not come right after v=DMARC1. RFC 9989 does not require an order, but receivers following the older RFC 7489 may reject such a record; put p second.',
  },
  'finding.dmarc.invalid_policy': {
    remediation: steps('dmarc'),
    cs: 'Značka {tag} má neplatnou hodnotu „{value}“ (povoleno je none, quarantine nebo reject). Podle RFC 9989 (§4.10.1) pak příjemci celý záznam ignorují, nebo jej berou jako p=none.',
    en: 'The tag {tag} has the invalid value "{value}" (allowed: none, quarantine or reject). Under RFC 9989 (§4.10.1) receivers then ignore the whole record or treat it as p=none.',
  },
  'finding.dmarc.invalid_value': {
    remediation: steps('dmarc'),
    cs: 'Značka {tag} má neplatnou hodnotu „{value}“ (povoleno: {expected}). Příjemci ji ignorují a použijí výchozí hodnotu.',
    en: 'The tag {tag} has the invalid value "{value}" (allowed: {expected}). Receivers ignore it and use the default.',
  },
  'finding.dmarc.invalid_testing': {
    remediation: steps('dmarc'),
    cs: 'Značka t má neplatnou hodnotu „{value}“; povoleno je jen y (testovací režim) nebo n (politika platí naplno, výchozí). Příjemci ji ignorují a politiku uplatní naplno.',
    en: 'The t tag has the invalid value "{value}"; only y (testing mode) or n (the policy applies in full, the default) are allowed. Receivers ignore it and apply the policy in full.',
  },
  'finding.dmarc.invalid_psd': {
    remediation: steps('dmarc'),
    cs: 'Značka psd má neplatnou hodnotu „{value}“; povoleno je y, n nebo u. Příjemci ji ignorují a organizační doménu určí procházením DNS (RFC 9989 §4.10).',
    en: 'The psd tag has the invalid value "{value}"; only y, n or u are allowed. Receivers ignore it and find the organisational domain by walking the DNS tree (RFC 9989 §4.10).',
  },
  'finding.dmarc.psd_yes': {
    remediation: steps('dmarc'),
    cs: 'Záznam DMARC domény {domain} obsahuje psd=y, tedy prohlašuje doménu za veřejnou příponu (jako registr domén .cz). Podle RFC 9989 (§4.10.2) je pak každá subdoména samostatnou organizací: volná shoda domén mezi {domain} a jejími subdoménami přestane platit. Pokud nejste správce veřejné přípony, značku odstraňte.',
    en: 'The DMARC record of {domain} contains psd=y, declaring the domain a public suffix (like a domain registry). Under RFC 9989 (§4.10.2) every subdomain then counts as a separate organisation: relaxed alignment between {domain} and its subdomains stops working. Unless you operate a public suffix, remove the tag.',
  },
  'finding.dmarc.psd_no': {
    remediation: none('ok'),
    cs: 'Záznam DMARC obsahuje psd=n: doména {domain} je sama sobě organizační doménou a příjemci nad ní už další záznamy nehledají (RFC 9989 §4.10.2).',
    en: 'The DMARC record contains psd=n: {domain} is its own organisational domain, and receivers look no further up the DNS tree (RFC 9989 §4.10.2).',
  },
  'finding.dmarc.np_policy': {
    remediation: none('ok'),
    cs: 'Pro neexistující subdomény domény {domain} platí politika {policy} (značka np, RFC 9989 §4.7).',
    en: 'Non-existent subdomains of {domain} get the policy {policy} (the np tag, RFC 9989 §4.7).',
  },
  'finding.dmarc.historic_pct_partial': {
    remediation: steps('dmarc'),
    cs: 'Značka pct={value} je podle RFC 9989 historická a příjemci řídící se novým RFC ji nečtou: politiku {policy} uplatní na veškerou poštu, která neprojde ověřením, kdežto příjemci podle staršího RFC 7489 jen na {pct} %. Postupné zavádění po procentech RFC 9989 nezná; značku odstraňte (na zkoušku místo ní slouží t=y).',
    en: 'The tag pct={value} is historic under RFC 9989, and receivers following the new RFC do not read it: they apply the {policy} policy to all mail that fails authentication, while receivers following the older RFC 7489 apply it to {pct} % only. RFC 9989 has no percentage rollout; remove the tag (t=y takes its place for a trial).',
  },
  'finding.dmarc.historic_pct_zero': {
    remediation: steps('dmarc'),
    cs: 'Značka pct=0 dříve znamenala zkušební provoz, ale RFC 9989 ji ruší a příjemci řídící se novým RFC ji nečtou: politiku {policy} uplatní na veškerou poštu, která neprojde ověřením. Význam pct=0 přebírá značka t=y (RFC 9989, příloha A.6); nahraďte pct=0 značkou t=y, nebo značku odstraňte.',
    en: 'The tag pct=0 used to mean a trial, but RFC 9989 removes it and receivers following the new RFC do not read it: they apply the {policy} policy to all mail that fails authentication. The t=y tag takes over the meaning of pct=0 (RFC 9989, Appendix A.6); replace pct=0 with t=y, or remove the tag.',
  },
  'finding.dmarc.historic_pct': {
    remediation: steps('dmarc'),
    cs: 'Značka pct={value} je podle RFC 9989 historická a příjemci řídící se novým RFC ji nečtou; politika {policy} platí pro veškerou poštu. Značku můžete odstranit.',
    en: 'The tag pct={value} is historic under RFC 9989, and receivers following the new RFC do not read it; the {policy} policy applies to all mail. You can remove the tag.',
  },
  'finding.dmarc.historic_rf': {
    remediation: steps('dmarc'),
    cs: 'Značka rf={value} (formát hlášení o selhání) je podle RFC 9989 historická: formát už volit nelze a příjemci ji nečtou. Značku odstraňte.',
    en: 'The tag rf={value} (failure report format) is historic under RFC 9989: the format can no longer be chosen and receivers do not read it. Remove the tag.',
  },
  'finding.dmarc.historic_ri': {
    remediation: steps('dmarc'),
    cs: 'Značka ri={value} (interval souhrnných hlášení) je podle RFC 9989 historická: příjemci ji nečtou a hlášení posílají podle svého, obvykle jednou denně. Značku odstraňte.',
    en: 'The tag ri={value} (aggregate report interval) is historic under RFC 9989: receivers do not read it and send reports on their own schedule, usually daily. Remove the tag.',
  },
  'finding.dmarc.obsolete_size': {
    remediation: steps('dmarc'),
    cs: 'Adresa pro hlášení ve značce {tag} („{uri}“) má omezení velikosti „!…“, které RFC 9989 ruší (zastaralá syntaxe, §4.8): odesílatelé hlášení je ignorují. Adresa funguje dál; omezení odstraňte.',
    en: 'The report address in the {tag} tag ("{uri}") carries a "!…" size limit, which RFC 9989 removes (obsolete syntax, §4.8): report senders ignore it. The address still works; remove the limit.',
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
    cs: 'Záznam DMARC na {name} nemá platnou politiku ani platnou adresu pro hlášení, proto jej příjemci podle RFC 9989 (§4.10.1) úplně ignorují. Doména fakticky DMARC nemá.',
    en: 'The DMARC record at {name} has neither a valid policy nor a valid report address, so RFC 9989 (§4.10.1) tells receivers to ignore it entirely. In effect the domain has no DMARC.',
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
  'finding.dmarc.testing_mode': {
    remediation: steps('dmarc'),
    cs: 'Záznam DMARC je v testovacím režimu (t=y): místo politiky {policy} příjemci uplatní o stupeň mírnější {effective} (RFC 9989 §4.7). Po ověření provozu značku odstraňte.',
    en: 'The DMARC record is in testing mode (t=y): instead of the {policy} policy, receivers apply the one step milder {effective} (RFC 9989 §4.7). Remove the tag once mail flow is verified.',
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
