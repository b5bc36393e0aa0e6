/**
 * Name arithmetic the lab DNS server needs to pick denial-of-existence proofs: labels of a
 * presentation-form name, canonical DNS name order (RFC 4034 §6.1), the NSEC3 hash (RFC 5155 §5)
 * and base32hex (RFC 4648 §7). Written here, on node:crypto, so the lab never borrows the
 * product's own DNSSEC code it is meant to check.
 */
import { createHash } from 'node:crypto';

/** The labels of a presentation-form name (`\.`, `\\` and `\DDD` escapes honoured), lower-cased, as bytes. */
export function nameLabels(name: string): Buffer[] {
  const n = name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name;
  if (n === '' || n === '.') return [];
  const labels: Buffer[] = [];
  let bytes: number[] = [];
  for (let i = 0; i < n.length; i++) {
    const ch = n[i]!;
    if (ch === '\\') {
      const ddd = /^\d{3}/.exec(n.slice(i + 1));
      if (ddd) {
        bytes.push(Number(ddd[0]));
        i += 3;
      } else {
        bytes.push(...Buffer.from(n[i + 1] ?? '', 'utf8'));
        i += 1;
      }
    } else if (ch === '.') {
      labels.push(Buffer.from(bytes));
      bytes = [];
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  labels.push(Buffer.from(bytes));
  // RFC 4034 §6.2: canonical form lower-cases US-ASCII letters only.
  return labels.map((l) => Buffer.from(l.map((b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b))));
}

/** Uncompressed wire form, lower-cased (RFC 4034 §6.2). */
export function canonicalWire(name: string): Buffer {
  const parts: Buffer[] = [];
  for (const l of nameLabels(name)) parts.push(Buffer.from([l.length]), l);
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** RFC 4034 §6.1: compare label by label from the right, each as a lower-cased octet string. */
export function compareCanonical(a: string, b: string): number {
  const la = nameLabels(a).reverse();
  const lb = nameLabels(b).reverse();
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    const c = Buffer.compare(la[i]!, lb[i]!);
    if (c !== 0) return c;
  }
  return la.length - lb.length;
}

/** RFC 5155 §5: IH(salt, x, 0) = H(x || salt), IH(salt, x, k) = H(IH(salt, x, k-1) || salt), H = SHA-1. */
export function nsec3Hash(name: string, salt: Uint8Array, iterations: number): Buffer {
  let digest = createHash('sha1').update(canonicalWire(name)).update(salt).digest();
  for (let k = 0; k < iterations; k++) digest = createHash('sha1').update(digest).update(salt).digest();
  return digest;
}

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** RFC 4648 §7 without padding, lower case (RFC 5155 §3.3). */
export function base32hexEncode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32HEX[(buffer << (5 - bits)) & 31];
  return out;
}

export function base32hexDecode(text: string): Buffer {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text.toLowerCase().replace(/=+$/, '')) {
    const v = BASE32HEX.indexOf(ch);
    if (v < 0) throw new Error(`not base32hex: ${text}`);
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
