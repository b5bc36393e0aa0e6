/**
 * What the platform check can find: each finding key with its Czech and English message and how the
 * remediation plan handles it.
 */
import { defineFindings } from '../../check-spec';
import { defineMessages } from '../../../../shared/i18n/types';
import { none, steps } from '../../../../shared/remediation/entry';

export const platformFindings = defineFindings({
  'finding.platform.exchange_online': {
    remediation: none('ok'),
    cs: 'Pošta domény běží na Exchange Online (Microsoft 365). Zjištěno podle: {signals}.',
    en: "The domain's mail runs on Exchange Online (Microsoft 365). Detected from: {signals}.",
  },
  'finding.platform.exchange_online_tenant': {
    remediation: none('ok'),
    cs: 'Pošta domény běží na Exchange Online (Microsoft 365), tenant {tenant}. Zjištěno podle: {signals}.',
    en: "The domain's mail runs on Exchange Online (Microsoft 365), tenant {tenant}. Detected from: {signals}.",
  },
  'finding.platform.hybrid_or_gateway': {
    remediation: none('ok'),
    cs: 'Záznamy MX nevedou do Exchange Online, ale v DNS jsou stopy Microsoft 365 ({signals}): jde pravděpodobně o hybridní nasazení nebo o filtrační bránu před Exchange Online.',
    en: 'The MX records do not lead to Exchange Online, yet DNS shows Microsoft 365 traces ({signals}): most likely a hybrid deployment or a filtering gateway in front of Exchange Online.',
  },
  'finding.platform.on_premises_or_other': {
    remediation: none('ok'),
    cs: 'Pošta domény běží na vlastním serveru (Exchange Server on-premises) nebo u jiného poskytovatele: {hosts}.',
    en: "The domain's mail runs on its own server (Exchange Server on-premises) or at another provider: {hosts}.",
  },
  'finding.platform.spf_missing_exo_include': {
    remediation: steps('spf-record'),
    alsoDecides: ['mail-auth'],
    cs: 'Doména používá Exchange Online, ale záznam SPF neobsahuje „include:spf.protection.outlook.com“. Pošta odeslaná z Microsoft 365 pak u příjemců neprojde kontrolou SPF. Současný záznam: {record}',
    en: 'The domain uses Exchange Online, but its SPF record lacks "include:spf.protection.outlook.com". Mail sent from Microsoft 365 then fails SPF at the recipients. Current record: {record}',
  },
  'finding.platform.no_mail_hosts': {
    remediation: none('ok'),
    cs: 'Platformu pošty domény {domain} nelze určit: doména nemá žádný poštovní server.',
    en: 'The mail platform of {domain} cannot be determined: the domain has no mail server.',
  },
  'finding.platform.hint_mismatch': {
    remediation: none('ok'),
    cs: 'Zadaná platforma ({hint}) neodpovídá tomu, co ukazuje DNS ({detected}). Doporučení se řídí zjištěním z DNS.',
    en: 'The platform given ({hint}) does not match what DNS shows ({detected}). Recommendations follow what DNS shows.',
  },
});

/** Other texts of this check: evidence labels, why it was skipped. */
export const platformMessages = defineMessages({
  cs: {
    'evidence.mx_host': 'Záznam MX',
    'evidence.spf_record': 'Záznam SPF',
    'evidence.dkim_cname': 'CNAME selektoru DKIM',
  },
  en: {
    'evidence.mx_host': 'MX record',
    'evidence.spf_record': 'SPF record',
    'evidence.dkim_cname': 'DKIM selector CNAME',
  },
});
