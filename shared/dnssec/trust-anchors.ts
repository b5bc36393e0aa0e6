/**
 * The built-in trust anchors: the IANA root zone KSKs as DS records (RFC 4033 §2, RFC 9718).
 *
 * Digests as IANA publishes them in https://data.iana.org/root-anchors/root-anchors.xml, taken from a
 * public copy of that file: https://github.com/zmap/go-dns-root-anchors/blob/08d4878272a05cd3919f75cd0c7ae67a009e919f/rootanchors.go
 * (KeyDigest "Klajeyz", validFrom 2017-02-02, and "Kmyv6jo", validFrom 2024-07-18). ISC's bind.keys
 * carries the same KSK-2024 DS (https://github.com/sailfishos-mirror/bind9/blob/5b645cb200423e0c8e675f54df793097cbe18b9e/bind.keys).
 * test/shared/dnssec/trust-anchors.test.ts recomputes both digests from the two public keys, so a
 * changed digit fails the tests.
 *
 * They go through parseTrustAnchorFile like a user's file, so the built-in set obeys the same rules.
 */

import { parseTrustAnchorFile } from './presentation';
import type { TrustAnchor } from './types';

const ROOT_ANCHORS_TEXT = `; IANA root-anchors.xml
; KSK-2017, key tag 20326, RSA/SHA-256, SHA-256 digest
. IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
; KSK-2024, key tag 38696, RSA/SHA-256, SHA-256 digest
. IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16
`;

export const ROOT_TRUST_ANCHORS: TrustAnchor[] = Object.freeze(
  parseTrustAnchorFile(ROOT_ANCHORS_TEXT, 'builtin:iana-root-anchors').map((anchor) => Object.freeze(anchor)),
) as TrustAnchor[];

/**
 * The anchors for `name`: those whose owner is the closest enclosing zone of it among all owners, so a
 * lab anchor at `test` wins over the root for `mail.example.test`. `name` in the shared form (lower-case,
 * trailing dot optional, '' or '.' for the root); [] when no owner encloses it.
 */
export function trustAnchorsFor(anchors: readonly TrustAnchor[], name: string): TrustAnchor[] {
  const target = labels(name.toLowerCase());
  let bestOwner: string | undefined;
  let bestDepth = -1;
  for (const anchor of anchors) {
    const owner = labels(anchor.owner);
    if (owner.length > target.length || owner.length <= bestDepth) continue;
    if (owner.every((label, i) => label === target[target.length - owner.length + i])) {
      bestOwner = anchor.owner;
      bestDepth = owner.length;
    }
  }
  return bestOwner === undefined ? [] : anchors.filter((anchor) => anchor.owner === bestOwner);
}

/** Labels of a presentation name, split at dots that are not escaped (`a\.b` is one label). */
function labels(name: string): string[] {
  const out: string[] = [];
  if (name === '.') return out;
  let label = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === '\\' && i + 1 < name.length) label += c + name[++i];
    else if (c === '.') {
      out.push(label);
      label = '';
    } else label += c;
  }
  if (label !== '') out.push(label);
  return out;
}
