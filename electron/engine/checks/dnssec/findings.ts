/**
 * What the dnssec check can find (requirement 4 of the measure): each finding key with its Czech
 * and English message and how the remediation plan handles it.
 */
import { defineFindings } from '../../check-spec';
import { defineMessages } from '../../../../shared/i18n/types';
import { none, steps } from '../../../../shared/remediation/entry';

export const dnssecFindings = defineFindings({
  'finding.dnssec.secure': {
    remediation: none('ok'),
    cs: 'Záznamy domény {name} jsou podepsané DNSSEC a podpisy se ověřily řetězem důvěry od kořene až k zóně {zone}.',
    en: 'The records of {name} are signed with DNSSEC and validate through the chain of trust from the root to the zone {zone}.',
  },
  'finding.dnssec.insecure': {
    remediation: steps('dnssec'),
    cs: 'Zóna {zone} není podepsaná DNSSEC (nadřazená zóna prokazatelně nemá záznam DS), takže záznamy domény {name} nelze ověřit a dají se podvrhnout.',
    en: 'The zone {zone} is not signed with DNSSEC (its parent proves there is no DS record), so the records of {name} cannot be validated and can be forged.',
  },
  'finding.dnssec.mx_zone_secure': {
    remediation: none('ok'),
    cs: 'Adresy poštovního serveru {host} jsou v zóně {zone} podepsané DNSSEC a ověřily se.',
    en: 'The addresses of the mail server {host} are signed with DNSSEC in the zone {zone} and validate.',
  },
  'finding.dnssec.mx_zone_insecure': {
    remediation: steps('dnssec'),
    cs: 'Poštovní server {host} leží v zóně {zone}, která není podepsaná DNSSEC. Jeho adresy nelze ověřit a DANE pro něj nemůže fungovat.',
    en: 'The mail server {host} lies in the zone {zone}, which is not signed with DNSSEC. Its addresses cannot be validated and DANE cannot work for it.',
  },
  'finding.dnssec.signature_expired': {
    remediation: steps('dnssec'),
    cs: 'Podpisy DNSSEC zóny {zone} ({name}) vypršely {date}. Validující resolvery odpovídají SERVFAIL a pošta do domény se nedoručí. Obnovte podepisování zóny.',
    en: 'The DNSSEC signatures of the zone {zone} ({name}) expired on {date}. Validating resolvers answer SERVFAIL and mail to the domain is not delivered. Restore the zone signing.',
  },
  'finding.dnssec.signature_not_yet_valid': {
    remediation: steps('dnssec'),
    cs: 'Podpisy DNSSEC zóny {zone} ({name}) platí až od {date}. Validující resolvery je zatím odmítají; zkontrolujte hodiny podepisujícího serveru.',
    en: 'The DNSSEC signatures of the zone {zone} ({name}) are valid only from {date}. Validating resolvers reject them until then; check the clock of the signing server.',
  },
  'finding.dnssec.ds_mismatch': {
    remediation: steps('dnssec'),
    cs: 'Záznam DS zóny {zone} u nadřazené zóny ({ds}) neodpovídá žádnému klíči zóny (klíče: {keys}). Validující resolvery celou zónu odmítají; opravte DS u registrátora.',
    en: 'The DS record of the zone {zone} at its parent ({ds}) matches none of the zone’s keys (keys: {keys}). Validating resolvers reject the whole zone; correct the DS at the registrar.',
  },
  'finding.dnssec.dnskey_missing': {
    remediation: steps('dnssec'),
    cs: 'Nadřazená zóna má pro {zone} záznam DS, ale zóna sama žádný klíč DNSKEY nezveřejňuje. Validující resolvery ji odmítají.',
    en: 'The parent has a DS record for {zone}, but the zone publishes no DNSKEY. Validating resolvers reject it.',
  },
  'finding.dnssec.bad_signature': {
    remediation: steps('dnssec'),
    cs: 'Podpis DNSSEC záznamů {name} v zóně {zone} nesouhlasí s daty. Validující resolvery odpovídají SERVFAIL.',
    en: 'The DNSSEC signature of the records of {name} in the zone {zone} does not verify. Validating resolvers answer SERVFAIL.',
  },
  'finding.dnssec.rrsig_missing': {
    remediation: steps('dnssec'),
    cs: 'Zóna {zone} je podepsaná, ale záznamy {name} podpis (RRSIG) nemají. Validující resolvery je odmítají.',
    en: 'The zone {zone} is signed, but the records of {name} carry no signature (RRSIG). Validating resolvers reject them.',
  },
  'finding.dnssec.no_key_for_signature': {
    remediation: steps('dnssec'),
    cs: 'Záznamy {name} jsou podepsané klíčem, který zóna {zone} nezveřejňuje. Validující resolvery je odmítají.',
    en: 'The records of {name} are signed with a key the zone {zone} does not publish. Validating resolvers reject them.',
  },
  'finding.dnssec.denial_broken': {
    remediation: steps('dnssec'),
    cs: 'Zóna {zone} neprokázala neexistenci záznamů {name} (chybný nebo chybějící NSEC/NSEC3). Validující resolvery odpověď odmítají.',
    en: 'The zone {zone} did not prove that the records of {name} do not exist (NSEC/NSEC3 wrong or missing). Validating resolvers reject the answer.',
  },
  'finding.dnssec.unsupported_algorithm': {
    remediation: steps('dnssec'),
    cs: 'Zóna {zone} je podepsaná algoritmem, který validátory nepodporují ({algorithms}); považují ji proto za nepodepsanou.',
    en: 'The zone {zone} is signed with an algorithm validators do not support ({algorithms}); they treat it as unsigned.',
  },
  'finding.dnssec.nsec3_iterations': {
    remediation: steps('dnssec'),
    cs: 'Zóna {zone} používá NSEC3 s {iterations} iteracemi. Validátory podle RFC 9276 takové odpovědi považují za nepodepsané; nastavte 0 iterací a prázdnou sůl.',
    en: 'The zone {zone} uses NSEC3 with {iterations} iterations. Validators following RFC 9276 treat such answers as unsigned; use 0 iterations and an empty salt.',
  },
  'finding.dnssec.algorithm_deprecated': {
    remediation: steps('dnssec'),
    cs: 'Zóna {zone} je podepsaná algoritmem {algorithm} ({mnemonic}), který používá SHA-1 nebo je zakázaný (RFC 8624). Přejděte na algoritmus 13 (ECDSAP256SHA256) nebo 15 (Ed25519).',
    en: 'The zone {zone} is signed with algorithm {algorithm} ({mnemonic}), which uses SHA-1 or is prohibited (RFC 8624). Move to algorithm 13 (ECDSAP256SHA256) or 15 (Ed25519).',
  },
  'finding.dnssec.algorithm_phase_out': {
    remediation: steps('dnssec'),
    cs: 'Zóna {zone} je podepsaná algoritmem {algorithm} ({mnemonic}), který se nedoporučuje (RFC 8624). Při příští výměně klíčů přejděte na algoritmus 13 nebo 15.',
    en: 'The zone {zone} is signed with algorithm {algorithm} ({mnemonic}), which is not recommended (RFC 8624). Move to algorithm 13 or 15 at the next key rollover.',
  },
  'finding.dnssec.ds_digest_sha1': {
    remediation: steps('dnssec'),
    cs: 'Záznam DS zóny {zone} používá otisk SHA-1 (typ 1), který se už nesmí používat (RFC 8624). Zveřejněte DS s otiskem SHA-256 (typ 2) a SHA-1 odstraňte.',
    en: 'The DS record of the zone {zone} uses a SHA-1 digest (type 1), which must no longer be used (RFC 8624). Publish a DS with a SHA-256 digest (type 2) and remove the SHA-1 one.',
  },
  'finding.dnssec.resolver_strips': {
    remediation: none('not-testable'),
    cs: 'Resolver DNS {resolver} odstraňuje data DNSSEC (podpisy nebo klíče), takže DNSSEC z této sítě nelze ověřit. Spusťte test znovu z jiné sítě nebo s volbou --resolver.',
    en: 'The DNS resolver {resolver} strips DNSSEC data (signatures or keys), so DNSSEC cannot be verified from this network. Run again from another network or with --resolver.',
  },
  'finding.dnssec.resolver_strips_iterated': {
    remediation: none('ok'),
    cs: 'Resolver DNS {resolver} odstraňuje data DNSSEC. Ověření proto proběhlo přímo od kořenových serverů přes autoritativní servery (iterativně); výsledky DNSSEC platí, ale klienti v této síti DNSSEC nevyužijí.',
    en: 'The DNS resolver {resolver} strips DNSSEC data. Validation therefore went from the root servers through the authoritative servers directly (iteratively); the DNSSEC results hold, but clients on this network do not benefit from DNSSEC.',
  },
  'finding.dnssec.lookup_failed': {
    remediation: none('recheck'),
    cs: 'Ověření DNSSEC pro {name} se nepodařilo dokončit, protože dotaz DNS selhal. Zopakujte test.',
    en: 'DNSSEC validation of {name} could not be completed because a DNS query failed. Run the test again.',
  },
});

export const dnssecMessages = defineMessages({
  cs: {
    'skipped.dnssec_unavailable': 'Ověření DNSSEC potřebuje odpovědi DNS v původní podobě, které tento zdroj DNS nedává.',
    'skipped.requires_dnssec': 'Kontrola potřebuje výsledek ověření DNSSEC, který není k dispozici.',
    'skipped.dnssec_stripped': 'Resolver odstraňuje data DNSSEC, záznamy TLSA proto nelze ověřit.',
    'evidence.dnssec.chain': 'Řetěz důvěry DNSSEC',
    'evidence.dnssec.detail': 'Podrobnosti ověření DNSSEC',
  },
  en: {
    'skipped.dnssec_unavailable': 'DNSSEC validation needs DNS answers in wire form, which this DNS source does not give.',
    'skipped.requires_dnssec': 'The check needs the result of the DNSSEC validation, which is not available.',
    'skipped.dnssec_stripped': 'The resolver strips DNSSEC data, so TLSA records cannot be validated.',
    'evidence.dnssec.chain': 'DNSSEC chain of trust',
    'evidence.dnssec.detail': 'DNSSEC validation detail',
  },
});
