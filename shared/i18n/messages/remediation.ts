import { defineMessages } from '../types';

/** The remediation plan (shared/remediation/): steps, risks, instructions and notes. */
export const remediationMessages = defineMessages({
  cs: {
    'remediation.platform.exchange-online': 'Exchange Online',
    'remediation.platform.exchange-server': 'Exchange Server',
    'remediation.platform.dns-host': 'správa DNS',
    'remediation.platform.any': 'jakýkoli poštovní systém',
    'remediation.platform.unknown': 'platforma nezjištěna (kroky pro Exchange Online i Exchange Server)',
    'remediation.phase.1': 'Fáze 1 – příprava a sledování',
    'remediation.phase.2': 'Fáze 2 – zapnutí',
    'remediation.phase.3': 'Fáze 3 – vynucení po ověření provozu',
    'remediation.phase.4': 'Fáze 4 – úplné vynucení',
    'remediation.phase.1.description':
      'Změny, které zatím nemění doručování pošty: záznamy DNS, hlášení, podpisy. Lze je provést najednou.',
    'remediation.phase.2.description': 'Zapnutí podpisů a šifrování na serverech. Začněte, až jsou změny z fáze 1 zveřejněné v DNS.',
    'remediation.phase.3.description': 'Přísnější pravidla. Začněte, až hlášení a testy ukážou, že veškerá legitimní pošta prochází.',
    'remediation.phase.4.description': 'Konečný stav. Začněte po několika týdnech bez problémů ve fázi 3.',
    'remediation.none.ok': 'Bez zásahu: zjištění popisuje správný stav nebo jen informuje.',
    'remediation.none.recheck': 'Bez zásahu: test nemohl doběhnout (chyba DNS nebo sítě). Zopakujte posouzení, případně z jiné sítě.',
    'remediation.none.not-testable': 'Bez zásahu: z této sítě to nešlo otestovat. Zopakujte test odjinud.',
    'remediation.none.covered': 'Bez zásahu: opraví to jiný krok plánu.',

    // --- step titles and risks (one sentence each)
    'remediation.step.mx-records.title': 'Opravit záznamy MX domény',
    'remediation.step.mx-records.risk':
      'Chyba v záznamech MX zastaví příjem pošty, proto změnu proveďte mimo špičku a hned ověřte doručení zkušební zprávy.',
    'remediation.step.spf-record.title': 'Zveřejnit opravený záznam SPF',
    'remediation.step.spf-record.risk':
      'Pokud v záznamu chybí služba, která za vaši doménu legitimně posílá (např. fakturační systém), začnou její zprávy padat do nevyžádané pošty; zkontrolujte seznam odesílatelů.',
    'remediation.step.spf-lookups.title': 'Snížit počet dotazů DNS v záznamu SPF na nejvýše 10',
    'remediation.step.spf-lookups.risk':
      'Při slučování nebo nahrazování položek lze omylem vynechat legitimního odesílatele, jehož pošta pak neprojde ověřením SPF.',
    'remediation.step.spf-review.title': 'Opravit chyby v záznamu SPF a v záznamech, na které odkazuje',
    'remediation.step.spf-review.risk':
      'Každou změnu záznamu SPF ověřte před zveřejněním, protože syntaktická chyba zneplatní celý záznam.',
    'remediation.step.dkim-exo-config.title': 'Vytvořit konfiguraci podpisu DKIM v Exchange Online',
    'remediation.step.dkim-exo-config.risk': 'Bez rizika pro poštu: konfigurace se vytvoří vypnutá a jen ukáže hodnoty záznamů CNAME.',
    'remediation.step.dkim-exo-cnames.title': 'Zveřejnit záznamy CNAME selector1 a selector2 pro DKIM',
    'remediation.step.dkim-exo-cnames.risk': 'Bez rizika pro poštu; chybný cíl CNAME jen zabrání zapnutí podpisu v dalším kroku.',
    'remediation.step.dkim-exo-enable.title': 'Zapnout podepisování DKIM v Exchange Online',
    'remediation.step.dkim-exo-enable.risk':
      'Zapněte až po zveřejnění obou záznamů CNAME, jinak příkaz selže nebo příjemci podpis neověří.',
    'remediation.step.dkim-exo-rotate.title': 'Vyměnit slabý klíč DKIM v Exchange Online za 2048bitový',
    'remediation.step.dkim-exo-rotate.risk':
      'Nový klíč se použije až po několika dnech; do té doby se podepisuje dosavadním klíčem, pošta tedy nic neztratí.',
    'remediation.step.dkim-server-signer.title': 'Zajistit podepisování DKIM pro Exchange Server',
    'remediation.step.dkim-server-signer.risk':
      'Transportní agent nebo podepisující brána zasahuje do odesílání veškeré pošty, proto ho nasaďte nejdřív na zkušebním serveru.',
    'remediation.step.dkim-signer.title': 'Zjistit nebo nastavit podepisování DKIM',
    'remediation.step.dkim-signer.risk':
      'Bez rizika pro poštu, dokud podpis nezapnete; klíč zveřejněte v DNS dřív, než začnete podepisovat.',
    'remediation.step.dkim-key.title': 'Opravit klíč DKIM selektoru {selector}',
    'remediation.step.dkim-key.risk':
      'Starý klíč odstraňte až několik dní po přechodu na nový, jinak neprojdou zprávy, které jsou ještě na cestě.',
    'remediation.step.dmarc-monitor.title': 'Zveřejnit DMARC v režimu sledování (p=none) se zasíláním hlášení',
    'remediation.step.dmarc-monitor.risk': 'Bez rizika pro doručování: politika none nic neblokuje, jen začnou chodit hlášení.',
    'remediation.step.dmarc-quarantine.title': 'Přejít na politiku DMARC quarantine',
    'remediation.step.dmarc-quarantine.risk':
      'Legitimní pošta, která neprojde SPF ani DKIM, skončí příjemcům v nevyžádané poště; přejděte až podle 2–4 týdnů hlášení.',
    'remediation.step.dmarc-reject.title': 'Přejít na politiku DMARC reject',
    'remediation.step.dmarc-reject.risk':
      'Příjemci odmítnou každou zprávu, která neprojde ověřením, i legitimní; přejděte až po několika týdnech bez problémů s quarantine.',
    'remediation.step.dmarc-correct.title': 'Opravit záznam DMARC beze změny politiky',
    'remediation.step.dmarc-correct.risk': 'Politika zůstává stejná, doručování se nemění; opravují se jen hlášení a zápis záznamu.',
    'remediation.step.dmarc-enforce.title': 'Uplatnit politiku DMARC {policy} na veškerou poštu a subdomény',
    'remediation.step.dmarc-enforce.risk':
      'Politika začne platit pro všechny zprávy a subdomény; dosud mírněji posuzovaná legitimní pošta může být zadržena, sledujte hlášení.',
    'remediation.step.dmarc-external.title': 'Povolit zasílání hlášení DMARC na {host}',
    'remediation.step.dmarc-external.risk': 'Bez rizika pro poštu; bez povolení hlášení jen nechodí.',
    'remediation.step.starttls-exo.title': 'Ověřit, že poštu přijímá přímo Exchange Online nebo brána s STARTTLS',
    'remediation.step.starttls-exo.risk': 'Změna záznamů MX nebo brány ovlivní příjem veškeré pošty; postupujte po jednom serveru.',
    'remediation.step.starttls-server.title': 'Zapnout STARTTLS s platným certifikátem na Exchange Serveru',
    'remediation.step.starttls-server.risk':
      'Nesprávný certifikát na konektoru může přerušit příjem pošty od odesílatelů, kteří šifrování vyžadují; ověřte výsledek zkušební zprávou.',
    'remediation.step.starttls-other.title': 'Zapnout STARTTLS na poštovních serverech',
    'remediation.step.tls-protocols-server.title': 'Vypnout SSL 3.0, TLS 1.0 a TLS 1.1 a zapnout TLS 1.2 na Exchange Serveru',
    'remediation.step.tls-protocols-server.risk':
      'Staré klienty, tiskárny nebo aplikace, které umí jen TLS 1.0/1.1, se přestanou připojovat; nejdřív je najděte a aktualizujte.',
    'remediation.step.tls-exo.title': 'TLS v Exchange Online spravuje Microsoft',
    'remediation.step.tls-exo.risk':
      'Bez rizika: v Exchange Online se nic nemění; případné nálezy patří bráně nebo serveru, který stojí před Exchange Online.',
    'remediation.step.tls-other.title': 'Zpřísnit nastavení TLS na poštovních serverech',
    'remediation.step.tls-ciphers-server.title': 'Vypnout slabé šifrovací sady a slabou výměnu klíčů na Exchange Serveru',
    'remediation.step.tls-ciphers-server.risk':
      'Velmi staří odesílatelé, kteří umí jen slabé sady, pak poštu doručí nešifrovaně nebo vůbec; ověřte to podle protokolů.',
    'remediation.step.certificate-replace.title': 'Vyměnit certifikát poštovního serveru',
    'remediation.step.certificate-replace.risk':
      'Při výměně musí nový certifikát obsahovat všechna jména serveru, jinak klienti a odesílatelé uvidí chybu certifikátu.',
    'remediation.step.certificate-replace.risk_dane':
      'Bez předem zveřejněného záznamu TLSA pro nový klíč by odesílatelé ověřující DANE přestali poštu doručovat; tento krok proveďte až po předchozím.',
    'remediation.step.certificate-exo.title': 'Certifikáty serverů Exchange Online spravuje Microsoft',
    'remediation.step.certificate-chain.title': 'Doplnit mezilehlé certifikáty na poštovní server',
    'remediation.step.certificate-chain.risk': 'Bez rizika pro poštu; server po doplnění posílá úplný řetězec a odesílatelé ho ověří.',
    'remediation.instruction.starttls.not_offered':
      'Server {host} po EHLO nenabízí STARTTLS. Zapněte na přijímacím konektoru TLS a přiřaďte mu certifikát.',
    'remediation.instruction.starttls.helo_only':
      'Server {host} odpovídá jen na HELO, ne na EHLO, takže STARTTLS nabídnout nemůže. Zkontrolujte bránu nebo firewall s kontrolou SMTP, který EHLO blokuje.',
    'remediation.instruction.starttls.temporarily_refused':
      'Server {host} odmítl STARTTLS dočasně (kód 454) – obvykle nemá použitelný certifikát nebo klíč. Přiřaďte konektoru platný certifikát.',
    'remediation.instruction.starttls.refused':
      'Server {host} příkaz STARTTLS odmítl, ačkoli ho nabízí. Zkontrolujte nastavení TLS na konektoru a certifikát.',
    'remediation.instruction.starttls.handshake_failed':
      'Se serverem {host} se nepodařilo dokončit šifrované spojení. Zkontrolujte povolené verze TLS (alespoň TLS 1.2) a certifikát.',
    'remediation.instruction.starttls.protocol_error':
      'Server {host} odpovídá v rozporu s protokolem SMTP. Aktualizujte software serveru nebo brány.',
    'remediation.instruction.starttls.unreachable':
      'Adresa {address} serveru {host} na portu 25 neodpovídá, ač ostatní ano. Povolte port 25 na firewallu, nebo adresu z DNS odstraňte.',
    'remediation.instruction.starttls.data_after_ready':
      'Server {host} po odpovědi „220 Ready to start TLS“ poslal ještě nešifrovaná data. To ukazuje na chybu typu „STARTTLS command injection“; aktualizujte software serveru nebo brány.',
    'remediation.instruction.certificate.self_signed':
      'Server {host} používá certifikát podepsaný sám sebou. Nahraďte ho certifikátem od důvěryhodné certifikační autority.',
    'remediation.instruction.certificate.untrusted':
      'Certifikát serveru {host} (vydavatel {issuer}) nevede k důvěryhodné autoritě. Použijte certifikát od veřejně uznávané certifikační autority.',
    'remediation.instruction.certificate.name_mismatch':
      'Certifikát serveru {host} je vydán na jména {names}, ne na {host}. Nový certifikát musí obsahovat jméno {host}.',
    'remediation.instruction.certificate.not_yet_valid':
      'Certifikát serveru {host} ještě neplatí. Zkontrolujte čas na serveru, nebo použijte platný certifikát.',
    'remediation.instruction.certificate.expired': 'Certifikát serveru {host} vypršel ({validTo}). Obnovte ho co nejdříve.',
    'remediation.instruction.certificate.expired_plain': 'Certifikát serveru {host} vypršel. Obnovte ho co nejdříve.',
    'remediation.instruction.certificate.invalid_dates':
      'Certifikát serveru {host} má neplatné datum platnosti (např. neexistující měsíc), takže jej příjemci nemohou ověřit. Nechte vystavit nový certifikát u uznávané certifikační autority.',
    'remediation.instruction.certificate.key_unreadable':
      'Veřejný klíč v certifikátu serveru {host} nelze přečíst (poškozený nebo neznámý algoritmus). Vytvořte nový klíč RSA (nejméně 2048 bitů) nebo EC P-256 a nechte na něj vystavit nový certifikát.',
    'remediation.instruction.certificate.expires_soon':
      'Certifikát serveru {host} vyprší {validTo} (za {daysLeft} dní). Obnovte ho včas a nastavte si připomínku nebo automatickou obnovu.',
    'remediation.instruction.certificate.key_weak':
      'Klíč certifikátu serveru {host} ({key}) je slabý. Nový certifikát vytvořte s klíčem RSA alespoň 2048 bitů nebo ECDSA P-256.',
    'remediation.instruction.certificate.key_weak_plain':
      'Klíč certifikátu serveru {host} je slabý. Nový certifikát vytvořte s klíčem RSA alespoň 2048 bitů nebo ECDSA P-256.',
    'remediation.instruction.certificate.signature_weak':
      'Certifikát serveru {host} je podepsán slabým algoritmem ({algorithm}). Nový certifikát musí být podepsán SHA-256 nebo silnějším.',
    'remediation.instruction.certificate.signature_weak_plain':
      'Certifikát serveru {host} je podepsán slabým algoritmem. Nový certifikát musí být podepsán SHA-256 nebo silnějším.',
    'remediation.instruction.certificate.chain_incomplete':
      'Server {host} neposílá mezilehlé certifikáty své certifikační autority. Stáhněte je od autority (např. {caIssuers}) a nainstalujte na server.',
    'remediation.instruction.certificate.chain_incomplete_plain':
      'Server {host} neposílá mezilehlé certifikáty své certifikační autority. Certifikát neuvádí, odkud je stáhnout: najděte je na webu autority, která ho vydala, a nainstalujte na server.',
    'remediation.note.certificate_intermediate':
      'Uložte mezilehlý certifikát jako intermediate.cer do svého profilu; příkaz ho vloží do úložiště „Zprostředkující certifikační autority“ počítače.',
    'remediation.step.dane-tlsa-next.title': 'Zveřejnit záznam TLSA pro nový certifikát vedle stávajícího',
    'remediation.step.dane-tlsa-next.risk':
      'Bez rizika, pokud stávající záznam TLSA zůstane; odstranění starého záznamu před výměnou certifikátu by zastavilo doručování od odesílatelů s DANE.',
    'remediation.step.dane-tlsa-cleanup.title': 'Odstranit záznam TLSA starého certifikátu',
    'remediation.step.dane-tlsa-cleanup.risk':
      'Odstraňte ho až tehdy, když server spolehlivě používá nový certifikát a uplynuly alespoň dvě doby TTL.',
    'remediation.step.dnssec-sign.risk': 'Bez rizika pro poštu, dokud není zveřejněný DS: do té doby resolvery podpisy zóny neověřují.',
    'remediation.step.dane-exo-ttl.title': 'Snížit TTL záznamu MX před změnou (Exchange Online)',
    'remediation.step.dane-exo-ttl.risk': 'Bez rizika; kratší TTL jen zrychlí případný návrat změny.',
    'remediation.step.dane-exo-dnssec.title': 'Zapnout DNSSEC pro doménu v Exchange Online',
    'remediation.step.dane-exo-dnssec.risk':
      'Bez rizika pro poštu: příkaz jen připraví nový server MX s DNSSEC, starý záznam MX zatím platí.',
    'remediation.step.dane-exo-mx-switch.title': 'Přepnout záznam MX na nový server *.mx.microsoft',
    'remediation.step.dane-exo-mx-switch.risk':
      'Změna MX ovlivní příjem veškeré pošty; nový záznam nejdřív přidejte s nižší prioritou, otestujte a teprve pak starý odstraňte.',
    'remediation.step.dane-exo-enable.title': 'Zapnout příchozí SMTP DANE v Exchange Online',
    'remediation.step.dane-exo-enable.risk':
      'Microsoft pak zveřejňuje záznamy TLSA sám; zapněte až ve chvíli, kdy doména přijímá poštu přes nový MX s DNSSEC.',
    'remediation.step.dane-tlsa.title': 'Zveřejnit záznamy TLSA (DANE) pro poštovní servery',
    'remediation.step.dane-tlsa.risk':
      'Záznam TLSA, který neodpovídá certifikátu serveru, zastaví doručování od odesílatelů ověřujících DANE; zveřejněte ho až po DNSSEC a ověřte.',
    'remediation.step.dane-server-outbound.title': 'Ověřování DANE u odchozí pošty Exchange Serveru',
    'remediation.step.dane-server-outbound.risk':
      'Odchozí poštu přes bránu nebo službu s ověřováním DANE směrujte postupně, aby se neztratily zprávy ve frontách.',
    'remediation.step.mta-sts.title': 'Zveřejnit politiku MTA-STS v testovacím režimu',
    'remediation.step.mta-sts.risk': 'Bez rizika v režimu testing; do režimu enforce přejděte až podle hlášení TLS-RPT.',
    'remediation.step.mta-sts-record.title': 'Opravit záznam _mta-sts',
    'remediation.step.mta-sts-record.risk': 'Bez rizika: záznam jen ohlašuje politiku; nové id přiměje odesílatele načíst ji znovu.',
    'remediation.step.mta-sts-enforce.title': 'Přepnout MTA-STS do režimu enforce',
    'remediation.step.mta-sts-enforce.risk':
      'Server MX, který politika nepokrývá nebo nemá platný certifikát, přestane od odesílatelů s MTA-STS dostávat poštu; přepněte až podle hlášení TLS-RPT.',
    'remediation.step.tlsrpt.title': 'Zveřejnit záznam TLS-RPT',
    'remediation.step.tlsrpt.risk': 'Bez rizika: záznam jen určuje, kam odesílatelé posílají hlášení o selhání šifrovaného doručení.',
    'remediation.step.client-access-server.title': 'Povolit klientům jen šifrované přihlášení (Exchange Server)',
    'remediation.step.client-access-server.risk':
      'Klienti nastavení na nešifrovaný POP3 nebo IMAP se přestanou připojovat; předem je přenastavte na porty 993 a 995.',
    'remediation.step.client-access-exo.title': 'Vypnout nepoužívané protokoly pro klienty (Exchange Online)',
    'remediation.step.client-access-exo.risk':
      'Zařízení a aplikace, které odesílají přes SMTP AUTH nebo čtou přes POP3/IMAP (tiskárny, skenery, starší aplikace), přestanou fungovat; nejdřív je najděte.',
    'remediation.step.client-access-other.title': 'Povolit klientům jen šifrovaný přístup',
    'remediation.step.web-hsts-server.title': 'Zapnout HSTS pro Outlook na webu a ECP (Exchange Server)',
    'remediation.step.web-hsts-server.risk':
      'Po zapnutí HSTS už prohlížeče nedovolí obejít chybu certifikátu, proto certifikát vždy včas obnovujte.',
    'remediation.step.web-exo.title': 'Webový přístup Exchange Online zabezpečuje Microsoft',
    'remediation.step.web-exo.risk': 'Bez rizika; případné nálezy patří vlastním webovým serverům organizace.',
    'remediation.step.web-other.title': 'Povolit webový přístup jen přes HTTPS s HSTS',
    'remediation.step.exchange-update.title': 'Přejít na podporovaný Exchange Server SE nebo na Exchange Online',
    'remediation.step.exchange-basic-auth.title': 'Vypnout základní ověřování (Basic) na webových službách Exchange',
    'remediation.step.exchange-basic-auth.risk':
      'Klienti, kteří umějí jen Basic (starší telefony s ActiveSync, aplikace a skripty přes EWS, Outlook 2010 a starší), se přestanou přihlašovat. Nejdřív zapněte a vyzkoušejte moderní ověřování (hybridní moderní ověřování nebo AD FS) a klienty aktualizujte.',
    'remediation.step.exchange-update.risk':
      'Upgrade na Exchange Server SE restartuje služby a vyžaduje plánovanou odstávku; přechod z Exchange 2016 nebo na Exchange Online znamená přesun poštovních schránek.',
    'remediation.step.platform-conflict.title': 'Ověřte platformu: zadání neodpovídá DNS',
    'remediation.step.platform-conflict.risk':
      'Plán se řídí tím, co ukazuje DNS. Pokud platí vaše zadání, opravte nejdřív DNS nebo zadání a posuďte doménu znovu.',
    'remediation.instruction.platform_conflict.exchange-online':
      'Zadali jste platformu „{hint|ui.platform}“, ale záznamy MX směřují na Exchange Online. Kroky níže platí pro Exchange Online. Pokud poštu přijímá váš server, záznamy MX jsou chybné; pokud jde o hybridní nasazení, zvolte „Hybridní nasazení“ a posuďte doménu znovu.',
    'remediation.instruction.platform_conflict.null-mx':
      'Zadali jste platformu „{hint|ui.platform}“, ale doména zveřejňuje „null MX“ (RFC 7505): žádnou poštu nepřijímá. Plán proto neobsahuje kroky pro poštovní servery. Pokud má doména poštu přijímat, nahraďte „0 .“ skutečnými záznamy MX a posuďte doménu znovu.',
    'remediation.step.manual.title': 'Ruční úprava',
    'remediation.step.manual.risk': 'Změnu proveďte ručně podle nálezu; automaticky vygenerovaný příkaz by nebyl bezpečný.',

    // --- instructions
    'remediation.instruction.value_not_safe':
      'Hodnota z DNS obsahuje znaky, které nelze bezpečně vložit do příkazu nebo záznamu ({reason}). Příkaz proto nevytváříme; upravte záznam ručně podle nálezu.',
    'remediation.instruction.mx_exchange_online':
      'Nastavte pro doménu {domain} záznam MX, který ukazuje Centrum pro správu Microsoft 365 (Nastavení → Domény → {domain} → záznamy DNS).',
    'remediation.instruction.mx.null_mx_mixed':
      'Doména {domain} má zároveň „null MX“ (0 .) a další záznamy MX. Pokud má poštu přijímat, odstraňte záznam „0 .“; pokud ne, ponechte jen ten.',
    'remediation.instruction.mx.none':
      'Doména {domain} nemá záznamy MX ani adresu. Pokud má přijímat poštu, zveřejněte záznam MX s jménem svého poštovního serveru.',
    'remediation.instruction.mx.domain_not_found': 'Doména {domain} v DNS neexistuje. Zkontrolujte název domény a její registraci.',
    'remediation.instruction.mx.implicit':
      'Doména {domain} nemá záznam MX, pošta se doručuje na adresu domény ({addresses}). Zveřejněte záznam MX se jménem poštovního serveru.',
    'remediation.instruction.mx.ip_literal':
      'Záznam MX obsahuje IP adresu „{host}“ místo jména. Vytvořte pro server jméno (záznam A/AAAA) a do MX napište to jméno.',
    'remediation.instruction.mx.invalid_name':
      'Záznam MX obsahuje neplatné jméno „{host}“. Opravte ho na správné jméno poštovního serveru.',
    'remediation.instruction.mx.no_address':
      'Server {host} ze záznamu MX nemá adresu (A ani AAAA). Doplňte adresu, nebo záznam MX odstraňte.',
    'remediation.instruction.mx.no_usable_host':
      'Žádný záznam MX domény {domain} nevede na použitelný server. Opravte záznamy MX podle ostatních nálezů.',
    'remediation.instruction.mx.cname': 'Záznam MX ukazuje na alias {host} (CNAME na {target}). Do záznamu MX napište přímo {target}.',
    'remediation.instruction.mx.extra_host_no_address': 'Zadané jméno {host} nemá v DNS adresu. Zkontrolujte, zda je správně.',
    'remediation.instruction.spf_edit_manually':
      'Záznam SPF domény {domain} nelze opravit automaticky (několik záznamů s redirect=, nebo znaky, které do záznamu nepatří). Upravte ho ručně do jediného platného záznamu podle nálezů.',
    'remediation.instruction.spf_remove_other_records':
      'Doména má nyní {count} záznamy SPF. Po zveřejnění sloučeného záznamu ostatní záznamy začínající „v=spf1“ smažte.',
    'remediation.instruction.spf_still_over_limit':
      'Opravený záznam bude potřebovat přibližně {count} dotazů DNS, víc než povolených {limit}. Proveďte i krok „Snížit počet dotazů DNS“.',
    'remediation.instruction.spf_narrowed_keeps_senders':
      '„{from}“ dovoloval posílat poštu za doménu komukoli. Samotná změna na „~all“ by nedovolila nikomu, ani vašemu vlastnímu serveru, proto záznam nově uvádí i odesílatele, které posouzení našlo:',
    'remediation.instruction.spf_sender_mx':
      '„mx“ – servery MX domény ({hosts}); obvykle odesílají i odchozí poštu. Pokud odchozí pošta odchází jinudy, nahraďte „mx“ adresou skutečného odesílajícího serveru.',
    'remediation.instruction.spf_sender_mx_assumed':
      '„mx“ – servery MX domény; posouzení je nezjistilo, proto ověřte, že odchozí pošta odchází právě z nich.',
    'remediation.instruction.spf_sender_exchange_online':
      '„include:spf.protection.outlook.com“ – pošta odcházející přes Exchange Online (Microsoft 365).',
    'remediation.instruction.spf_sender_host':
      '„a:{host}“ – server, který jste zadali při posouzení. Pokud za doménu poštu neposílá (např. jen OWA), položku vynechte.',
    'remediation.instruction.spf_hardfail_later':
      'Záznam končí „~all“ (měkké selhání). Až hlášení DMARC potvrdí, že v záznamu jsou všichni legitimní odesílatelé, můžete ho změnit na „-all“.',
    'remediation.instruction.spf_split_strings':
      'Záznam je delší než 255 znaků, proto je v zápisu pro zónový soubor rozdělen na několik řetězců v uvozovkách. V některých správcích DNS se zadává vcelku, jiné ho rozdělí samy.',
    'remediation.instruction.spf_flatten':
      'Záznam SPF potřebuje {count} dotazů DNS, povoleno je {limit}. Přehled: {chain}. Odstraňte položky include služeb, které už nepoužíváte, a nahraďte mechanismy a, mx a ptr adresami ip4:/ip6:.',
    'remediation.instruction.spf_flatten_own':
      'U vlastních serverů uveďte jejich adresy přímo (ip4:, ip6:). Adresy cizích služeb nevypisujte ručně – poskytovatel je mění; místo toho použijte jejich include, nebo je odděleně podle dalšího bodu.',
    'remediation.instruction.spf_flatten_subdomain':
      'Hromadné rozesílky (marketing, systémy) posílejte z vlastní subdomény, např. news.{domain}, s vlastním záznamem SPF; hlavní záznam se tím zkrátí.',
    'remediation.instruction.spf.own_server_not_authorized':
      'Odesílá-li server {host} ({address}) poštu domény {domain}, doplňte jej do záznamu SPF (např. „ip4:“/„ip6:“ s jeho adresou nebo mechanismus „mx“, je-li to jeden ze serverů MX) před závěrečné „all“. Server, který poštu jen přijímá, nedoplňujte.',
    'remediation.instruction.spf.domain_not_found':
      'Doména {domain} neexistuje; záznam SPF pro ni nelze zveřejnit. Zkontrolujte název domény.',
    'remediation.instruction.spf.syntax_error':
      'V záznamu SPF domény {domain} je chybná položka „{term}“ ({rfc}). Opravte ji nebo odstraňte – kvůli ní příjemci celý záznam zahodí.',
    'remediation.instruction.spf.include_failed':
      'Položka „{term}“ v záznamu {domain} odkazuje na {name}, kde žádný platný záznam SPF není ({reason}). Opravte název, nebo položku odstraňte, pokud službu nepoužíváte.',
    'remediation.instruction.spf.include_invalid':
      'Položka „{term}“ v záznamu {domain} odkazuje na {name}, jehož záznam SPF je chybný. Kontaktujte správce {name}, nebo položku odstraňte.',
    'remediation.instruction.spf.redirect_failed':
      'Přesměrování „{term}“ v záznamu {domain} vede na {name}, kde žádný platný záznam SPF není ({reason}). Opravte cíl přesměrování.',
    'remediation.instruction.spf.redirect_invalid':
      'Přesměrování „{term}“ v záznamu {domain} vede na chybný záznam SPF v {name}. Opravte cílový záznam.',
    'remediation.instruction.spf.loop': 'Záznamy SPF na sebe odkazují dokola ({path}). Odstraňte odkaz, který smyčku uzavírá.',
    'remediation.instruction.spf.too_many_void_lookups':
      'Záznam SPF odkazuje na jména, která neexistují ({names}). Odstraňte je – víc než dvě takové položky zneplatní celý záznam.',
    'remediation.instruction.spf.void_lookups':
      'Záznam SPF odkazuje na jména, která neexistují ({names}). Odstraňte je dřív, než přibude další a záznam přestane platit.',
    'remediation.instruction.spf.too_many_mx_names':
      'Položka „{term}“ v záznamu {domain} vede na {count} serverů MX, povoleno je 10. Nahraďte ji adresami ip4:/ip6: odesílajících serverů.',
    'remediation.instruction.spf.plus_all_include':
      'Záznam {name}, na který odkazujete přes {path}, končí „{term}“ a povoluje odesílat komukoli. Odstraňte tuto položku include, nebo požádejte jejího správce o opravu.',
    'remediation.instruction.spf.ptr_used':
      'Položku „{term}“ (mechanismus ptr) nahraďte adresami ip4:/ip6: odesílajících serverů; ptr je pomalý a mnoho příjemců ho nevyhodnocuje.',
    'remediation.instruction.spf.deprecated_spf_rr_differs':
      'V DNS je kromě záznamu TXT i zastaralý záznam typu SPF s jiným obsahem ({records}). Záznam typu SPF smažte, platný je jen TXT.',
    'remediation.instruction.spf.long_record':
      'Záznam SPF má {size} bajtů (doporučeno nejvýše {limit}). Zkraťte ho, např. slučením rozsahů adres.',
    'remediation.instruction.dkim_exo_cnames_from_output':
      'Zveřejněte dva záznamy CNAME: {names}. Cíle zkopírujte přesně z výstupu příkazu {command} – Selector1CNAME pro selector1, Selector2CNAME pro selector2. Neodvozujte je z názvu domény ani z tenantu: domény přidané od roku 2025 mají cíle končící na dkim.mail.microsoft a jejich tvar nelze předem odhadnout.',
    'remediation.instruction.dkim_server_not_native':
      'Exchange Server (2016, 2019 ani Subscription Edition) podpis DKIM sám neumí. Potřebujete transportního agenta pro DKIM na serverech Exchange, nebo podepisující bránu (relay), přes kterou odchází veškerá pošta.',
    'remediation.instruction.dkim_server_publish':
      'Podepisující software vygeneruje klíč (RSA 2048 bitů) a selektor; veřejný klíč zveřejněte jako záznam TXT na <selektor>._domainkey.{domain}, teprve pak podepisování zapněte.',
    'remediation.instruction.dkim_enter_selector':
      'Vyzkoušené selektory ({tried}) klíč neobsahují. Zjistěte selektor v nastavení podepisujícího serveru nebo v hlavičce DKIM-Signature (s=) odeslané zprávy a posouzení zopakujte s ním.',
    'remediation.instruction.dkim.rotate':
      'Klíč selektoru {selector} je slabý ({bits} bitů). Vygenerujte v podepisujícím systému nový klíč RSA 2048 bitů pod novým selektorem, zveřejněte ho, přepněte podepisování a po týdnu starý klíč zneplatněte (p= prázdné).',
    'remediation.instruction.dkim.testing':
      'Klíč selektoru {selector} je v testovacím režimu (t=y); odstraňte příznak y ze značky t v záznamu {name}.',
    'remediation.instruction.dkim.multiple_records': 'Na {name} je {count} záznamů s klíčem DKIM. Ponechte jen jeden.',
    'remediation.instruction.dkim.cname_no_key':
      'Alias {name} ukazuje na {target}, kde žádný klíč není. Opravte cíl aliasu podle pokynů poskytovatele, který za vás podepisuje.',
    'remediation.instruction.dkim.selector_not_found':
      'Zadaný selektor {selector} nemá v DNS záznam ({name}). Zkontrolujte jeho název v nastavení podepisujícího serveru.',
    'remediation.instruction.dkim.fix_record':
      'Záznam klíče na {name} je chybný ({tag}). Zveřejněte ho znovu přesně tak, jak ho vygeneroval podepisující systém.',
    'remediation.instruction.dmarc_read_reports':
      'Hlášení chodí na {addresses}. Čtěte je 2–4 týdny (ručně nebo službou pro vyhodnocení DMARC) a doplňte SPF nebo DKIM u každé legitimní služby, která ověřením neprochází.',
    'remediation.instruction.dmarc_testing_first':
      'Opatrnější varianta: nejprve zveřejněte „{record}“. Značka t=y (RFC 9989 §4.7) znamená zkoušku: příjemci zatím uplatní jen politiku none, zprostředkovatelé jako e-mailové konference už mohou přepisovat adresu odesílatele a hlášení ukážou, co by karanténa zasáhla. Po několika týdnech bez problémů t=y odstraňte. Podíl zpráv v procentech (pct) RFC 9989 zrušilo, nepoužívejte ho.',
    'remediation.instruction.dmarc_pct_dropped':
      'Značka pct={pct} se do nového záznamu nepřenáší: RFC 9989 ji zrušilo a příjemci podle něj už uplatňují politiku {policy} na veškerou poštu, která neprojde ověřením. Jen příjemci podle staršího RFC 7489 ji dosud uplatňovali na {pct} % zpráv; u nich se politika nyní rozšíří na všechny. Před změnou ověřte v hlášeních, že legitimní pošta ověřením prochází.',
    'remediation.instruction.dmarc_pct_zero':
      'Značka pct=0 se nahrazuje značkou t=y, která podle RFC 9989 (příloha A.6) přebírá její význam zkušebního provozu: příjemci podle RFC 9989, kteří pct nečtou a dnes uplatňují politiku {policy} naplno, se vrátí ke zkoušce. Příjemci podle staršího RFC 7489 značku t neznají a politiku {policy} začnou uplatňovat na všechny zprávy; před změnou ověřte v hlášeních, že legitimní pošta ověřením prochází.',
    'remediation.instruction.dmarc_single_record':
      'Na {name} smí být jen jeden záznam DMARC; ostatní záznamy začínající „v=DMARC1“ smažte.',
    'remediation.instruction.dmarc_discarded_record':
      'Záznam „{record}“ na {name} není platný DMARC (nezačíná přesně „v=DMARC1“); smažte ho.',
    'remediation.instruction.dmarc_external':
      'Správce domény {host} musí povolit příjem hlášení pro vaši doménu záznamem TXT „v=DMARC1“ na {name}.',
    'remediation.instruction.dmarc_external_alternative':
      'Pokud správce {host} záznam nezveřejní, posílejte hlášení na adresu ve vlastní doméně {domain}.',
    'remediation.instruction.starttls_exo':
      'Exchange Online nabízí STARTTLS vždy. Pokud nález ukazuje na servery {hosts}, vede MX na jiný server (bránu, filtr) – zapněte STARTTLS tam, nebo nasměrujte MX přímo na Exchange Online.',
    'remediation.instruction.starttls_other':
      'Zapněte na serverech {hosts} STARTTLS na portu 25 s platným certifikátem vydaným na jméno serveru.',
    'remediation.instruction.tls_check_clients':
      'Před vypnutím starých verzí ověřte, že TLS 1.2 umí řadiče domény, vyrovnávače zátěže, tiskárny, skenery a aplikace napojené na Exchange (seznam ve článku Microsoftu „Exchange Server TLS configuration best practices“).',
    'remediation.instruction.tls_reboot': 'Změny v registru se projeví až po restartu serveru; restartujte servery postupně.',
    'remediation.instruction.tls_exo':
      'Exchange Online používá jen TLS 1.2 a novější a nastavení spravuje Microsoft. Nález u {hosts} znamená, že před Exchange Online stojí jiný server – opravte nastavení tam.',
    'remediation.instruction.tls_other':
      'Na poštovních serverech povolte jen TLS 1.2 a 1.3, vypněte slabé šifrovací sady a upřednostněte sady ECDHE s AES-GCM nebo ChaCha20.',
    'remediation.note.tls13_prerequisites':
      'Ověří, zda server splňuje podmínky pro TLS 1.3: Exchange Server 2019 CU15 a novější nebo Subscription Edition na Windows Serveru 2022 a novějším. Jinde nechte TLS 1.3 vypnuté – HealthChecker na zapnuté TLS 1.3 mimo tyto verze upozorňuje.',
    'remediation.note.tls_cipher_order':
      'Posune sady ECDHE s AES-GCM na začátek pořadí (Enable-TlsCipherSuite -Position); Windows vybírá sadu podle pořadí serveru, takže se dohodne nejsilnější sada, kterou odesílatel umí. Slabé sady vypněte příkazy výše.',
    'remediation.note.tls_signature_hashes':
      'Vypíše současný seznam podpisových algoritmů TLS (uschovejte si ho pro případný návrat) a nastaví seznam bez SHA-1 a SHA-224, takže server podepisuje výměnu klíčů jen se SHA-256 a silnějšími. Projeví se po restartu.',
    'remediation.instruction.tls_gateway_cipher_order':
      'Na bráně nebo poštovním serveru zapněte upřednostnění pořadí šifrovacích sad serveru se sadami ECDHE s AES-GCM nebo ChaCha20 na začátku (např. Postfix „tls_preempt_cipherlist = yes“, nginx „ssl_prefer_server_ciphers on“).',
    'remediation.instruction.tls_gateway_signature_hashes':
      'Na bráně nebo poštovním serveru povolte pro podpis výměny klíčů jen algoritmy se SHA-256 a silnějšími (u serverů s OpenSSL volba SignatureAlgorithms v konfiguraci OpenSSL, např. „ECDSA+SHA256:ECDSA+SHA384:RSA-PSS+SHA256:RSA+SHA256:RSA+SHA384“).',
    'remediation.instruction.tls_cipher_order':
      'Pořadí a výběr šifrovacích sad nastavte podle článku Microsoftu „Exchange Server TLS configuration best practices“ (zásady skupiny „SSL Cipher Suite Order“ nebo Disable-TlsCipherSuite pro každou slabou sadu).',
    'remediation.step.certificate-request.title': 'Vytvořit nový klíč a žádost o certifikát',
    'remediation.step.certificate-request.risk':
      'Bez rizika: server dál používá stávající certifikát. Klíč z žádosti potřebuje další krok, aby jeho záznam TLSA byl zveřejněný dřív, než se certifikát vymění.',
    'remediation.instruction.certificate_other_request':
      'Na serverech {hosts} vytvořte nový klíč (RSA 2048+ nebo ECDSA P-256+) a žádost o certifikát se všemi jmény, která nese stávající certifikát; certifikát zatím neměňte.',
    'remediation.instruction.certificate_other_install':
      'Na serverech {hosts} nainstalujte certifikát vydaný k žádosti z prvního kroku a přepněte na něj SMTP (port 25).',
    'remediation.instruction.certificate_other':
      'Na serverech {hosts} nainstalujte platný certifikát od důvěryhodné autority vydaný na jméno serveru (RSA 2048+ nebo ECDSA P-256+, SHA-256).',
    'remediation.instruction.certificate_exo':
      'Certifikáty serverů Exchange Online spravuje Microsoft. Nález u {hosts} patří serveru nebo bráně, která stojí před Exchange Online.',
    'remediation.instruction.dane_tlsa_cleanup':
      'Po výměně certifikátu na {hosts} odstraňte záznam TLSA starého klíče; ponechte záznam nového (a případně dalšího připraveného) klíče.',
    'remediation.instruction.dane_exo_ttl': 'U záznamu MX domény {domain} snižte TTL na 300 sekund a počkejte, než vyprší původní TTL.',
    'remediation.step.dnssec-sign.title': 'Zapnout podepisování DNSSEC ({zones})',
    'remediation.step.dnssec-ds.title': 'Zveřejnit záznam DS v nadřazené zóně ({zones})',
    'remediation.step.dnssec-ds.risk':
      'Záznam DS, který neodpovídá klíči zóny, vyřadí pro validující resolvery celou doménu: zveřejněte ho až ve chvíli, kdy podepsanou zónu vydávají všechny jmenné servery, a výsledek hned ověřte.',
    'remediation.step.dnssec-repair.title': 'Opravit chybné DNSSEC domény',
    'remediation.step.dnssec-repair.risk':
      'Dokud to neopravíte, validující resolvery odpovídají SERVFAIL a pošta do domény se nedoručuje; opravte to jako první.',
    'remediation.step.dnssec-algorithm.title': 'Převést DNSSEC na algoritmus 13 ({zones})',
    'remediation.step.dnssec-algorithm.risk':
      'Výměna algoritmu v jiném pořadí (nový DS dřív, než je zóna podepsaná novými klíči, nebo odstranění starých klíčů, dokud je starý DS v mezipamětech) rozbije ověřování; dodržte pořadí níže.',
    'remediation.step.dnssec-ds-digest.title': 'Nahradit DS s otiskem SHA-1 záznamem se SHA-256 ({zones})',
    'remediation.step.dnssec-ds-digest.risk':
      'Bez rizika, pokud nejdřív zveřejníte DS se SHA-256 a SHA-1 odstraníte až potom; odstranění jediného DS vypne DNSSEC.',
    'remediation.step.dnssec-nsec3.title': 'Nastavit NSEC3 na 0 iterací a prázdnou sůl ({zones})',
    'remediation.step.dnssec-nsec3.risk': 'Bez rizika pro poštu: správce DNS zónu znovu podepíše s novými parametry.',
    'remediation.step.dane-exo-prerequisites.title': 'Ověřit předpoklady příchozího DANE v Exchange Online',
    'remediation.step.dane-exo-prerequisites.risk': 'Bez rizika: zatím se nic nemění.',
    'remediation.step.dane-server-certificate.title': 'Zjistit certifikát, který Exchange předkládá na portu 25',
    'remediation.step.dane-server-certificate.risk': 'Bez rizika: příkazy jen čtou nastavení.',
    'remediation.step.dane-rollover-request.title': 'Vytvořit příští klíč a žádost o certifikát',
    'remediation.step.dane-rollover-request.risk': 'Bez rizika: žádost nic nemění, dokud certifikát neimportujete a nezapnete.',
    'remediation.step.dane-rollover-tlsa.title': 'Zveřejnit záznam TLSA příštího klíče vedle stávajícího',
    'remediation.step.dane-rollover-tlsa.risk':
      'Bez rizika, dokud stávající záznam zůstává; jeho odstranění teď by zastavilo doručování od odesílatelů ověřujících DANE.',
    'remediation.step.dane-rollover-switch.title': 'Přepnout certifikát na nový klíč',
    'remediation.step.dane-rollover-switch.risk':
      'Přepněte až po dvou TTL s oběma záznamy zveřejněnými; dřív by odesílatelé ověřující DANE, kteří mají v mezipaměti jen starý záznam, poštu odkládali.',
    'remediation.step.dane-rollover-cleanup.title': 'Odstranit záznam TLSA starého klíče',
    'remediation.step.dane-rollover-cleanup.risk':
      'Odstraňte ho, až server všude předkládá nový certifikát; jinak odesílatelé ověřující DANE poštu odloží.',
    'remediation.instruction.dnssec_before':
      'Před podepsáním ({zones}) ověřte, že váš správce DNS umí zóny podepisovat sám s automatickou správou klíčů a používá algoritmus 13 (ECDSA P-256 se SHA-256) nebo 15 (Ed25519), které doporučuje RFC 9904; pokud to neumí, převeďte zónu ke správci, který to umí. Zjistěte TTL záznamů zóny (SOA, DNSKEY): chyba po zveřejnění DS trvá, dokud záznamy nevyprší z mezipamětí, proto je během změny držte krátké (např. 3600 s).',
    'remediation.instruction.dnssec_sign':
      'U správce DNS zapněte podepisování DNSSEC: {zones}. Než zveřejníte záznam DS, ověřte, že všechny autoritativní jmenné servery zóny odpovídají se záznamy DNSKEY a s podpisy (RRSIG).',
    'remediation.instruction.dnssec_sign_foreign':
      'Poštovní server {hosts} leží v zóně {zone}, která není součástí vaší domény. Pokud zónu {zone} spravujete, podepište ji a zveřejněte její DS stejným postupem; jinak požádejte jejího provozovatele o podepsání, nebo použijte poštovní server v podepsané zóně. Bez toho pro {hosts} nemůže fungovat DANE.',
    'remediation.instruction.dnssec_tld_unsigned':
      'Doména nejvyššího řádu {zone} není podepsaná, takže nic pod ní nelze DNSSEC zabezpečit; změnit to může jen její registr.',
    'remediation.instruction.dnssec_ds_cz':
      'DS zóny {zone} patří do registru .cz (CZ.NIC), který klíč vede jako KeySet. Buď požádejte registrátora o přiřazení KeySetu s klíčem, který vám ukáže správce DNS, nebo to nechte proběhnout automaticky: správce DNS zveřejní v zóně záznam CDNSKEY (RFC 7344, RFC 8078; CZ.NIC čte CDNSKEY, ne CDS). CZ.NIC ho hledá jednou denně; u domény bez DNSSEC musí všechny autoritativní servery vracet stejný CDNSKEY přes TCP po dobu sedmi dnů, pak CZ.NIC doméně přiřadí KeySet s názvem „AUTO-…“ a informuje technické kontakty e-mailem. Zdroj: CZ.NIC, „Automatizovaná správa keysetů“, https://www.nic.cz/page/3909/automatizovana-sprava-keysetu/',
    'remediation.instruction.dnssec_ds_registrar':
      'Zveřejněte DS zóny {zone} v zóně {parent} přes svého registrátora: zkopírujte DS (nebo DNSKEY, pokud registrátor chce klíč) přesně tak, jak ho ukazuje správce DNS. Některé registry místo toho přijímají záznamy CDS/CDNSKEY zveřejněné v zóně (RFC 8078); zeptejte se registrátora.',
    'remediation.instruction.dnssec_ds_parent':
      'Zveřejněte DS zóny {zone} v nadřazené zóně {parent} (u toho, kdo zónu {parent} spravuje), přesně tak, jak ho ukazuje správce DNS.',
    'remediation.instruction.dnssec_after':
      'Potom posouzení domény {domain} spusťte znovu: náš validátor prochází řetěz důvěry od kořene a řádek DNSSEC musí projít (zabezpečené: {zones}).',
    'remediation.instruction.dnssec_fix.signature_expired':
      'Podpisy zóny {zone} vypršely {date}: zóna se přestala znovu podepisovat. U správce DNS ověřte, že je podepisování zapnuté a podepisovací proces běží (zastavený podepisovač nebo prošlý klíč nechá podpisy vypršet), a zónu znovu podepište. Pokud to rychle nejde, odstraňte u registrátora DS, aby doména byla raději nepodepsaná než nedostupná.',
    'remediation.instruction.dnssec_fix.signature_not_yet_valid':
      'Podpisy zóny {zone} platí až od {date}: hodiny podepisujícího serveru nejspíš předbíhají. Opravte jeho čas (NTP) a zónu znovu podepište.',
    'remediation.instruction.dnssec_fix.ds_mismatch':
      'DS zóny {zone} v nadřazené zóně ({ds}; key tag/algoritmus/typ otisku) neodpovídá žádnému klíči zóny. U registrátora ho nahraďte záznamem DS současného klíče pro podepisování klíčů (KSK, key tag {keys}) s otiskem SHA-256 (typ 2) tak, jak ho ukazuje správce DNS.',
    'remediation.instruction.dnssec_fix.ds_mismatch_cz':
      'DS zóny {zone} v zóně .cz ({ds}; key tag/algoritmus/typ otisku) neodpovídá žádnému klíči zóny. Požádejte registrátora, aby KeySet domény nahradil současným klíčem pro podepisování klíčů (KSK, key tag {keys}) tak, jak ho ukazuje správce DNS. Zveřejnění CDNSKEY tu nepomůže: CZ.NIC přijme CDNSKEY domény, která už DNSSEC má, jen když se ověří, a to při chybném DS nejde.',
    'remediation.instruction.dnssec_fix.dnskey_missing':
      'Nadřazená zóna má pro {zone} záznam DS, ale zóna žádný DNSKEY nezveřejňuje – typicky po přechodu ke správci DNS, který nepodepisuje. Buď u správce DNS podepisování znovu zapněte a zveřejněte DS jeho nového klíče, nebo u registrátora DS odstraňte.',
    'remediation.instruction.dnssec_fix.bad_signature':
      'Podpisy záznamů {names} v zóně {zone} nesouhlasí s daty: data se po podepsání změnila, nebo některý jmenný server vydává starou kopii. U správce DNS zónu znovu podepište a ověřte, že všechny autoritativní servery vydávají stejnou, aktuální verzi (porovnejte sériové číslo v SOA).',
    'remediation.instruction.dnssec_fix.rrsig_missing':
      'Záznamy {names} v zóně {zone} nemají podpis: byly přidány bez nového podepsání, nebo některý jmenný server vydává nepodepsanou kopii. Zónu znovu podepište a ověřte, že všechny autoritativní servery vydávají podepsanou verzi.',
    'remediation.instruction.dnssec_fix.no_key_for_signature':
      'Záznamy {names} v zóně {zone} jsou podepsané klíčem, který zóna už nezveřejňuje (výměna klíčů ho odstranila příliš brzy). Zónu znovu podepište zveřejněnými klíči, nebo klíč zveřejněte znovu, dokud staré podpisy nevyprší.',
    'remediation.instruction.dnssec_fix.denial_broken':
      'Zóna {zone} správně neprokazuje neexistenci záznamů {names} (NSEC/NSEC3 chybné nebo chybí). U správce DNS podepište znovu celou zónu (řetěz NSEC/NSEC3 vzniká při podepisování) a ověřte, že ji vydávají všechny autoritativní servery.',
    'remediation.instruction.dnssec_algorithm_rollover':
      'Zóna {zone} je podepsaná algoritmem {algorithms}. Převeďte ji na algoritmus 13 (ECDSA P-256 se SHA-256) postupem z RFC 6781 §4.1.4: 1) podepište zónu navíc klíči algoritmu 13, staré podpisy ponechte; 2) po uplynutí TTL zóny zveřejněte nové klíče DNSKEY; 3) po uplynutí TTL záznamů DNSKEY nahraďte v nadřazené zóně DS starého klíče záznamem DS nového KSK; 4) po uplynutí TTL záznamu DS odstraňte staré klíče DNSKEY; 5) po uplynutí TTL záznamů DNSKEY odstraňte staré podpisy. Mnozí správci DNS to po změně algoritmu udělají sami; zeptejte se svého.',
    'remediation.instruction.dnssec_fix.ds_digest_sha1':
      'DS zóny {zone} v zóně {parent} používá otisk SHA-1 (typ 1), který podle RFC 9904 už nesmí být použit. U registrátora nejdřív přidejte DS klíče KSK (key tag {keys}) s otiskem SHA-256 (typ 2) a teprve potom DS se SHA-1 odstraňte.',
    'remediation.instruction.dnssec_fix.nsec3_iterations':
      'Zóna {zone} používá NSEC3 s {iterations} iteracemi navíc; validátory podle RFC 9276 takové odpovědi považují za nepodepsané. U správce DNS nastavte parametry NSEC3 na 0 iterací a prázdnou sůl (RFC 9276 §3.1, NSEC3PARAM „1 0 0 -“), nebo použijte NSEC, pokud NSEC3 nepotřebujete.',
    'remediation.instruction.dane_exo_prerequisites':
      'Než začnete (Microsoft Learn, „How SMTP DANE works“, nastavení příchozího SMTP DANE s DNSSEC): doména {domain} musí být v Exchange Online přijatou doménou (accepted domain) se stavem Healthy v centru pro správu Microsoft 365; její zóna musí být u správce DNS podepsaná DNSSEC; a musí mít právě jeden záznam MX s prioritou 0 nebo 10, který vede do Exchange Online (žádný záložní MX).',
    'remediation.instruction.dane_exo_zone_unsigned':
      'Zóna domény {domain} zatím není podepsaná DNSSEC (viz kroky DNSSEC v tomto plánu). Nejdřív je dokončete a počkejte, až řádek DNSSEC projde.',
    'remediation.instruction.dane_exo_single_mx':
      'Doména {domain} má nyní tyto záznamy MX: {records}. Před přepnutím ponechte jen ten pro Exchange Online, s prioritou 0 nebo 10.',
    'remediation.instruction.dane_exo_mta_sts_testing':
      'Pokud doména {domain} používá MTA-STS, přepněte teď politiku na „mode: testing“ (a změňte id v záznamu _mta-sts) a ponechte ji tak do konce přepnutí: nový server MX se musí v řádcích mx politiky objevit dřív, než na něj odesílatelé narazí.',
    'remediation.instruction.dane_exo_add_new_mx':
      'Přidejte k doméně {domain} nový záznam MX z výstupu Enable-DnssecForVerifiedDomain s prioritou 20 a TTL {ttl} sekund, vedle stávajícího. Pokud doména používá MTA-STS, přidejte nový server hned jako další řádek mx politiky.',
    'remediation.instruction.dane_exo_test_new_mx':
      'Otestujte nový MX: test „Inbound SMTP Email“ v Microsoft Remote Connectivity Analyzer (https://testconnectivity.microsoft.com) pro doménu {domain} musí projít.',
    'remediation.instruction.dane_exo_promote':
      'Nastavte nový MX domény {domain} jako preferovaný: změňte jeho prioritu na 0, jak to dělá postup Microsoftu.',
    'remediation.instruction.dane_exo_remove_old': 'Jakmile pošta chodí přes nový MX, smažte starý záznam MX domény {domain} ({old}).',
    'remediation.instruction.dane_exo_restore_ttl': 'Vraťte TTL nového záznamu MX domény {domain} na 3600 sekund.',
    'remediation.instruction.dane_exo_mta_sts_mx':
      'Pokud doména {domain} používá MTA-STS: odstraňte starý server ({old}) z řádků mx politiky, změňte id v záznamu _mta-sts a ponechte „mode: testing“, dokud neověříte DANE.',
    'remediation.instruction.dane_exo_enable_after_switch':
      'Spusťte až ve chvíli, kdy MX domény {domain} vede jen na nový server …mx.microsoft.',
    'remediation.instruction.dane_exo_verify':
      'Potom spusťte test „DANE Validation“ v Microsoft Remote Connectivity Analyzer pro doménu {domain} a znovu toto posouzení (řádek DANE musí ukázat shodu). Pokud doména používá MTA-STS, vraťte ji potom na „mode: enforce“ a změňte id.',
    'remediation.instruction.dane_exo_switch_underway':
      'Doména {domain} už má vedle starého MX ({old}) nový MX podepsaný DNSSEC ({new}): Enable-DnssecForVerifiedDomain už proběhl. Dokončete přepnutí:',
    'remediation.instruction.dane_exo_managed':
      'Záznamy TLSA serverů {hosts} zveřejňuje a obměňuje Microsoft; změnit je nemůžete. Pokud stav níže ukazuje DANE zapnuté a záznamy přesto nesouhlasí, založte požadavek na podporu Microsoftu.',
    'remediation.instruction.dane_tlsa_bogus':
      'Záznamy TLSA v {name} neprošly ověřením DNSSEC: zóna {zone} je vydává s chybnými nebo chybějícími podpisy. U správce DNS zónu znovu podepište (viz řádek DNSSEC) a zveřejněte záznam níže.',
    'remediation.instruction.dane_tlsa_unusable':
      'Záznamy v {name} ({records}) používají jen typy PKIX (0, 1), které SMTP ignoruje (RFC 7672 §3.1.3). Nahraďte je záznamem DANE-EE níže.',
    'remediation.instruction.dane_tlsa_mismatch':
      'Žádný ze záznamů v {name} ({records}) neodpovídá klíči, který server {host} předkládá, takže odesílatelé ověřující DANE jeho poštu odkládají. Zveřejněte hned záznam níže; staré potom smažte, pokud některý z nich není připravený záznam pro váš příští klíč.',
    'remediation.instruction.dane_tlsa_compute':
      'Certifikát serveru {host} jsme neviděli (spojení TLS odsud neproběhlo). Záznam pro něj spočítá MailAudit ze souboru certifikátu – v průvodci, nebo příkazem „mailaudit assess {domain} --tlsa-from <soubor certifikátu>“ – a zveřejněte ho jako záznam TLSA „3 1 1 <otisk>“ v {name}.',
    'remediation.instruction.dane_tlsa_verify':
      'Záznamy mají TTL {ttl} sekund. Po zveřejnění spusťte posouzení domény {domain} znovu: řádek DANE musí ukázat, že záznam odpovídá tomu, co každý server předkládá.',
    'remediation.instruction.dane_rollover_deadline':
      'Současný certifikát vyprší {date}: začněte hned, mezi zveřejněním nového záznamu a výměnou certifikátu musí uplynout alespoň dvě TTL.',
    'remediation.instruction.dane_rollover_tlsa_from_request':
      'Záznam TLSA příštího klíče spočítejte ze žádosti {file} (klíč je už v žádosti, záznam tedy znáte dřív, než autorita certifikát vydá): v průvodci, nebo příkazem „mailaudit assess {domain} --tlsa-from {file}“. Zveřejněte ho v {name} vedle stávajícího záznamu serveru {host} – oba zůstanou zveřejněné.',
    'remediation.instruction.dane_rollover_tlsa_other':
      'Na serveru {host} nejdřív vytvořte příští klíč a žádost o certifikát. Záznam TLSA příštího klíče spočítejte ze žádosti (nebo z nového certifikátu): v průvodci, nebo příkazem „mailaudit assess {domain} --tlsa-from <soubor žádosti nebo certifikátu>“. Zveřejněte ho v {name} vedle stávajícího záznamu – oba zůstanou zveřejněné.',
    'remediation.instruction.dane_rollover_wait':
      'Před výměnou certifikátu počkejte alespoň dvě TTL ({hours} hodiny při TTL {ttl} sekund), aby všichni odesílatelé měli oba záznamy. Nové posouzení domény {domain} pak ukáže záznamy TLSA připravené na výměnu klíče.',
    'remediation.instruction.dane_rollover_verify':
      'Spusťte posouzení domény {domain} znovu: server musí předkládat nový certifikát a řádek DANE musí ukázat shodu s novým záznamem.',
    'remediation.instruction.dane_rollover_switch_other':
      'Teprve teď nainstalujte na servery {hosts} nový certifikát (a je-li třeba, restartujte službu SMTP).',
    'remediation.instruction.dane_rollover_remove': 'Až posouzení ukáže shodu s novým klíčem, smažte záznam starého klíče: {record}',
    'remediation.instruction.dane_rollover_remove_unknown':
      'Až posouzení ukáže shodu s novým klíčem, smažte v {name} záznam starého klíče.',
    'remediation.instruction.dane_server_not_native':
      'Exchange Server sám DANE u odchozí pošty neověřuje (požadavek 6). Posílejte odchozí poštu přes službu nebo bránu, která DANE ověřuje: přes Exchange Online (ten DANE u odchozí pošty ověřuje; odesílací konektor do vašeho tenanta a k němu příchozí konektor v Exchange Online, viz Microsoft Learn „Set up connectors to route mail between Microsoft 365 or Office 365 and your own email servers“), nebo přes bránu SMTP, která DANE ověřuje pomocí resolveru s ověřováním DNSSEC.',
    'remediation.note.dane_exo_ttl': 'Stejný záznam MX s TTL 300 sekund; před dalším krokem počkejte, než uplyne dosavadní TTL.',
    'remediation.note.dane_exo_new_mx':
      'Příkaz vypíše hodnotu nového MX podepsaného DNSSEC (…mx.microsoft); použijte přesně ji, nikdy odhadnutou.',
    'remediation.note.dane_exo_expected_mx': 'Vypíše záznam MX, který Exchange Online pro doménu očekává (vlastnost ExpectedMxRecord).',
    'remediation.note.dane_exo_old_mx_30': 'Starý záznam MX s prioritou 30, aby měl přednost nový (priorita 20, potom 0).',
    'remediation.note.dane_exo_enable':
      'Microsoft pak záznamy TLSA serveru …mx.microsoft zveřejňuje a obměňuje sám; vy žádné nezveřejňujete.',
    'remediation.note.dane_exo_status': 'DnssecFeatureStatus a výsledky ověření DNS, MX a MTA-STS nesmějí ukazovat chyby.',
    'remediation.note.dane_receive_connector':
      'Ukáže konektory, které přijímají na portu 25: Fqdn a TlsCertificateName (pokud je nastavené) určují, jaký certifikát předkládají.',
    'remediation.note.dane_certificate_by_serial':
      'Najde podle sériového čísla certifikát, který server {host} předložil při testu. Pokud se nic nevypíše, certifikát na tomto serveru není: předkládá ho brána nebo vyvažovač zátěže před ním a záznam TLSA se musí řídit jeho certifikátem.',
    'remediation.note.dane_certificate_by_name':
      'První vypsaný certifikát je ten, který Exchange pro {host} vybere (Get-ExchangeCertificate -DomainName). Pokud se Fqdn konektoru od {host} liší, spusťte příkaz s Fqdn.',
    'remediation.note.dane_tlsa_from_served': 'Vypočteno z klíče certifikátu, který server {host} předložil při testu ({addresses}).',
    'remediation.note.dane_tlsa_current_keep':
      'Záznam klíče, který server {host} používá teď: nechte ho zveřejněný, dokud certifikát nevyměníte.',
    'remediation.note.dane_rollover_request':
      'Vytvoří žádost o nový klíč a certifikát se jmény certifikátu, který server {host} předkládá teď (obnova z existujícího certifikátu), a uloží ji jako {file} do vašeho profilu. Pošlete ji certifikační autoritě; vydaný certifikát si nechte pro krok výměny.',
    'remediation.note.dane_rollover_selected':
      'První vypsaný certifikát je ten, který Exchange teď pro {host} vybírá: musí to být nový (zkontrolujte Thumbprint a NotAfter).',
    'remediation.instruction.mta_sts_policy':
      'Zřiďte webový server pro {host} (záznam A/AAAA nebo CNAME) s platným certifikátem pro {host} od veřejné certifikační autority a soubor s politikou níže zveřejněte přímo na {url}: odpověď 200, typ obsahu text/plain, bez přesměrování (RFC 8461 §3.3).',
    'remediation.instruction.mta_sts_no_mx':
      'Politiku MTA-STS nelze sestavit: doména nemá žádný platný server MX. Nejdřív opravte záznamy MX.',
    'remediation.instruction.mta_sts_single_record': 'Na {name} ponechte jen tento jeden záznam „v=STSv1“, ostatní smažte.',
    'remediation.instruction.mta_sts_enforce':
      'Až hlášení TLS-RPT několik týdnů neukazují chyby, změňte v souboru na {url} řádek „mode: testing“ na „mode: enforce“ a max_age zvyšte alespoň na 1209600 (dva týdny); potom změňte id v záznamu _mta-sts.',
    'remediation.instruction.mta_sts_max_age':
      'V politice na {url} zvyšte max_age alespoň na 1209600 (dva týdny) a změňte id v záznamu _mta-sts.',
    'remediation.instruction.tlsrpt_single_record': 'Na {name} ponechte jen tento jeden záznam „v=TLSRPTv1“, ostatní smažte.',
    'remediation.note.mta_sts_id':
      'Hodnotu id změňte při každé změně politiky (1 až 32 písmen a číslic), jinak si odesílatelé novou politiku nenačtou.',
    'remediation.note.mta_sts_file': 'Uložte jako textový soubor v kódování UTF-8 a zveřejněte na {url} s typem obsahu text/plain.',
    'remediation.action.file': 'Soubor {name}',
    'remediation.export.file': 'Soubor k uložení: {name} (v exportu jako samostatný soubor {name}), zveřejnit na {path}:',
    'remediation.instruction.mta_sts_enforce_later':
      'Po několika týdnech bez chyb v hlášeních TLS-RPT změňte v politice „mode: testing“ na „mode: enforce“ a změňte id v záznamu _mta-sts.',
    'remediation.instruction.client_access_disable_unused':
      'Pokud POP3 nebo IMAP nikdo nepoužívá, zastavte a zakažte jejich služby a porty 110, 143, 993 a 995 na firewallu uzavřete.',
    'remediation.instruction.client_access_other':
      'Nešifrované porty 110 a 143 uzavřete; pro klienty nechte jen 993, 995 a odesílání na 465 nebo 587 s přihlášením až po TLS.',
    'remediation.instruction.client_access_tls_failed':
      'Na portech, kde se nepodařilo navázat TLS, přiřaďte službám POP, IMAP a SMTP platný certifikát (Enable-ExchangeCertificate -Services) nebo port na firewallu uzavřete.',
    'remediation.instruction.web_http_redirect':
      'Přesměrování z HTTP na HTTPS pro {hosts} nastavte postupem Microsoftu „Configure http to https redirection for Outlook on the web in Exchange Server“ ve Správci IIS na každém serveru Exchange: 1) na Default Web Site zrušte „Require SSL“; 2) na ostatních virtuálních adresářích Default Web Site, kde bylo zapnuté, ho ponechte či obnovte; 3) na Default Web Site zapněte HTTP Redirect na {owaUrls} s volbou „Only redirect requests to content in this directory (not subdirectories)“; 4) ze všech virtuálních adresářů (včetně /owa) HTTP Redirect odstraňte; 5) spusťte iisreset. Nepoužívejte volbu redirectHttpToHttps v nastavení HSTS v IIS a nic neměňte na webu Exchange Back End.',
    'remediation.instruction.web_exo':
      'Outlook na webu v Exchange Online používá HTTPS s HSTS. Nález u {hosts} patří vlastnímu webovému serveru (např. autodiscover) – opravte ho tam.',
    'remediation.instruction.web_other':
      'Na serverech {hosts} povolte jen HTTPS, přesměrujte HTTP na HTTPS a posílejte hlavičku „Strict-Transport-Security: max-age={maxAge}“.',
    'remediation.instruction.exchange_modern_auth_first':
      'Basic vypínejte až po zapnutí moderního ověřování: hybridní moderní ověřování (Hybrid Modern Authentication, pro EWS, ActiveSync, MAPI a Outlook) nebo AD FS. První příkaz ukáže, zda je moderní ověřování v organizaci zapnuté (OAuth2ClientProfileEnabled); skript níže se zastaví, dokud není. Vyzkoušejte přihlášení Outlooku, mobilních zařízení a aplikací, které EWS používají.',
    'remediation.instruction.exchange_update':
      'Exchange Server 2016 a 2019 jsou od 14. října 2025 bez podpory a bez bezpečnostních aktualizací. Přejděte na Exchange Server Subscription Edition (SE) – z Exchange 2019 CU14 nebo CU15 upgradem na místě, z Exchange 2016 instalací nových serverů SE a přesunem schránek – nebo poštu přesuňte do Exchange Online. Server, který už běží na SE, udržujte na aktuální aktualizaci; verzi ověří skript Microsoftu HealthChecker.',

    // --- notes
    'remediation.note.mx_replace_cname': 'Nahrazuje záznam MX, který ukazuje na alias {host}.',
    'remediation.note.spf_new':
      'Nový záznam: {changes}. Doplňte všechny další služby, které za doménu posílají poštu (ip4:, ip6:, include:).',
    'remediation.note.spf_changes': 'Nahrazuje současný záznam „{current}“; změny: {changes}. Všechny vaše ostatní položky zůstávají.',
    'remediation.note.dkim_exo_config_exists': 'Pokud příkaz ohlásí, že konfigurace už existuje, pokračujte dalším příkazem.',
    'remediation.note.dkim_exo_cname_from_dns':
      'Cíl, na který selektor v DNS už ukazuje; před zveřejněním ho porovnejte s hodnotou Selector1CNAME/Selector2CNAME z Get-DkimSigningConfig.',
    'remediation.note.dkim_testing_removed': 'Stejný klíč selektoru {selector}, jen bez příznaku testovacího režimu.',
    'remediation.note.dmarc_rua_example':
      'Adresa {address} je příklad: nahraďte ji schránkou nebo službou, která hlášení DMARC skutečně přijímá a vyhodnocuje.',
    'remediation.note.dmarc_dropped_tags': 'Z dosavadního záznamu se nepřenášejí tyto značky: {dropped}.',
    'remediation.note.dmarc_external_published_by_receiver': 'Tento záznam zveřejňuje správce domény {host}, ne vy.',
    'remediation.note.starttls_auth_mechanism': 'Konektor „Default Frontend“ má mít v AuthMechanism hodnotu Tls (výchozí stav).',
    'remediation.note.starttls_enable_certificate':
      'Použije nejnovější platný certifikát, který obsahuje jméno {host}, pro službu SMTP. Na dotaz, zda nahradit výchozí certifikát SMTP, obvykle odpovězte Ne – ten certifikát podepsaný sám sebou šifruje SMTP mezi vašimi servery Exchange (Microsoft Learn, Enable-ExchangeCertificate).',
    'remediation.note.certificate_request':
      'Vytvoří žádost o nový klíč a certifikát pro {hosts} z certifikátu, který server předkládá teď (obnova z existujícího certifikátu), takže zůstanou všechna jeho jména včetně OWA a autodiscover; chybějící jména serveru se přidají. Žádost uloží jako {file} do vašeho profilu; předejte ji certifikační autoritě.',
    'remediation.note.certificate_import':
      'Vydaný certifikát uložte jako {file} do svého profilu. Příkaz ho naimportuje a zapne pro SMTP na serveru {host}; na dotaz, zda nahradit výchozí certifikát SMTP, obvykle odpovězte Ne – ten certifikát podepsaný sám sebou šifruje SMTP mezi vašimi servery Exchange a nahrazovat ho není třeba. Pro IIS ho zapne, jen pokud IIS sloužil i nahrazovaný certifikát, a to s -DoNotRequireSsl, aby se na Default Web Site znovu nezapnulo „Require SSL“ a fungovalo přesměrování z HTTP na /owa. Přijímací konektory na portu 25, které certifikát určují jménem nebo jejichž FQDN nový certifikát neobsahuje, na něj naváže přes TlsCertificateName. Pokud OWA dál předkládá starý certifikát, restartujte IIS (iisreset) v servisním okně (Microsoft Learn, Enable-ExchangeCertificate a Set-ReceiveConnector).',
    'remediation.note.tlsrpt_example': 'Adresa {address} je příklad: nahraďte ji schránkou, která hlášení TLS-RPT přijímá.',
    'remediation.note.client_access_secure_login':
      'SecureLogin je výchozí hodnota: příkaz mění jen server, kde někdo povolil přihlášení bez šifrování – pak se klienti přihlásí až po zapnutí TLS. Restartuje jen služby POP3 a IMAP, které už běží; zastavenou službu nespustí.',
    'remediation.note.client_access_smtp_auth':
      'Spusťte jen tehdy, když žádné zařízení ani aplikace neodesílá přes SMTP AUTH; výjimky lze povolit jednotlivým schránkám.',
    'remediation.note.client_access_auth_require_tls':
      'Přijímací konektory, které nabízejí přihlášení (BasicAuth), ho pak nabídnou až po STARTTLS (BasicAuthRequireTLS); ostatní nastavení konektoru zůstane. Klient nastavený bez TLS se přestane přihlašovat – předem ho přenastavte na STARTTLS nebo port 465.',
    'remediation.note.client_access_auth_policy':
      'Zásada bez přepínačů -AllowBasicAuth* blokuje základní ověřování (Basic) pro všechny protokoly celé organizace; moderní ověřování (OAuth) zůstává. Microsoft už základní ověřování pro POP, IMAP a další protokoly v Exchange Online vypnul; zásada to zajistí i pro SMTP AUTH.',
    'remediation.note.client_access_pop_imap':
      'Platí pro nově vytvořené schránky; u stávajících vypněte POP a IMAP příkazem Set-CASMailbox.',
    'remediation.note.hsts_by_windows_version':
      'Nastaví HSTS pro Default Web Site (nikdy pro Exchange Back End) tak, jak to verze Windows serveru umí: na Windows Serveru 2019 a novějším (IIS 10.0 verze 1709+) nativním nastavením IIS, na Windows Serveru 2016 hlavičkou odpovědi „Strict-Transport-Security“ – podle sestavení systému, na kterém skript běží, nikdy obojí.',
    'remediation.note.exchange_basic_auth_per_server':
      'Spusťte v Exchange Management Shellu na každém serveru Exchange s klientským přístupem; mění virtuální adresáře toho serveru (EWS, autodiscover, OAB, ActiveSync, MAPI, Outlook Anywhere). OWA a ECP používají přihlašovací formulář a nemění se.',
  },
  en: {
    'remediation.platform.exchange-online': 'Exchange Online',
    'remediation.platform.exchange-server': 'Exchange Server',
    'remediation.platform.dns-host': 'DNS host',
    'remediation.platform.any': 'any mail system',
    'remediation.platform.unknown': 'platform not detected (steps for both Exchange Online and Exchange Server)',
    'remediation.phase.1': 'Phase 1 – prepare and monitor',
    'remediation.phase.2': 'Phase 2 – enable',
    'remediation.phase.3': 'Phase 3 – enforce after observation',
    'remediation.phase.4': 'Phase 4 – full enforcement',
    'remediation.phase.1.description':
      'Changes that do not yet change mail delivery: DNS records, reports, signatures. They can be done together.',
    'remediation.phase.2.description':
      'Turning on signing and encryption on the servers. Start once the phase 1 changes are published in DNS.',
    'remediation.phase.3.description': 'Stricter rules. Start once reports and tests show that all legitimate mail passes.',
    'remediation.phase.4.description': 'The final state. Start after a few weeks without problems in phase 3.',
    'remediation.none.ok': 'No action: the finding describes a good state or is for information.',
    'remediation.none.recheck':
      'No action: the test could not finish (DNS or network error). Run the assessment again, if needed from another network.',
    'remediation.none.not-testable': 'No action: this could not be tested from this network. Repeat the test elsewhere.',
    'remediation.none.covered': 'No action: another step of the plan fixes it.',

    'remediation.step.mx-records.title': "Fix the domain's MX records",
    'remediation.step.mx-records.risk':
      'A mistake in the MX records stops incoming mail, so make the change off-peak and check delivery of a test message at once.',
    'remediation.step.spf-record.title': 'Publish the corrected SPF record',
    'remediation.step.spf-record.risk':
      'If a service that legitimately sends for your domain (an invoicing system, say) is missing from the record, its messages start landing in spam; check the list of senders.',
    'remediation.step.spf-lookups.title': 'Reduce the SPF record to at most 10 DNS lookups',
    'remediation.step.spf-lookups.risk':
      'When merging or replacing terms it is easy to leave out a legitimate sender, whose mail then fails SPF.',
    'remediation.step.spf-review.title': 'Fix the errors in the SPF record and in the records it refers to',
    'remediation.step.spf-review.risk':
      'Check every SPF change before publishing it, because one syntax error invalidates the whole record.',
    'remediation.step.dkim-exo-config.title': 'Create the DKIM signing configuration in Exchange Online',
    'remediation.step.dkim-exo-config.risk': 'No risk to mail: the configuration is created disabled and only shows the CNAME values.',
    'remediation.step.dkim-exo-cnames.title': 'Publish the selector1 and selector2 CNAME records for DKIM',
    'remediation.step.dkim-exo-cnames.risk': 'No risk to mail; a wrong CNAME target only prevents enabling signing in the next step.',
    'remediation.step.dkim-exo-enable.title': 'Enable DKIM signing in Exchange Online',
    'remediation.step.dkim-exo-enable.risk':
      'Enable it only after both CNAME records are published, otherwise the command fails or receivers cannot verify the signature.',
    'remediation.step.dkim-exo-rotate.title': 'Replace the weak DKIM key in Exchange Online with a 2048-bit key',
    'remediation.step.dkim-exo-rotate.risk':
      'The new key is used only after a few days; until then the current key keeps signing, so no mail is lost.',
    'remediation.step.dkim-server-signer.title': 'Provide DKIM signing for Exchange Server',
    'remediation.step.dkim-server-signer.risk':
      'A transport agent or signing gateway handles all outgoing mail, so deploy it on a test server first.',
    'remediation.step.dkim-signer.title': 'Find out or set up DKIM signing',
    'remediation.step.dkim-signer.risk': 'No risk to mail until you turn signing on; publish the key in DNS before you start signing.',
    'remediation.step.dkim-key.title': 'Fix the DKIM key of selector {selector}',
    'remediation.step.dkim-key.risk':
      'Remove the old key only a few days after switching to the new one, or messages still in transit fail verification.',
    'remediation.step.dmarc-monitor.title': 'Publish DMARC in monitoring mode (p=none) with reports',
    'remediation.step.dmarc-monitor.risk': 'No risk to delivery: the none policy blocks nothing, reports just start arriving.',
    'remediation.step.dmarc-quarantine.title': 'Move to the DMARC quarantine policy',
    'remediation.step.dmarc-quarantine.risk':
      "Legitimate mail that passes neither SPF nor DKIM ends up in recipients' spam; move only after 2–4 weeks of reports.",
    'remediation.step.dmarc-reject.title': 'Move to the DMARC reject policy',
    'remediation.step.dmarc-reject.risk':
      'Receivers reject every message that fails authentication, legitimate ones too; move only after several weeks without problems at quarantine.',
    'remediation.step.dmarc-correct.title': 'Correct the DMARC record without changing the policy',
    'remediation.step.dmarc-correct.risk':
      'The policy stays the same and delivery does not change; only reporting and the record syntax are fixed.',
    'remediation.step.dmarc-enforce.title': 'Apply the DMARC {policy} policy to all mail and subdomains',
    'remediation.step.dmarc-enforce.risk':
      'The policy starts to apply to all messages and subdomains; legitimate mail treated more leniently so far may be held back, so watch the reports.',
    'remediation.step.dmarc-external.title': 'Authorise DMARC reports to {host}',
    'remediation.step.dmarc-external.risk': 'No risk to mail; without the authorisation the reports simply do not arrive.',
    'remediation.step.starttls-exo.title': 'Make sure mail is received directly by Exchange Online or by a gateway with STARTTLS',
    'remediation.step.starttls-exo.risk': 'Changing MX records or the gateway affects all incoming mail; proceed one server at a time.',
    'remediation.step.starttls-server.title': 'Enable STARTTLS with a valid certificate on Exchange Server',
    'remediation.step.starttls-server.risk':
      'A wrong certificate on the connector can stop mail from senders that require encryption; check the result with a test message.',
    'remediation.step.starttls-other.title': 'Enable STARTTLS on the mail servers',
    'remediation.step.tls-protocols-server.title': 'Disable SSL 3.0, TLS 1.0 and TLS 1.1 and enable TLS 1.2 on Exchange Server',
    'remediation.step.tls-protocols-server.risk':
      'Old clients, printers or applications that only speak TLS 1.0/1.1 stop connecting; find and update them first.',
    'remediation.step.tls-exo.title': 'Microsoft manages TLS in Exchange Online',
    'remediation.step.tls-exo.risk':
      'No risk: nothing changes in Exchange Online; any findings belong to a gateway or server in front of Exchange Online.',
    'remediation.step.tls-other.title': 'Tighten the TLS settings of the mail servers',
    'remediation.step.tls-ciphers-server.title': 'Disable weak cipher suites and weak key exchange on Exchange Server',
    'remediation.step.tls-ciphers-server.risk':
      'Very old senders that only support weak suites will then deliver unencrypted or not at all; check the logs.',
    'remediation.step.certificate-replace.title': "Replace the mail server's certificate",
    'remediation.step.certificate-replace.risk':
      'The new certificate must contain every name of the server, or clients and senders see a certificate error.',
    'remediation.step.certificate-replace.risk_dane':
      'Without a TLSA record for the new key published beforehand, senders that validate DANE would stop delivering; do this step only after the previous one.',
    'remediation.step.certificate-exo.title': 'Microsoft manages the certificates of Exchange Online servers',
    'remediation.step.certificate-chain.title': 'Add the intermediate certificates to the mail server',
    'remediation.step.certificate-chain.risk':
      'No risk to mail; once added, the server sends the complete chain and senders can verify it.',
    'remediation.instruction.starttls.not_offered':
      'Server {host} does not offer STARTTLS after EHLO. Enable TLS on the receive connector and assign it a certificate.',
    'remediation.instruction.starttls.helo_only':
      'Server {host} answers HELO only, not EHLO, so it cannot offer STARTTLS. Check the gateway or SMTP-inspecting firewall that blocks EHLO.',
    'remediation.instruction.starttls.temporarily_refused':
      'Server {host} refused STARTTLS temporarily (code 454) – usually it has no usable certificate or key. Assign a valid certificate to the connector.',
    'remediation.instruction.starttls.refused':
      'Server {host} refused the STARTTLS command although it offers it. Check the TLS settings of the connector and the certificate.',
    'remediation.instruction.starttls.handshake_failed':
      'An encrypted connection to server {host} could not be completed. Check the TLS versions allowed (at least TLS 1.2) and the certificate.',
    'remediation.instruction.starttls.protocol_error':
      'Server {host} answers against the SMTP protocol. Update the software of the server or gateway.',
    'remediation.instruction.starttls.unreachable':
      'Address {address} of server {host} does not answer on port 25 although the others do. Open port 25 on the firewall or remove the address from DNS.',
    'remediation.instruction.starttls.data_after_ready':
      'Server {host} sent more unencrypted data after its "220 Ready to start TLS" reply. This points to a "STARTTLS command injection" flaw; update the software of the server or gateway.',
    'remediation.instruction.certificate.self_signed':
      'Server {host} uses a self-signed certificate. Replace it with a certificate from a trusted certificate authority.',
    'remediation.instruction.certificate.untrusted':
      'The certificate of server {host} (issuer {issuer}) does not lead to a trusted authority. Use a certificate from a publicly recognised certificate authority.',
    'remediation.instruction.certificate.name_mismatch':
      'The certificate of server {host} is issued for {names}, not for {host}. The new certificate must contain the name {host}.',
    'remediation.instruction.certificate.not_yet_valid':
      "The certificate of server {host} is not valid yet. Check the server's clock or use a valid certificate.",
    'remediation.instruction.certificate.expired': 'The certificate of server {host} expired ({validTo}). Renew it as soon as possible.',
    'remediation.instruction.certificate.expired_plain': 'The certificate of server {host} has expired. Renew it as soon as possible.',
    'remediation.instruction.certificate.invalid_dates':
      'The certificate of {host} has an invalid validity date (e.g. a month that does not exist), so senders cannot verify it. Have a new certificate issued by a recognised certification authority.',
    'remediation.instruction.certificate.key_unreadable':
      'The public key in the certificate of {host} cannot be read (damaged or an unknown algorithm). Create a new RSA key (2048 bits or more) or an EC P-256 key and have a new certificate issued for it.',
    'remediation.instruction.certificate.expires_soon':
      'The certificate of server {host} expires on {validTo} (in {daysLeft} days). Renew it in time and set a reminder or automatic renewal.',
    'remediation.instruction.certificate.key_weak':
      "The key of server {host}'s certificate ({key}) is weak. Create the new certificate with an RSA key of at least 2048 bits or ECDSA P-256.",
    'remediation.instruction.certificate.key_weak_plain':
      "The key of server {host}'s certificate is weak. Create the new certificate with an RSA key of at least 2048 bits or ECDSA P-256.",
    'remediation.instruction.certificate.signature_weak':
      "Server {host}'s certificate is signed with a weak algorithm ({algorithm}). The new certificate must be signed with SHA-256 or stronger.",
    'remediation.instruction.certificate.signature_weak_plain':
      "Server {host}'s certificate is signed with a weak algorithm. The new certificate must be signed with SHA-256 or stronger.",
    'remediation.instruction.certificate.chain_incomplete':
      "Server {host} does not send its certificate authority's intermediate certificates. Download them from the authority (e.g. {caIssuers}) and install them on the server.",
    'remediation.instruction.certificate.chain_incomplete_plain':
      "Server {host} does not send its certificate authority's intermediate certificates. The certificate does not say where to get them: find them on the website of the authority that issued it and install them on the server.",
    'remediation.note.certificate_intermediate':
      "Save the intermediate certificate as intermediate.cer in your profile; the command puts it into the computer's Intermediate Certification Authorities store.",
    'remediation.step.dane-tlsa-next.title': 'Publish a TLSA record for the new certificate next to the current one',
    'remediation.step.dane-tlsa-next.risk':
      'No risk while the current TLSA record stays; removing it before the certificate change would stop delivery from DANE senders.',
    'remediation.step.dane-tlsa-cleanup.title': "Remove the old certificate's TLSA record",
    'remediation.step.dane-tlsa-cleanup.risk':
      'Remove it only when the server reliably uses the new certificate and at least two TTLs have passed.',
    'remediation.step.dnssec-sign.risk':
      "No risk to mail while no DS is published: until then resolvers do not validate the zone's signatures.",
    'remediation.step.dane-exo-ttl.title': 'Lower the MX record TTL before the change (Exchange Online)',
    'remediation.step.dane-exo-ttl.risk': 'No risk; a shorter TTL only speeds up rolling the change back if needed.',
    'remediation.step.dane-exo-dnssec.title': 'Enable DNSSEC for the domain in Exchange Online',
    'remediation.step.dane-exo-dnssec.risk':
      'No risk to mail: the command only prepares a new DNSSEC MX host; the current MX record stays in force.',
    'remediation.step.dane-exo-mx-switch.title': 'Switch the MX record to the new *.mx.microsoft host',
    'remediation.step.dane-exo-mx-switch.risk':
      'Changing the MX affects all incoming mail; add the new record at a lower priority first, test, and only then remove the old one.',
    'remediation.step.dane-exo-enable.title': 'Enable inbound SMTP DANE in Exchange Online',
    'remediation.step.dane-exo-enable.risk':
      'Microsoft then publishes the TLSA records itself; enable it only once the domain receives mail through the new DNSSEC MX.',
    'remediation.step.dane-tlsa.title': 'Publish TLSA records (DANE) for the mail servers',
    'remediation.step.dane-tlsa.risk':
      "A TLSA record that does not match the server's certificate stops delivery from senders that validate DANE; publish it only after DNSSEC and check it.",
    'remediation.step.dane-server-outbound.title': 'DANE validation for Exchange Server outgoing mail',
    'remediation.step.dane-server-outbound.risk':
      'Move outgoing mail to a DANE-validating gateway or service gradually so that no queued messages are lost.',
    'remediation.step.mta-sts.title': 'Publish a MTA-STS policy in testing mode',
    'remediation.step.mta-sts.risk': 'No risk in testing mode; move to enforce only based on TLS-RPT reports.',
    'remediation.step.mta-sts-record.title': 'Correct the _mta-sts record',
    'remediation.step.mta-sts-record.risk': 'No risk: the record only announces the policy; a new id makes senders fetch it again.',
    'remediation.step.mta-sts-enforce.title': 'Switch MTA-STS to enforce mode',
    'remediation.step.mta-sts-enforce.risk':
      'An MX host that the policy does not cover or that lacks a valid certificate stops receiving mail from senders using MTA-STS; switch only based on TLS-RPT reports.',
    'remediation.step.tlsrpt.title': 'Publish the TLS-RPT record',
    'remediation.step.tlsrpt.risk': 'No risk: the record only says where senders send reports on failed encrypted delivery.',
    'remediation.step.client-access-server.title': 'Allow clients encrypted login only (Exchange Server)',
    'remediation.step.client-access-server.risk':
      'Clients set up for unencrypted POP3 or IMAP stop connecting; move them to ports 993 and 995 beforehand.',
    'remediation.step.client-access-exo.title': 'Turn off unused client protocols (Exchange Online)',
    'remediation.step.client-access-exo.risk':
      'Devices and applications that send through SMTP AUTH or read through POP3/IMAP (printers, scanners, older applications) stop working; find them first.',
    'remediation.step.client-access-other.title': 'Allow clients encrypted access only',
    'remediation.step.web-hsts-server.title': 'Enable HSTS for Outlook on the web and ECP (Exchange Server)',
    'remediation.step.web-hsts-server.risk':
      'With HSTS on, browsers no longer let users click through certificate errors, so always renew the certificate in time.',
    'remediation.step.web-exo.title': 'Microsoft secures web access to Exchange Online',
    'remediation.step.web-exo.risk': "No risk; any findings belong to the organisation's own web servers.",
    'remediation.step.web-other.title': 'Allow web access over HTTPS with HSTS only',
    'remediation.step.exchange-update.title': 'Move to the supported Exchange Server SE or to Exchange Online',
    'remediation.step.exchange-basic-auth.title': "Turn off Basic authentication on Exchange's web services",
    'remediation.step.exchange-basic-auth.risk':
      'Clients that can only do Basic (older ActiveSync phones, applications and scripts using EWS, Outlook 2010 and older) can no longer sign in. Turn on and test modern authentication (hybrid modern authentication or AD FS) first and update the clients.',
    'remediation.step.exchange-update.risk':
      'The upgrade to Exchange Server SE restarts services and needs a planned maintenance window; moving from Exchange 2016 or to Exchange Online means moving the mailboxes.',
    'remediation.step.platform-conflict.title': 'Check the platform: your choice does not match DNS',
    'remediation.step.platform-conflict.risk':
      'The plan follows what DNS shows. If your choice is right, correct DNS or your choice first and assess the domain again.',
    'remediation.instruction.platform_conflict.exchange-online':
      'You chose the platform "{hint|ui.platform}", but the MX records point to Exchange Online. The steps below are for Exchange Online. If your own server receives the mail, the MX records are wrong; for a hybrid deployment choose "Hybrid" and assess the domain again.',
    'remediation.instruction.platform_conflict.null-mx':
      'You chose the platform "{hint|ui.platform}", but the domain publishes a "null MX" (RFC 7505): it accepts no mail. The plan therefore has no steps for mail servers. If the domain should receive mail, replace "0 ." with real MX records and assess the domain again.',
    'remediation.step.manual.title': 'Manual change',
    'remediation.step.manual.risk': 'Make the change by hand following the finding; a generated command would not be safe.',

    'remediation.instruction.value_not_safe':
      'A value from DNS contains characters that cannot be put into a command or record safely ({reason}). No command is generated; change the record by hand following the finding.',
    'remediation.instruction.mx_exchange_online':
      'Set for {domain} the MX record shown in the Microsoft 365 admin center (Settings → Domains → {domain} → DNS records).',
    'remediation.instruction.mx.null_mx_mixed':
      'Domain {domain} has a "null MX" (0 .) together with other MX records. If it should receive mail, remove the "0 ." record; if not, keep only that one.',
    'remediation.instruction.mx.none':
      'Domain {domain} has no MX records and no address. If it should receive mail, publish an MX record with the name of your mail server.',
    'remediation.instruction.mx.domain_not_found': 'Domain {domain} does not exist in DNS. Check the domain name and its registration.',
    'remediation.instruction.mx.implicit':
      "Domain {domain} has no MX record; mail is delivered to the domain's address ({addresses}). Publish an MX record with the mail server's name.",
    'remediation.instruction.mx.ip_literal':
      'The MX record contains the IP address "{host}" instead of a name. Create a name for the server (A/AAAA record) and put that name in the MX.',
    'remediation.instruction.mx.invalid_name':
      'The MX record contains the invalid name "{host}". Correct it to the proper name of the mail server.',
    'remediation.instruction.mx.no_address':
      'Server {host} from the MX record has no address (neither A nor AAAA). Add the address or remove the MX record.',
    'remediation.instruction.mx.no_usable_host':
      'No MX record of {domain} leads to a usable server. Fix the MX records according to the other findings.',
    'remediation.instruction.mx.cname':
      'The MX record points at the alias {host} (a CNAME to {target}). Put {target} directly into the MX record.',
    'remediation.instruction.mx.extra_host_no_address': 'The given name {host} has no address in DNS. Check that it is correct.',
    'remediation.instruction.spf_edit_manually':
      'The SPF record of {domain} cannot be corrected automatically (several records with redirect=, or characters that do not belong in a record). Edit it by hand into a single valid record following the findings.',
    'remediation.instruction.spf_remove_other_records':
      'The domain now has {count} SPF records. After publishing the merged record, delete the other records starting with "v=spf1".',
    'remediation.instruction.spf_still_over_limit':
      'The corrected record will need about {count} DNS lookups, more than the {limit} allowed. Do the step "Reduce … DNS lookups" too.',
    'remediation.instruction.spf_narrowed_keeps_senders':
      '"{from}" let anyone send mail for the domain. Changing it to "~all" alone would authorise nobody, your own server included, so the record now also lists the senders the assessment found:',
    'remediation.instruction.spf_sender_mx':
      '"mx" – the domain\'s MX servers ({hosts}); they usually send the outgoing mail too. If outgoing mail leaves from elsewhere, replace "mx" with the address of the server that actually sends.',
    'remediation.instruction.spf_sender_mx_assumed':
      '"mx" – the domain\'s MX servers; the assessment could not list them, so check that outgoing mail leaves from them.',
    'remediation.instruction.spf_sender_exchange_online':
      '"include:spf.protection.outlook.com" – mail sent through Exchange Online (Microsoft 365).',
    'remediation.instruction.spf_sender_host':
      '"a:{host}" – a server you entered for the assessment. If it sends no mail for the domain (e.g. OWA only), leave the term out.',
    'remediation.instruction.spf_hardfail_later':
      'The record ends in "~all" (soft fail). Once DMARC reports confirm that every legitimate sender is in the record, you can change it to "-all".',
    'remediation.instruction.spf_split_strings':
      'The record is longer than 255 characters, so in zone-file form it is split into several quoted strings. Some DNS panels take it in one piece, others split it themselves.',
    'remediation.instruction.spf_flatten':
      'The SPF record needs {count} DNS lookups; {limit} are allowed. Overview: {chain}. Remove include terms of services you no longer use and replace a, mx and ptr mechanisms with ip4:/ip6: addresses.',
    'remediation.instruction.spf_flatten_own':
      "For your own servers list their addresses directly (ip4:, ip6:). Do not copy third-party services' addresses by hand – providers change them; keep their include, or separate them as in the next point.",
    'remediation.instruction.spf_flatten_subdomain':
      'Send bulk mail (marketing, systems) from a subdomain of its own, e.g. news.{domain}, with its own SPF record; this shortens the main record.',
    'remediation.instruction.spf.own_server_not_authorized':
      'If the server {host} ({address}) sends mail for {domain}, add it to the SPF record (e.g. "ip4:"/"ip6:" with its address, or the "mx" mechanism if it is one of the MX servers) before the closing "all". Do not add a server that only receives mail.',
    'remediation.instruction.spf.domain_not_found':
      'Domain {domain} does not exist; no SPF record can be published for it. Check the domain name.',
    'remediation.instruction.spf.syntax_error':
      'The SPF record of {domain} contains the invalid term "{term}" ({rfc}). Fix or remove it – because of it receivers discard the whole record.',
    'remediation.instruction.spf.include_failed':
      'The term "{term}" in the record of {domain} refers to {name}, which has no valid SPF record ({reason}). Fix the name, or remove the term if you no longer use the service.',
    'remediation.instruction.spf.include_invalid':
      'The term "{term}" in the record of {domain} refers to {name}, whose SPF record is broken. Contact the administrator of {name} or remove the term.',
    'remediation.instruction.spf.redirect_failed':
      'The redirect "{term}" in the record of {domain} leads to {name}, which has no valid SPF record ({reason}). Fix the redirect target.',
    'remediation.instruction.spf.redirect_invalid':
      'The redirect "{term}" in the record of {domain} leads to a broken SPF record at {name}. Fix the target record.',
    'remediation.instruction.spf.loop':
      'The SPF records refer to each other in a circle ({path}). Remove the reference that closes the loop.',
    'remediation.instruction.spf.too_many_void_lookups':
      'The SPF record refers to names that do not exist ({names}). Remove them – more than two such terms invalidate the whole record.',
    'remediation.instruction.spf.void_lookups':
      'The SPF record refers to names that do not exist ({names}). Remove them before one more appears and the record stops working.',
    'remediation.instruction.spf.too_many_mx_names':
      'The term "{term}" in the record of {domain} leads to {count} MX hosts; 10 are allowed. Replace it with the ip4:/ip6: addresses of the sending servers.',
    'remediation.instruction.spf.plus_all_include':
      'The record {name}, which you refer to through {path}, ends in "{term}" and lets anyone send. Remove this include or ask its administrator to fix it.',
    'remediation.instruction.spf.ptr_used':
      'Replace the term "{term}" (ptr mechanism) with the ip4:/ip6: addresses of the sending servers; ptr is slow and many receivers do not evaluate it.',
    'remediation.instruction.spf.deprecated_spf_rr_differs':
      'Besides the TXT record, DNS holds an obsolete SPF-type record with different content ({records}). Delete the SPF-type record; only TXT counts.',
    'remediation.instruction.spf.long_record':
      'The SPF record is {size} bytes long (at most {limit} recommended). Shorten it, e.g. by merging address ranges.',
    'remediation.instruction.dkim_exo_cnames_from_output':
      'Publish two CNAME records: {names}. Copy their targets exactly from the output of {command} – Selector1CNAME for selector1, Selector2CNAME for selector2. Do not derive them from the domain name or the tenant: domains added since 2025 have targets ending in dkim.mail.microsoft whose form cannot be predicted.',
    'remediation.instruction.dkim_server_not_native':
      'Exchange Server (2016, 2019 or Subscription Edition) cannot sign DKIM by itself. You need a DKIM transport agent on the Exchange servers, or a signing gateway (relay) through which all outgoing mail leaves.',
    'remediation.instruction.dkim_server_publish':
      'The signing software generates a key (RSA 2048 bits) and a selector; publish the public key as a TXT record at <selector>._domainkey.{domain}, and only then turn signing on.',
    'remediation.instruction.dkim_enter_selector':
      "The selectors tried ({tried}) hold no key. Find the selector in the signing server's settings or in the DKIM-Signature header (s=) of a sent message and run the assessment again with it.",
    'remediation.instruction.dkim.rotate':
      'The key of selector {selector} is weak ({bits} bits). Generate a new 2048-bit RSA key under a new selector in the signing system, publish it, switch signing, and after a week revoke the old key (empty p=).',
    'remediation.instruction.dkim.testing':
      'The key of selector {selector} is in testing mode (t=y); remove the y flag from the t tag in the record at {name}.',
    'remediation.instruction.dkim.multiple_records': 'There are {count} DKIM key records at {name}. Keep only one.',
    'remediation.instruction.dkim.cname_no_key':
      'The alias {name} points at {target}, where there is no key. Correct the alias target following the instructions of the provider that signs for you.',
    'remediation.instruction.dkim.selector_not_found':
      "The selector {selector} you entered has no record in DNS ({name}). Check its name in the signing server's settings.",
    'remediation.instruction.dkim.fix_record':
      'The key record at {name} is broken ({tag}). Publish it again exactly as the signing system generated it.',
    'remediation.instruction.dmarc_read_reports':
      'Reports go to {addresses}. Read them for 2–4 weeks (by hand or with a DMARC reporting service) and add SPF or DKIM for every legitimate service that fails authentication.',
    'remediation.instruction.dmarc_testing_first':
      'A more careful variant: first publish "{record}". The t=y tag (RFC 9989 §4.7) marks a trial: receivers apply only the none policy for now, intermediaries such as mailing lists may already rewrite the sender address, and the reports show what quarantine would hit. Remove t=y after a few weeks without problems. RFC 9989 removed the percentage of messages (pct); do not use it.',
    'remediation.instruction.dmarc_pct_dropped':
      'The pct={pct} tag is not carried into the new record: RFC 9989 removed it, and receivers following it already apply the {policy} policy to all mail that fails authentication. Only receivers following the older RFC 7489 still applied it to {pct} % of messages; for them the policy now extends to all. Before the change, check in the reports that legitimate mail passes authentication.',
    'remediation.instruction.dmarc_pct_zero':
      'The pct=0 tag is replaced by t=y, which takes over its meaning of a trial under RFC 9989 (Appendix A.6): receivers following RFC 9989, which do not read pct and today apply the {policy} policy in full, go back to the trial. Receivers following the older RFC 7489 do not know the t tag and start applying {policy} to all messages; before the change, check in the reports that legitimate mail passes authentication.',
    'remediation.instruction.dmarc_single_record':
      'Only one DMARC record may exist at {name}; delete the other records starting with "v=DMARC1".',
    'remediation.instruction.dmarc_discarded_record':
      'The record "{record}" at {name} is not a valid DMARC record (it does not start exactly with "v=DMARC1"); delete it.',
    'remediation.instruction.dmarc_external':
      'The administrator of {host} must authorise reports for your domain with a TXT record "v=DMARC1" at {name}.',
    'remediation.instruction.dmarc_external_alternative':
      'If the administrator of {host} does not publish the record, send the reports to an address in your own domain {domain}.',
    'remediation.instruction.starttls_exo':
      'Exchange Online always offers STARTTLS. If the finding concerns the servers {hosts}, the MX leads to another server (gateway, filter) – enable STARTTLS there, or point the MX directly at Exchange Online.',
    'remediation.instruction.starttls_other':
      'On the servers {hosts}, enable STARTTLS on port 25 with a valid certificate issued for the server name.',
    'remediation.instruction.tls_check_clients':
      'Before disabling the old versions, make sure TLS 1.2 works for domain controllers, load balancers, printers, scanners and applications connected to Exchange (list in Microsoft\'s article "Exchange Server TLS configuration best practices").',
    'remediation.instruction.tls_reboot': 'Registry changes take effect only after the server restarts; restart the servers one at a time.',
    'remediation.instruction.tls_exo':
      'Exchange Online uses TLS 1.2 and newer only, and Microsoft manages the settings. A finding for {hosts} means another server stands in front of Exchange Online – fix the settings there.',
    'remediation.instruction.tls_other':
      'On the mail servers allow only TLS 1.2 and 1.3, disable weak cipher suites and prefer ECDHE suites with AES-GCM or ChaCha20.',
    'remediation.note.tls13_prerequisites':
      'Checks whether the server meets the conditions for TLS 1.3: Exchange Server 2019 CU15 or later, or Subscription Edition, on Windows Server 2022 or later. Elsewhere keep TLS 1.3 disabled – HealthChecker warns about TLS 1.3 enabled outside these versions.',
    'remediation.note.tls_cipher_order':
      "Moves the ECDHE suites with AES-GCM to the top of the order (Enable-TlsCipherSuite -Position); Windows chooses the suite by the server's order, so the strongest suite the sender supports is negotiated. Disable weak suites with the commands above.",
    'remediation.note.tls_signature_hashes':
      'Prints the current list of TLS signature algorithms (keep it to go back if needed) and sets the list without SHA-1 and SHA-224, so the server signs the key exchange only with SHA-256 or stronger. Takes effect after a restart.',
    'remediation.instruction.tls_gateway_cipher_order':
      'On the gateway or mail server, enable server cipher-suite order preference with the ECDHE suites with AES-GCM or ChaCha20 first (e.g. Postfix "tls_preempt_cipherlist = yes", nginx "ssl_prefer_server_ciphers on").',
    'remediation.instruction.tls_gateway_signature_hashes':
      'On the gateway or mail server, allow only SHA-256 or stronger for signing the key exchange (OpenSSL-based servers: SignatureAlgorithms in the OpenSSL configuration, e.g. "ECDSA+SHA256:ECDSA+SHA384:RSA-PSS+SHA256:RSA+SHA256:RSA+SHA384").',
    'remediation.instruction.tls_cipher_order':
      'Set the choice and order of cipher suites following Microsoft\'s article "Exchange Server TLS configuration best practices" (the "SSL Cipher Suite Order" group policy, or Disable-TlsCipherSuite for each weak suite).',
    'remediation.step.certificate-request.title': 'Create a new key and certificate request',
    'remediation.step.certificate-request.risk':
      'No risk: the server keeps using its current certificate. The next step needs the key in the request, so its TLSA record is published before the certificate changes.',
    'remediation.instruction.certificate_other_request':
      'On the servers {hosts}, create a new key (RSA 2048+ or ECDSA P-256+) and a certificate request with every name the current certificate carries; do not change the certificate yet.',
    'remediation.instruction.certificate_other_install':
      'On the servers {hosts}, install the certificate issued for the request from the first step and switch SMTP (port 25) to it.',
    'remediation.instruction.certificate_other':
      'On the servers {hosts}, install a valid certificate from a trusted authority issued for the server name (RSA 2048+ or ECDSA P-256+, SHA-256).',
    'remediation.instruction.certificate_exo':
      'Microsoft manages the certificates of Exchange Online servers. A finding for {hosts} belongs to a server or gateway in front of Exchange Online.',
    'remediation.instruction.dane_tlsa_cleanup':
      "After the certificate change on {hosts}, remove the old key's TLSA record; keep the record of the new (and any prepared next) key.",
    'remediation.instruction.dane_exo_ttl':
      'Lower the TTL of the MX record of {domain} to 300 seconds and wait until the original TTL has expired.',
    'remediation.step.dnssec-sign.title': 'Turn on DNSSEC signing ({zones})',
    'remediation.step.dnssec-ds.title': 'Publish the DS record in the parent zone ({zones})',
    'remediation.step.dnssec-ds.risk':
      "A DS that does not match the zone's key takes the whole domain down for validating resolvers: publish it only once every name server serves the signed zone, and check the result at once.",
    'remediation.step.dnssec-repair.title': 'Repair the broken DNSSEC of the domain',
    'remediation.step.dnssec-repair.risk':
      'Until this is repaired, validating resolvers answer SERVFAIL and mail to the domain is not delivered; do it first.',
    'remediation.step.dnssec-algorithm.title': 'Move DNSSEC to algorithm 13 ({zones})',
    'remediation.step.dnssec-algorithm.risk':
      'An algorithm rollover out of order (the new DS before the zone is signed with the new keys, or the old keys removed while the old DS is still cached) breaks validation; keep to the order below.',
    'remediation.step.dnssec-ds-digest.title': 'Replace the SHA-1 DS with a SHA-256 DS ({zones})',
    'remediation.step.dnssec-ds-digest.risk':
      'No risk if the SHA-256 DS is published first and the SHA-1 one removed after it; removing the only DS turns DNSSEC off.',
    'remediation.step.dnssec-nsec3.title': 'Set NSEC3 to 0 iterations and an empty salt ({zones})',
    'remediation.step.dnssec-nsec3.risk': 'No risk for mail: the DNS host re-signs the zone with the new parameters.',
    'remediation.step.dane-exo-prerequisites.title': 'Check the prerequisites of inbound DANE in Exchange Online',
    'remediation.step.dane-exo-prerequisites.risk': 'No risk: nothing changes yet.',
    'remediation.step.dane-server-certificate.title': 'Find the certificate Exchange serves on port 25',
    'remediation.step.dane-server-certificate.risk': 'No risk: the commands only read the configuration.',
    'remediation.step.dane-rollover-request.title': 'Create the next key and its certificate request',
    'remediation.step.dane-rollover-request.risk': 'No risk: the request changes nothing until the certificate is imported and enabled.',
    'remediation.step.dane-rollover-tlsa.title': "Publish the next key's TLSA record beside the current one",
    'remediation.step.dane-rollover-tlsa.risk':
      'No risk while the current record stays; removing it now would stop delivery from senders that validate DANE.',
    'remediation.step.dane-rollover-switch.title': 'Switch the certificate to the new key',
    'remediation.step.dane-rollover-switch.risk':
      'Switch only after two TTLs with both records published; earlier, DANE-validating senders that have only the old record cached defer mail.',
    'remediation.step.dane-rollover-cleanup.title': "Remove the old key's TLSA record",
    'remediation.step.dane-rollover-cleanup.risk':
      'Remove it only when the server serves the new certificate everywhere; otherwise DANE-validating senders defer mail.',
    'remediation.instruction.dnssec_before':
      'Before signing ({zones}), check that your DNS host signs zones itself, with automatic key management, using algorithm 13 (ECDSA P-256 with SHA-256) or 15 (Ed25519), which RFC 9904 recommends; if it cannot, move the zone to a DNS host that can. Note the TTLs of the zone (SOA, DNSKEY): a mistake after the DS is published lasts until cached records expire, so keep them short (for example 3600 s) during the change.',
    'remediation.instruction.dnssec_sign':
      'At your DNS host, turn on DNSSEC signing for {zones}. Before you publish the DS, check that every authoritative name server of the zone answers with the DNSKEY records and signatures (RRSIG).',
    'remediation.instruction.dnssec_sign_foreign':
      'The mail server {hosts} lies in the zone {zone}, which is not part of your domain. If you manage {zone}, sign it and publish its DS the same way; otherwise ask its operator to sign it, or use a mail server in a signed zone. Without it, DANE cannot work for {hosts}.',
    'remediation.instruction.dnssec_tld_unsigned':
      'The top-level domain {zone} is not signed, so nothing below it can be secured with DNSSEC; only its registry can change that.',
    'remediation.instruction.dnssec_ds_cz':
      'The DS of {zone} goes to the .cz registry (CZ.NIC), which keeps the key as a KeySet. Either ask your registrar to attach a KeySet with the key your DNS host shows you, or let it happen automatically: the DNS host publishes a CDNSKEY record in the zone (RFC 7344, RFC 8078; CZ.NIC reads CDNSKEY, not CDS). CZ.NIC looks for it once a day; for a domain without DNSSEC every authoritative server must return the same CDNSKEY over TCP for seven days, then CZ.NIC attaches a KeySet named "AUTO-…" to the domain and e-mails the technical contacts. Source: CZ.NIC, "Automatizovaná správa keysetů", https://www.nic.cz/page/3909/automatizovana-sprava-keysetu/',
    'remediation.instruction.dnssec_ds_registrar':
      'Publish the DS of {zone} in the {parent} zone through your registrar: copy the DS (or the DNSKEY, if the registrar asks for the key) exactly as your DNS host shows it. Some registries take CDS/CDNSKEY records published in the zone instead (RFC 8078); ask your registrar.',
    'remediation.instruction.dnssec_ds_parent':
      'Publish the DS of {zone} in its parent zone {parent} (wherever {parent} is managed), exactly as your DNS host shows it.',
    'remediation.instruction.dnssec_after':
      'Afterwards, run the assessment of {domain} again: our validator follows the chain of trust from the root, and the DNSSEC row must show {zones} as secure.',
    'remediation.instruction.dnssec_fix.signature_expired':
      'The signatures of {zone} expired on {date}: the zone is no longer being re-signed. At the DNS host, check that signing is on and the signer runs (a stopped signer or an expired key lets signatures run out), and re-sign the zone. If that cannot be done quickly, remove the DS at the registrar so the domain is unsigned rather than unreachable.',
    'remediation.instruction.dnssec_fix.signature_not_yet_valid':
      "The signatures of {zone} are valid only from {date}: the signing server's clock is probably ahead. Correct its time (NTP) and re-sign the zone.",
    'remediation.instruction.dnssec_fix.ds_mismatch':
      "The DS of {zone} in the parent zone ({ds}; key tag/algorithm/digest type) matches none of the zone's keys. At the registrar, replace it with the DS of the zone's current key-signing key (KSK, key tag {keys}) with a SHA-256 digest (type 2), as your DNS host shows it.",
    'remediation.instruction.dnssec_fix.ds_mismatch_cz':
      "The DS of {zone} in the .cz zone ({ds}; key tag/algorithm/digest type) matches none of the zone's keys. Ask your registrar to replace the domain's KeySet with the zone's current key-signing key (KSK, key tag {keys}) as your DNS host shows it. Publishing a CDNSKEY does not help here: CZ.NIC accepts the CDNSKEY of a domain that already has DNSSEC only when it validates, which it cannot while the DS is wrong.",
    'remediation.instruction.dnssec_fix.dnskey_missing':
      'The parent has a DS for {zone}, but the zone publishes no DNSKEY — typically after a move to a DNS host that does not sign. Either turn signing on at the DNS host and publish the DS of its new key, or remove the DS at the registrar.',
    'remediation.instruction.dnssec_fix.bad_signature':
      'The signatures of {names} in {zone} do not verify: the data changed after signing, or a name server serves an old copy. Re-sign the zone at the DNS host and check that every authoritative server serves the same, current version (compare the SOA serial).',
    'remediation.instruction.dnssec_fix.rrsig_missing':
      'The records of {names} in {zone} carry no signature: they were added without re-signing, or a name server serves an unsigned copy. Re-sign the zone and check that every authoritative server serves the signed version.',
    'remediation.instruction.dnssec_fix.no_key_for_signature':
      'The records of {names} in {zone} are signed with a key the zone no longer publishes (a key rollover removed it too early). Re-sign the zone with the published keys, or publish the key again until the old signatures have expired.',
    'remediation.instruction.dnssec_fix.denial_broken':
      'The zone {zone} does not correctly prove that records of {names} do not exist (NSEC/NSEC3 wrong or missing). Re-sign the whole zone at the DNS host (signing builds the NSEC/NSEC3 chain) and check that every authoritative server serves it.',
    'remediation.instruction.dnssec_algorithm_rollover':
      "The zone {zone} is signed with algorithm {algorithms}. Roll it over to algorithm 13 (ECDSA P-256 with SHA-256) as RFC 6781 §4.1.4 describes: 1) sign the zone with keys of algorithm 13 as well, keeping the old signatures; 2) after the zone TTL has passed, publish the new DNSKEYs; 3) after the DNSKEY TTL, replace the old key's DS in the parent zone with the DS of the new KSK; 4) after the DS TTL, remove the old DNSKEYs; 5) after the DNSKEY TTL, remove the old signatures. Many DNS hosts do this by themselves when you change the algorithm; ask yours.",
    'remediation.instruction.dnssec_fix.ds_digest_sha1':
      'The DS of {zone} in the {parent} zone uses a SHA-1 digest (type 1), which RFC 9904 says must no longer be used. At the registrar, first add the DS of the KSK (key tag {keys}) with a SHA-256 digest (type 2), and only then remove the SHA-1 DS.',
    'remediation.instruction.dnssec_fix.nsec3_iterations':
      'The zone {zone} uses NSEC3 with {iterations} additional iterations; validators following RFC 9276 treat such answers as unsigned. At the DNS host, set the NSEC3 parameters to 0 iterations and an empty salt (RFC 9276 §3.1, NSEC3PARAM "1 0 0 -"), or use NSEC if you do not need NSEC3.',
    'remediation.instruction.dane_exo_prerequisites':
      'Before you start (Microsoft Learn, "How SMTP DANE works", setting up inbound SMTP DANE with DNSSEC): {domain} must be an accepted domain in Exchange Online with the status Healthy in the Microsoft 365 admin center; its zone must be DNSSEC-signed at your DNS host; and it must have exactly one MX record, with priority 0 or 10, pointing at Exchange Online (no backup MX).',
    'remediation.instruction.dane_exo_zone_unsigned':
      'The zone of {domain} is not DNSSEC-signed yet (see the DNSSEC steps of this plan). Finish them first and wait until the DNSSEC row passes.',
    'remediation.instruction.dane_exo_single_mx':
      '{domain} now has these MX records: {records}. Before the switch, keep only the Exchange Online one, with priority 0 or 10.',
    'remediation.instruction.dane_exo_mta_sts_testing':
      'If {domain} uses MTA-STS, switch its policy to "mode: testing" now (and change the id in the _mta-sts record) and keep it so until the switch is done: the new MX host must be in the policy\'s mx lines before senders meet it.',
    'remediation.instruction.dane_exo_add_new_mx':
      'Add the new MX record of {domain} from the output of Enable-DnssecForVerifiedDomain, with priority 20 and a TTL of {ttl} seconds, beside the current one. If the domain uses MTA-STS, add the new host as another mx line of the policy now.',
    'remediation.instruction.dane_exo_test_new_mx':
      'Test the new MX: the "Inbound SMTP Email" test of the Microsoft Remote Connectivity Analyzer (https://testconnectivity.microsoft.com) must pass for {domain}.',
    'remediation.instruction.dane_exo_promote':
      "Make the new MX of {domain} the preferred one: change its priority to 0, as Microsoft's procedure does.",
    'remediation.instruction.dane_exo_remove_old': 'Once mail arrives through the new MX, delete the old MX record of {domain} ({old}).',
    'remediation.instruction.dane_exo_restore_ttl': 'Set the TTL of the new MX record of {domain} back to 3600 seconds.',
    'remediation.instruction.dane_exo_mta_sts_mx':
      'If {domain} uses MTA-STS: remove the old host ({old}) from the mx lines of the policy, change the id in the _mta-sts record, and keep "mode: testing" until DANE is verified.',
    'remediation.instruction.dane_exo_enable_after_switch':
      'Run these only once the MX of {domain} points at the new …mx.microsoft host alone.',
    'remediation.instruction.dane_exo_verify':
      'Then run the "DANE Validation" test of the Microsoft Remote Connectivity Analyzer for {domain} and this assessment again (the DANE row must show a match). If the domain uses MTA-STS, set it back to "mode: enforce" afterwards and change the id.',
    'remediation.instruction.dane_exo_switch_underway':
      '{domain} already has the DNSSEC-signed MX ({new}) beside the old one ({old}): Enable-DnssecForVerifiedDomain has been run. Finish the switch:',
    'remediation.instruction.dane_exo_managed':
      'Microsoft publishes and rotates the TLSA records of {hosts}; you cannot change them. If the status below shows DANE enabled and the records still do not match, open a case with Microsoft support.',
    'remediation.instruction.dane_tlsa_bogus':
      'The TLSA records at {name} fail DNSSEC validation: the zone {zone} serves them with broken or missing signatures. Re-sign the zone at the DNS host (see the DNSSEC row) and publish the record below.',
    'remediation.instruction.dane_tlsa_unusable':
      'The records at {name} ({records}) use only the PKIX usages (0, 1), which SMTP ignores (RFC 7672 §3.1.3). Replace them with the DANE-EE record below.',
    'remediation.instruction.dane_tlsa_mismatch':
      'None of the records at {name} ({records}) matches the key {host} serves, so senders that validate DANE defer its mail. Publish the record below now; delete the old ones afterwards unless one of them is the record prepared for your next key.',
    'remediation.instruction.dane_tlsa_compute':
      'We did not see the certificate of {host} (no TLS connection completed from here). MailAudit computes its record from the certificate file — in the wizard, or with "mailaudit assess {domain} --tlsa-from <certificate file>" — and you publish it as a TLSA record "3 1 1 <hash>" at {name}.',
    'remediation.instruction.dane_tlsa_verify':
      'The records have a TTL of {ttl} seconds. After publishing, run the assessment of {domain} again: the DANE row must show that the record matches what each server serves.',
    'remediation.instruction.dane_rollover_deadline':
      'The current certificate expires on {date}: start now, as at least two TTLs must pass between publishing the new record and switching the certificate.',
    'remediation.instruction.dane_rollover_tlsa_from_request':
      'Compute the next key\'s TLSA record from the request {file} (the key is already in the request, so the record is known before the certificate is issued): in the wizard, or with "mailaudit assess {domain} --tlsa-from {file}". Publish it at {name} beside the current record of {host} — both stay published.',
    'remediation.instruction.dane_rollover_tlsa_other':
      'First create the next key and its certificate request on {host}. Compute the next key\'s TLSA record from the request (or from the new certificate): in the wizard, or with "mailaudit assess {domain} --tlsa-from <request or certificate file>". Publish it at {name} beside the current record — both stay published.',
    'remediation.instruction.dane_rollover_wait':
      'Wait at least two TTLs ({hours} hours at a TTL of {ttl} seconds) before switching the certificate, so every sender has both records. Assessing {domain} again then shows the TLSA records ready for a key change.',
    'remediation.instruction.dane_rollover_verify':
      'Run the assessment of {domain} again: the server must now serve the new certificate, and the DANE row must show it matching the new record.',
    'remediation.instruction.dane_rollover_switch_other':
      'Only now install the new certificate on {hosts} (and restart the SMTP service if it needs that).',
    'remediation.instruction.dane_rollover_remove':
      'When the assessment shows the new key matching, delete the record of the old key: {record}',
    'remediation.instruction.dane_rollover_remove_unknown':
      'When the assessment shows the new key matching, delete the record of the old key at {name}.',
    'remediation.instruction.dane_server_not_native':
      'Exchange Server cannot validate DANE for outgoing mail by itself (requirement 6). Send outgoing mail through a service or gateway that validates DANE: Exchange Online (which validates DANE for outbound mail; a send connector to your tenant with the matching inbound connector in Exchange Online, see Microsoft Learn "Set up connectors to route mail between Microsoft 365 or Office 365 and your own email servers"), or an SMTP gateway that validates DANE with a DNSSEC-validating resolver.',
    'remediation.note.dane_exo_ttl':
      'The same MX record with a TTL of 300 seconds; wait until the previous TTL has passed before the next step.',
    'remediation.note.dane_exo_new_mx':
      'The command prints the value of the new DNSSEC-signed MX host (…mx.microsoft); use exactly that value, never a guessed one.',
    'remediation.note.dane_exo_expected_mx': 'Prints the MX record Exchange Online expects for the domain (the ExpectedMxRecord property).',
    'remediation.note.dane_exo_old_mx_30': 'The old MX record at priority 30, so the new one (priority 20, then 0) is preferred.',
    'remediation.note.dane_exo_enable':
      'Microsoft then publishes and rotates the TLSA records of the …mx.microsoft host itself; you publish none.',
    'remediation.note.dane_exo_status': 'DnssecFeatureStatus and the DNS, MX and MTA-STS validation results must show no errors.',
    'remediation.note.dane_receive_connector':
      'Shows the connectors that receive on port 25: their Fqdn and TlsCertificateName (when set) decide which certificate they present.',
    'remediation.note.dane_certificate_by_serial':
      'Finds, by its serial number, the certificate {host} served to our test. If nothing is listed, the certificate is not on this server: a gateway or load balancer in front of it presents it, and the TLSA record must follow that certificate.',
    'remediation.note.dane_certificate_by_name':
      "The first certificate listed is the one Exchange selects for {host} (Get-ExchangeCertificate -DomainName). If the connector's Fqdn differs from {host}, run the command with the Fqdn instead.",
    'remediation.note.dane_tlsa_from_served': 'Computed from the key of the certificate {host} served to our test ({addresses}).',
    'remediation.note.dane_tlsa_current_keep':
      'The record of the key {host} serves now: keep it published until the certificate has been switched.',
    'remediation.note.dane_rollover_request':
      'Creates a request for a new key and certificate with the names of the certificate {host} serves now (a renewal from the existing certificate) and saves it as {file} in your profile. Send it to your certificate authority; keep the issued certificate for the switch step.',
    'remediation.note.dane_rollover_selected':
      'The first certificate listed is the one Exchange now selects for {host}: it must be the new one (check Thumbprint and NotAfter).',
    'remediation.instruction.mta_sts_policy':
      'Set up a web server for {host} (an A/AAAA or CNAME record) with a valid certificate for {host} from a public certification authority, and publish the policy file below directly at {url}: response 200, content type text/plain, no redirect (RFC 8461 §3.3).',
    'remediation.instruction.mta_sts_no_mx':
      'No MTA-STS policy can be built: the domain has no valid MX host. Correct the MX records first.',
    'remediation.instruction.mta_sts_single_record': 'Keep only this one "v=STSv1" record at {name}; delete the others.',
    'remediation.instruction.mta_sts_enforce':
      'Once the TLS-RPT reports show no failures for a few weeks, change the line "mode: testing" to "mode: enforce" in the file at {url} and raise max_age to at least 1209600 (two weeks); then change the id in the _mta-sts record.',
    'remediation.instruction.mta_sts_max_age':
      'In the policy at {url}, raise max_age to at least 1209600 (two weeks) and change the id in the _mta-sts record.',
    'remediation.instruction.tlsrpt_single_record': 'Keep only this one "v=TLSRPTv1" record at {name}; delete the others.',
    'remediation.note.mta_sts_id':
      'Change the id whenever the policy changes (1 to 32 letters and digits), or senders will not fetch the new policy.',
    'remediation.note.mta_sts_file': 'Save as a UTF-8 text file and publish it at {url} with the content type text/plain.',
    'remediation.action.file': 'File {name}',
    'remediation.export.file': 'File to save: {name} (in the export as the separate file {name}), to publish at {path}:',
    'remediation.instruction.mta_sts_enforce_later':
      'After a few weeks without errors in the TLS-RPT reports, change "mode: testing" to "mode: enforce" in the policy and change the id in the _mta-sts record.',
    'remediation.instruction.client_access_disable_unused':
      'If nobody uses POP3 or IMAP, stop and disable their services and close ports 110, 143, 993 and 995 on the firewall.',
    'remediation.instruction.client_access_other':
      'Close the unencrypted ports 110 and 143; for clients keep only 993, 995 and submission on 465 or 587 with login only after TLS.',
    'remediation.instruction.client_access_tls_failed':
      'On the ports where no TLS connection could be made, assign a valid certificate to the POP, IMAP and SMTP services (Enable-ExchangeCertificate -Services) or close the port on the firewall.',
    'remediation.instruction.web_http_redirect':
      'Set up the HTTP to HTTPS redirect for {hosts} as Microsoft describes in "Configure http to https redirection for Outlook on the web in Exchange Server", in IIS Manager on each Exchange server: 1) clear "Require SSL" on the Default Web Site; 2) keep or restore it on the other virtual directories of the Default Web Site where it was on; 3) turn on HTTP Redirect on the Default Web Site to {owaUrls} with "Only redirect requests to content in this directory (not subdirectories)"; 4) remove HTTP Redirect from every virtual directory (/owa included); 5) run iisreset. Do not use the redirectHttpToHttps option of IIS HSTS, and change nothing on the Exchange Back End site.',
    'remediation.instruction.web_exo':
      "Outlook on the web in Exchange Online uses HTTPS with HSTS. A finding for {hosts} belongs to the organisation's own web server (e.g. autodiscover) – fix it there.",
    'remediation.instruction.web_other':
      'On the servers {hosts}, allow HTTPS only, redirect HTTP to HTTPS and send the header "Strict-Transport-Security: max-age={maxAge}".',
    'remediation.instruction.exchange_modern_auth_first':
      'Turn Basic off only once modern authentication works: hybrid modern authentication (for EWS, ActiveSync, MAPI and Outlook) or AD FS. The first command shows whether modern authentication is on in the organisation (OAuth2ClientProfileEnabled); the script below stops while it is off. Test sign-in from Outlook, mobile devices and the applications that use EWS.',
    'remediation.instruction.exchange_update':
      "Exchange Server 2016 and 2019 are out of support since 14 October 2025 and get no more security updates. Upgrade to Exchange Server Subscription Edition (SE) – in place from Exchange 2019 CU14 or CU15; from Exchange 2016 by installing new SE servers and moving the mailboxes – or move the mail to Exchange Online. Keep a server that already runs SE on the current update; Microsoft's HealthChecker script checks the build.",

    'remediation.note.mx_replace_cname': 'Replaces the MX record that points at the alias {host}.',
    'remediation.note.spf_new': 'New record: {changes}. Add every other service that sends mail for the domain (ip4:, ip6:, include:).',
    'remediation.note.spf_changes': 'Replaces the current record "{current}"; changes: {changes}. All your other terms stay.',
    'remediation.note.dkim_exo_config_exists':
      'If the command reports that the configuration already exists, continue with the next command.',
    'remediation.note.dkim_exo_cname_from_dns':
      'The target the selector already points at in DNS; compare it with Selector1CNAME/Selector2CNAME from Get-DkimSigningConfig before publishing.',
    'remediation.note.dkim_testing_removed': 'The same key of selector {selector}, only without the testing flag.',
    'remediation.note.dmarc_rua_example':
      'The address {address} is an example: replace it with a mailbox or service that actually receives and evaluates DMARC reports.',
    'remediation.note.dmarc_dropped_tags': 'These tags of the current record are not carried over: {dropped}.',
    'remediation.note.dmarc_external_published_by_receiver': 'The administrator of {host} publishes this record, not you.',
    'remediation.note.starttls_auth_mechanism': 'The "Default Frontend" connector should have Tls in AuthMechanism (the default).',
    'remediation.note.starttls_enable_certificate':
      'Uses the newest valid certificate that contains the name {host} for the SMTP service. When asked whether to replace the default SMTP certificate, usually answer No – that self-signed certificate encrypts SMTP between your Exchange servers (Microsoft Learn, Enable-ExchangeCertificate).',
    'remediation.note.certificate_request':
      'Creates a request for a new key and certificate for {hosts} from the certificate the server presents now (a renewal from the existing certificate), so every name it carries stays, OWA and autodiscover included; names of the server it lacks are added. Saves the request as {file} in your profile; hand it to your certificate authority.',
    'remediation.note.certificate_import':
      'Save the issued certificate as {file} in your profile. The command imports it and enables it for SMTP on {host}; when asked whether to replace the default SMTP certificate, usually answer No – that self-signed certificate encrypts SMTP between your Exchange servers and does not need replacing. It enables it for IIS only if the replaced certificate served IIS, and then with -DoNotRequireSsl, so "Require SSL" is not turned back on for the Default Web Site and the HTTP to /owa redirect keeps working. Port-25 receive connectors that name their certificate, or whose FQDN the new certificate lacks, are bound to it with TlsCertificateName. If OWA still presents the old certificate, restart IIS (iisreset) in a maintenance window (Microsoft Learn, Enable-ExchangeCertificate and Set-ReceiveConnector).',
    'remediation.note.tlsrpt_example': 'The address {address} is an example: replace it with a mailbox that receives TLS-RPT reports.',
    'remediation.note.client_access_secure_login':
      'SecureLogin is the default: the command changes only a server where someone allowed login without encryption – clients then log in only after TLS. It restarts only the POP3 and IMAP services that are running; a stopped service stays stopped.',
    'remediation.note.client_access_smtp_auth':
      'Run it only if no device or application sends through SMTP AUTH; exceptions can be allowed per mailbox.',
    'remediation.note.client_access_auth_require_tls':
      "Receive connectors that offer login (BasicAuth) then offer it only after STARTTLS (BasicAuthRequireTLS); the connector's other settings stay. A client set up without TLS stops logging in: move it to STARTTLS or port 465 first.",
    'remediation.note.client_access_auth_policy':
      'A policy without any -AllowBasicAuth* switch blocks Basic authentication for every protocol in the whole organisation; modern authentication (OAuth) keeps working. Microsoft has already turned Basic authentication off for POP, IMAP and other protocols in Exchange Online; the policy makes sure of it for SMTP AUTH too.',
    'remediation.note.client_access_pop_imap':
      'Applies to newly created mailboxes; for existing ones turn POP and IMAP off with Set-CASMailbox.',
    'remediation.note.hsts_by_windows_version':
      'Sets HSTS on the Default Web Site (never on Exchange Back End) the way the server\'s Windows version supports it: on Windows Server 2019 and later (IIS 10.0 version 1709+) with the native IIS setting, on Windows Server 2016 with the "Strict-Transport-Security" response header – chosen by the build of the system the script runs on, never both.',
    'remediation.note.exchange_basic_auth_per_server':
      "Run it in the Exchange Management Shell on each Exchange server with client access; it changes that server's virtual directories (EWS, autodiscover, OAB, ActiveSync, MAPI, Outlook Anywhere). OWA and ECP use the sign-in form and are left as they are.",
  },
});
