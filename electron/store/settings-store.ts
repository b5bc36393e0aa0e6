/**
 * The app's settings (the report's branding, the network readiness test's reference hosts) in one JSON file, `settings.json`, in a folder
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
  NetworkSettingsSchema,
  SETTINGS_VERSION,
  SettingsFileSchema,
  defaultBranding,
  type BrandingFields,
  type BrandingSettings,
  type NetworkSettings,
  type SettingsNotice,
  type StoredLogo,
} from '../../shared/branding';
import { inspectLogo, LogoError, readLogoFile, reportBranding, type ReportBranding, type ReportLogo } from '../report/branding';
import { AssessmentInputError, portReference } from '../engine/engine';
import { parseHostPort } from '../engine/net/connect';
import { writeFileAtomically, type AtomicWriteOptions } from './assessment-store';

const SETTINGS_FILE = 'settings.json';
/** Settings are a few hundred bytes; anything much larger is not ours. */
const MAX_SETTINGS_BYTES = 64 * 1024;
const LOGO_FILE = /^logo-[0-9a-f]{16}\.(png|jpg)$/;

export interface SettingsRead {
  branding: BrandingSettings;
  /** the reference hosts, when any is set */
  network?: NetworkSettings;
  /** why (part of) the file was read as defaults */
  notice?: SettingsNotice;
  /** technical detail of the notice */
  detail?: string;
}

export interface SettingsStoreOptions {
  /** test hook between the synced temporary file and the rename (see writeFileAtomically) */
  beforeRename?: AtomicWriteOptions['beforeRename'];
}

type NetworkField = keyof NetworkSettings;

/** A reference host the engine would refuse; `detail` is the parser's reason. */
export class NetworkSettingsError extends Error {
  constructor(
    readonly field: NetworkField,
    readonly value: string,
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = 'NetworkSettingsError';
  }
}

/**
 * The reference hosts trimmed, an empty one dropped, each checked with the parsing the engine
 * applies at the start of a run (engine.ts engineSettings / portReference), so a saved value never
 * fails a run. Throws a NetworkSettingsError naming the first bad field.
 */
function checkNetwork(network: NetworkSettings): NetworkSettings {
  const valid = NetworkSettingsSchema.parse(network);
  const checked: NetworkSettings = {};
  const port25 = valid.port25Reference;
  if (port25) {
    try {
      parseHostPort(port25, 25);
    } catch (error) {
      throw new NetworkSettingsError('port25Reference', port25, (error as Error).message);
    }
    checked.port25Reference = port25;
  }
  const ports = valid.portReference;
  if (ports) {
    try {
      portReference(ports);
    } catch (error) {
      const detail = error instanceof AssessmentInputError ? (error.params['detail'] ?? error.message) : (error as Error).message;
      throw new NetworkSettingsError('portReference', ports, detail);
    }
    checked.portReference = ports;
  }
  return checked;
}

function hasHosts(network: NetworkSettings | undefined): network is NetworkSettings {
  return network !== undefined && Object.keys(network).length > 0;
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

  /** In turn with the saves: a read asked for before a save answers what was there before it, never after. */
  read(): Promise<SettingsRead> {
    return this.#serial(async () => (await this.#load()).read);
  }

  /** The branding the report carries (its logo re-checked), or undefined when nothing is set. */
  async reportBranding(): Promise<ReportBranding | undefined> {
    const { read, logo } = await this.#load();
    return reportBranding(read.branding, logo);
  }

  /**
   * Saves the editable fields; `removeLogo` drops the logo as well. The logo otherwise stays, and
   * so do the reference hosts unless `network` is given (it then replaces them; a bad host throws
   * a NetworkSettingsError before anything is written).
   */
  saveFields(fields: BrandingFields, options: { removeLogo?: boolean; network?: NetworkSettings } = {}): Promise<SettingsRead> {
    return this.#serial(async () => {
      const valid = BrandingFieldsSchema.parse(fields);
      const network = options.network === undefined ? undefined : checkNetwork(options.network);
      const { read } = await this.#load();
      const logo = options.removeLogo ? undefined : read.branding.logo;
      return this.#write({ ...valid, ...(logo ? { logo } : {}) }, network ?? read.network);
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
      return this.#write({ ...read.branding, logo }, read.network);
    });
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #write(branding: BrandingSettings, network: NetworkSettings | undefined): Promise<SettingsRead> {
    await mkdir(this.dir, { recursive: true });
    const withNetwork = hasHosts(network) ? { network } : {};
    const body = { version: SETTINGS_VERSION, branding, ...withNetwork };
    await writeFileAtomically(this.file, `${JSON.stringify(body, null, 2)}\n`, {
      mode: 0o600,
      ...(this.options.beforeRename ? { beforeRename: this.options.beforeRename } : {}),
    });
    await this.#removeOtherLogos(branding.logo?.file);
    return { branding, ...withNetwork };
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
    // A host edited by hand into one the engine refuses is dropped: runs use the defaults, the branding stays.
    let network: { network?: NetworkSettings } = {};
    let networkProblem: { notice: SettingsNotice; detail: string } | undefined;
    try {
      const checked = checkNetwork(parsed.data.network ?? {});
      if (hasHosts(checked)) network = { network: checked };
    } catch (error) {
      networkProblem = { notice: 'invalid_network', detail: (error as Error).message };
    }
    if (branding.logo === undefined) return { read: { branding, ...network, ...networkProblem } };
    // The copy is re-checked on every read: a damaged or replaced file must not reach pdfmake.
    const { logo: stored, ...rest } = branding;
    try {
      const logo = await this.#readLogo(stored);
      return { read: { branding, ...network, ...networkProblem }, logo };
    } catch (error) {
      const detail = error instanceof LogoError ? `${stored.file}: ${error.message}` : `${stored.file}: ${errorCode(error)}`;
      return { read: { branding: rest, ...network, notice: 'logo_missing', detail } };
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
