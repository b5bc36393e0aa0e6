import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTlsDataModule, OUTPUT_FILE, parseCsv } from '../../../scripts/gen-tls-data';
import { CIPHER_SUITES, FFDHE_GROUPS, GROUPS, NCSC_NL, NCSC_NL_GUIDELINE_VERSION } from '../../../shared/tls/data';
import { ffdheGroupByPrime, groupByCode, groupByName, suiteByCode, suiteByName, suiteName, suiteUsableIn } from '../../../shared/tls/facts';

const SOURCE = resolve(import.meta.dirname, '../../../../shared/data/tls');

describe('generated TLS data module', () => {
  it('equals what scripts/gen-tls-data.ts generates from ../shared/data/tls (no drift)', () => {
    expect(readFileSync(OUTPUT_FILE, 'utf8')).toBe(generateTlsDataModule(SOURCE));
  });

  it('holds every row of the reference tables', () => {
    const suites = parseCsv(readFileSync(resolve(SOURCE, 'cipher-suites.csv'), 'utf8'));
    const groups = parseCsv(readFileSync(resolve(SOURCE, 'groups.csv'), 'utf8'));
    expect(CIPHER_SUITES).toHaveLength(suites.length);
    expect(CIPHER_SUITES).toHaveLength(356);
    expect(GROUPS).toHaveLength(groups.length);
    expect(GROUPS).toHaveLength(57);
    for (const row of suites) {
      const [hi, lo] = row.value!.split(',').map((h) => parseInt(h, 16)) as [number, number];
      const fact = suiteByCode((hi << 8) | lo);
      expect(fact?.name, row.value).toBe(row.name);
      expect(fact?.openssl ?? '', row.value).toBe(row.openssl_name);
      expect(fact?.minVersion).toBe(row.min_version);
    }
  });

  it('cites the NCSC-NL guideline version', () => {
    expect(NCSC_NL_GUIDELINE_VERSION).toBe('2025-05');
    expect(NCSC_NL.guideline_version).toBe('2025-05');
    expect(readFileSync(OUTPUT_FILE, 'utf8')).toMatch(/version\s+2025-05/);
  });

  it('parses RFC 4180 quoting', () => {
    expect(parseCsv('a,b\n"x,1","say ""hi"""\r\n')).toEqual([{ a: 'x,1', b: 'say "hi"' }]);
    expect(() => parseCsv('a,b\n1\n')).toThrow(/row 2/);
  });
});

describe('cipher suite facts', () => {
  it.each([
    [0xc02f, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE', 'RSA', 'AES_128_GCM', 'AEAD', 'TLSv1.2'],
    [0x1302, 'TLS_AES_256_GCM_SHA384', 'TLS_AES_256_GCM_SHA384', 'any', 'any', 'AES_256_GCM', 'AEAD', 'TLSv1.3'],
    [0x000a, 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'DES-CBC3-SHA', 'RSA', 'RSA', '3DES_EDE_CBC', 'SHA1', 'SSLv3'],
    [0x0016, 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA', 'DHE-RSA-DES-CBC3-SHA', 'DHE', 'RSA', '3DES_EDE_CBC', 'SHA1', 'SSLv3'],
    [0x0003, 'TLS_RSA_EXPORT_WITH_RC4_40_MD5', 'EXP-RC4-MD5', 'RSA_EXPORT', 'RSA', 'RC4_40', 'MD5', 'SSLv3'],
  ])('0x%s is %s', (code, name, openssl, kex, auth, cipher, mac, minVersion) => {
    expect(suiteByCode(code)).toMatchObject({ name, openssl, kex, auth, cipher, mac, minVersion });
    expect(suiteByName(name)?.code).toBe(code);
  });

  it('names unregistered codes by their hex value', () => {
    expect(suiteByCode(0x0a0a)).toBeUndefined(); // RFC 8701 GREASE
    expect(suiteName(0x0a0a)).toBe('0x0a0a');
  });

  it('knows which versions a suite can be negotiated in', () => {
    const gcm = suiteByCode(0xc02f)!;
    expect(suiteUsableIn(gcm, 'TLSv1.2')).toBe(true);
    expect(suiteUsableIn(gcm, 'TLSv1.1')).toBe(false);
    expect(suiteUsableIn(gcm, 'TLSv1.3')).toBe(false);
    expect(suiteUsableIn(suiteByCode(0x1301)!, 'TLSv1.3')).toBe(true);
    expect(suiteUsableIn(suiteByCode(0x1301)!, 'TLSv1.2')).toBe(false);
    expect(suiteUsableIn(suiteByCode(0x000a)!, 'SSLv3')).toBe(true);
    expect(suiteUsableIn(suiteByCode(0x00ff)!, 'TLSv1.2')).toBe(false); // SCSV, not a suite
  });

  it('agrees with the OpenSSL binary on every suite it implements (code and name)', () => {
    const out = execFileSync('openssl', ['ciphers', '-V', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0']).toString();
    const rows = [...out.matchAll(/0x([0-9A-F]{2}),0x([0-9A-F]{2})\s+-\s+(\S+)/g)];
    expect(rows.length).toBeGreaterThan(100);
    for (const [, hi, lo, name] of rows) {
      const code = (parseInt(hi!, 16) << 8) | parseInt(lo!, 16);
      expect(suiteByCode(code)?.openssl, `0x${hi}${lo}`).toBe(name);
    }
  });
});

describe('group facts', () => {
  it.each([
    [0x001d, 'x25519', 'montgomery', 255],
    [0x0017, 'secp256r1', 'ec_prime', 256],
    [0x0100, 'ffdhe2048', 'ffdhe', 2048],
    [0x11ec, 'X25519MLKEM768', 'hybrid', undefined],
  ])('0x%s is %s', (code, name, type, keyBits) => {
    expect(groupByCode(code)).toMatchObject({ name, type });
    expect(groupByCode(code)?.keyBits).toBe(keyBits);
  });

  it.each([
    ['prime256v1', 'secp256r1'],
    ['P-384', 'secp384r1'],
    ['X25519', 'x25519'],
    ['brainpoolP256r1', 'brainpoolP256r1'],
  ])('finds %s by alias', (alias, name) => {
    expect(groupByName(alias)?.name).toBe(name);
  });

  it('RFC 8446 §4.2.7: binary curves are not usable in TLS 1.3', () => {
    expect(groupByCode(0x0001)?.tlsVersions).toEqual(['TLSv1.2']);
    expect(groupByCode(0x001d)?.tlsVersions).toEqual(['TLSv1.2', 'TLSv1.3']);
  });
});

describe('RFC 7919 FFDHE groups', () => {
  it.each(['ffdhe2048', 'ffdhe3072', 'ffdhe4096', 'ffdhe6144', 'ffdhe8192'])('%s equals the group built into OpenSSL', (name) => {
    const pem = execFileSync('openssl', ['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', `group:${name}`]);
    const asn1 = execFileSync('openssl', ['asn1parse'], { input: pem }).toString();
    const [p, g] = [...asn1.matchAll(/INTEGER\s+:([0-9A-F]+)/g)].map((m) => m[1]!);
    expect(FFDHE_GROUPS[name]!.prime).toBe(p!.toLowerCase());
    expect(FFDHE_GROUPS[name]!.generator).toBe(parseInt(g!, 16));
    expect(FFDHE_GROUPS[name]!.bits).toBe(p!.length * 4);
    expect(ffdheGroupByPrime(`00${p}`, 2)?.name).toBe(name);
    expect(ffdheGroupByPrime(p!, 5)).toBeUndefined();
  });
});
