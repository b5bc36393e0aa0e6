/**
 * The consultant's branding of the PDF report (firm name, logo, accent colour, signature block):
 * the schema of the settings the wizard edits, of the settings file and of the CLI's --branding
 * file. The logo's bytes never pass through here: the main process reads and checks them
 * (electron/report/branding.ts).
 */
import { z } from 'zod';

/** The report's own accent (electron/report/theme.ts COLOR.accent): what an unbranded report uses. */
export const DEFAULT_ACCENT = '#1d4e89';
export const ACCENT_PATTERN = /^#[0-9a-fA-F]{6}$/;
/** Enough for a long legal name; longer text would break the cover's layout. */
export const MAX_BRANDING_TEXT = 120;
/** Logo limits: a cover logo needs far less, and a bigger image slows every export. */
export const MAX_LOGO_BYTES = 1024 * 1024;
export const MAX_LOGO_PIXELS = 4096;
export const LOGO_TYPES = ['png', 'jpeg'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

/** One line of text: trimmed, bounded, no control characters (they would act in the PDF's text). */
const line = z
  .string()
  .trim()
  .max(MAX_BRANDING_TEXT)
  .refine((s) => !/\p{Cc}/u.test(s), 'control characters are not allowed');

export const AccentColorSchema = z.string().trim().regex(ACCENT_PATTERN, 'expected a colour as #RRGGBB');

export const SignatureSchema = z.object({
  name: line.default(''),
  role: line.default(''),
  /** as the consultant writes it ("2. prosince 2026"); empty: the report's date */
  date: line.default(''),
  place: line.default(''),
});
export type Signature = z.output<typeof SignatureSchema>;

/** The editable part: everything but the logo, which is chosen through its own dialog. */
export const BrandingFieldsSchema = z.object({
  firmName: line.default(''),
  accentColor: AccentColorSchema.default(DEFAULT_ACCENT),
  signature: SignatureSchema.default({ name: '', role: '', date: '', place: '' }),
});
export type BrandingFields = z.output<typeof BrandingFieldsSchema>;

/** A logo as the settings hold it: a copy in the settings folder, named by its content. */
export const StoredLogoSchema = z.object({
  file: z.string().regex(/^logo-[0-9a-f]{16}\.(png|jpg)$/),
  type: z.enum(LOGO_TYPES),
  width: z.number().int().min(1).max(MAX_LOGO_PIXELS),
  height: z.number().int().min(1).max(MAX_LOGO_PIXELS),
  bytes: z.number().int().min(1).max(MAX_LOGO_BYTES),
  /** the name of the file the user picked, for the settings view */
  originalName: z.string().max(260),
});
export type StoredLogo = z.output<typeof StoredLogoSchema>;

export const BrandingSettingsSchema = BrandingFieldsSchema.extend({ logo: StoredLogoSchema.optional() });
export type BrandingSettings = z.output<typeof BrandingSettingsSchema>;

/** A host name has at most 253 characters; brackets and a port add a few. */
export const MAX_REFERENCE_HOST = 270;
const referenceHost = z
  .string()
  .trim()
  .max(MAX_REFERENCE_HOST)
  .refine((s) => !/\p{Cc}/u.test(s), 'control characters are not allowed');

/**
 * The network readiness test's reference hosts (the CLI's --port25-reference HOST[:PORT] and
 * --port-reference HOST), as typed; an empty or missing one is not set. Only the main process can
 * check them with the engine's own parser (electron/store/settings-store.ts checkNetwork).
 */
export const NetworkSettingsSchema = z.object({
  port25Reference: referenceHost.optional(),
  portReference: referenceHost.optional(),
});
export type NetworkSettings = z.output<typeof NetworkSettingsSchema>;

/** Version 1 files written before the network part existed have none: they still read. */
export const SETTINGS_VERSION = 1;
/** `<userData>/settings/settings.json` */
export const SettingsFileSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  branding: BrandingSettingsSchema,
  network: NetworkSettingsSchema.optional(),
});

/** The CLI's --branding file: the same fields, the logo as a path (relative to the JSON file). */
export const BrandingFileSchema = BrandingFieldsSchema.extend({ logo: z.string().min(1).max(4096).optional() }).strict();

export function defaultBranding(): BrandingSettings {
  return BrandingFieldsSchema.parse({});
}

/** Why the settings were read as defaults; the wizard shows it, nothing else changes. */
export const SETTINGS_NOTICES = ['unreadable', 'invalid_json', 'invalid_settings', 'logo_missing', 'invalid_network'] as const;
export type SettingsNotice = (typeof SETTINGS_NOTICES)[number];
