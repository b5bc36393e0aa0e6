/**
 * The validator's queries: through the assessment's DNS client with DO (RFC 3225) and CD
 * (RFC 4035 §3.2.2) set, so a validating resolver hands over bogus data instead of SERVFAIL and
 * our own validation decides. The wire bytes are parsed again by the DNSSEC wire parser, which
 * keeps the RDATA exactly as signed.
 */
import type { QueryType } from '../../../../shared/dns';
import { parseMessage, typeMnemonic } from '../../../../shared/dnssec/wire';
import { DnsError } from '../../../../shared/dns';
import type { DnsClient } from '../dns-client';
import type { DnssecFetch } from './validator';

export function clientFetch(client: DnsClient, signal?: AbortSignal): DnssecFetch {
  return async (name, type) => {
    const mnemonic = typeMnemonic(type) as QueryType;
    // The validator names the root '', the client '.'.
    const raw = await client.queryRaw(name === '' ? '.' : name, mnemonic, {
      dnssec: true,
      checkingDisabled: true,
      ...(signal ? { signal } : {}),
    });
    try {
      return { message: parseMessage(raw.wire), server: raw.response.server };
    } catch (error) {
      throw new DnsError('malformed', name, mnemonic, `${raw.response.server}: ${(error as Error).message}`);
    }
  };
}
