import { describe, expect, it } from 'vitest';
import {
  classifyCertificateKey,
  classifyCertificateSignature,
  classifyCompression,
  classifyDhParams,
  classifyExtendedMasterSecret,
  classifyGroup,
  classifyKexHash,
  classifyProtocol,
  classifySecureRenegotiation,
  classifySuite,
  evaluateCipherOrder,
  worstClass,
  type TlsClass,
} from '../../../shared/tls/classify';
import { FFDHE_GROUPS } from '../../../shared/tls/data';
import { allSuites, groupByName, suiteByName, type CipherSuiteFact } from '../../../shared/tls/facts';

// NCSC-NL TLS guidelines 2025-05 as Internet.nl implements them (../shared/data/tls/README.md §3).

describe('protocol versions (NCSC 3.3.1)', () => {
  it.each([
    ['TLSv1.3', 'good'],
    ['TLSv1.2', 'sufficient'],
    ['TLSv1.1', 'insufficient'],
    ['TLSv1.0', 'insufficient'],
    ['SSLv3', 'insufficient'],
  ] as const)('%s is %s', (version, expected) => {
    expect(classifyProtocol(version)).toBe(expected);
  });
});

describe('cipher suites (NCSC 3.3.2–3.3.5, appendix B)', () => {
  it.each([
    ['TLS_AES_256_GCM_SHA384', 'TLSv1.3', 'good'],
    ['TLS_CHACHA20_POLY1305_SHA256', 'TLSv1.3', 'good'],
    ['TLS_AES_128_GCM_SHA256', 'TLSv1.3', 'sufficient'],
    ['TLS_AES_128_CCM_SHA256', 'TLSv1.3', 'sufficient'],
    ['TLS_AES_128_CCM_8_SHA256', 'TLSv1.3', 'insufficient'],
    ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLSv1.2', 'sufficient'],
    ['TLS_ECDHE_ECDSA_WITH_AES_256_CCM', 'TLSv1.2', 'sufficient'],
    ['TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8', 'TLSv1.2', 'insufficient'],
    ['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', 'TLSv1.2', 'phase_out'],
    ['TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 'TLSv1.2', 'phase_out'],
    ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLSv1.2', 'insufficient'],
    ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLSv1.0', 'insufficient'],
    ['TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLSv1.2', 'insufficient'],
    ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'SSLv3', 'insufficient'],
    ['TLS_DHE_DSS_WITH_AES_128_GCM_SHA256', 'TLSv1.2', 'insufficient'],
    // A suite outside its version's list is insufficient there.
    ['TLS_AES_256_GCM_SHA384', 'TLSv1.2', 'insufficient'],
    ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLSv1.3', 'insufficient'],
  ] as const)('%s in %s is %s', (name, version, expected) => {
    expect(classifySuite(suiteByName(name)!.code, version)).toBe(expected);
  });

  it('unregistered codes are insufficient', () => {
    expect(classifySuite(0x0a0a, 'TLSv1.2')).toBe('insufficient');
  });

  // The property rule the reference data states reproduces Internet.nl's lists; restated here
  // independently and checked over every registered suite.
  function byRule(s: CipherSuiteFact): TlsClass {
    const sha2 = s.mac === 'SHA256' || s.mac === 'SHA384';
    if (s.minVersion === 'TLSv1.3') {
      if (s.name === 'TLS_AES_256_GCM_SHA384' || s.name === 'TLS_CHACHA20_POLY1305_SHA256') return 'good';
      if (s.name === 'TLS_AES_128_GCM_SHA256' || s.name === 'TLS_AES_128_CCM_SHA256') return 'sufficient';
      return 'insufficient';
    }
    const aria = /^ARIA_(128|256)_(CBC|GCM)$/.test(s.cipher);
    const camellia = /^CAMELLIA_(128|256)_GCM$/.test(s.cipher) || (/^CAMELLIA_(128|256)_CBC$/.test(s.cipher) && sha2);
    const aesCbcSha2 = /^AES_(128|256)_CBC$/.test(s.cipher) && sha2;
    if (s.kex === 'ECDHE' && (s.auth === 'ECDSA' || s.auth === 'RSA')) {
      if (['AES_128_GCM', 'AES_256_GCM', 'CHACHA20_POLY1305'].includes(s.cipher)) return 'sufficient';
      if (s.auth === 'ECDSA' && ['AES_128_CCM', 'AES_256_CCM'].includes(s.cipher)) return 'sufficient';
      if (aesCbcSha2 || aria || camellia) return 'phase_out';
    }
    if (s.kex === 'DHE' && s.auth === 'RSA') {
      if (
        ['AES_128_GCM', 'AES_256_GCM', 'AES_128_CCM', 'AES_256_CCM', 'CHACHA20_POLY1305'].includes(s.cipher) ||
        aesCbcSha2 ||
        aria ||
        camellia
      )
        return 'phase_out';
    }
    return 'insufficient';
  }

  it('matches the NCSC property rule for every registered suite', () => {
    const counts: Record<string, number> = {};
    for (const s of allSuites()) {
      if (s.cipher === 'SCSV') continue;
      const version = s.minVersion === 'TLSv1.3' ? 'TLSv1.3' : 'TLSv1.2';
      const c = classifySuite(s.code, version);
      expect(c, s.name).toBe(byRule(s));
      counts[c] = (counts[c] ?? 0) + 1;
    }
    // Internet.nl's lists: 2 good, 10 sufficient, 35 phase-out.
    expect(counts).toMatchObject({ good: 2, sufficient: 10, phase_out: 35 });
  });
});

describe('groups (NCSC 3.3.3)', () => {
  it.each([
    ['x25519', 'sufficient'],
    ['x448', 'sufficient'],
    ['secp256r1', 'sufficient'],
    ['secp521r1', 'sufficient'],
    ['brainpoolP384r1', 'sufficient'],
    ['brainpoolP256r1tls13', 'sufficient'],
    ['secp224r1', 'phase_out'],
    ['secp256k1', 'insufficient'],
    ['sect163k1', 'insufficient'],
    ['X25519MLKEM768', 'good'],
    ['SecP384r1MLKEM1024', 'good'],
    ['MLKEM768', 'insufficient'],
    ['ffdhe2048', 'insufficient'],
    ['ffdhe3072', 'phase_out'],
    ['ffdhe8192', 'phase_out'],
  ])('%s is %s', (name, expected) => {
    expect(classifyGroup(groupByName(name)!.code)).toBe(expected);
  });

  it('unregistered groups are insufficient', () => {
    expect(classifyGroup(0x0a0a)).toBe('insufficient');
  });
});

describe('DHE parameters (NCSC 3.3.3: only RFC 7919 groups of 3072+ bits, generator 2, are phase-out)', () => {
  it.each([
    ['ffdhe3072', 2, { class: 'phase_out', group: 'ffdhe3072' }],
    ['ffdhe4096', 2, { class: 'phase_out', group: 'ffdhe4096' }],
    ['ffdhe2048', 2, { class: 'insufficient', group: 'ffdhe2048' }],
    ['ffdhe3072', 5, { class: 'insufficient' }],
  ] as const)('%s with g=%i', (name, g, expected) => {
    expect(classifyDhParams(FFDHE_GROUPS[name]!.prime, g)).toEqual(expected);
  });

  it('a self-generated 4096-bit prime is insufficient whatever its size', () => {
    const custom = FFDHE_GROUPS.ffdhe4096!.prime.replace(/.$/, '1');
    expect(classifyDhParams(custom, 2)).toEqual({ class: 'insufficient' });
  });
});

describe('key-exchange signature hash (NCSC 3.3.5)', () => {
  it.each([
    ['SHA-256', 'good'],
    ['SHA-384', 'good'],
    ['SHA-512', 'good'],
    ['intrinsic', 'good'],
    ['SHA-224', 'phase_out'],
    ['SHA-1', 'insufficient'],
    ['MD5', 'insufficient'],
    ['md5_sha1', 'insufficient'],
    ['unknown', 'insufficient'],
  ] as const)('%s is %s', (hash, expected) => {
    expect(classifyKexHash(hash)).toBe(expected);
  });
});

describe('certificates (NCSC 3.3.2)', () => {
  it.each([
    [{ type: 'rsa', bits: 4096 }, 'sufficient'],
    [{ type: 'rsa', bits: 3072 }, 'sufficient'],
    [{ type: 'rsa', bits: 2048 }, 'phase_out'],
    [{ type: 'rsa', bits: 1024 }, 'insufficient'],
    [{ type: 'ec', curve: 'prime256v1' }, 'sufficient'],
    [{ type: 'ec', curve: 'secp384r1' }, 'sufficient'],
    [{ type: 'ec', curve: 'secp224r1' }, 'phase_out'],
    [{ type: 'ec', curve: 'secp256k1' }, 'insufficient'],
    [{ type: 'ed25519' }, 'sufficient'],
    [{ type: 'dsa' }, 'insufficient'],
  ] as const)('%j is %s', (key, expected) => {
    expect(classifyCertificateKey(key)).toBe(expected);
  });

  it.each([
    ['1.2.840.113549.1.1.11', 'sufficient', 'sha256WithRSAEncryption'],
    ['1.2.840.10045.4.3.3', 'sufficient', 'ecdsa-with-SHA384'],
    ['1.2.840.113549.1.1.14', 'phase_out', 'sha224WithRSAEncryption'],
    ['1.2.840.113549.1.1.5', 'insufficient', undefined], // sha1WithRSAEncryption
    ['1.2.840.113549.1.1.10', 'insufficient', undefined], // RSASSA-PSS, as Internet.nl implements it
  ])('signature %s is %s', (oid, expected, name) => {
    expect(classifyCertificateSignature(oid)).toEqual({ class: expected, ...(name ? { name } : {}) });
  });
});

describe('extras (NCSC 3.4.1, 3.4.2, 4.1)', () => {
  it('compression off, secure renegotiation and EMS are required', () => {
    expect(classifyCompression(true)).toBe('insufficient');
    expect(classifyCompression(false)).toBe('good');
    expect(classifySecureRenegotiation(false)).toBe('insufficient');
    expect(classifySecureRenegotiation(true)).toBe('good');
    expect(classifyExtendedMasterSecret(false, true)).toBe('insufficient');
    expect(classifyExtendedMasterSecret(false, false)).toBe('good');
    expect(classifyExtendedMasterSecret(true, true)).toBe('good');
  });

  it('worstClass orders insufficient as the worst', () => {
    expect(worstClass(['good', 'phase_out', 'sufficient'])).toBe('phase_out');
    expect(worstClass(['good', 'insufficient', 'phase_out'])).toBe('insufficient');
    expect(worstClass([])).toBeUndefined();
  });
});

describe('cipher order (NCSC sections 2–3, tested on the newest version below 1.3)', () => {
  const s = (name: string) => ({ code: suiteByName(name)!.code });
  const GCM = s('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
  const CBC384 = s('TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384');
  const T13 = s('TLS_AES_128_GCM_SHA256');

  it.each([
    ['only TLS 1.3', [{ version: 'TLSv1.3', suites: [T13], preference: 'client' }], { class: 'not_applicable', reason: 'only_tls13' }],
    [
      'only sufficient suites',
      [{ version: 'TLSv1.2', suites: [GCM], preference: 'single' }],
      { class: 'not_applicable', reason: 'only_good_or_sufficient' },
    ],
    [
      'server prefers sufficient over phase-out',
      [{ version: 'TLSv1.2', suites: [GCM, CBC384], preference: 'server' }],
      { class: 'good', version: 'TLSv1.2' },
    ],
    [
      'server prefers phase-out',
      [{ version: 'TLSv1.2', suites: [CBC384, GCM], preference: 'server' }],
      { class: 'insufficient', version: 'TLSv1.2', reason: 'phase_out_preferred', suite: CBC384.code, over: GCM.code },
    ],
    [
      'client preference',
      [{ version: 'TLSv1.2', suites: [GCM, CBC384], preference: 'client' }],
      { class: 'insufficient', version: 'TLSv1.2', reason: 'no_server_preference' },
    ],
  ] as const)('%s', (_, versions, expected) => {
    expect(evaluateCipherOrder(versions)).toEqual(expected);
  });
});
