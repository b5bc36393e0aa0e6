/**
 * IP address parsing, formatting and CIDR matching for SPF, in pure code (no `node:net`) so the
 * evaluator runs in the renderer as well. Text forms: RFC 7208 §4.6.1 ABNF for IPv4 (no leading
 * zeros), RFC 4291 §2.2 for IPv6 input, RFC 5952 §4 for IPv6 output.
 */

export interface IpAddress {
  version: 4 | 6;
  /** 4 or 16 octets, network order */
  bytes: number[];
}

// RFC 7208 §4.6.1 qnum: 0–255 without leading zeros.
const QNUM = /^(?:0|[1-9]\d{0,2})$/;

export function parseIPv4(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!QNUM.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return { version: 4, bytes };
}

const HEXGROUP = /^[0-9a-f]{1,4}$/i;

/** RFC 4291 §2.2 forms 1–3: full, `::`-compressed, and with a trailing dotted IPv4 part. */
export function parseIPv6(text: string): IpAddress | undefined {
  if (text.length === 0 || text.length > 45) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4(piece);
        if (!v4) return undefined;
        out.push((v4.bytes[0]! << 8) | v4.bytes[1]!, (v4.bytes[2]! << 8) | v4.bytes[3]!);
      } else {
        if (!HEXGROUP.test(piece)) return undefined;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  if (!head) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const tail = groupsOf(halves[1]!);
    if (!tail) return undefined;
    // An embedded IPv4 part may only end the address.
    if (halves[0]!.includes('.')) return undefined;
    if (head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    if (head.length !== 8) return undefined;
    groups = head;
  }
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 0xff);
  return { version: 6, bytes };
}

/** Parses either family. */
export function parseIp(text: string): IpAddress | undefined {
  return text.includes(':') ? parseIPv6(text) : parseIPv4(text);
}

/**
 * RFC 7208 §5 (and §5.6): an IPv4-mapped IPv6 address (::ffff:0:0/96, RFC 4291 §2.5.5.2) is
 * treated as the IPv4 address it carries.
 */
export function unmapIPv4(ip: IpAddress): IpAddress {
  if (ip.version === 6 && ip.bytes.slice(0, 10).every((b) => b === 0) && ip.bytes[10] === 0xff && ip.bytes[11] === 0xff) {
    return { version: 4, bytes: ip.bytes.slice(12) };
  }
  return ip;
}

/** True when the first `prefix` bits of both addresses (same family) are equal. */
export function inCidr(ip: IpAddress, network: IpAddress, prefix: number): boolean {
  if (ip.version !== network.version) return false;
  const max = ip.version === 4 ? 32 : 128;
  if (prefix < 0 || prefix > max) return false;
  const whole = prefix >> 3;
  for (let i = 0; i < whole; i++) if (ip.bytes[i] !== network.bytes[i]) return false;
  const rest = prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((ip.bytes[whole]! ^ network.bytes[whole]!) & mask) === 0;
}

export function ipEquals(a: IpAddress, b: IpAddress): boolean {
  return a.version === b.version && a.bytes.every((x, i) => x === b.bytes[i]);
}

/** Dotted quad, or RFC 5952 §4 canonical IPv6 (lower case, longest zero run compressed). */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return ip.bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i]! << 8) | ip.bytes[i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    // RFC 5952 §4.2.2: a single zero group is not compressed; §4.2.3: first longest run wins.
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * RFC 7208 §7.3 `i` macro: IPv4 dotted quad; IPv6 as 32 dot-separated nibbles (lower case),
 * most significant first.
 */
export function dottedIp(ip: IpAddress): string {
  if (ip.version === 4) return ip.bytes.join('.');
  const nibbles: string[] = [];
  for (const b of ip.bytes) nibbles.push((b >> 4).toString(16), (b & 0xf).toString(16));
  return nibbles.join('.');
}

/** Reverse-mapping name for a PTR query (RFC 1035 §3.5, RFC 3596 §2.5). */
export function reverseName(ip: IpAddress): string {
  const parts = dottedIp(ip).split('.').reverse().join('.');
  return ip.version === 4 ? `${parts}.in-addr.arpa` : `${parts}.ip6.arpa`;
}
