/**
 * What the access-hosts check can find: each finding key with its Czech and English message and
 * how the remediation plan handles it.
 */
import { defineFindings } from '../../check-spec';
import { none } from '../../../../shared/remediation/entry';

export const accessHostsFindings = defineFindings({
  'finding.access_hosts.found': {
    remediation: none('ok'),
    cs: 'Hostitelé pro poštovní klienty a web domény {domain}: {hosts}.',
    en: 'Client and web access hosts of {domain}: {hosts}.',
  },
  'finding.access_hosts.none': {
    remediation: none('ok'),
    cs: 'Pro doménu {domain} nebyl nalezen žádný hostitel pro poštovní klienty ani web (MX, autodiscover, mail., webmail., owa., remote., SRV).',
    en: 'No client or web access host was found for {domain} (MX, autodiscover, mail., webmail., owa., remote., SRV).',
  },
  'finding.access_hosts.exchange_online': {
    remediation: none('ok'),
    cs: 'autodiscover.{domain} je alias na autodiscover.outlook.com: schránky jsou v Exchange Online. Koncové body Microsoftu se netestují; testují se jen vlastní hostitelé domény.',
    en: "autodiscover.{domain} is an alias of autodiscover.outlook.com: the mailboxes are in Exchange Online. Microsoft's endpoints are not tested; only the domain's own hosts are.",
  },
  'finding.access_hosts.srv_not_offered': {
    remediation: none('ok'),
    cs: 'Záznam {record} má cíl „.“: služba {service} se podle RFC 6186 nenabízí.',
    en: 'The record {record} has the target ".": per RFC 6186 the service {service} is not offered.',
  },
  'finding.access_hosts.invalid_name': {
    remediation: none('ok'),
    cs: 'Záznam {record} ukazuje na neplatné jméno „{host}“; hostitel se netestuje.',
    en: 'The record {record} points at the invalid name "{host}"; the host is not tested.',
  },
  'finding.access_hosts.lookup_failed': {
    remediation: none('recheck'),
    cs: 'Dotaz DNS na {name} ({type}) selhal: {error}. Hostitelé, ke kterým by vedl, nemusí být v seznamu.',
    en: 'The DNS query for {name} ({type}) failed: {error}. Hosts it would lead to may be missing from the list.',
  },
  'finding.access_hosts.truncated': {
    remediation: none('ok'),
    cs: 'Nalezeno více než {limit} hostitelů; testuje se jen prvních {limit}.',
    en: 'More than {limit} hosts were found; only the first {limit} are tested.',
  },
});
