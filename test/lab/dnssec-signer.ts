/**
 * Signs a lab zone with a real signer (DESIGN §6: the validator is never checked only against
 * our own signer). The zone is written as master-file text, given one fresh key made by BIND's
 * `dnssec-keygen` and signed by `dnssec-signzone` in a temporary directory; the signed zone
 * (`-O full`: one record per line, absolute names) is parsed back into LabRecords in
 * dns-packet's shapes, so every RRSIG, NSEC and NSEC3 the lab serves was made by BIND.
 *
 * Keys: one combined signing key (CSK: flags 257, SEP bit set) signs every RRset (`-z`), which is
 * a legitimate single-key setup (RFC 6781 §3.1.1.1) and halves key generation. ECDSA and Ed25519
 * keys are generated instantly; RSA keys (algorithms 5, 7, 8, 10) are 2048-bit.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordType } from 'dns-packet';
import { absoluteDataName, absoluteOwnerName, type LabRecord, type LabZone } from './dns-server';
import { base32hexDecode } from './dnssec-names';

/** DNSSEC algorithm numbers (RFC 8624 §3.1); 5 and 7 (RSA/SHA-1) are deprecated for signing. */
export type LabAlgorithm = 5 | 7 | 8 | 10 | 13 | 14 | 15 | 16;

export interface LabSigning {
  algorithm: LabAlgorithm;
  /** authenticated denial of existence: NSEC (RFC 4034 §4), NSEC3 (RFC 5155), NSEC3 with opt-out (RFC 5155 §6) */
  denial?: 'nsec' | 'nsec3' | 'nsec3-optout';
  /** signature validity window: valid = now−1 h … now+30 d; expired = now−30 d … now−1 d; future = now+1 d … now+30 d */
  validity?: 'valid' | 'expired' | 'future';
  /** the parent publishes a DS for a key the zone does not have (a broken chain of trust) */
  dsMismatch?: boolean;
  /** NSEC3 extra iterations; RFC 9276 §3.1: 0 */
  nsec3Iterations?: number;
  /** NSEC3 salt as hex; RFC 9276 §3.1: none (the default) */
  nsec3Salt?: string;
}

export interface SignedZone {
  /** the zone with its DNSKEY, RRSIG, NSEC/NSEC3 and NSEC3PARAM records, as the signer wrote it */
  zone: LabZone;
  /** DS lines (SHA-256, RFC 4509) the parent publishes, `dnssec-dsfromkey` format */
  ds: string[];
  /** the zone's DNSKEY lines */
  dnskey: string[];
}

const DEFAULT_TTL = 300;
const DAY = 86_400;

const KEYGEN_ALGORITHMS: Record<LabAlgorithm, string> = {
  5: 'RSASHA1',
  7: 'NSEC3RSASHA1',
  8: 'RSASHA256',
  10: 'RSASHA512',
  13: 'ECDSAP256SHA256',
  14: 'ECDSAP384SHA384',
  15: 'ED25519',
  16: 'ED448',
};

/** Runs a BIND/ldns tool without a shell; rejects with its stderr on a non-zero exit. */
export function tool(file: string, args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')}: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

/** Generates a key in `dir`; returns its base name (`K<owner>.+<alg>+<tag>`). */
export async function generateKey(dir: string, origin: string, algorithm: LabAlgorithm): Promise<string> {
  const rsa = [5, 7, 8, 10].includes(algorithm);
  const out = await tool(
    'dnssec-keygen',
    [
      '-q',
      '-K',
      dir,
      '-a',
      KEYGEN_ALGORITHMS[algorithm],
      ...(rsa ? ['-b', '2048'] : []),
      '-f',
      'KSK',
      '-L',
      String(DEFAULT_TTL),
      '-n',
      'ZONE',
      fqdn(origin),
    ],
    dir,
  );
  return out.trim();
}

/** DS (SHA-256) lines for a key file, as `dnssec-dsfromkey -2` prints them. */
export async function dsFromKey(dir: string, keyBase: string): Promise<string[]> {
  return lines(await tool('dnssec-dsfromkey', ['-2', join(dir, `${keyBase}.key`)], dir));
}

const fqdn = (origin: string) => (origin === '' || origin === '.' ? '.' : `${origin.replace(/\.$/, '')}.`);
const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith(';'));

/** `YYYYMMDDHHMMSS` in UTC, as dnssec-signzone's -s/-e take it (RFC 4034 §3.2). */
function timestamp(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function validityWindow(validity: LabSigning['validity'], now = Date.now()): { inception: number; expiration: number } {
  const t = Math.floor(now / 1000);
  switch (validity ?? 'valid') {
    case 'expired':
      return { inception: t - 30 * DAY, expiration: t - DAY };
    case 'future':
      return { inception: t + DAY, expiration: t + 30 * DAY };
    default:
      return { inception: t - 3600, expiration: t + 30 * DAY };
  }
}

/** Signs `zone` (which must carry `dnssec`) in `dir`, a directory of its own. */
export async function signZone(zone: LabZone, dir: string, now = Date.now()): Promise<SignedZone> {
  const signing = zone.dnssec;
  if (!signing) throw new Error(`lab zone ${zone.origin}: nothing to sign (no dnssec field)`);
  const origin = fqdn(zone.origin);
  const [key, rogue] = await Promise.all([
    generateKey(dir, origin, signing.algorithm),
    signing.dsMismatch ? generateKey(dir, origin, signing.algorithm) : undefined,
  ]);
  const keyText = await readFile(join(dir, `${key}.key`), 'utf8');
  const dnskey = lines(keyText);
  const unsignedFile = join(dir, 'zone.txt');
  await writeFile(unsignedFile, `${zoneText(zone)}${dnskey.join('\n')}\n`, 'utf8');

  const { inception, expiration } = validityWindow(signing.validity, now);
  const denial = signing.denial ?? 'nsec';
  const args = [
    '-O',
    'full',
    '-z',
    '-q',
    '-o',
    origin,
    '-K',
    dir,
    '-d',
    dir,
    '-s',
    timestamp(inception),
    '-e',
    timestamp(expiration),
    '-f',
    '-',
  ];
  if (denial !== 'nsec') {
    args.push('-3', signing.nsec3Salt ?? '-', '-H', String(signing.nsec3Iterations ?? 0));
    if (denial === 'nsec3-optout') args.push('-A');
  }
  // BIND's post-signing check refuses signatures outside their validity window: skip it for those.
  if ((signing.validity ?? 'valid') !== 'valid') args.push('-P');
  args.push(unsignedFile, join(dir, `${key}.private`));
  const signed = await tool('dnssec-signzone', args, dir);
  const records = parseZoneText(signed);
  // RFC 4035 §5: a DS for a key the zone does not hold leaves the validator no path to the data.
  const ds = await dsFromKey(dir, rogue ?? key);
  const { dnssec: _signing, ...rest } = zone;
  return { zone: { ...rest, dnssec: signing, records }, ds, dnskey };
}

// ---------------------------------------------------------------------------------------------
// LabZone → master-file text (RFC 1035 §5.1)

/** Escapes a name's labels for master-file text: anything but letters, digits, `-`, `_` and `*` as \DDD. */
function presentName(name: string): string {
  if (name === '') return '.';
  const labels = name
    .split('.')
    .map((label) =>
      [...Buffer.from(label, 'utf8')]
        .map((b) => (/[A-Za-z0-9_*-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `\\${String(b).padStart(3, '0')}`))
        .join(''),
    );
  return `${labels.join('.')}.`;
}

/** A <character-string> in quotes, with `"`, `\` and non-printable bytes escaped (RFC 1035 §5.1). */
function presentString(value: string | Uint8Array): string {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${String(b).padStart(3, '0')}`;
  }
  return `${out}"`;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

/** The zone as master-file text: one record per line, absolute names, explicit TTL and class. */
export function zoneText(zone: LabZone): string {
  const origin = absoluteOwnerName('@', zone.origin);
  const out: string[] = [];
  if (!zone.records.some((r) => r.type === 'SOA')) {
    out.push(
      `${presentName(origin)} 3600 IN SOA ${presentName(`ns.${origin}`)} ${presentName(`hostmaster.${origin}`)} 1 3600 600 86400 300`,
    );
  }
  for (const r of zone.records) {
    const owner = presentName(absoluteOwnerName(r.name, zone.origin));
    const n = (name: string) => presentName(absoluteDataName(name, zone.origin));
    const rdata = ((): string => {
      switch (r.type) {
        case 'A':
        case 'AAAA':
          return r.data;
        case 'CNAME':
        case 'NS':
        case 'PTR':
        case 'DNAME':
          return n(r.data);
        case 'MX':
          return `${r.data.preference} ${n(r.data.exchange)}`;
        case 'TXT':
        case 'SPF':
          return r.data.map(presentString).join(' ');
        case 'SOA': {
          const d = r.data;
          return `${n(d.mname)} ${n(d.rname)} ${d.serial ?? 1} ${d.refresh ?? 3600} ${d.retry ?? 600} ${d.expire ?? 86400} ${d.minimum ?? 300}`;
        }
        case 'SRV':
          return `${r.data.priority ?? 0} ${r.data.weight ?? 0} ${r.data.port} ${n(r.data.target)}`;
        case 'CAA':
          return `${r.data.issuerCritical ? 128 : (r.data.flags ?? 0)} ${r.data.tag} ${presentString(r.data.value)}`;
        case 'TLSA':
          return `${r.data.usage} ${r.data.selector} ${r.data.matchingType} ${hex(r.data.certificate)}`;
        case 'DS':
          return `${r.data.keyTag} ${r.data.algorithm} ${r.data.digestType} ${hex(r.data.digest)}`;
        case 'DNSKEY':
          return `${r.data.flags} 3 ${r.data.algorithm} ${r.data.key.toString('base64')}`;
        case 'RRSIG':
        case 'NSEC':
        case 'NSEC3':
          throw new Error(`lab zone ${zone.origin}: already holds ${r.type} records; sign the plain zone`);
        default:
          return `\\# ${r.data.length} ${hex(r.data)}`;
      }
    })();
    out.push(`${owner} ${r.ttl ?? DEFAULT_TTL} IN ${r.type} ${rdata}`);
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Signed master-file text (one record per line) → LabRecords in dns-packet's shapes

/** RR type numbers of every type the lab writes or the signer adds (RFC 1035, 3596, 2782, 6672, 4034, 5155, 6698, 8659). */
const TYPE_NUMBERS: Record<string, number> = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  DNAME: 39,
  DS: 43,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  NSEC3: 50,
  NSEC3PARAM: 51,
  TLSA: 52,
  SPF: 99,
  CAA: 257,
};

/** dns-packet's name for a type mnemonic (`TYPE65` → `UNKNOWN_65`, as its decoder names unknown types). */
export function packetTypeName(mnemonic: string): RecordType {
  const m = /^TYPE(\d+)$/i.exec(mnemonic);
  if (m) {
    const known = Object.entries(TYPE_NUMBERS).find(([, v]) => v === Number(m[1]));
    return (known ? known[0] : `UNKNOWN_${m[1]}`) as RecordType;
  }
  const upper = mnemonic.toUpperCase();
  if (!(upper in TYPE_NUMBERS)) throw new Error(`lab signer: unknown RR type ${mnemonic}`);
  return upper as RecordType;
}

interface Token {
  text: string;
  quoted: boolean;
}

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t') {
      i++;
    } else if (ch === ';') {
      break;
    } else if (ch === '"') {
      let text = '';
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\') text += line[i++];
        text += line[i];
      }
      i++;
      tokens.push({ text, quoted: true });
    } else {
      let text = '';
      for (; i < line.length && line[i] !== ' ' && line[i] !== '\t'; i++) {
        if (line[i] === '\\') text += line[i++];
        text += line[i];
      }
      tokens.push({ text, quoted: false });
    }
  }
  return tokens;
}

/** A <character-string>'s bytes, `\X` and `\DDD` unescaped. */
function unescapeString(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      const ddd = /^\d{3}/.exec(text.slice(i + 1));
      if (ddd) {
        out.push(Number(ddd[0]));
        i += 3;
      } else {
        out.push(...Buffer.from(text[++i] ?? '', 'utf8'));
      }
    } else {
      out.push(...Buffer.from(text[i]!, 'utf8'));
    }
  }
  return Buffer.from(out);
}

/** A TXT string as the lab keeps it (a JS string); refuses bytes that are not UTF-8, which would not survive. */
function textString(text: string): string {
  const bytes = unescapeString(text);
  const s = bytes.toString('utf8');
  if (!Buffer.from(s, 'utf8').equals(bytes)) throw new Error(`lab signer: TXT string is not UTF-8: ${text}`);
  return s;
}

/** A name in RDATA as an absolute LabRecord name (trailing dot; the root is `.`). */
const abs = (name: string) => (name === '.' ? '.' : `${name.replace(/\.$/, '')}.`);
/** A name inside DNSSEC RDATA as dns-packet carries it (no trailing dot). */
const dataName = (name: string) => (name === '.' ? '.' : name.replace(/\.$/, ''));

/** RRSIG times: `YYYYMMDDHHMMSS` or a plain number of seconds (RFC 4034 §3.2). */
function rrsigTime(text: string): number {
  if (/^\d{14}$/.test(text)) {
    const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) => Number(text.slice(at, at + (i === 0 ? 4 : 2))));
    return Date.UTC(y!, mo! - 1, d, h, mi, s) / 1000;
  }
  return Number(text);
}

/** Parses one record line `owner ttl class type rdata…` of `-O full` / `named-compilezone -s full` output. */
export function parseRecordLine(line: string): LabRecord | undefined {
  const tokens = tokenize(line);
  if (tokens.length === 0) return undefined;
  const [ownerToken, ...rest] = tokens;
  let i = 0;
  let ttl = DEFAULT_TTL;
  if (/^\d+$/.test(rest[i]?.text ?? '')) ttl = Number(rest[i++]!.text);
  if (/^(IN|CH|HS)$/i.test(rest[i]?.text ?? '')) i++;
  if (/^\d+$/.test(rest[i]?.text ?? '')) ttl = Number(rest[i++]!.text);
  const typeText = rest[i++]?.text;
  if (!typeText) throw new Error(`lab signer: no type in ${line}`);
  const r = rest.slice(i).map((t) => t.text);
  const name = ownerToken!.text === '.' ? '.' : ownerToken!.text.toLowerCase();
  const base = { name: name.endsWith('.') ? name : `${name}.`, ttl };
  const type: string = packetTypeName(typeText);
  const num = (k: number) => Number(r[k]);
  const joined = (from: number) => r.slice(from).join('');
  switch (type) {
    case 'A':
    case 'AAAA':
      return { ...base, type, data: r[0]! };
    case 'CNAME':
    case 'NS':
    case 'PTR':
    case 'DNAME':
      return { ...base, type, data: abs(r[0]!) };
    case 'MX':
      return { ...base, type, data: { preference: num(0), exchange: abs(r[1]!) } };
    case 'TXT':
    case 'SPF':
      return { ...base, type, data: rest.slice(i).map((t) => textString(t.text)) };
    case 'SOA':
      return {
        ...base,
        type,
        data: {
          mname: abs(r[0]!),
          rname: abs(r[1]!),
          serial: num(2),
          refresh: num(3),
          retry: num(4),
          expire: num(5),
          minimum: num(6),
        },
      };
    case 'SRV':
      return { ...base, type, data: { priority: num(0), weight: num(1), port: num(2), target: abs(r[3]!) } };
    case 'CAA': {
      const flags = num(0);
      return {
        ...base,
        type,
        data: { flags, issuerCritical: (flags & 128) !== 0, tag: r[1] as 'issue', value: unescapeString(r[2] ?? '').toString('utf8') },
      };
    }
    case 'TLSA':
      return { ...base, type, data: { usage: num(0), selector: num(1), matchingType: num(2), certificate: Buffer.from(joined(3), 'hex') } };
    case 'DS':
      return { ...base, type, data: { keyTag: num(0), algorithm: num(1), digestType: num(2), digest: Buffer.from(joined(3), 'hex') } };
    case 'DNSKEY':
      if (num(1) !== 3) throw new Error(`lab signer: DNSKEY protocol ${r[1]} (RFC 4034 §2.1.2 requires 3)`);
      return { ...base, type, data: { flags: num(0), algorithm: num(2), key: Buffer.from(joined(3), 'base64') } };
    case 'RRSIG':
      return {
        ...base,
        type,
        data: {
          typeCovered: packetTypeName(r[0]!),
          algorithm: num(1),
          labels: num(2),
          originalTTL: num(3),
          expiration: rrsigTime(r[4]!),
          inception: rrsigTime(r[5]!),
          keyTag: num(6),
          signersName: dataName(r[7]!),
          signature: Buffer.from(joined(8), 'base64'),
        },
      };
    case 'NSEC':
      return { ...base, type, data: { nextDomain: dataName(r[0]!), rrtypes: r.slice(1).map(packetTypeName) } };
    case 'NSEC3':
      return {
        ...base,
        type,
        data: {
          algorithm: num(0),
          flags: num(1),
          iterations: num(2),
          salt: r[3] === '-' ? Buffer.alloc(0) : Buffer.from(r[3]!, 'hex'),
          nextDomain: base32hexDecode(r[4]!),
          rrtypes: r.slice(5).map(packetTypeName),
        },
      };
    case 'NSEC3PARAM': {
      // RFC 5155 §4.2: dns-packet has no codec for it, so the lab carries its RDATA opaque.
      const salt = r[3] === '-' ? Buffer.alloc(0) : Buffer.from(r[3]!, 'hex');
      const rdata = Buffer.concat([Buffer.from([num(0), num(1), num(2) >> 8, num(2) & 0xff, salt.length]), salt]);
      return { ...base, type: 'TYPE51', data: rdata };
    }
    default: {
      // RFC 3597 §5: `\# length hex`
      if (r[0] !== '\\#') throw new Error(`lab signer: cannot read ${typeText} in ${line}`);
      return { ...base, type: `TYPE${/\d+$/.exec(type)![0]}` as `TYPE${number}`, data: Buffer.from(joined(2), 'hex') };
    }
  }
}

/** Every record of a one-record-per-line master file (comments and directives skipped). */
export function parseZoneText(text: string): LabRecord[] {
  const out: LabRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith(';') || line.startsWith('$')) continue;
    const record = parseRecordLine(line);
    if (record) out.push(record);
  }
  return out;
}

/** DS lines (`owner. IN DS tag alg type hex`) as LabRecords, for the parent zone. */
export function parseDsLines(ds: string[]): LabRecord[] {
  return ds.map((l) => parseRecordLine(l)!).filter((r) => r.type === 'DS');
}
