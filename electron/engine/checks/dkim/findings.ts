/**
 * What the dkim check can find: each finding key with its Czech and English message and how the
 * remediation plan handles it.
 */
import { defineFindings } from '../../check-spec';
import { none, steps } from '../../../../shared/remediation/entry';

export const dkimFindings = defineFindings({
  'finding.dkim.key': {
    remediation: none('ok'),
    cs: 'Selektor {selector}: nalezen platný klíč DKIM ({type}, {bits} bitů).',
    en: 'Selector {selector}: a valid DKIM key was found ({type}, {bits} bits).',
  },
  'finding.dkim.key_weak': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: klíč RSA má jen {bits} bitů. Doporučeno je alespoň 2048 bitů; kratší klíč je pro útočníka s dostatkem prostředků v dosahu a podpisy by mohl padělat. Vygenerujte nový, delší klíč.',
    en: 'Selector {selector}: the RSA key has only {bits} bits. At least 2048 bits is recommended; a shorter key is within reach of a well-resourced attacker, who could then forge signatures. Generate a new, longer key.',
  },
  'finding.dkim.key_too_short': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: klíč RSA má pouze {bits} bitů, méně než povinné minimum 1024 bitů (RFC 8301). Příjemci podpis neověří a klíč lze prolomit. Vygenerujte nový klíč o délce alespoň 2048 bitů.',
    en: 'Selector {selector}: the RSA key has only {bits} bits, below the mandatory minimum of 1024 bits (RFC 8301). Receivers will not verify the signature and the key can be broken. Generate a new key of at least 2048 bits.',
  },
  'finding.dkim.testing': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector} je označen jako testovací (t=y). Příjemci pak mohou selhání podpisu přehlížet; po dokončení zkoušek značku odstraňte.',
    en: 'Selector {selector} is marked as testing (t=y). Receivers may then disregard failed signatures; remove the flag once testing is over.',
  },
  'finding.dkim.revoked': {
    remediation: none('ok'),
    cs: 'Selektor {selector} má odvolaný klíč (prázdná hodnota p=). To je obvyklý záměrný stav po výměně klíče; tímto selektorem se už nic nepodepisuje.',
    en: 'Selector {selector} holds a revoked key (empty p= value). This is the usual, deliberate state after a key rollover; nothing is signed with this selector any more.',
  },
  'finding.dkim.multiple_records': {
    remediation: steps('dkim-key'),
    cs: 'Na selektoru {selector} je {count} záznamů s klíčem. Podle RFC 6376 je výsledek ověření v takovém případě nejistý; ponechte jediný záznam.',
    en: 'Selector {selector} has {count} key records. RFC 6376 leaves the verification result undefined in that case; keep a single record.',
  },
  'finding.dkim.dns_error': {
    remediation: none('recheck'),
    cs: 'Selektor {selector} nelze ověřit: dotaz na {name} selhal ({reason}).',
    en: 'Selector {selector} could not be checked: the query for {name} failed ({reason}).',
  },
  'finding.dkim.selector_not_found': {
    remediation: steps('dkim-key'),
    cs: 'Zadaný selektor {selector} nebyl nalezen ({name} v DNS není). Zkontrolujte název selektoru v hlavičce DKIM-Signature (s=) skutečně odeslaného e-mailu.',
    en: 'The selector {selector} you gave was not found ({name} does not exist in DNS). Check the selector name in the DKIM-Signature header (s=) of a message actually sent.',
  },
  'finding.dkim.cname_no_key': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector} je alias (CNAME) na {target}, kde však žádný klíč není. Podpisy s tímto selektorem nepůjde ověřit.',
    en: 'Selector {selector} is an alias (CNAME) for {target}, but there is no key there. Signatures with this selector cannot be verified.',
  },
  'finding.dkim.exo_not_enabled': {
    remediation: steps('dkim-setup'),
    cs: 'Selektor {selector} odkazuje na Exchange Online (tenant {tenant}), ale klíč tam zatím není zveřejněn. Podepisování DKIM pro tuto doménu v Microsoft 365 pravděpodobně není zapnuté.',
    en: 'Selector {selector} points to Exchange Online (tenant {tenant}), but no key is published there yet. DKIM signing for this domain is probably not enabled in Microsoft 365.',
  },
  'finding.dkim.exo_domain_mismatch': {
    remediation: steps('dkim-setup'),
    cs: 'Selektor {selector} odkazuje na {target}, tedy na klíč jiné domény. Exchange Online pro tuto doménu používá {expected}; podpisy by nešlo ověřit. Opravte cíl záznamu CNAME.',
    en: 'Selector {selector} points to {target}, the key of another domain. Exchange Online uses {expected} for this domain, so signatures could not be verified. Correct the CNAME target.',
  },
  'finding.dkim.none_found': {
    remediation: steps('dkim-setup'),
    cs: 'U domény {domain} nebyl na zkoušených selektorech ({tried}) nalezen žádný klíč DKIM. To samo neznamená, že DKIM chybí: selektory nelze z DNS vypsat a doména může používat jiný. Zadejte selektor z hlavičky DKIM-Signature (s=) e-mailu odeslaného z této domény.',
    en: 'No DKIM key was found for {domain} at the selectors tried ({tried}). This alone does not mean DKIM is missing: selectors cannot be listed from DNS and the domain may use another one. Enter the selector from the DKIM-Signature header (s=) of a message sent from this domain.',
  },
  'finding.dkim.summary': {
    remediation: none('ok'),
    cs: 'DKIM u domény {domain}: záznamy klíčů nalezeny u selektorů {found}; u selektorů {notFound} nic není.',
    en: 'DKIM for {domain}: key records found at selectors {found}; nothing at selectors {notFound}.',
  },
  'finding.dkim.malformed_tag': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: část záznamu „{value}“ není platná dvojice značka=hodnota, ověřovatelé proto celý záznam zahodí.',
    en: 'Selector {selector}: the part "{value}" of the record is not a valid tag=value pair, so verifiers discard the whole record.',
  },
  'finding.dkim.duplicate_tag': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: značka {tag} je v záznamu vícekrát; podle RFC 6376 je tím celý záznam neplatný.',
    en: 'Selector {selector}: the tag {tag} appears more than once; RFC 6376 makes the whole record invalid.',
  },
  'finding.dkim.version_not_first': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: značka v=DKIM1 musí být v záznamu první; v tomto pořadí je záznam neplatný.',
    en: 'Selector {selector}: the v=DKIM1 tag must come first in the record; in this order the record is invalid.',
  },
  'finding.dkim.bad_version': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: neznámá verze v={value}, ověřovatelé záznam zahodí. Správně je v=DKIM1.',
    en: 'Selector {selector}: unknown version v={value}, verifiers discard the record. It must be v=DKIM1.',
  },
  'finding.dkim.missing_key': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: v záznamu chybí povinná značka p= s veřejným klíčem.',
    en: 'Selector {selector}: the record lacks the required p= tag with the public key.',
  },
  'finding.dkim.unknown_key_type': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: neznámý typ klíče k={value} (podporovány jsou rsa a ed25519), ověřovatelé klíč nepoužijí.',
    en: 'Selector {selector}: unknown key type k={value} (rsa and ed25519 are supported), verifiers will not use the key.',
  },
  'finding.dkim.key_base64': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: veřejný klíč v p= není platný zápis base64 ({detail}). Klíč byl nejspíš při vkládání do DNS poškozen nebo zkrácen.',
    en: 'Selector {selector}: the public key in p= is not valid base64 ({detail}). The key was probably damaged or cut short when it was entered into DNS.',
  },
  'finding.dkim.key_der': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: veřejný klíč v p= nelze přečíst ({detail}). Klíč je poškozený nebo zkrácený.',
    en: 'Selector {selector}: the public key in p= cannot be read ({detail}). The key is damaged or cut short.',
  },
  'finding.dkim.key_algorithm_mismatch': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: záznam uvádí klíč RSA, ale p= obsahuje klíč typu {value}. Podpisy nepůjde ověřit.',
    en: 'Selector {selector}: the record declares an RSA key, but p= holds a key of type {value}. Signatures cannot be verified.',
  },
  'finding.dkim.key_ed25519_length': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: klíč Ed25519 musí mít 32 bajtů, tento má {detail} bajtů (RFC 8463).',
    en: 'Selector {selector}: an Ed25519 key must be 32 bytes long, this one has {detail} bytes (RFC 8463).',
  },
  'finding.dkim.key_ed25519_spki': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: klíč Ed25519 je zveřejněn i s obalem SubjectPublicKeyInfo. RFC 8463 vyžaduje holý 32bajtový klíč, ověření proto selže.',
    en: 'Selector {selector}: the Ed25519 key is published with its SubjectPublicKeyInfo wrapper. RFC 8463 requires the bare 32-byte key, so verification fails.',
  },
  'finding.dkim.no_sha256': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: značka h={value} nepovoluje SHA-256. SHA-1 se podle RFC 8301 nesmí používat, klíč je tedy nepoužitelný. Značku h odstraňte nebo uveďte sha256.',
    en: 'Selector {selector}: the tag h={value} does not allow SHA-256. RFC 8301 forbids SHA-1, so the key is unusable. Remove the h tag or list sha256.',
  },
  'finding.dkim.not_for_email': {
    remediation: steps('dkim-key'),
    cs: 'Selektor {selector}: značka s={value} omezuje klíč na jiné služby než e-mail, pro poštu jej nelze použít.',
    en: 'Selector {selector}: the tag s={value} restricts the key to services other than e-mail, so it cannot be used for mail.',
  },
});
