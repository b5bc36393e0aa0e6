/**
 * Bounds-checked reading and length-prefixed writing of TLS presentation-language structures
 * (RFC 8446 §3). Reads past the end throw DecodeError, which the parsers turn into typed results.
 */

export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

export class ByteReader {
  private offset = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  get position(): number {
    return this.offset;
  }

  private need(n: number): void {
    if (n > this.remaining) throw new DecodeError(`${this.what}: needs ${n} more bytes at offset ${this.offset}, ${this.remaining} left`);
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.offset++]!;
  }

  u16(): number {
    this.need(2);
    const v = (this.bytes[this.offset]! << 8) | this.bytes[this.offset + 1]!;
    this.offset += 2;
    return v;
  }

  u24(): number {
    this.need(3);
    const v = (this.bytes[this.offset]! << 16) | (this.bytes[this.offset + 1]! << 8) | this.bytes[this.offset + 2]!;
    this.offset += 3;
    return v;
  }

  bytesN(n: number): Uint8Array {
    this.need(n);
    const v = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  /** opaque<min..2^8-1> */
  vec8(min = 0): Uint8Array {
    const n = this.u8();
    if (n < min) throw new DecodeError(`${this.what}: vector of ${n} bytes, at least ${min} required`);
    return this.bytesN(n);
  }

  /** opaque<min..2^16-1> */
  vec16(min = 0): Uint8Array {
    const n = this.u16();
    if (n < min) throw new DecodeError(`${this.what}: vector of ${n} bytes, at least ${min} required`);
    return this.bytesN(n);
  }

  /** opaque<min..2^24-1> */
  vec24(min = 0): Uint8Array {
    const n = this.u24();
    if (n < min) throw new DecodeError(`${this.what}: vector of ${n} bytes, at least ${min} required`);
    return this.bytesN(n);
  }

  rest(): Uint8Array {
    return this.bytesN(this.remaining);
  }

  expectEnd(): void {
    if (this.remaining !== 0) throw new DecodeError(`${this.what}: ${this.remaining} trailing bytes`);
  }
}

export function u8(v: number): Buffer {
  return Buffer.from([v & 0xff]);
}

export function u16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
}

export function u24(v: number): Buffer {
  return Buffer.from([(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]);
}

export function vec8(body: Uint8Array): Buffer {
  if (body.length > 0xff) throw new RangeError(`vector of ${body.length} bytes does not fit a 1-byte length`);
  return Buffer.concat([u8(body.length), body]);
}

export function vec16(body: Uint8Array): Buffer {
  if (body.length > 0xffff) throw new RangeError(`vector of ${body.length} bytes does not fit a 2-byte length`);
  return Buffer.concat([u16(body.length), body]);
}

export function u16List(values: readonly number[]): Buffer {
  return Buffer.concat(values.map(u16));
}

/** Bit length of an unsigned big-endian integer. */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
