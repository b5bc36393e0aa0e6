/**
 * Byte builders for hand-written DNS wire data, and RFC examples that both the lab (the
 * independent oracle) and the product's tests check. No product imports: test/lab uses it too.
 */

/** Whitespace is ignored, so RFC listings can be pasted as they are printed. */
export const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'base64'));
export const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
export const bytes = (...parts: (number | number[] | Uint8Array)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : Array.from(p))));
export const u16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];
export const u32 = (n: number): number[] => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

/** RFC 4034 §6.1's example names, in canonical order. */
export const RFC4034_CANONICAL_ORDER: readonly string[] = [
  'example',
  'a.example',
  'yljkjljk.a.example',
  'Z.a.example',
  'zABC.a.EXAMPLE',
  'z.example',
  '\\001.z.example',
  '*.z.example',
  '\\200.z.example',
];
