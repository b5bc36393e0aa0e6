/**
 * Real key shares for TLS 1.3 ClientHellos (RFC 8446 §4.2.8), so a server answers with a
 * ServerHello instead of rejecting a malformed share. We never finish a handshake, so one key pair
 * per group is generated lazily and reused for every hello of a session.
 */
import { createDiffieHellman, createECDH, generateKeyPairSync } from 'node:crypto';
import { ffdheGroup, groupByCode } from '../../../../shared/tls/facts';

export const GROUP_X25519 = 0x001d;
export const GROUP_SECP256R1 = 0x0017;

const EC_CURVES: Readonly<Record<number, string>> = { 0x0017: 'prime256v1', 0x0018: 'secp384r1', 0x0019: 'secp521r1' };
const MONTGOMERY: Readonly<Record<number, 'x25519' | 'x448'>> = { 0x001d: 'x25519', 0x001e: 'x448' };

/** Public key bytes for `group` in key_share form, or undefined when this runtime cannot make one. */
export function generateKeyShare(group: number): Uint8Array | undefined {
  try {
    const montgomery = MONTGOMERY[group];
    if (montgomery) {
      // RFC 7748 §6: the raw u-coordinate; the JWK `x` member carries exactly that.
      const pair = montgomery === 'x25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('x448');
      const jwk = pair.publicKey.export({ format: 'jwk' });
      return jwk.x ? Buffer.from(jwk.x, 'base64url') : undefined;
    }
    const curve = EC_CURVES[group];
    // RFC 8446 §4.2.8.2: UncompressedPointRepresentation.
    if (curve) return createECDH(curve).generateKeys();
    const fact = groupByCode(group);
    const ffdhe = fact?.type === 'ffdhe' ? ffdheGroup(fact.name) : undefined;
    if (ffdhe) {
      const dh = createDiffieHellman(Buffer.from(ffdhe.prime, 'hex'), ffdhe.generator);
      const y = dh.generateKeys();
      // RFC 8446 §4.2.8.1: left-padded to the size of the prime.
      const size = ffdhe.bits / 8;
      return y.length >= size ? y : Buffer.concat([Buffer.alloc(size - y.length), y]);
    }
  } catch {
    // e.g. X448 in a runtime built on BoringSSL: the caller leaves that share out
  }
  return undefined;
}

export class KeyShareCache {
  private readonly shares = new Map<number, Uint8Array | undefined>();

  get(group: number): Uint8Array | undefined {
    if (!this.shares.has(group)) this.shares.set(group, generateKeyShare(group));
    return this.shares.get(group);
  }

  canGenerate(group: number): boolean {
    return this.get(group) !== undefined;
  }
}
