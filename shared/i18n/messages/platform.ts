import { defineMessages } from '../types';

export const platformMessages = defineMessages({
  cs: {
    'finding.platform.exchange_online': 'Pošta domény běží na Exchange Online (Microsoft 365). Zjištěno podle: {signals}.',
    'finding.platform.exchange_online_tenant': 'Pošta domény běží na Exchange Online (Microsoft 365), tenant {tenant}. Zjištěno podle: {signals}.',
    'finding.platform.hybrid_or_gateway': 'Záznamy MX nevedou do Exchange Online, ale v DNS jsou stopy Microsoft 365 ({signals}): jde pravděpodobně o hybridní nasazení nebo o filtrační bránu před Exchange Online.',
    'finding.platform.on_premises_or_other': 'Pošta domény běží na vlastním serveru (Exchange Server on-premises) nebo u jiného poskytovatele: {hosts}.',
    'finding.platform.spf_missing_exo_include': 'Doména používá Exchange Online, ale záznam SPF neobsahuje „include:spf.protection.outlook.com“. Pošta odeslaná z Microsoft 365 pak u příjemců neprojde kontrolou SPF. Současný záznam: {record}',
    'finding.platform.no_mail_hosts': 'Platformu pošty domény {domain} nelze určit: doména nemá žádný poštovní server.',
    'finding.platform.hint_mismatch': 'Zadaná platforma ({hint}) neodpovídá tomu, co ukazuje DNS ({detected}). Doporučení se řídí zjištěním z DNS.',
    'evidence.mx_host': 'Záznam MX',
    'evidence.spf_record': 'Záznam SPF',
    'evidence.dkim_cname': 'CNAME selektoru DKIM',
  },
  en: {
    'finding.platform.exchange_online': 'The domain\'s mail runs on Exchange Online (Microsoft 365). Detected from: {signals}.',
    'finding.platform.exchange_online_tenant': 'The domain\'s mail runs on Exchange Online (Microsoft 365), tenant {tenant}. Detected from: {signals}.',
    'finding.platform.hybrid_or_gateway': 'The MX records do not lead to Exchange Online, yet DNS shows Microsoft 365 traces ({signals}): most likely a hybrid deployment or a filtering gateway in front of Exchange Online.',
    'finding.platform.on_premises_or_other': 'The domain\'s mail runs on its own server (Exchange Server on-premises) or at another provider: {hosts}.',
    'finding.platform.spf_missing_exo_include': 'The domain uses Exchange Online, but its SPF record lacks "include:spf.protection.outlook.com". Mail sent from Microsoft 365 then fails SPF at the recipients. Current record: {record}',
    'finding.platform.no_mail_hosts': 'The mail platform of {domain} cannot be determined: the domain has no mail server.',
    'finding.platform.hint_mismatch': 'The platform given ({hint}) does not match what DNS shows ({detected}). Recommendations follow what DNS shows.',
    'evidence.mx_host': 'MX record',
    'evidence.spf_record': 'SPF record',
    'evidence.dkim_cname': 'DKIM selector CNAME',
  },
});
