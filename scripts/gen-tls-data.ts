/**
 * Generates `shared/tls/data.ts` (TLS facts: IANA cipher suites and groups, the NCSC-NL 2025-05
 * classification, the RFC 7919 FFDHE primes) from the reference tables in `../shared/data/tls/`.
 *
 *   npx tsx scripts/gen-tls-data.ts            # rewrites shared/tls/data.ts
 *   npx tsx scripts/gen-tls-data.ts --check    # exits 1 when the committed file differs
 *
 * test/shared/tls/data.test.ts runs the same comparison, so the committed file cannot drift.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SOURCE_DIR = resolve(REPO, '../shared/data/tls');
export const OUTPUT_FILE = resolve(REPO, 'shared/tls/data.ts');

/** RFC 4180 CSV (quoted fields may hold commas and doubled quotes). */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...data] = rows.filter((r) => !(r.length === 1 && r[0] === ''));
  if (!header) throw new Error('CSV: no header');
  return data.map((r, n) => {
    if (r.length !== header.length) throw new Error(`CSV: row ${n + 2} has ${r.length} fields, header has ${header.length}`);
    return Object.fromEntries(header.map((h, i) => [h, r[i]!]));
  });
}

const MIN_VERSIONS = new Set(['SSLv3', 'TLSv1.0', 'TLSv1.2', 'TLSv1.3']);
const RECOMMENDED = new Set(['Y', 'N', 'D']);
const GROUP_TYPES = new Set(['ec_prime', 'ec_binary', 'montgomery', 'ffdhe', 'mlkem', 'hybrid', 'explicit']);
const OPENSSL_SOURCES: Record<string, string> = {
  'openssl-doc': 'openssl-doc',
  testssl: 'testssl',
  'curl-doc (gost-engine)': 'gost-engine',
};

function suiteCode(value: string): number {
  const m = /^0x([0-9A-F]{2}),0x([0-9A-F]{2})$/.exec(value);
  if (!m) throw new Error(`cipher-suites.csv: bad value ${value}`);
  return (parseInt(m[1]!, 16) << 8) | parseInt(m[2]!, 16);
}

const hex4 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;
// Single-quoted literals, the repository's style; every other character is kept as UTF-8.
const str = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

function suiteLines(csv: string): string[] {
  const seen = new Set<number>();
  return parseCsv(csv).map((r) => {
    const code = suiteCode(r.value!);
    if (seen.has(code)) throw new Error(`cipher-suites.csv: duplicate ${r.value}`);
    seen.add(code);
    if (!MIN_VERSIONS.has(r.min_version!)) throw new Error(`cipher-suites.csv: min_version ${r.min_version}`);
    if (!RECOMMENDED.has(r.iana_recommended!)) throw new Error(`cipher-suites.csv: recommended ${r.iana_recommended}`);
    const parts = [
      `code: ${hex4(code)}`,
      `name: ${str(r.name!)}`,
      ...(r.openssl_name ? [`openssl: ${str(r.openssl_name)}`] : []),
      ...(r.openssl_name_source
        ? [`opensslSource: ${str(OPENSSL_SOURCES[r.openssl_name_source] ?? fail(`openssl_name_source ${r.openssl_name_source}`))}`]
        : []),
      `kex: ${str(r.kex!)}`,
      `auth: ${str(r.auth!)}`,
      `cipher: ${str(r.cipher!)}`,
      `mac: ${str(r.mac!)}`,
      `hash: ${str(r.hash!)}`,
      `minVersion: ${str(r.min_version!)}`,
      `recommended: ${str(r.iana_recommended!)}`,
      `reference: ${str(r.iana_reference!)}`,
    ];
    return `  { ${parts.join(', ')} },`;
  });
}

function groupLines(csv: string): string[] {
  const seen = new Set<number>();
  return parseCsv(csv).map((r) => {
    const code = Number(r.value_dec);
    if (!Number.isInteger(code) || hex4(code).toUpperCase() !== r.value_hex!.toUpperCase())
      throw new Error(`groups.csv: bad value ${r.value_dec}/${r.value_hex}`);
    if (seen.has(code)) throw new Error(`groups.csv: duplicate ${code}`);
    seen.add(code);
    if (!GROUP_TYPES.has(r.type!)) throw new Error(`groups.csv: type ${r.type}`);
    const versions = r.tls_versions!.split(',');
    if (versions.some((v) => v !== '1.2' && v !== '1.3')) throw new Error(`groups.csv: tls_versions ${r.tls_versions}`);
    if (r.iana_recommended ? !RECOMMENDED.has(r.iana_recommended) : r.source === 'iana')
      throw new Error(`groups.csv: recommended ${r.iana_recommended} for ${r.name}`);
    const parts = [
      `code: ${hex4(code)}`,
      `name: ${str(r.name!)}`,
      `type: ${str(r.type!)}`,
      ...(r.key_bits ? [`keyBits: ${Number(r.key_bits)}`] : []),
      ...(r.openssl_bits ? [`opensslBits: ${Number(r.openssl_bits)}`] : []),
      `tlsVersions: [${versions.map((v) => str(`TLSv${v}`)).join(', ')}]`,
      // Empty only for the row that is not in the IANA copy (curveSM2MLKEM768).
      ...(r.iana_recommended ? [`recommended: ${str(r.iana_recommended)}`] : []),
      `reference: ${str(r.iana_reference!)}`,
      ...(r.source !== 'iana' ? [`source: ${str(r.source!)}`] : []),
      ...(r.notes ? [`notes: ${str(r.notes)}`] : []),
    ];
    return `  { ${parts.join(', ')} },`;
  });
}

function fail(message: string): never {
  throw new Error(message);
}

/** floor(e · 2^bits), from the series Σ 1/k! in fixed point with 64 guard bits. */
function eFixedPoint(bits: number): bigint {
  const guard = 64n;
  let term = 1n << (BigInt(bits) + guard);
  let sum = 0n;
  for (let k = 1n; term > 0n; k++) {
    sum += term;
    term /= k;
  }
  return sum >> guard;
}

/**
 * RFC 7919 Appendix A: p = 2^b − 2^{b−64} + {[2^{b−130} e] + X} · 2^64 − 1, generator 2.
 * X per group is the constant the RFC gives for that size.
 */
export const FFDHE_X: Record<number, bigint> = { 2048: 560316n, 3072: 2625351n, 4096: 5736041n, 6144: 15705020n, 8192: 10965728n };
export function ffdhePrime(bits: number): bigint {
  const x = FFDHE_X[bits] ?? fail(`no FFDHE group of ${bits} bits`);
  const b = BigInt(bits);
  return (1n << b) - (1n << (b - 64n)) + (eFixedPoint(bits - 130) + x) * (1n << 64n) - 1n;
}

function wrap(hex: string, width: number, indent: string): string {
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += width) lines.push(`${indent}${str(hex.slice(i, i + width))}`);
  return lines.join(' +\n');
}

export function generateTlsDataModule(sourceDir: string = DEFAULT_SOURCE_DIR): string {
  const suites = suiteLines(readFileSync(resolve(sourceDir, 'cipher-suites.csv'), 'utf8'));
  const groups = groupLines(readFileSync(resolve(sourceDir, 'groups.csv'), 'utf8'));
  const ncsc = JSON.parse(readFileSync(resolve(sourceDir, 'ncsc-nl-classification.json'), 'utf8')) as Record<string, unknown>;
  if (ncsc.guideline_version !== '2025-05')
    throw new Error(`unexpected NCSC-NL guideline version ${String(ncsc.guideline_version)}: review shared/tls/classify.ts`);
  const ffdhe = [2048, 3072, 4096, 6144, 8192].map((bits) => {
    const hex = ffdhePrime(bits).toString(16);
    if (hex.length * 4 !== bits) throw new Error(`ffdhe${bits}: prime has ${hex.length * 4} bits`);
    return `  ffdhe${bits}: {\n    bits: ${bits},\n    generator: 2,\n    prime:\n${wrap(hex, 96, '      ')},\n  },`;
  });

  return `/**
 * TLS facts, generated by scripts/gen-tls-data.ts — do not edit by hand; re-run the script.
 *
 * Sources (see ../shared/data/tls/README.md beside the checkout for commits and cross-checks):
 * - CIPHER_SUITES: IANA "TLS Cipher Suites" registry (tls-parameters-4, copy of late 2025), every
 *   assigned single code point; OpenSSL names from OpenSSL's openssl-ciphers doc, else testssl.sh's
 *   cipher-mapping.txt (opensslSource says which); minVersion is OpenSSL's label (as testssl.sh
 *   records it), not the defining RFC's.
 * - GROUPS: IANA "TLS Supported Groups" registry (tls-parameters-8, 2025 copy) plus
 *   curveSM2MLKEM768 from testssl.sh; tlsVersions from RFC 8446 §4.2.7, RFC 8734, RFC 8998.
 * - NCSC_NL: NCSC-NL "Transport Layer Security (TLS), Security guidelines", version
 *   ${String(ncsc.guideline_version)}, as implemented by Internet.nl (commit cec0e01d, release 1.11.x).
 * - FFDHE_GROUPS: RFC 7919 Appendix A, computed from the formula given there.
 */
import type { CipherSuiteFact, FfdheGroupFact, GroupFact } from './facts';

export const NCSC_NL_GUIDELINE_VERSION = ${str(String(ncsc.guideline_version))};

export const CIPHER_SUITES: readonly CipherSuiteFact[] = [
${suites.join('\n')}
];

export const GROUPS: readonly GroupFact[] = [
${groups.join('\n')}
];

/** RFC 7919 Appendix A finite-field groups; prime as lower-case hex without leading zeros. */
export const FFDHE_GROUPS: Readonly<Record<string, FfdheGroupFact>> = {
${ffdhe.join('\n')}
};

/** ncsc-nl-classification.json, verbatim. */
export const NCSC_NL = ${JSON.stringify(ncsc, null, 2)} as const;
`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = generateTlsDataModule();
  if (process.argv.includes('--check')) {
    const current = readFileSync(OUTPUT_FILE, 'utf8');
    if (current !== text) {
      process.stderr.write(`${OUTPUT_FILE} is out of date: run npx tsx scripts/gen-tls-data.ts\n`);
      process.exit(1);
    }
    process.stdout.write(`${OUTPUT_FILE} is up to date\n`);
  } else {
    writeFileSync(OUTPUT_FILE, text);
    process.stdout.write(`wrote ${OUTPUT_FILE}\n`);
  }
}
