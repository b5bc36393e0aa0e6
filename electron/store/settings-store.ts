/**
 * The app's settings (today: the report's branding) in one JSON file, `settings.json`, in a folder
 * of its own (the app passes `<userData>/settings`, tests a temporary folder), written atomically
 * like the saved assessments. The logo is a checked copy in the same folder, named by its content,
 * never a path to the user's file (which may move or change). A file that is missing, damaged or
 * of another version reads as the defaults with a notice; it is never fatal.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  BrandingFieldsSchema,
  SETTINGS_VERSION,
  SettingsFileSchema,
  defaultBranding,
  type BrandingFields,
  type BrandingSettings,
  type SettingsNotice,
  type StoredLogo,
} from '../../shared/branding';
import { inspectLogo, LogoError, readLogoFile, reportBranding, type ReportBranding, type ReportLogo } from '../report/branding';
import { writeFileAtomically, type AtomicWriteOptions } from './assessment-store';

const SETTINGS_FILE = 'settings.json';
/** Settings are a few hundred bytes; anything much larger is not ours. */
const MAX_SETTINGS_BYTES = 64 * 1024;
const LOGO_FILE = /^logo-[0-9a-f]{16}\.(png|jpg)$/;

export interface SettingsRead {
  branding: BrandingSettings;
  /** why (part of) the file was read as defaults */
  notice?: SettingsNotice;
  /** technical detail of the notice */
  detail?: string;
}

export interface SettingsStoreOptions {
  /** test hook between the synced temporary file and the rename (see writeFileAtomically) */
  beforeRename?: AtomicWriteOptions['beforeRename'];
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

export class SettingsStore {
  /** read-modify-write in turn: two saves at once must not lose one of them */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly options: SettingsStoreOptions = {},
  ) {}

  get file(): string {
    return path.join(this.dir, SETTINGS_FILE);
  }

  async read(): Promise<SettingsRead> {
    return (await this.#load()).read;
  }

  /** The branding the report carries (its logo re-checked), or undefined when nothing is set. */
  async reportBranding(): Promise<ReportBranding | undefined> {
    const { read, logo } = await this.#load();
    return reportBranding(read.branding, logo);
  }

  /** Saves the editable fields; `removeLogo` drops the logo as well. The logo otherwise stays. */
  saveFields(fields: BrandingFields, options: { removeLogo?: boolean } = {}): Promise<SettingsRead> {
    return this.#serial(async () => {
      const { read } = await this.#load();
      const valid = BrandingFieldsSchema.parse(fields);
      const logo = options.removeLogo ? undefined : read.branding.logo;
      return this.#write({ ...valid, ...(logo ? { logo } : {}) });
    });
  }

  /** Checks the image at `source` and keeps a copy of it as the logo; throws LogoError for a file that is not one. */
  setLogo(source: string): Promise<SettingsRead> {
    return this.#serial(async () => {
      const checked = await readLogoFile(source);
      const { read } = await this.#load();
      const hash = createHash('sha256').update(checked.bytes).digest('hex').slice(0, 16);
      const file = `logo-${hash}.${checked.type === 'png' ? 'png' : 'jpg'}`;
      await mkdir(this.dir, { recursive: true });
      // The copy first: settings naming a logo that is not there yet must never be on disk.
      await writeFileAtomically(path.join(this.dir, file), checked.bytes, { mode: 0o600 });
      const logo: StoredLogo = {
        file,
        type: checked.type,
        width: checked.width,
        height: checked.height,
        bytes: checked.bytes.length,
        originalName: path.basename(source).slice(0, 260),
      };
      return this.#write({ ...read.branding, logo });
    });
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #write(branding: BrandingSettings): Promise<SettingsRead> {
    await mkdir(this.dir, { recursive: true });
    const body = { version: SETTINGS_VERSION, branding };
    await writeFileAtomically(this.file, `${JSON.stringify(body, null, 2)}\n`, {
      mode: 0o600,
      ...(this.options.beforeRename ? { beforeRename: this.options.beforeRename } : {}),
    });
    await this.#removeOtherLogos(branding.logo?.file);
    return { branding };
  }

  /** Logos no longer named by the settings (replaced or removed); a failure here costs only disk space. */
  async #removeOtherLogos(keep: string | undefined): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(
      names.filter((n) => LOGO_FILE.test(n) && n !== keep).map((n) => rm(path.join(this.dir, n), { force: true }).catch(() => {})),
    );
  }

  async #load(): Promise<{ read: SettingsRead; logo?: ReportLogo }> {
    let text: string;
    try {
      const handle = await open(this.file, 'r');
      try {
        const { size } = await handle.stat();
        if (size > MAX_SETTINGS_BYTES)
          return { read: { branding: defaultBranding(), notice: 'invalid_settings', detail: `${size} bytes` } };
        text = await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { read: { branding: defaultBranding() } };
      return { read: { branding: defaultBranding(), notice: 'unreadable', detail: errorCode(error) } };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { read: { branding: defaultBranding(), notice: 'invalid_json', detail: (error as Error).message } };
    }
    const parsed = SettingsFileSchema.safeParse(json);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`)
        .join('; ');
      return { read: { branding: defaultBranding(), notice: 'invalid_settings', detail } };
    }
    const branding = parsed.data.branding;
    if (branding.logo === undefined) return { read: { branding } };
    // The copy is re-checked on every read: a damaged or replaced file must not reach pdfmake.
    const { logo: stored, ...rest } = branding;
    try {
      const logo = await this.#readLogo(stored);
      return { read: { branding }, logo };
    } catch (error) {
      const detail = error instanceof LogoError ? `${stored.file}: ${error.message}` : `${stored.file}: ${errorCode(error)}`;
      return { read: { branding: rest, notice: 'logo_missing', detail } };
    }
  }

  async #readLogo(stored: StoredLogo): Promise<ReportLogo> {
    const handle = await open(path.join(this.dir, stored.file), 'r');
    let bytes: Uint8Array;
    try {
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
    const logo = inspectLogo(bytes);
    if (logo.type !== stored.type) throw new LogoError('not_image', `a ${logo.type} file where the settings name a ${stored.type}`);
    return logo;
  }
}
