/**
 * The TLS prober: our own ClientHello over any stream (plain TCP, or after SMTP STARTTLS).
 * `probeTlsProfile` runs every step; the checks call the steps one by one on a shared session.
 */
export { TlsProbeSession, type TlsProbeOptions, type TlsStreamOpener } from './session';
export { probeVersions } from './probe-versions';
export { probeCipherSuites } from './probe-ciphers';
export { probeKeyExchange } from './probe-key-exchange';
export { probeExtras } from './probe-extras';
export { probeTlsProfile } from './profile';
