/**
 * Images for the branding tests: a PNG encoder for solid-colour logos (no image library in the
 * project), JPEGs cut out of a rendered page by pdftoppm, and rendered pages read back as PPM
 * pixels to look for the accent colour and the logo.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

/** poppler-utils, installed like for pdf-text.ts */
function poppler(tool: 'pdftoppm', args: string[]): void {
  execFileSync(tool, args);
}

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A truecolour PNG of one colour (`rgb` as #RRGGBB), `width`×`height` pixels. */
export function solidPng(width: number, height: number, rgb: string): Buffer {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(rgb.slice(i, i + 2), 16));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r!, g!, b!], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

export interface Pixels {
  width: number;
  height: number;
  data: Buffer;
}

/** Page `page` of a PDF at `dpi`, as pixels (pdftoppm's PPM). */
export function renderPage(pdf: string, out: string, page = 1, dpi = 50): Pixels {
  poppler('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', pdf, out]);
  const bytes = readFileSync(`${out}.ppm`);
  // P6 header: magic, width, height, maxval, each followed by one whitespace byte.
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error(`${out}.ppm is not a binary PPM`);
  return { width: Number(header[1]), height: Number(header[2]), data: bytes.subarray(header[0].length) };
}

/** A JPEG of a region of page 1 (pdftoppm -jpeg -x -y -W -H), in pixels at `dpi`. */
export function jpegOfRegion(pdf: string, out: string, region: { x: number; y: number; w: number; h: number }, dpi = 72): Buffer {
  poppler('pdftoppm', [
    '-jpeg',
    '-r',
    String(dpi),
    '-f',
    '1',
    '-l',
    '1',
    '-x',
    String(region.x),
    '-y',
    String(region.y),
    '-W',
    String(region.w),
    '-H',
    String(region.h),
    '-singlefile',
    pdf,
    out,
  ]);
  return readFileSync(`${out}.jpg`);
}

/**
 * Pixels within `tolerance` (per channel) of `rgb`, optionally only inside a region given as
 * fractions of the page ([x0, y0, x1, y1]).
 */
export function countColour(pixels: Pixels, rgb: string, tolerance = 24, region: [number, number, number, number] = [0, 0, 1, 1]): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(rgb.slice(i, i + 2), 16)) as [number, number, number];
  const [x0, y0, x1, y1] = [region[0] * pixels.width, region[1] * pixels.height, region[2] * pixels.width, region[3] * pixels.height].map(
    Math.round,
  ) as [number, number, number, number];
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * pixels.width + x) * 3;
      if (
        Math.abs(pixels.data[i]! - r) <= tolerance &&
        Math.abs(pixels.data[i + 1]! - g) <= tolerance &&
        Math.abs(pixels.data[i + 2]! - b) <= tolerance
      )
        count++;
    }
  }
  return count;
}
