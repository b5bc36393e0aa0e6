/**
 * What the dane-outbound check can find (requirement 6 of the measure: the organisation's sending
 * servers validate DANE), with its Czech and English messages and remediation routing.
 */
import { defineFindings } from '../../check-spec';
import { defineMessages } from '../../../../shared/i18n/types';
import { none, steps } from '../../../../shared/remediation/entry';

export const daneOutboundFindings = defineFindings({
  'finding.dane_outbound.exchange_online': {
    remediation: none('ok'),
    cs: 'Odchozí pošta odchází přes Exchange Online, který od března 2022 ověřuje DANE u odchozí pošty (Microsoft Learn, „How SMTP DNSSEC and DANE works“). Ověřte, že žádná pošta neodchází jinou cestou: odchozí konektor na vlastní smart host, vlastní server, bránu nebo aplikaci, které posílají přímo.',
    en: 'Outgoing mail leaves through Exchange Online, which has validated DANE for outgoing mail since March 2022 (Microsoft Learn, "How SMTP DNSSEC and DANE works"). Make sure no mail leaves another way: an outbound connector to a smart host, an own server, a gateway or an application sending directly bypasses it.',
  },
  'finding.dane_outbound.exchange_server': {
    remediation: steps('dane'),
    cs: 'Odchozí pošta odchází z Exchange Serveru, který DANE u odchozí pošty sám neověřuje. Posílejte odchozí poštu přes Exchange Online nebo přes bránu, která DANE ověřuje.',
    en: 'Outgoing mail leaves through Exchange Server, which does not validate DANE for outgoing mail by itself. Send outgoing mail through Exchange Online or through a gateway that validates DANE.',
  },
  'finding.dane_outbound.manual_test': {
    remediation: none('not-testable'),
    cs: 'Zvenčí nelze ověřit. Ruční test: pošlete ze svých serverů e-mail do testovací domény, jejíž záznam TLSA je úmyslně chybný (takové domény nabízejí veřejné testovací služby DANE). Pokud zpráva odejde, vaše servery DANE neověřují. Exchange Server ověřování DANE u odchozí pošty sám neumí.',
    en: 'Cannot be verified from outside. Manual test: from your servers, send a message to a test domain whose TLSA record is deliberately wrong (public DANE test services offer such domains). If the message leaves, your servers do not validate DANE. Exchange Server cannot validate DANE for outgoing mail by itself.',
  },
  // Declared here, emitted by shared/requirements.ts from the test the consultant recorded.
  'finding.dane_outbound.manual_validated': {
    remediation: none('ok'),
    cs: 'Ruční test zaznamenán: zpráva odeslaná {sentAt} na {sentTo} (doména s úmyslně chybným záznamem TLSA) neodešla. Vaše odesílající servery DANE ověřují.',
    en: 'Manual test recorded: the message sent on {sentAt} to {sentTo} (a domain with a deliberately wrong TLSA record) did not leave. Your sending servers validate DANE.',
  },
  'finding.dane_outbound.manual_not_validated': {
    remediation: steps('dane'),
    cs: 'Ruční test zaznamenán: zpráva odeslaná {sentAt} na {sentTo} odešla, přestože je záznam TLSA té domény úmyslně chybný. Vaše odesílající servery DANE neověřují.',
    en: 'Manual test recorded: the message sent on {sentAt} to {sentTo} left although that domain’s TLSA record is deliberately wrong. Your sending servers do not validate DANE.',
  },
});

export const daneOutboundMessages = defineMessages({
  cs: { 'evidence.dane_outbound.note': 'Poznámka konzultanta' },
  en: { 'evidence.dane_outbound.note': 'Consultant’s note' },
});
