/**
 * What the dane check can find (requirement 5 of the measure): each finding key with its Czech and
 * English message and how the remediation plan handles it.
 */
import { defineFindings } from '../../check-spec';
import { defineMessages } from '../../../../shared/i18n/types';
import { none, steps } from '../../../../shared/remediation/entry';

export const daneFindings = defineFindings({
  'finding.dane.match': {
    remediation: none('ok'),
    cs: 'Poštovní server {host} ({addresses}): záznam TLSA {record} odpovídá předloženému certifikátu ({via}). Odesílatelé ověřující DANE server spolehlivě ověří.',
    en: 'Mail server {host} ({addresses}): the TLSA record {record} matches the certificate it serves ({via}). Senders that validate DANE authenticate the server.',
  },
  'finding.dane.mismatch': {
    remediation: steps('dane'),
    cs: 'Poštovní server {host} ({addresses}) předkládá certifikát, kterému neodpovídá žádný záznam TLSA v {name}. Odesílatelé ověřující DANE mu poštu nedoručí (odloží ji).',
    en: 'Mail server {host} ({addresses}) serves a certificate that none of the TLSA records at {name} matches. Senders that validate DANE will not deliver mail to it (they defer it).',
  },
  'finding.dane.missing': {
    remediation: steps('dane'),
    cs: 'Poštovní server {host} nemá záznam TLSA ({name}), DANE se pro něj nepoužívá. Odesílatel tak nemůže ověřit, že mluví se skutečným serverem.',
    en: 'Mail server {host} has no TLSA record ({name}); DANE is not used for it. Senders cannot verify that they talk to the real server.',
  },
  'finding.dane.unusable_usage': {
    remediation: steps('dane'),
    cs: 'Záznamy TLSA v {name} používají jen typy, které SMTP ignoruje ({usages}); pro poštu platí jen DANE-TA (2) a DANE-EE (3) (RFC 7672 §3.1.3). DANE server {host} nechrání.',
    en: 'The TLSA records at {name} use only usages that SMTP ignores ({usages}); mail uses only DANE-TA (2) and DANE-EE (3) (RFC 7672 §3.1.3). DANE does not protect {host}.',
  },
  'finding.dane.not_secure': {
    remediation: steps('dnssec'),
    cs: 'DANE pro {host} nemůže fungovat: záznamy, na kterých stojí (MX domény nebo adresy serveru), nejsou ověřené DNSSEC, a odesílatelé pak záznamy TLSA nepoužijí (RFC 7672 §2.2).',
    en: 'DANE cannot work for {host}: the records it rests on (the domain’s MX or the server’s addresses) are not validated by DNSSEC, and senders then ignore TLSA records (RFC 7672 §2.2).',
  },
  'finding.dane.bogus': {
    remediation: steps('dane'),
    cs: 'Záznamy TLSA v {name} neprošly ověřením DNSSEC. Odesílatelé ověřující DANE budou poštu pro {host} odkládat, dokud se to neopraví.',
    en: 'The TLSA records at {name} fail DNSSEC validation. Senders that validate DANE will defer mail for {host} until this is fixed.',
  },
  'finding.dane.not_tested': {
    remediation: none('not-testable'),
    cs: 'Záznamy TLSA serveru {host} nebylo možné porovnat s certifikátem, protože spojení TLS se serverem se nepodařilo navázat.',
    en: 'The TLSA records of {host} could not be compared with its certificate because no TLS connection to the server completed.',
  },
  'finding.dane.rollover_ready': {
    remediation: none('ok'),
    cs: 'Záznamy TLSA v {name} jsou připravené na výměnu klíče: vedle záznamu pro současný klíč je zveřejněn záznam pro další klíč, nebo záznam DANE-TA vedle DANE-EE (RFC 7671 §8).',
    en: 'The TLSA records at {name} are ready for a key change: beside the record for the current key there is one for the next key, or a DANE-TA record beside DANE-EE (RFC 7671 §8).',
  },
  'finding.dane.no_rollover': {
    remediation: steps('dane'),
    cs: 'V {name} je jen záznam TLSA pro současný klíč. Před výměnou certifikátu zveřejněte záznam pro nový klíč (nebo záznam DANE-TA 2 1 1), jinak se pošta během výměny odloží.',
    en: 'The TLSA at {name} has a record for the current key only. Publish a record for the next key (or a DANE-TA 2 1 1 record) before the certificate changes, or mail is deferred during the switch.',
  },
  'finding.dane.expiring_no_successor': {
    remediation: steps('dane'),
    cs: 'Certifikát serveru {host} vyprší {date} a záznam TLSA pro jeho nástupce zatím zveřejněný není. Zveřejněte ho alespoň dvě TTL před výměnou.',
    en: 'The certificate of {host} expires on {date} and no TLSA record for its successor is published yet. Publish it at least two TTLs before the switch.',
  },
  'finding.dane.ee_name_irrelevant': {
    remediation: none('ok'),
    cs: 'Certifikát serveru {host} není vystaven na jeho jméno, ale se záznamem DANE-EE (3) odesílatelé ověřující DANE kontrolují jen klíč, takže server ověří (RFC 7672 §3.1.1). Odesílatelé bez DANE nesoulad jména vidí dál (požadavek 3).',
    en: 'The certificate of {host} is not issued for its name, but with a DANE-EE (3) record senders that validate DANE check only the key, so they still authenticate the server (RFC 7672 §3.1.1). Senders without DANE still see the name mismatch (requirement 3).',
  },
  'finding.dane.lookup_failed': {
    remediation: none('recheck'),
    cs: 'Záznamy TLSA serveru {host} ({name}) se nepodařilo ověřit, protože dotaz DNS selhal. Zopakujte test.',
    en: 'The TLSA records of {host} ({name}) could not be checked because a DNS query failed. Run the test again.',
  },
});

export const daneMessages = defineMessages({
  cs: {
    'evidence.dane.tlsa': 'Záznamy TLSA a s čím se shodují',
  },
  en: {
    'evidence.dane.tlsa': 'TLSA records and what each matched',
  },
});
