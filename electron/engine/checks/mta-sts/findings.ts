/**
 * What the mta-sts check can find: MTA-STS (RFC 8461) and TLS-RPT (RFC 8460), both recommended
 * by DESIGN §4 and deciding no row of the measure (they show under "other findings"). Everything
 * that needs a change routes to the 'mta-sts' builder, which proposes only what the findings call for.
 */
import { defineFindings } from '../../check-spec';
import { defineMessages } from '../../../../shared/i18n/types';
import { none, steps } from '../../../../shared/remediation/entry';

export const mtaStsFindings = defineFindings({
  'finding.mta_sts.dns_error': {
    remediation: none('recheck'),
    cs: 'Záznam {name} nelze ověřit: dotaz DNS selhal ({reason}). Výsledek není znám – zopakujte test, případně z jiné sítě.',
    en: 'The record {name} could not be checked: the DNS query failed ({reason}). The result is unknown; repeat the test, if possible from another network.',
  },
  'finding.mta_sts.missing': {
    remediation: steps('mta-sts'),
    cs: 'Doména {domain} nepoužívá MTA-STS (na {name} není záznam TXT „v=STSv1“). MTA-STS je doporučené (RFC 8461): říká odesílajícím serverům, že poštu pro doménu smějí doručit jen šifrovaně a jen na vaše servery MX s platným certifikátem, takže útočník v síti nemůže šifrování potlačit.',
    en: 'The domain {domain} does not use MTA-STS (no "v=STSv1" TXT record at {name}). MTA-STS is recommended (RFC 8461): it tells sending servers to deliver mail for the domain only encrypted and only to your MX hosts with a valid certificate, so an attacker on the network cannot strip the encryption.',
  },
  'finding.mta_sts.record_multiple': {
    remediation: steps('mta-sts'),
    cs: 'Na {name} je {count} záznamů „v=STSv1“. Podle RFC 8461 (§3.1) pak odesílatelé jednají, jako by doména MTA-STS neměla. Ponechte jediný záznam.',
    en: '{name} holds {count} "v=STSv1" records. RFC 8461 (§3.1) then has senders act as if the domain had no MTA-STS. Keep a single record.',
  },
  'finding.mta_sts.record_invalid': {
    remediation: steps('mta-sts'),
    cs: 'Záznam MTA-STS na {name} není platný: {record} (chybná nebo chybějící část: {part}). Odesílatelé jej podle RFC 8461 (§3.1) ignorují. Hodnota id musí mít 1 až 32 písmen nebo číslic a při každé změně politiky se mění.',
    en: 'The MTA-STS record at {name} is not valid: {record} (wrong or missing part: {part}). RFC 8461 (§3.1) has senders ignore it. The id value must be 1 to 32 letters or digits and changes whenever the policy changes.',
  },
  'finding.mta_sts.policy_without_record': {
    remediation: steps('mta-sts'),
    cs: 'Na {url} je zveřejněná politika MTA-STS, ale chybí k ní záznam TXT na {name}. Odesílatelé politiku hledají jen podle tohoto záznamu, takže ji nenajdou a neuplatní.',
    en: 'A MTA-STS policy is published at {url}, but the TXT record at {name} is missing. Senders look for the policy only through that record, so they never find or apply it.',
  },
  'finding.mta_sts.policy_unreachable': {
    remediation: steps('mta-sts'),
    cs: 'Politiku MTA-STS z {url} se nepodařilo stáhnout: {detail}. Záznam TXT politiku ohlašuje, odesílatelé ji ale nezískají a MTA-STS pro ně neplatí.',
    en: 'The MTA-STS policy could not be fetched from {url}: {detail}. The TXT record announces a policy, but senders cannot get it, so MTA-STS does not apply for them.',
  },
  'finding.mta_sts.policy_certificate': {
    remediation: steps('mta-sts'),
    cs: 'Server {host} s politikou MTA-STS nemá platný certifikát ({reason}). RFC 8461 (§3.3) vyžaduje certifikát vydaný pro {host} důvěryhodnou certifikační autoritou; odesílatelé politiku z takového serveru nepřevezmou.',
    en: 'The MTA-STS policy host {host} has no valid certificate ({reason}). RFC 8461 (§3.3) requires a certificate for {host} from a trusted certification authority; senders do not take the policy from such a server.',
  },
  'finding.mta_sts.policy_redirect': {
    remediation: steps('mta-sts'),
    cs: 'Adresa {url} odpovídá přesměrováním (HTTP {status} na {location}). RFC 8461 (§3.3) přesměrování zakazuje následovat, takže odesílatelé politiku nezískají. Soubor musí být přímo na této adrese.',
    en: '{url} answers with a redirect (HTTP {status} to {location}). RFC 8461 (§3.3) forbids following redirects, so senders do not get the policy. The file must be served at this very address.',
  },
  'finding.mta_sts.policy_http_status': {
    remediation: steps('mta-sts'),
    cs: 'Adresa {url} vrací HTTP {status} místo 200 (OK). Politika je podle RFC 8461 (§3.3) platná jen s odpovědí 200, odesílatelé ji tedy nezískají.',
    en: '{url} returns HTTP {status} instead of 200 (OK). RFC 8461 (§3.3) accepts a policy only with a 200 response, so senders do not get it.',
  },
  'finding.mta_sts.policy_content_type': {
    remediation: steps('mta-sts'),
    cs: 'Politika na {url} se posílá s typem obsahu „{contentType}“, RFC 8461 (§3.2) vyžaduje text/plain. Odesílatelé, kteří typ kontrolují, ji odmítnou.',
    en: 'The policy at {url} is served with the content type "{contentType}"; RFC 8461 (§3.2) requires text/plain. Senders that check the type reject it.',
  },
  'finding.mta_sts.policy_too_large': {
    remediation: steps('mta-sts'),
    cs: 'Odpověď z {url} je větší než {limit} bajtů, takže nejde o politiku MTA-STS (ta má pár řádků). Zkontrolujte, co server na této adrese vrací.',
    en: 'The response from {url} is larger than {limit} bytes, so it is not a MTA-STS policy (which is a few lines). Check what the server returns at this address.',
  },
  'finding.mta_sts.policy_field_missing': {
    remediation: steps('mta-sts'),
    cs: 'V politice MTA-STS na {url} chybí povinné pole „{field}“. Politika bez něj není platná (RFC 8461 §3.2) a odesílatelé ji neuplatní.',
    en: 'The MTA-STS policy at {url} lacks the required field "{field}". Without it the policy is not valid (RFC 8461 §3.2) and senders do not apply it.',
  },
  'finding.mta_sts.policy_field_invalid': {
    remediation: steps('mta-sts'),
    cs: 'Pole „{field}“ v politice MTA-STS na {url} má neplatnou hodnotu „{value}“ (povoleno: {expected}). Politika s takovou chybou není platná (RFC 8461 §3.2).',
    en: 'The field "{field}" in the MTA-STS policy at {url} has the invalid value "{value}" (allowed: {expected}). A policy with such an error is not valid (RFC 8461 §3.2).',
  },
  'finding.mta_sts.policy_line_invalid': {
    remediation: steps('mta-sts'),
    cs: 'Řádek „{line}“ politiky MTA-STS na {url} nemá tvar „název: hodnota“ (RFC 8461 §3.2). Přísní odesílatelé kvůli tomu odmítnou celou politiku.',
    en: 'The line "{line}" of the MTA-STS policy at {url} is not of the form "name: value" (RFC 8461 §3.2). Strict senders reject the whole policy because of it.',
  },
  'finding.mta_sts.mx_not_covered': {
    remediation: steps('mta-sts'),
    cs: 'Server MX {host} neodpovídá žádnému řádku „mx:“ politiky MTA-STS ({patterns}). V režimu enforce mu odesílatelé poštu nedoručí; v režimu testing jen hlásí chybu. Doplňte jej do politiky.',
    en: 'The MX host {host} matches no "mx:" line of the MTA-STS policy ({patterns}). In enforce mode senders do not deliver mail to it; in testing mode they only report the failure. Add it to the policy.',
  },
  'finding.mta_sts.mode_testing': {
    remediation: steps('mta-sts'),
    cs: 'Politika MTA-STS domény {domain} je v režimu testing: odesílatelé chyby šifrování jen hlásí (TLS-RPT), poštu ale doručí i bez ochrany. Až hlášení ukážou, že vše prochází, přepněte na enforce.',
    en: 'The MTA-STS policy of {domain} is in testing mode: senders only report encryption failures (TLS-RPT) and deliver mail unprotected anyway. Once the reports show everything passing, switch to enforce.',
  },
  'finding.mta_sts.mode_none': {
    remediation: steps('mta-sts'),
    cs: 'Politika MTA-STS domény {domain} je v režimu none, tedy vypnutá: odesílatelé ji jen zapomenou. Pokud MTA-STS nerušíte záměrně, nastavte testing a později enforce.',
    en: 'The MTA-STS policy of {domain} is in mode none, that is withdrawn: senders simply forget it. Unless you are retiring MTA-STS on purpose, set testing and later enforce.',
  },
  'finding.mta_sts.max_age_short': {
    remediation: steps('mta-sts'),
    cs: 'Politika MTA-STS platí jen {maxAge} s (max_age). RFC 8461 (§3.2) počítá s platností v řádu týdnů a více; krátká platnost nechává útočníkovi víc příležitostí, kdy si odesílatel politiku obnovuje.',
    en: 'The MTA-STS policy is valid for only {maxAge} s (max_age). RFC 8461 (§3.2) expects weeks or more; a short lifetime gives an attacker more chances while senders refresh the policy.',
  },
  'finding.mta_sts.ok': {
    remediation: none('ok'),
    cs: 'MTA-STS domény {domain} je v pořádku: politika v režimu {mode} platí {maxAge} s a pokrývá všechny servery MX ({mx}).',
    en: 'MTA-STS of {domain} is in order: the policy in {mode} mode is valid for {maxAge} s and covers every MX host ({mx}).',
  },
  'finding.tlsrpt.missing': {
    remediation: steps('mta-sts'),
    cs: 'Doména {domain} nemá záznam TLS-RPT (na {name} chybí „v=TLSRPTv1“). Bez něj se nedozvíte, když odesílatelům selže šifrované doručení k vašim serverům (RFC 8460); u MTA-STS a DANE je to doporučený doplněk.',
    en: 'The domain {domain} has no TLS-RPT record (no "v=TLSRPTv1" at {name}). Without it you never learn when senders fail to deliver to your servers encrypted (RFC 8460); it is the recommended companion of MTA-STS and DANE.',
  },
  'finding.tlsrpt.multiple': {
    remediation: steps('mta-sts'),
    cs: 'Na {name} je {count} záznamů „v=TLSRPTv1“. Podle RFC 8460 (§3) pak odesílatelé jednají, jako by doména TLS-RPT neměla, a hlášení neposílají. Ponechte jediný záznam.',
    en: '{name} holds {count} "v=TLSRPTv1" records. RFC 8460 (§3) then has senders act as if the domain had no TLS-RPT and send no reports. Keep a single record.',
  },
  'finding.tlsrpt.invalid': {
    remediation: steps('mta-sts'),
    cs: 'Záznam TLS-RPT na {name} nemá žádnou platnou adresu pro hlášení (značka rua s adresou mailto: nebo https:): {record}. Hlášení tedy nikam nepřijdou.',
    en: 'The TLS-RPT record at {name} has no valid report address (an rua tag with a mailto: or https: address): {record}. Reports go nowhere.',
  },
  'finding.tlsrpt.bad_uri': {
    remediation: steps('mta-sts'),
    cs: 'Adresa „{uri}“ v záznamu TLS-RPT na {name} není platná adresa mailto: ani https: (RFC 8460 §3). Odesílatelé ji vynechají.',
    en: 'The address "{uri}" in the TLS-RPT record at {name} is not a valid mailto: or https: address (RFC 8460 §3). Senders skip it.',
  },
  'finding.tlsrpt.ok': {
    remediation: none('ok'),
    cs: 'Doména {domain} má záznam TLS-RPT: hlášení o selhání šifrovaného doručení chodí na {rua}.',
    en: 'The domain {domain} has a TLS-RPT record: reports on failed encrypted delivery go to {rua}.',
  },
});

export const mtaStsMessages = defineMessages({
  cs: {
    'skipped.mta_sts.no_mail': 'Doména nepřijímá poštu (null MX nebo žádný server MX), MTA-STS pro ni nemá smysl.',
    'evidence.mta_sts.policy': 'Politika MTA-STS, jak ji server vrátil',
    'evidence.mta_sts.response': 'Odpověď HTTPS serveru s politikou',
    'evidence.mta_sts.certificate': 'Certifikát serveru s politikou',
  },
  en: {
    'skipped.mta_sts.no_mail': 'The domain accepts no mail (null MX or no MX host); MTA-STS means nothing for it.',
    'evidence.mta_sts.policy': 'The MTA-STS policy as the server returned it',
    'evidence.mta_sts.response': 'The HTTPS response of the policy host',
    'evidence.mta_sts.certificate': 'Certificate of the policy host',
  },
});
