/**
 * The consultant's branding as the report uses it, and the checks a logo passes before it is
 * copied into the settings or drawn on a cover: PNG or JPEG by its magic bytes AND by its header
 * (PNG IHDR, JPEG SOF dimensions), whole (PNG chunks with their CRCs up to IEND, JPEG up to EOI),
 * within the size limits. A renamed or truncated file is refused with a reason, never handed to
 * pdfmake, which would fail the whole export.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import {
  BrandingFileSchema,
  DEFAULT_ACCENT,
  MAX_LOGO_BYTES,
  MAX_LOGO_PIXELS,
  type BrandingFields,
  type LogoType,
  type Signature,
} from '../../shared/branding';

export interface ReportLogo {
  bytes: Uint8Array;
  type: LogoType;
  width: number;
  height: number;
}

/** ReportOptions.branding: what the cover, the footer and the headings carry. */
export interface ReportBranding {
  firmName?: string;
  /** #RRGGBB */
  accentColor?: string;
  logo?: ReportLogo;
  signature?: Partial<Signature>;
}

export const LOGO_PROBLEMS = ['too_large', 'not_image', 'truncated', 'bad_dimensions', 'too_many_pixels', 'unreadable'] as const;
export type LogoProblem = (typeof LOGO_PROBLEMS)[number];

export class LogoError extends Error {
  constructor(
    readonly problem: LogoProblem,
    message: string,
  ) {
    super(message);
    this.name = 'LogoError';
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** PNG spec §5.5 (ISO 3309 CRC-32 over chunk type and data). */
function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function checkDimensions(width: number, height: number): { width: number; height: number } {
  if (width < 1 || height < 1) throw new LogoError('bad_dimensions', `the image claims ${width}×${height} pixels`);
  if (width > MAX_LOGO_PIXELS || height > MAX_LOGO_PIXELS)
    throw new LogoError('too_many_pixels', `${width}×${height} pixels, more than ${MAX_LOGO_PIXELS}×${MAX_LOGO_PIXELS}`);
  return { width, height };
}

/** PNG spec §5.3: chunks of length, type, data, CRC; IHDR first (§11.2.2), IEND last. */
function inspectPng(bytes: Uint8Array): ReportLogo {
  let at = 8;
  let size: { width: number; height: number } | undefined;
  while (true) {
    if (at + 12 > bytes.length) throw new LogoError('truncated', 'the PNG file ends inside a chunk (no IEND)');
    const length = u32(bytes, at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (length > bytes.length - at - 12)
      throw new LogoError('truncated', `the PNG chunk ${JSON.stringify(type)} runs past the end of the file`);
    if (size === undefined) {
      if (type !== 'IHDR' || length !== 13) throw new LogoError('not_image', 'the PNG file does not start with its IHDR header');
      size = checkDimensions(u32(bytes, at + 8), u32(bytes, at + 12));
    }
    if (crc32(bytes, at + 4, at + 8 + length) !== u32(bytes, at + 8 + length))
      throw new LogoError('truncated', `the PNG chunk ${JSON.stringify(type)} is damaged (CRC mismatch)`);
    at += 12 + length;
    if (type === 'IEND') break;
  }
  return { bytes, type: 'png', ...size };
}

/** ITU-T T.81 §B.1.1.3: SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size. */
function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** ITU-T T.81 Annex B: marker segments up to SOS, then entropy-coded data up to EOI. */
function inspectJpeg(bytes: Uint8Array): ReportLogo {
  let at = 2;
  let size: { width: number; height: number } | undefined;
  while (true) {
    if (at + 4 > bytes.length) throw new LogoError('truncated', 'the JPEG file ends before its image data');
    if (bytes[at] !== 0xff) throw new LogoError('not_image', `no JPEG marker at byte ${at}`);
    const marker = bytes[at + 1]!;
    // Fill bytes (0xFF) may precede a marker; standalone markers have no length.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9) throw new LogoError('truncated', 'the JPEG file ends before its image data');
    const length = u16(bytes, at + 2);
    if (length < 2 || at + 2 + length > bytes.length) throw new LogoError('truncated', 'a JPEG segment runs past the end of the file');
    if (isSof(marker)) {
      if (length < 8) throw new LogoError('not_image', 'the JPEG frame header is too short');
      size = checkDimensions(u16(bytes, at + 7), u16(bytes, at + 5));
    }
    at += 2 + length;
    if (marker === 0xda) break;
  }
  if (size === undefined) throw new LogoError('not_image', 'the JPEG file has no frame header (SOF) before its image data');
  // EOI after the scan: in entropy-coded data 0xFF is always followed by 0x00 or a marker, so FFD9 is the end.
  let end = bytes.length;
  while (end > at && bytes[end - 1] === 0x00) end--;
  if (end < at + 2 || bytes[end - 2] !== 0xff || bytes[end - 1] !== 0xd9)
    throw new LogoError('truncated', 'the JPEG file does not end with its end-of-image marker');
  return { bytes, type: 'jpeg', ...size };
}

/** Checks a logo's bytes; throws LogoError saying what is wrong. */
export function inspectLogo(bytes: Uint8Array): ReportLogo {
  if (bytes.length > MAX_LOGO_BYTES) throw new LogoError('too_large', `${bytes.length} bytes, more than ${MAX_LOGO_BYTES}`);
  if (startsWith(bytes, PNG_SIGNATURE)) return inspectPng(bytes);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return inspectJpeg(bytes);
  throw new LogoError('not_image', 'the file is neither a PNG nor a JPEG image (by its first bytes)');
}

/** Reads and checks a logo file, refusing a too large one before reading it. */
export async function readLogoFile(file: string): Promise<ReportLogo> {
  let bytes: Uint8Array;
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_LOGO_BYTES) throw new LogoError('too_large', `${size} bytes, more than ${MAX_LOGO_BYTES}`);
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof LogoError) throw error;
    throw new LogoError('unreadable', (error as NodeJS.ErrnoException).code ?? String(error));
  }
  return inspectLogo(bytes);
}

/** A data URL pdfmake draws; only ever made from bytes inspectLogo accepted. */
export function logoDataUrl(logo: ReportLogo): string {
  return `data:image/${logo.type};base64,${Buffer.from(logo.bytes).toString('base64')}`;
}

/** The report's branding from the editable fields and a checked logo; undefined when nothing differs from an unbranded report. */
export function reportBranding(fields: BrandingFields, logo?: ReportLogo): ReportBranding | undefined {
  const { name, role, date, place } = fields.signature;
  const signed = [name, role, date, place].some((v) => v !== '');
  if (!fields.firmName && !logo && !signed && fields.accentColor.toLowerCase() === DEFAULT_ACCENT) return undefined;
  return {
    ...(fields.firmName ? { firmName: fields.firmName } : {}),
    accentColor: fields.accentColor,
    signature: fields.signature,
    ...(logo ? { logo } : {}),
  };
}

export class BrandingFileError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string>,
  ) {
    super(key);
    this.name = 'BrandingFileError';
  }
}

const MAX_BRANDING_FILE_BYTES = 64 * 1024;

/** The CLI's --branding FILE: the settings' schema, the logo as a path checked like a picked one. */
export async function loadBrandingFile(file: string): Promise<ReportBranding | undefined> {
  const resolved = path.resolve(file);
  let text: string;
  try {
    const handle = await open(resolved, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_BRANDING_FILE_BYTES)
        throw new BrandingFileError('ui.settings.file.invalid', { path: file, detail: `larger than ${MAX_BRANDING_FILE_BYTES} bytes` });
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof BrandingFileError) throw error;
    throw new BrandingFileError('ui.settings.file.unreadable', {
      path: file,
      detail: (error as NodeJS.ErrnoException).code ?? String(error),
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BrandingFileError('ui.settings.file.invalid', { path: file, detail: (error as Error).message });
  }
  const parsed = BrandingFileSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`)
      .join('; ');
    throw new BrandingFileError('ui.settings.file.invalid', { path: file, detail });
  }
  const { logo: logoPath, ...fields } = parsed.data;
  let logo: ReportLogo | undefined;
  if (logoPath !== undefined) {
    const logoFile = path.resolve(path.dirname(resolved), logoPath);
    try {
      logo = await readLogoFile(logoFile);
    } catch (error) {
      if (!(error instanceof LogoError)) throw error;
      throw new BrandingFileError(`ui.settings.logo.${error.problem}`, { path: logoPath, detail: error.message });
    }
  }
  return reportBranding(fields, logo);
}
