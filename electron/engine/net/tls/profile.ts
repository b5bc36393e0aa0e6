/**
 * A full TLS profile of one server address: versions, then suites per version (seeded by what the
 * version probes saw), then key exchange and extras, each step reusing what the earlier ones found.
 */
import { NCSC_NL_GUIDELINE_VERSION } from '../../../../shared/tls/data';
import type { TlsProfile } from '../../../../shared/tls/profile';
import { probeCipherSuites } from './probe-ciphers';
import { probeExtras } from './probe-extras';
import { probeKeyExchange } from './probe-key-exchange';
import { probeVersions } from './probe-versions';
import { TlsProbeSession, type TlsProbeOptions, type TlsStreamOpener } from './session';

export async function probeTlsProfile(open: TlsStreamOpener, options: TlsProbeOptions = {}): Promise<TlsProfile> {
  const session = new TlsProbeSession(open, options);
  const start = session.snapshot();
  const versions = await probeVersions(session);
  const ciphers = await probeCipherSuites(session, versions);
  const keyExchange = await probeKeyExchange(session, versions, ciphers);
  const extras = await probeExtras(session, versions, ciphers);
  return {
    classification: `NCSC-NL ${NCSC_NL_GUIDELINE_VERSION}`,
    ...(session.serverName ? { serverName: session.serverName } : {}),
    versions,
    ciphers,
    keyExchange,
    extras,
    stats: session.statsSince(start),
  };
}
