/**
 * Domain-name validation and IDN conversion. Uses the WHATWG URL parser (UTS #46 processing,
 * available in both Node and the renderer) so no `node:` import is needed here.
 */

export type DomainNameResult = { ok: true; ascii: string; unicode: string } | { ok: false; reason: DomainNameError; detail?: string };

export type DomainNameError =
  | 'empty'
  | 'too_long'
  | 'label_too_long'
  | 'empty_label'
  | 'invalid_character'
  | 'invalid_idn'
  | 'ip_literal'
  | 'single_label'
  | 'hyphen_position'
  | 'numeric_tld';

/** UTF-16 units accepted as input: far above any 253-octet name in any form, spaces around included. */
const MAX_INPUT_LENGTH = 1024;

const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
// Underscore labels are legitimate in service names (_dmarc, _domainkey, _25._tcp).
const SERVICE_LABEL = /^_[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/;

/** Unicode form of an ASCII (A-label) domain, for display. Falls back to the input. */
export function toUnicode(ascii: string): string {
  try {
    return ascii
      .split('.')
      .map((label) => (label.startsWith('xn--') ? (decodePunycodeLabel(label.slice(4)) ?? label) : label))
      .join('.');
  } catch {
    return ascii;
  }
}

/**
 * Validates a domain the user typed (or one found in DNS) and returns its A-label form.
 * RFC 1035 §2.3.4 (253 octets, 63 per label), RFC 5891 (IDNA), RFC 3696 §2 (TLD not all-numeric).
 */
export function parseDomainName(
  input: string,
  options: { allowServiceLabels?: boolean; allowSingleLabel?: boolean } = {},
): DomainNameResult {
  // Bounds the work below (IDNA conversion, Punycode decoding) before any of it: a name the user
  // typed or pasted longer than this cannot become 253 octets.
  if (input.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'too_long' };
  let name = input.trim();
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name === '') return { ok: false, reason: 'empty' };
  if (/^\[?[0-9a-f:.]+\]?$/i.test(name) && (/^\d+\.\d+\.\d+\.\d+$/.test(name) || name.includes(':'))) {
    return { ok: false, reason: 'ip_literal' };
  }
  if (/[\s/\\@?#:%]/.test(name)) return { ok: false, reason: 'invalid_character', detail: name.match(/[\s/\\@?#:%]/)?.[0] };

  let ascii: string;
  if (
    /^[\x21-\x7e]*$/.test(name) &&
    !name
      .toLowerCase()
      .split('.')
      .some((l) => l.startsWith('xn--'))
  ) {
    ascii = name.toLowerCase();
  } else {
    // Convert each label separately so underscore labels survive, then let URL do UTS #46.
    try {
      const labels = name.split('.');
      const converted = labels.map((label) => {
        if (label.startsWith('_') || label === '') return label.toLowerCase();
        const host = new URL(`http://${label}.invalid/`).hostname;
        if (!host.endsWith('.invalid')) throw new Error('bad label');
        return host.slice(0, -'.invalid'.length);
      });
      ascii = converted.join('.');
    } catch {
      return { ok: false, reason: 'invalid_idn' };
    }
    for (const label of ascii.split('.')) {
      if (label.startsWith('xn--') && decodePunycodeLabel(label.slice(4)) === undefined) {
        return { ok: false, reason: 'invalid_idn' };
      }
    }
  }

  if (ascii.length > 253) return { ok: false, reason: 'too_long' };
  const labels = ascii.split('.');
  if (labels.some((l) => l === '')) return { ok: false, reason: 'empty_label' };
  if (labels.length < 2 && !options.allowSingleLabel) return { ok: false, reason: 'single_label' };
  for (const label of labels) {
    if (label.length > 63) return { ok: false, reason: 'label_too_long', detail: label };
    if (LDH_LABEL.test(label)) continue;
    if (options.allowServiceLabels && SERVICE_LABEL.test(label)) continue;
    if (/^-|-$/.test(label)) return { ok: false, reason: 'hyphen_position', detail: label };
    const bad = label.match(/[^a-z0-9-]/)?.[0];
    return { ok: false, reason: 'invalid_character', detail: bad ?? label };
  }
  if (/^\d+$/.test(labels[labels.length - 1]!)) return { ok: false, reason: 'numeric_tld' };
  return { ok: true, ascii, unicode: toUnicode(ascii) };
}

/** Lower-cases and strips the trailing dot of a name read from DNS. */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** True when `name` equals `zone` or lies below it. */
export function isSubdomainOf(name: string, zone: string): boolean {
  const n = normalizeName(name);
  const z = normalizeName(zone);
  return n === z || n.endsWith(`.${z}`);
}

// RFC 3492 Punycode decoder (decode only; encoding is done by the URL parser).
function decodePunycodeLabel(input: string): string | undefined {
  const base = 36,
    tMin = 1,
    tMax = 26,
    skew = 38,
    damp = 700;
  let n = 128,
    i = 0,
    bias = 72;
  const output: number[] = [];
  const basic = input.lastIndexOf('-');
  for (let j = 0; j < Math.max(basic, 0); j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return undefined;
    output.push(c);
  }
  const adapt = (delta: number, numPoints: number, first: boolean): number => {
    delta = first ? Math.floor(delta / damp) : delta >> 1;
    delta += Math.floor(delta / numPoints);
    let k = 0;
    while (delta > ((base - tMin) * tMax) >> 1) {
      delta = Math.floor(delta / (base - tMin));
      k += base;
    }
    return k + Math.floor(((base - tMin + 1) * delta) / (delta + skew));
  };
  for (let idx = basic > 0 ? basic + 1 : 0; idx < input.length;) {
    const oldi = i;
    for (let w = 1, k = base; ; k += base) {
      if (idx >= input.length) return undefined;
      const c = input.charCodeAt(idx++);
      const digit = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : base;
      if (digit >= base) return undefined;
      i += digit * w;
      const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
      if (digit < t) break;
      w *= base - t;
    }
    bias = adapt(i - oldi, output.length + 1, oldi === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) return undefined;
    output.splice(i++, 0, n);
  }
  // In slices: spreading a long array into one call overflows the stack.
  let text = '';
  for (let at = 0; at < output.length; at += 4096) text += String.fromCodePoint(...output.slice(at, at + 4096));
  return text;
}
