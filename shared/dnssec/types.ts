/**
 * DNSSEC record shapes shared by the wire parser, the validator, the trust-anchor reader and the
 * lab (RFC 4034, RFC 5155). Names are lower-case presentation form without the trailing dot
 * (`''` is the root), with `\.`, `\\` and `\DDD` escapes for bytes that are not plain in a label.
 */

/** One resource record with uncompressed RDATA (names inside it expanded, case as received). */
export interface WireRecord {
  name: string;
  /** numeric RR type */
  type: number;
  class: number;
  ttl: number;
  rdata: Uint8Array;
}

/** RFC 4034 §3.1 */
export interface RrsigData {
  typeCovered: number;
  algorithm: number;
  labels: number;
  originalTtl: number;
  /** raw 32-bit values: compare with serial-number arithmetic (RFC 4034 §3.1.5, RFC 1982) */
  expiration: number;
  inception: number;
  keyTag: number;
  signerName: string;
  signature: Uint8Array;
}

/** RFC 4034 §2.1 */
export interface DnskeyData {
  flags: number;
  protocol: number;
  algorithm: number;
  publicKey: Uint8Array;
  /** RFC 4034 Appendix B, computed from the RDATA */
  keyTag: number;
}

/** RFC 4034 §5.1 */
export interface DsData {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: Uint8Array;
}

/** RFC 4034 §4.1 */
export interface NsecData {
  next: string;
  /** numeric types of the type bitmap, ascending */
  types: number[];
}

/** RFC 5155 §3.1 */
export interface Nsec3Data {
  hashAlgorithm: number;
  flags: number;
  iterations: number;
  salt: Uint8Array;
  /** the next hashed owner name, raw (not base32) */
  nextHashed: Uint8Array;
  types: number[];
}

/** A trust anchor: a DS or a DNSKEY for a zone apex (RFC 4033 §2; `--trust-anchor FILE`). */
export type TrustAnchor =
  | { owner: string; kind: 'ds'; data: DsData; source: string }
  | { owner: string; kind: 'dnskey'; data: DnskeyData; rdata: Uint8Array; source: string };

/** NSEC3 hash of a name (RFC 5155 §5); supplied by the engine, which has the SHA-1. */
export type Nsec3Hasher = (name: string, salt: Uint8Array, iterations: number) => Uint8Array;
