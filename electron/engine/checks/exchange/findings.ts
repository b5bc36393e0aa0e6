/**
 * What the exchange check can find: the deployment seen from outside, the on-premises build and
 * its support status (../shared/data/exchange), Basic authentication offered on the web services.
 * Findings about an unsupported or outdated build and Basic authentication also decide
 * requirement 9 (web access): they are about the same OWA/EWS front end.
 */
import { defineFindings } from '../../check-spec';
import { defineMessages } from '../../../../shared/i18n/types';
import { none, steps } from '../../../../shared/remediation/entry';

export const exchangeFindings = defineFindings({
  'finding.exchange.online': {
    remediation: none('ok'),
    cs: 'Pošta domény běží v Exchange Online; vlastní server Exchange nebyl zvenčí zjištěn. Webové a klientské koncové body provozuje Microsoft.',
    en: 'The domain runs on Exchange Online; no Exchange server of its own was seen from outside. Microsoft runs the web and client endpoints.',
  },
  'finding.exchange.hybrid': {
    remediation: none('ok'),
    cs: 'Hybridní nasazení: doména využívá Exchange Online ({signals}) a zároveň zveřejňuje vlastní Exchange Server ({hosts}). Vlastní servery se hodnotí jako on-premises.',
    en: 'Hybrid deployment: the domain uses Exchange Online ({signals}) and also publishes an Exchange Server of its own ({hosts}). Its own servers are assessed as on-premises.',
  },
  'finding.exchange.on_premises': {
    remediation: none('ok'),
    cs: 'Zvenčí je vidět vlastní Exchange Server (on-premises): {hosts} ({seen}).',
    en: 'An Exchange Server of its own (on-premises) is visible from outside: {hosts} ({seen}).',
  },
  'finding.exchange.not_seen': {
    remediation: none('ok'),
    cs: 'Na webových hostitelích domény nebyl zjištěn žádný Exchange Server (chybí hlavičky a stránky OWA); jeho verzi proto nelze ověřit.',
    en: "No Exchange Server was seen on the domain's web hosts (no OWA headers or pages), so its version cannot be checked.",
  },
  'finding.exchange.current': {
    remediation: none('ok'),
    cs: 'Server {host} běží na verzi {name} (build {build}, vydáno {released}), což je nejnovější aktualizace v našich datech (stav k {horizon}).',
    en: '{host} runs {name} (build {build}, released {released}), the newest update in our data (as of {horizon}).',
  },
  'finding.exchange.outdated': {
    remediation: steps('exchange'),
    alsoDecides: ['web-access'],
    cs: 'Server {host} běží na verzi {name} (build {build}, vydáno {released}). Novější bezpečnostní aktualizace {latest} ({latestBuild}) vyšla {latestReleased}, nainstalovaná verze je o {behindDays} dní starší. Nainstalujte ji: servery Exchange dostupné z internetu jsou častým cílem útoků.',
    en: '{host} runs {name} (build {build}, released {released}). The newer security update {latest} ({latestBuild}) came out on {latestReleased}; the installed build is {behindDays} days older. Install it: Exchange servers reachable from the internet are frequent targets.',
  },
  'finding.exchange.cu_level': {
    remediation: none('ok'),
    cs: 'Server {host} běží na {name} (podle cesty /owa/auth/{build}/ na přihlašovací stránce); úroveň bezpečnostní aktualizace nelze zvenčí zjistit. Nejnovější aktualizace této řady je {latest} ({latestBuild}, {latestReleased}); ověřte na serveru, že je nainstalovaná.',
    en: '{host} runs {name} (from the path /owa/auth/{build}/ on the logon page); the security update level cannot be seen from outside. The newest update of this line is {latest} ({latestBuild}, {latestReleased}); check on the server that it is installed.',
  },
  'finding.exchange.unsupported': {
    remediation: steps('exchange'),
    alsoDecides: ['web-access'],
    cs: 'Server {host} běží na {name} (build {build}, vydáno {released}, před {ageDays} dny). Exchange Server {product} je od {supportEnd} bez podpory: Microsoft pro něj nevydává bezpečnostní opravy (kromě placeného programu ESU, který končí v říjnu 2026). Nejnovější aktualizace této řady je {latest} ({latestBuild}, {latestReleased}). Přejděte na Exchange Server Subscription Edition nebo do Exchange Online.',
    en: '{host} runs {name} (build {build}, released {released}, {ageDays} days ago). Exchange Server {product} has been out of support since {supportEnd}: Microsoft publishes no security fixes for it (apart from the paid ESU programme, which ends in October 2026). The newest update of its line is {latest} ({latestBuild}, {latestReleased}). Move to Exchange Server Subscription Edition or to Exchange Online.',
  },
  'finding.exchange.build_unknown': {
    remediation: none('ok'),
    cs: 'Server {host} hlásí verzi {build}, kterou naše data (stav k {horizon}) neznají; může jít o novější aktualizaci. Ověřte stav podpory ručně.',
    en: '{host} reports build {build}, which our data (as of {horizon}) does not know; it may be a newer update. Check its support status by hand.',
  },
  'finding.exchange.basic_auth': {
    remediation: steps('exchange'),
    alsoDecides: ['web-access'],
    cs: 'Server {host} ({address}) nabízí základní ověřování (WWW-Authenticate: Basic) na {urls}. Heslo pak jde s každým požadavkem, nelze ho chránit vícefaktorovým ověřením a útočníci na tyto adresy zkoušejí hesla hromadně. Vypněte Basic na virtuálních adresářích až po zapnutí moderního ověřování.',
    en: '{host} ({address}) offers Basic authentication (WWW-Authenticate: Basic) at {urls}. The password then travels with every request, cannot be protected by multi-factor authentication, and attackers spray passwords at these addresses. Turn Basic off on the virtual directories once modern authentication is on.',
  },
});

/** Other texts of this check. */
export const exchangeMessages = defineMessages({
  cs: {
    'skipped.exchange.requires_web_access': 'Kontrola potřebuje výsledek kontroly webového přístupu, který není k dispozici.',
    'evidence.exchange.seen': 'Co prozradilo Exchange',
  },
  en: {
    'skipped.exchange.requires_web_access': 'The check needs the result of the web access check, which is not available.',
    'evidence.exchange.seen': 'What revealed Exchange',
  },
});
