/**
 * What the TLS checks (versions, cipher suites, key exchange, extras) can find: each finding key with its Czech and English message and how the
 * remediation plan handles it.
 */
import { defineFindings } from '../../check-spec';
import { defineMessages } from '../../../../shared/i18n/types';
import { none, steps } from '../../../../shared/remediation/entry';
import type { TlsFindingKey } from '../../../../shared/tls/assess';

export const tlsFindings = defineFindings<TlsFindingKey>({
  'finding.tls.rate_limited': {
    remediation: none('not-testable'),
    cs: 'Server {host} ({endpoint}) začal během testu TLS odmítat další spojení („{reply}“): omezuje počet spojení, např. z této sítě. Test jsme zastavili, abychom server nezatěžovali, a tento krok proto není úplný (provedeno {handshakes} pokusů o TLS). Nejde o zjištění proti serveru; posouzení zopakujte později.',
    en: 'Server {host} ({endpoint}) began refusing further connections during the TLS test ("{reply}"): it limits connections, for example from this network. We stopped so as not to burden the server, so this step is incomplete ({handshakes} TLS attempts made). This is not a finding against the server; repeat the assessment later.',
  },
  'finding.tls.connection_failed': {
    remediation: none('not-testable'),
    cs: 'Se serverem {host} ({endpoint}) se během testu TLS nepodařilo navázat další spojení se STARTTLS ({detail}), ačkoli předtím fungovalo. Tento krok proto není úplný (provedeno {handshakes} pokusů o TLS); posouzení zopakujte později.',
    en: 'During the TLS test a further STARTTLS connection to {host} ({endpoint}) failed ({detail}), although it had worked before. This step is therefore incomplete ({handshakes} TLS attempts made); repeat the assessment later.',
  },
  'finding.tls.deadline': {
    remediation: none('not-testable'),
    cs: 'Test TLS serveru {host} ({endpoint}) nestihl doběhnout v časovém limitu pro jeden server, výsledek tohoto kroku proto není úplný (provedeno {handshakes} pokusů o TLS). Server odpovídá pomalu; posouzení zopakujte později.',
    en: 'The TLS test of {host} ({endpoint}) did not finish within the time allowed per server, so this step is incomplete ({handshakes} TLS attempts made). The server answers slowly; repeat the assessment later.',
  },
  'finding.tls.previous_step_incomplete': {
    remediation: none('not-testable'),
    cs: 'Tato část testu TLS se na serveru {host} ({endpoint}) neprováděla, protože předchozí krok se tam nepodařilo dokončit ({detail}).',
    en: 'This part of the TLS test was not run on {host} ({endpoint}) because the step before it could not be completed there ({detail}).',
  },
  'finding.tls.ssl3_offered': {
    remediation: steps('tls-protocols'),
    cs: 'Server {host} ({endpoint}) stále nabízí SSL 3.0. Tento protokol je prolomený (útok POODLE) a opatření NÚKIB ho zakazuje. Vypněte ho.',
    en: 'Server {host} ({endpoint}) still offers SSL 3.0. The protocol is broken (POODLE attack) and the NÚKIB measure forbids it. Disable it.',
  },
  'finding.tls.legacy_versions_offered': {
    remediation: steps('tls-protocols'),
    cs: 'Server {host} ({endpoint}) nabízí zastaralé verze {versions}. NCSC-NL je hodnotí jako nedostatečné a opatření NÚKIB je připouští jen tam, kde se jim nelze vyhnout (např. kvůli doloženě nezbytnému starému odesílateli). Zvenku nelze poznat, zda taková výjimka platí, proto výsledek zní „nevyhovuje“: tyto verze vypněte, nebo výjimku zdokumentujte a zdůvodněte.',
    en: 'Server {host} ({endpoint}) offers the obsolete versions {versions}. NCSC-NL rates them insufficient, and the NÚKIB measure allows them only where they cannot be avoided (for example a documented, indispensable old sender). Whether such an exception applies cannot be seen from outside, so the result is "fail": disable these versions, or document and justify the exception.',
  },
  'finding.tls.versions_modern': {
    remediation: none('ok'),
    cs: 'Server {host} ({endpoint}) nabízí {versions}; TLS 1.3 je hodnoceno jako dobré, TLS 1.2 jako dostačující.',
    en: 'Server {host} ({endpoint}) offers {versions}; TLS 1.3 is rated good, TLS 1.2 sufficient.',
  },
  'finding.tls.versions_tls12_max': {
    remediation: none('ok'),
    cs: 'Server {host} ({endpoint}) nabízí nejvýše TLS 1.2, což je dostačující. Doporučujeme zapnout také TLS 1.3, jakmile to server umožní.',
    en: 'Server {host} ({endpoint}) offers TLS 1.2 at most, which is sufficient. We recommend enabling TLS 1.3 as well as soon as the server supports it.',
  },
  'finding.tls.no_modern_version': {
    remediation: steps('tls-protocols'),
    cs: 'Server {host} ({endpoint}) nenabízí TLS 1.2 ani TLS 1.3 (nabízí jen: {versions}). Opatření NÚKIB vyžaduje TLS 1.2 nebo novější; server je třeba aktualizovat nebo překonfigurovat.',
    en: 'Server {host} ({endpoint}) offers neither TLS 1.2 nor TLS 1.3 (only: {versions}). The NÚKIB measure requires TLS 1.2 or newer; the server needs an update or a new configuration.',
  },
  'finding.tls.no_tls_handshake': {
    remediation: steps('starttls'),
    cs: 'Server {host} ({endpoint}) přijal STARTTLS, ale na žádnou nabídku TLS (SSL 3.0 až TLS 1.3) neodpověděl a spojení pokaždé ukončil ({detail}). Šifrované spojení s ním tak nelze navázat; zkontrolujte nastavení TLS a certifikát serveru.',
    en: 'Server {host} ({endpoint}) accepted STARTTLS but answered none of our TLS offers (SSL 3.0 to TLS 1.3) and closed the connection every time ({detail}). No encrypted connection can be made with it; check the TLS settings and the certificate of the server.',
  },
  'finding.tls.versions_unknown': {
    remediation: none('not-testable'),
    cs: 'U serveru {host} ({endpoint}) se nepodařilo zjistit, zda podporuje {versions}: server neodpověděl srozumitelně ({detail}). Tyto verze zůstávají neověřené.',
    en: 'Whether {host} ({endpoint}) supports {versions} could not be determined: the server gave no clear answer ({detail}). These versions remain unverified.',
  },
  'finding.tls.cipher_insufficient': {
    remediation: steps('tls-ciphers'),
    cs: 'Server {host} ({endpoint}) nabízí šifrovací sady, které NCSC-NL hodnotí jako nedostatečné (ve verzích {versions}): {suites}. Jde např. o sady bez dopředné bezpečnosti (výměna klíčů RSA), s režimem CBC a SHA-1, s 3DES nebo RC4. Vypněte je.',
    en: 'Server {host} ({endpoint}) offers cipher suites that NCSC-NL rates insufficient (in {versions}): {suites}. These are, for example, suites without forward secrecy (RSA key exchange), CBC mode with SHA-1, 3DES or RC4. Disable them.',
  },
  'finding.tls.cipher_phase_out': {
    remediation: steps('tls-ciphers'),
    cs: 'Server {host} ({endpoint}) nabízí šifrovací sady určené k vyřazení (NCSC-NL „phase out“, ve verzích {versions}): {suites}. Zatím vyhovují, ale naplánujte jejich vypnutí.',
    en: 'Server {host} ({endpoint}) offers cipher suites that are to be phased out (NCSC-NL "phase out", in {versions}): {suites}. They still pass, but plan to disable them.',
  },
  'finding.tls.cipher_order_not_enforced': {
    remediation: steps('tls-ciphers'),
    cs: 'Server {host} ({endpoint}) ve verzi {version} nevynucuje vlastní pořadí šifrovacích sad a řídí se pořadím odesílatele. Protože nabízí i slabší sady, může se dohodnout slabší sada, než je nutné. Zapněte upřednostnění pořadí serveru se silnými sadami na začátku.',
    en: "Server {host} ({endpoint}) does not enforce its own cipher-suite order in {version} and follows the sender's order instead. As it also offers weaker suites, a weaker suite than necessary may be negotiated. Enable server order preference with the strong suites first.",
  },
  'finding.tls.cipher_order_weak_first': {
    remediation: steps('tls-ciphers'),
    cs: 'Server {host} ({endpoint}) ve verzi {version} upřednostňuje slabší sadu {suite} před silnější {over}. Změňte pořadí tak, aby dobré a dostačující sady byly první.',
    en: 'Server {host} ({endpoint}) prefers the weaker suite {suite} over the stronger {over} in {version}. Reorder the suites so that the good and sufficient ones come first.',
  },
  'finding.tls.ciphers_incomplete': {
    remediation: none('not-testable'),
    cs: 'Výčet šifrovacích sad serveru {host} ({endpoint}) ve verzích {versions} není úplný, protože server přestal odpovídat srozumitelně ({detail}). Nalezené sady jsou uvedeny v podkladech.',
    en: 'The list of cipher suites of {host} ({endpoint}) in {versions} is incomplete because the server stopped giving clear answers ({detail}). The suites found are listed in the evidence.',
  },
  'finding.tls.ciphers_ok': {
    remediation: none('ok'),
    cs: 'Server {host} ({endpoint}) nabízí jen dobré nebo dostačující šifrovací sady ({suiteCount} sad ve verzích {versions}).',
    en: 'Server {host} ({endpoint}) offers only good or sufficient cipher suites ({suiteCount} suites in {versions}).',
  },
  'finding.tls.group_insufficient': {
    remediation: steps('tls-ciphers'),
    cs: 'Server {host} ({endpoint}) přijímá pro výměnu klíčů skupiny, které NCSC-NL hodnotí jako nedostatečné: {groups}. Vypněte je.',
    en: 'Server {host} ({endpoint}) accepts key-exchange groups that NCSC-NL rates insufficient: {groups}. Disable them.',
  },
  'finding.tls.group_phase_out': {
    remediation: steps('tls-ciphers'),
    cs: 'Server {host} ({endpoint}) přijímá pro výměnu klíčů skupiny určené k vyřazení (NCSC-NL „phase out“): {groups}. Naplánujte jejich vypnutí.',
    en: 'Server {host} ({endpoint}) accepts key-exchange groups that are to be phased out (NCSC-NL "phase out"): {groups}. Plan to disable them.',
  },
  'finding.tls.dh_small': {
    remediation: steps('tls-ciphers'),
    cs: 'Server {host} ({endpoint}) používá pro výměnu klíčů Diffie-Hellman ({suite}, {version}) skupinu o velikosti jen {bits} bitů. Takovou skupinu lze prolomit (útok Logjam). Nastavte standardní skupinu ffdhe3072 nebo větší, nebo sady DHE vypněte a ponechte ECDHE.',
    en: 'Server {host} ({endpoint}) uses a Diffie-Hellman group of only {bits} bits for the key exchange ({suite}, {version}). Such a group can be broken (Logjam attack). Configure the standard group ffdhe3072 or larger, or disable the DHE suites and keep ECDHE.',
  },
  'finding.tls.dh_insufficient': {
    remediation: steps('tls-ciphers'),
    cs: 'Server {host} ({endpoint}) používá pro výměnu klíčů Diffie-Hellman ({suite}, {version}) skupinu o {bits} bitech (standardní skupina: {group}), kterou NCSC-NL hodnotí jako nedostatečnou: přijatelné jsou jen standardní skupiny RFC 7919 od ffdhe3072 výš. Nastavte ffdhe3072 nebo větší, nebo sady DHE vypněte a ponechte ECDHE.',
    en: 'Server {host} ({endpoint}) uses a Diffie-Hellman group of {bits} bits for the key exchange ({suite}, {version}; standard group: {group}), which NCSC-NL rates insufficient: only the RFC 7919 standard groups from ffdhe3072 up are acceptable. Configure ffdhe3072 or larger, or disable the DHE suites and keep ECDHE.',
  },
  'finding.tls.dh_phase_out': {
    remediation: steps('tls-ciphers'),
    cs: 'Server {host} ({endpoint}) používá pro výměnu klíčů Diffie-Hellman skupinu {group} ({bits} bitů), kterou NCSC-NL řadí k vyřazení. Zatím vyhovuje; dlouhodobě dejte přednost ECDHE.',
    en: 'Server {host} ({endpoint}) uses the Diffie-Hellman group {group} ({bits} bits), which NCSC-NL lists for phase-out. It still passes; in the long run prefer ECDHE.',
  },
  'finding.tls.kex_hash_legacy': {
    remediation: steps('tls-protocols'),
    cs: 'Server {host} ({endpoint}) podepisuje výměnu klíčů ve verzi {version} algoritmem {hash}, který tato verze protokolu předepisuje a který je nedostatečný. Odstraní to jen vypnutí verze {version}.',
    en: 'Server {host} ({endpoint}) signs the key exchange in {version} with {hash}, which that protocol version prescribes and which is insufficient. Only disabling {version} removes it.',
  },
  'finding.tls.kex_hash_sha1': {
    remediation: steps('tls-ciphers'),
    cs: 'Server {host} ({endpoint}) ve verzi {version} podepíše výměnu klíčů pomocí SHA-1, když o to klient požádá. SHA-1 je nedostatečný; povolte jen podpisy se SHA-256 a silnějšími.',
    en: 'Server {host} ({endpoint}) signs the key exchange in {version} with SHA-1 when a client asks for it. SHA-1 is insufficient; allow only signatures with SHA-256 or stronger.',
  },
  'finding.tls.kex_hash_unknown': {
    remediation: none('not-testable'),
    cs: 'Server {host} ({endpoint}) ve verzi {version} na zkoušku podpisu výměny klíčů pomocí {hash} neodpověděl ani souhlasem, ani odmítnutím; zda takový podpis přijímá, nelze říci. Zopakujte posouzení.',
    en: 'Server {host} ({endpoint}) in {version} gave neither a handshake nor a refusal when asked to sign the key exchange with {hash}; whether it accepts such signatures cannot be said. Run the assessment again.',
  },
  'finding.tls.kex_hash_sha224': {
    remediation: steps('tls-ciphers'),
    cs: 'Server {host} ({endpoint}) ve verzi {version} podepíše výměnu klíčů pomocí SHA-224, když o to klient požádá; NCSC-NL ho řadí k vyřazení. Povolte jen podpisy se SHA-256 a silnějšími.',
    en: 'Server {host} ({endpoint}) signs the key exchange in {version} with SHA-224 when a client asks for it; NCSC-NL lists SHA-224 for phase-out. Allow only signatures with SHA-256 or stronger.',
  },
  'finding.tls.no_forward_secrecy': {
    remediation: steps('tls-ciphers'),
    cs: 'Server {host} ({endpoint}) nenabízí žádnou šifrovací sadu s dopřednou bezpečností (ECDHE nebo DHE): kdo jednou získá klíč serveru, přečte i dříve zachycenou poštu. Zapněte sady ECDHE.',
    en: 'Server {host} ({endpoint}) offers no cipher suite with forward secrecy (ECDHE or DHE): whoever obtains the server key once can also read mail captured earlier. Enable ECDHE suites.',
  },
  'finding.tls.groups_incomplete': {
    remediation: none('ok'),
    cs: 'Seznam skupin pro výměnu klíčů serveru {host} ({endpoint}) ve verzích {versions} nemusí být úplný ({detail}).',
    en: 'The list of key-exchange groups of {host} ({endpoint}) in {versions} may be incomplete ({detail}).',
  },
  'finding.tls.key_exchange_ok': {
    remediation: none('ok'),
    cs: 'Výměna klíčů na serveru {host} ({endpoint}) vyhovuje (skupiny: {groups}).',
    en: 'The key exchange of {host} ({endpoint}) passes (groups: {groups}).',
  },
  'finding.tls.extras_tls13_only': {
    remediation: none('ok'),
    cs: 'Server {host} ({endpoint}) nabízí jen TLS 1.3, kde se komprese, opětovné vyjednání ani Extended Master Secret neposuzují.',
    en: 'Server {host} ({endpoint}) offers only TLS 1.3, where compression, renegotiation and the extended master secret are not assessed.',
  },
  'finding.tls.extras_unknown': {
    remediation: none('not-testable'),
    cs: 'Kompresi, opětovné vyjednání a Extended Master Secret serveru {host} ({endpoint}) se nepodařilo zjistit ({detail}).',
    en: 'Compression, renegotiation and the extended master secret of {host} ({endpoint}) could not be determined ({detail}).',
  },
  'finding.tls.compression_enabled': {
    remediation: steps('tls-protocols'),
    cs: 'Server {host} ({endpoint}) ve verzi {version} zapíná kompresi TLS, která umožňuje útok CRIME. Kompresi vypněte.',
    en: 'Server {host} ({endpoint}) enables TLS compression in {version}, which allows the CRIME attack. Disable compression.',
  },
  'finding.tls.insecure_renegotiation': {
    remediation: steps('tls-protocols'),
    cs: 'Server {host} ({endpoint}) ve verzi {version} nepodporuje bezpečné opětovné vyjednání (RFC 5746), takže útočník může do spojení vložit vlastní data. Aktualizujte software serveru.',
    en: 'Server {host} ({endpoint}) does not support secure renegotiation (RFC 5746) in {version}, so an attacker can inject data into the connection. Update the server software.',
  },
  'finding.tls.no_extended_master_secret': {
    remediation: steps('tls-protocols'),
    cs: 'Server {host} ({endpoint}) ve verzi {version} nepoužívá rozšíření Extended Master Secret (RFC 7627), které chrání před útokem „triple handshake“. Doporučujeme ho zapnout (obvykle aktualizací knihovny TLS).',
    en: 'Server {host} ({endpoint}) does not use the Extended Master Secret extension (RFC 7627) in {version}, which protects against the triple-handshake attack. We recommend enabling it (usually by updating the TLS library).',
  },
  'finding.tls.extras_ok': {
    remediation: none('ok'),
    cs: 'Server {host} ({endpoint}) ve verzi {version}: komprese TLS vypnutá, bezpečné opětovné vyjednání i Extended Master Secret podporované.',
    en: 'Server {host} ({endpoint}) in {version}: TLS compression off, secure renegotiation and the extended master secret supported.',
  },
});

/** Other texts of this check: evidence labels, why it was skipped. */
export const tlsMessages = defineMessages({
  cs: {
    'skipped.requires_tls_versions': 'Kontrola potřebuje výsledek testu verzí TLS, který není k dispozici.',
    'skipped.requires_tls_ciphers': 'Kontrola potřebuje výsledek testu šifrovacích sad TLS, který není k dispozici.',
    'evidence.tls.versions': 'Verze protokolu, jak na ně server odpověděl',
    'evidence.tls.suites': 'Šifrovací sady v pořadí serveru, se třídou NCSC-NL',
    'evidence.tls.groups': 'Skupiny pro výměnu klíčů, se třídou NCSC-NL',
    'evidence.tls.dh': 'Parametry Diffie-Hellman',
    'evidence.tls.kex_signature': 'Podpis výměny klíčů',
    'evidence.tls.extras': 'Komprese, opětovné vyjednání, Extended Master Secret',
    'evidence.tls.probe_stats': 'Počet pokusů a spojení',
  },
  en: {
    'skipped.requires_tls_versions': 'The check needs the result of the TLS version test, which is not available.',
    'skipped.requires_tls_ciphers': 'The check needs the result of the TLS cipher-suite test, which is not available.',
    'evidence.tls.versions': 'Protocol versions as the server answered them',
    'evidence.tls.suites': "Cipher suites in the server's order, with their NCSC-NL class",
    'evidence.tls.groups': 'Key-exchange groups, with their NCSC-NL class',
    'evidence.tls.dh': 'Diffie-Hellman parameters',
    'evidence.tls.kex_signature': 'Signature of the key exchange',
    'evidence.tls.extras': 'Compression, renegotiation, extended master secret',
    'evidence.tls.probe_stats': 'Attempts and connections',
  },
});
