import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseTrustAnchorFile } from '../../../shared/dnssec/presentation';
import { ROOT_TRUST_ANCHORS, trustAnchorsFor } from '../../../shared/dnssec/trust-anchors';
import type { TrustAnchor } from '../../../shared/dnssec/types';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();

/*
 * The two root KSKs, from sources independent of the DS digests in trust-anchors.ts:
 * - KSK-2017 from ISC's bind.keys (https://github.com/sailfishos-mirror/bind9/blob/5b645cb200423e0c8e675f54df793097cbe18b9e/bind.keys);
 * - KSK-2024 from the trust-anchors example of the ArchWiki BIND page (found by code search), whose
 *   copy had lost the final "=" of the base64 (restored here: 260 bytes of RDATA key need it).
 * RFC 4034 §5.1.4: a DS digest is SHA-256(owner | RDATA); for the root the owner is the single 0 byte.
 */
const KSK_2017 = `. IN DNSKEY 257 3 8 (
  AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kv
  ArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+e
  oZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwN
  R1AkUTV74bU= )`;
const KSK_2024 = `. IN DNSKEY 257 3 8 (
  AwEAAa96jeuknZlaeSrvyAJj6ZHv28hhOKkx3rLGXVaC6rXTsDc449/cidltpkyGwCJNnOAlFNKF2jBosZBU5eeHspaQWOmOElZsjICMQMC3aeHb
  GiShvZsx4wMYSjH8e7Vrhbu6irwCzVBApESjbUdpWWmEnhathWu1jo+siFUiRAAxm9qyJNg/wOZqqzL/dL/q8PkcRU5oUKEpUge71M3ej2/7CPqp
  dVwuMoTvoB+ZOT4YeGyxMvHmbrxlFzGOHOijtzN+u1TQNatX2XBuzZNQ1K+s2CXkPIZo7s6JgZyvaBevYtxPvYLw4z9mR7K2vaF18UYH9Z9GNUUe
  ayffKC73PYc= )`;

describe('ROOT_TRUST_ANCHORS (IANA root-anchors.xml, RFC 9718)', () => {
  it('are the two root KSK DS records: KSK-2017 (20326) and KSK-2024 (38696), RSA/SHA-256, SHA-256 digests', () => {
    expect(
      ROOT_TRUST_ANCHORS.map((a) =>
        a.kind === 'ds' ? [a.owner, a.data.keyTag, a.data.algorithm, a.data.digestType, hex(a.data.digest)] : a.kind,
      ),
    ).toEqual([
      ['', 20326, 8, 2, 'E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D'],
      ['', 38696, 8, 2, '683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16'],
    ]);
    expect(ROOT_TRUST_ANCHORS.map((a) => a.source)).toEqual(['builtin:iana-root-anchors:3', 'builtin:iana-root-anchors:5']);
  });

  it.each([
    ['KSK-2017', KSK_2017, 20326],
    ['KSK-2024', KSK_2024, 38696],
  ])('%s: the published key has the anchored key tag (RFC 4034 App. B) and SHA-256 digest (§5.1.4)', (_name, text, tag) => {
    const [key] = parseTrustAnchorFile(text, 'root-key');
    if (key?.kind !== 'dnskey') throw new Error('expected a DNSKEY');
    expect(key.data.keyTag).toBe(tag);
    const anchor = ROOT_TRUST_ANCHORS.find((a) => a.kind === 'ds' && a.data.keyTag === tag);
    if (anchor?.kind !== 'ds') throw new Error(`no DS anchor for ${tag}`);
    expect(
      createHash('sha256')
        .update(Buffer.from([0]))
        .update(key.rdata)
        .digest('hex')
        .toUpperCase(),
    ).toBe(hex(anchor.data.digest));
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(ROOT_TRUST_ANCHORS)).toBe(true);
    expect(() => (ROOT_TRUST_ANCHORS as TrustAnchor[]).push(ROOT_TRUST_ANCHORS[0]!)).toThrow();
  });
});

describe('trustAnchorsFor (RFC 4035 §4.3: the closest enclosing trust anchor)', () => {
  const lab = parseTrustAnchorFile(
    `test. IN DS 11 13 2 ${'AB'.repeat(32)}\ntest. IN DS 12 13 2 ${'CD'.repeat(32)}\nsub.example.test. IN DS 13 13 2 ${'EF'.repeat(32)}\n`,
    'lab',
  );
  const anchors = [...ROOT_TRUST_ANCHORS, ...lab];
  const tags = (list: TrustAnchor[]) => list.map((a) => (a.kind === 'ds' ? a.data.keyTag : a.data.keyTag));

  it.each([
    ['mail.example.test', [11, 12]],
    ['test', [11, 12]],
    ['TEST.', [11, 12]],
    ['sub.example.test', [13]],
    ['a.b.sub.example.test.', [13]],
    ['example.com', [20326, 38696]],
    // label boundaries: "atest" is not under "test"
    ['atest', [20326, 38696]],
    ['', [20326, 38696]],
    ['.', [20326, 38696]],
  ])('%s → %j', (name, expected) => {
    expect(tags(trustAnchorsFor(anchors, name))).toEqual(expected);
  });

  it('picks the deepest enclosing owner whatever the order of the list', () => {
    const [test1, test2, sub] = lab as [TrustAnchor, TrustAnchor, TrustAnchor];
    for (const order of [
      [ROOT_TRUST_ANCHORS[0]!, sub, test1, test2],
      [test1, sub, ROOT_TRUST_ANCHORS[1]!, test2],
      [sub, test2, test1],
    ]) {
      expect(tags(trustAnchorsFor(order, 'x.sub.example.test'))).toEqual([13]);
      expect(tags(trustAnchorsFor(order, 'x.example.test')).sort()).toEqual([11, 12]);
    }
  });

  it('is empty when no owner encloses the name, and when there are no anchors', () => {
    expect(trustAnchorsFor(lab, 'example.com')).toEqual([]);
    expect(trustAnchorsFor([], 'example.com')).toEqual([]);
  });

  it('an escaped dot is part of a label, not a boundary', () => {
    const escaped = parseTrustAnchorFile(`b. IN DS 1 13 2 ${'AB'.repeat(32)}`, 'e');
    expect(trustAnchorsFor(escaped, 'a.b')).toHaveLength(1);
    expect(trustAnchorsFor(escaped, 'a\\.b')).toEqual([]);
  });
});
