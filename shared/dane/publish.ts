/**
 * TLSA records to publish for a certificate file (DESIGN §5): where they go for each MX host and
 * how a record reads as a zone-file line. One text for the CLI and the wizard, so what one prints
 * and the other copies are the same. Pure: it loads in the renderer too.
 */
import type { Assessment } from '../assessment';
import { parseDomainName } from '../domain-name';
import { daneSpec } from '../../electron/engine/checks/dane/spec';
import { formatTlsa, type TlsaRecord } from './tlsa';

/** One record made from a certificate file, as it crosses IPC and reaches the CLI summary. */
export interface PublishableTlsa extends TlsaRecord {
  /** `end-entity`: DANE-EE for the server's key (or a CSR's next key); `issuer`: DANE-TA for the CA that issued it */
  role: 'end-entity' | 'issuer';
  source: 'certificate' | 'csr';
  /** the certificate's or the request's subject, as read from the file (shown, never parsed) */
  subject: string;
}

/**
 * `_25._tcp.mail.firma.cz.`: where SMTP clients look for the TLSA of an MX host (RFC 7672 §2.2.3),
 * or undefined for anything that is not a valid host name (an address, a name with spaces): names
 * are validated before they go into a record someone pastes, never spliced raw (DESIGN §5).
 */
export function smtpTlsaOwner(host: string): string | undefined {
  const parsed = parseDomainName(host.replace(/\.$/, ''));
  return parsed.ok ? `_25._tcp.${parsed.ascii}.` : undefined;
}

/** `_25._tcp.mail.firma.cz. IN TLSA 3 1 1 ABCD…`, ready for a zone file. */
export function tlsaZoneLine(owner: string, record: TlsaRecord): string {
  return `${owner} IN TLSA ${formatTlsa(record)}`;
}

/**
 * The host names whose `_25._tcp` TLSA the domain's mail needs: for each MX host the TLSA base the
 * DANE check used (the MX name, or its DNSSEC-secure CNAME target, RFC 7672 §2.2.2), else the MX
 * name itself. Invalid names are left out (see `smtpTlsaOwner`).
 */
export function tlsaHosts(assessment: Assessment): string[] {
  const attempt = assessment.attempts.find((a) => a.checkId === daneSpec.id);
  const parsed = attempt?.status === 'completed' ? daneSpec.result.safeParse(attempt.data) : undefined;
  const bases = new Map((parsed?.success ? parsed.data.hosts : []).map((h) => [h.host, h.base]));
  const hosts = assessment.targets.filter((t) => t.kind === 'mx').map((t) => bases.get(t.name) ?? t.name);
  return [...new Set(hosts)].filter((h) => smtpTlsaOwner(h) !== undefined);
}

/** The records a host's DANE check found published (`3 1 1 ABCD…`), to mark generated ones that are already there. */
export function publishedTlsa(assessment: Assessment, host: string): Set<string> {
  const attempt = assessment.attempts.find((a) => a.checkId === daneSpec.id);
  const parsed = attempt?.status === 'completed' ? daneSpec.result.safeParse(attempt.data) : undefined;
  const entry = parsed?.success ? parsed.data.hosts.find((h) => h.host === host || h.base === host) : undefined;
  return new Set((entry?.records ?? []).map((r) => r.record.toUpperCase()));
}
