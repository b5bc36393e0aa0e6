/**
 * inspectLogo's JPEG header walk (ITU-T T.81 Annex B) on hand-made marker sequences: the frame
 * size comes from SOF (height before width), the file must reach EOI after the scan, and a file
 * without SOF, with garbage between segments, or with a size out of bounds is refused. Real
 * JPEGs (libjpeg's, via pdftoppm) are drawn in branding-pdf.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { inspectLogo, LogoError } from '../../../electron/report/branding';
import { solidPng } from './images';

function segment(marker: number, body: number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

/** SOI, APP0, SOFn, SOS, scan data, EOI. */
function jpeg(options: { width?: number; height?: number; sof?: number; eoi?: boolean; between?: number[] } = {}): Uint8Array {
  const { width = 320, height = 100, sof = 0xc0, eoi = true, between = [] } = options;
  return Uint8Array.from([
    0xff,
    0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...between,
    ...(sof ? segment(sof, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]) : []),
    ...segment(0xda, [1, 1, 0, 0, 63, 0]),
    // entropy-coded data with a stuffed 0xFF 0x00 and a restart marker
    0x12,
    0xff,
    0x00,
    0x34,
    0xff,
    0xd0,
    0x56,
    ...(eoi ? [0xff, 0xd9] : []),
  ]);
}

function problem(bytes: Uint8Array): string {
  try {
    inspectLogo(bytes);
    return 'accepted';
  } catch (error) {
    if (error instanceof LogoError) return error.problem;
    throw error;
  }
}

describe('inspectLogo: JPEG', () => {
  it('reads the frame size from SOF0 and SOF2 (progressive), height before width', () => {
    expect(inspectLogo(jpeg())).toMatchObject({ type: 'jpeg', width: 320, height: 100 });
    expect(inspectLogo(jpeg({ sof: 0xc2, width: 17, height: 4096 }))).toMatchObject({ width: 17, height: 4096 });
  });

  it('accepts zero padding after EOI and fill bytes before a marker', () => {
    expect(problem(Uint8Array.from([...jpeg(), 0, 0, 0]))).toBe('accepted');
    expect(problem(jpeg({ between: [0xff, 0xff] }))).toBe('accepted');
  });

  it.each([
    ['cut off in the scan (no EOI)', () => jpeg({ eoi: false }), 'truncated'],
    ['cut off in a segment', () => jpeg().subarray(0, 12), 'truncated'],
    ['only the magic bytes', () => Uint8Array.from([0xff, 0xd8, 0xff]), 'truncated'],
    ['no SOF before the scan', () => jpeg({ sof: 0 }), 'not_image'],
    ['DHT (C4) is not a frame header', () => jpeg({ sof: 0xc4 }), 'not_image'],
    ['garbage between segments', () => jpeg({ between: [0x00, 0x01] }), 'not_image'],
    ['EOI before any image data', () => Uint8Array.from([0xff, 0xd8, 0xff, 0xd9, 0, 0]), 'truncated'],
    ['zero height', () => jpeg({ height: 0 }), 'bad_dimensions'],
    ['wider than 4096 px', () => jpeg({ width: 4097 }), 'too_many_pixels'],
  ])('refuses a JPEG %s', (_name, bytes, expected) => {
    expect(problem(bytes())).toBe(expected);
  });
});

describe('inspectLogo: PNG and others', () => {
  it('reads the size from IHDR', () => {
    expect(inspectLogo(solidPng(33, 7, '#000000'))).toMatchObject({ type: 'png', width: 33, height: 7 });
  });

  it.each([
    ['zero width', () => solidPng(0, 5, '#000000'), 'bad_dimensions'],
    ['4097 px high', () => solidPng(1, 4097, '#000000'), 'too_many_pixels'],
    ['GIF', () => Buffer.from('GIF89a\x01\x00\x01\x00'), 'not_image'],
    ['empty', () => new Uint8Array(), 'not_image'],
    ['over 1 MiB', () => new Uint8Array(1024 * 1024 + 1), 'too_large'],
  ])('refuses %s', (_name, bytes, expected) => {
    expect(problem(bytes())).toBe(expected);
  });
});
