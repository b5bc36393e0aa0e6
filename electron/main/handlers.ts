/**
 * What each IPC channel does, as plain functions of injected parts (service, dialogs, clipboard,
 * PDF writer): app.ts passes Electron's, the tests and the e2e harness pass their own. Payloads
 * arrive here already validated by ipc.ts.
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import type { Assessment, Language } from '../../shared/assessment';
import type { PublishableTlsa } from '../../shared/dane/publish';
import { parseTrustAnchorFile, TrustAnchorError } from '../../shared/dnssec/presentation';
import type { TrustAnchor } from '../../shared/dnssec/types';
import type { NetworkSettings } from '../../shared/branding';
import type { EventChannel, EventMap, SettingsAnswer, TlsaFileAnswer, TrustAnchorState } from '../../shared/ipc';
import {
  CertificateFileError,
  MAX_CERTIFICATE_FILE_BYTES,
  readCertificateFile,
  tlsaRecordsForFile,
} from '../engine/net/dane/certificate-file';
import { LogoError, type ReportBranding } from '../report/branding';
import { MAX_ASSESSMENT_FILE_BYTES, parseAssessmentJson, writeFileAtomically } from '../store/assessment-store';
import { NetworkSettingsError, type SettingsRead, type SettingsStore } from '../store/settings-store';
import { PlanExportError, writePlanExport } from './plan-export';
import type { AssessmentService } from './assessment-service';
import { IpcFailure, type InvokeHandlers } from './ipc';

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** The native file dialogs; `undefined` when the user closes them without choosing. */
export interface Dialogs {
  saveFile(options: { defaultName: string; filters: FileFilter[] }): Promise<string | undefined>;
  openFile(options: { filters: FileFilter[] }): Promise<string | undefined>;
  /** a folder, which the dialog lets the user create */
  chooseFolder(): Promise<string | undefined>;
}

/** Where events for the page that made a request go, and how to learn that the page is gone. */
export interface RendererTarget {
  send<C extends EventChannel>(channel: C, payload: EventMap[C]): void;
  /** returns the function that removes the callback again */
  onGone(callback: () => void): () => void;
}

export interface HandlerDeps {
  version: string;
  service: AssessmentService;
  dialogs: Dialogs;
  clipboard: { writeText(text: string): void };
  /** `branding`: the saved settings' (read by the handler for every export), when any are set */
  writePdf(path: string, assessment: Assessment, language: Language, previous?: Assessment, branding?: ReportBranding): Promise<void>;
  /** the report's branding settings (`<userData>/settings`); without them exports are unbranded and settings:* fail */
  settings?: SettingsStore;
  eventsFor(event: IpcMainInvokeEvent): RendererTarget;
  /** the clock of password tokens (epoch ms); tests move it */
  now?: () => number;
}

/**
 * A JSON export is well under a megabyte; parsing and validating tens of megabytes would block
 * the main process (and with it every window) for seconds, so a bigger file is refused unread.
 */
export const MAX_IMPORT_BYTES = MAX_ASSESSMENT_FILE_BYTES;
const JSON_FILTERS: FileFilter[] = [{ name: 'MailAudit JSON', extensions: ['json'] }];
const PDF_FILTERS: FileFilter[] = [{ name: 'PDF', extensions: ['pdf'] }];
const ALL_FILES: FileFilter = { name: 'All files', extensions: ['*'] };
const LOGO_FILTERS: FileFilter[] = [{ name: 'PNG, JPEG', extensions: ['png', 'jpg', 'jpeg'] }];
const TRUST_ANCHOR_FILTERS: FileFilter[] = [{ name: 'DNSSEC trust anchors', extensions: ['ds', 'key', 'keys', 'conf', 'txt'] }, ALL_FILES];
const CERTIFICATE_FILTERS: FileFilter[] = [
  { name: 'Certificates', extensions: ['pem', 'crt', 'cer', 'der', 'pfx', 'p12', 'csr', 'req', 'p7b', 'p7c'] },
  ALL_FILES,
];

/** A real trust-anchor file is a few kilobytes (parseTrustAnchorFile refuses more than a million characters). */
const MAX_TRUST_ANCHOR_BYTES = 1_000_000;
/** How long a certificate file waits in the main process for its password. */
export const PASSWORD_TOKEN_TTL_MS = 5 * 60_000;
/** Files waiting for a password at once; an older one is dropped (its token then answers not_found). */
const MAX_PENDING_FILES = 4;

/**
 * `MailAudit firma.cz 2026-03-01.pdf`: the Unicode domain reads better. The result is a bare file
 * name (the dialog joins it to the documents folder): the values come from a document that may
 * have been edited, so the date is used only when it is one and the name keeps no path characters.
 */
export function defaultFileName(assessment: Assessment, extension: 'pdf' | 'json'): string {
  const date = /^\d{4}-\d{2}-\d{2}(?=T)/.exec(assessment.startedAt)?.[0];
  const domain = assessment.request.domainUnicode.replace(/[^\p{L}\p{N}.-]/gu, '_').slice(0, 100);
  const name = ['MailAudit', domain, date].filter((part) => part !== undefined && part !== '').join(' ');
  return `${safeBaseName(name)}.${extension}`;
}

/** No separators of any platform, no control characters, and never `.` or `..` on its own. */
function safeBaseName(name: string): string {
  const cleaned = name.replace(/[/\\:*?"<>|\u0000-\u001f\u007f]/g, '_').trim();
  return cleaned === '' || /^\.+$/.test(cleaned) ? 'MailAudit' : cleaned;
}

function detail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function writeOrFail(path: string, write: () => Promise<void>): Promise<{ status: 'saved'; path: string }> {
  try {
    await write();
  } catch (error) {
    throw new IpcFailure('write_failed', `${path}: ${detail(error)}`, 'ui.error.write_failed', { path, detail: detail(error) });
  }
  return { status: 'saved', path };
}

/** The anchors of a file as the page shows them: owner, key tag, algorithm (digest type of a DS). */
export function trustAnchorState(custom: { path: string; anchors: readonly TrustAnchor[] } | undefined): TrustAnchorState {
  if (custom === undefined) return {};
  return {
    custom: {
      path: custom.path,
      anchors: custom.anchors.map((a) => ({
        owner: a.owner,
        kind: a.kind,
        keyTag: a.data.keyTag,
        algorithm: a.data.algorithm,
        ...(a.kind === 'ds' ? { digestType: a.data.digestType } : {}),
      })),
    },
  };
}

/** Reads a file the user chose, refusing one over `limit` bytes before reading it; failures are `invalid_file` with `key`. */
async function readChosenFile(path: string, limit: number, tooLarge: IpcFailure): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (info.size > limit) throw tooLarge;
    return await readFile(path);
  } catch (error) {
    if (error instanceof IpcFailure) throw error;
    throw new IpcFailure('invalid_file', `${path}: ${detail(error)}`, 'ui.error.read_failed', { path, detail: detail(error) });
  }
}

interface PendingFile {
  bytes: Uint8Array;
  fileName: string;
  expires: number;
}

/**
 * Certificate files waiting for their password, by token. The bytes stay here, so the page
 * answers with a token and a password, never with a path the main process would then open.
 */
class PendingFiles {
  readonly #files = new Map<string, PendingFile>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  add(bytes: Uint8Array, fileName: string): string {
    this.#sweep();
    while (this.#files.size >= MAX_PENDING_FILES) this.#files.delete(this.#files.keys().next().value!);
    const token = randomUUID();
    this.#files.set(token, { bytes, fileName, expires: this.#now() + PASSWORD_TOKEN_TTL_MS });
    return token;
  }

  get(token: string): PendingFile | undefined {
    this.#sweep();
    return this.#files.get(token);
  }

  delete(token: string): void {
    this.#files.delete(token);
  }

  #sweep(): void {
    const now = this.#now();
    for (const [token, file] of this.#files) if (file.expires <= now) this.#files.delete(token);
  }
}

/** The records and what the file holds, for the page; a file that yields nothing is an error like a damaged one. */
function tlsaAnswer(fileName: string, contents: Awaited<ReturnType<typeof readCertificateFile>>): TlsaFileAnswer {
  const records = tlsaRecordsForFile(contents).map((r): PublishableTlsa => ({
    ...r.record,
    role: r.role,
    source: r.source,
    subject: r.subject,
  }));
  if (records.length === 0) {
    throw new IpcFailure('invalid_file', `${fileName}: no certificate to make a TLSA record from`, 'certificate_file.no_records', {
      file: fileName,
    });
  }
  return {
    status: 'read',
    fileName,
    certificates: contents.certificates.map((c) => ({ subject: c.subject, issuer: c.issuer, notAfter: c.notAfter, isCa: c.isCa })),
    ...(contents.csr ? { csr: { subject: contents.csr.subject } } : {}),
    records,
  };
}

function certificateFailure(error: unknown, fileName: string): unknown {
  if (!(error instanceof CertificateFileError)) return error;
  return new IpcFailure('invalid_file', error.message, `certificate_file.${error.kind}`, { file: fileName, detail: error.message });
}

function settingsAnswer(read: SettingsRead): SettingsAnswer {
  return { branding: read.branding, ...(read.network ? { network: read.network } : {}), ...(read.notice ? { notice: read.notice } : {}) };
}

/** The saved reference hosts as the assessment service takes them (undefined: the engine's defaults). */
export function referenceHosts(network: NetworkSettings | undefined): AssessmentService['referenceHosts'] {
  if (!network?.port25Reference && !network?.portReference) return undefined;
  return {
    ...(network.port25Reference ? { port25: network.port25Reference } : {}),
    ...(network.portReference ? { ports: network.portReference } : {}),
  };
}

const NETWORK_ERROR_KEYS: Record<NetworkSettingsError['field'], string> = {
  port25Reference: 'ui.settings.network.port25_invalid',
  portReference: 'ui.settings.network.ports_invalid',
};

export function createInvokeHandlers(deps: HandlerDeps): InvokeHandlers {
  const pending = new PendingFiles(deps.now ?? Date.now);
  const settings = (): SettingsStore => {
    if (deps.settings === undefined) throw new IpcFailure('internal', 'no settings store');
    return deps.settings;
  };

  /** Reads a certificate file; a password it needs and does not have parks it under a token. */
  const readCertificate = async (bytes: Uint8Array, fileName: string, password?: string, token?: string): Promise<TlsaFileAnswer> => {
    try {
      const answer = tlsaAnswer(fileName, await readCertificateFile(bytes, fileName, password));
      if (token) pending.delete(token);
      return answer;
    } catch (error) {
      if (error instanceof CertificateFileError && (error.kind === 'password-required' || error.kind === 'wrong-password')) {
        return {
          status: 'password-required',
          token: token ?? pending.add(bytes, fileName),
          fileName,
          wrongPassword: error.kind === 'wrong-password',
        };
      }
      if (token) pending.delete(token);
      throw certificateFailure(error, fileName);
    }
  };

  return {
    'app:version': () => ({ version: deps.version }),

    'assessment:start': (request, event) => {
      const target = deps.eventsFor(event);
      let stopWatching = () => {};
      const run = deps.service.start(request, {
        progress: (progress) => target.send('assessment:progress', { runId: run.runId, event: progress }),
        finished: (outcome) => {
          stopWatching();
          target.send('assessment:finished', { runId: run.runId, outcome });
        },
      });
      // A window closed mid-run must not leave the engine working for nobody.
      stopWatching = target.onGone(() => deps.service.cancel(run.runId));
      return { runId: run.runId, checks: run.checks };
    },

    'assessment:cancel': ({ runId }) => ({ cancelled: deps.service.cancel(runId) }),

    'assessment:list': () => deps.service.list(),

    'assessment:open': ({ id }) => deps.service.open(id),

    'assessment:delete': async ({ id }) => ({ deleted: await deps.service.remove(id) }),

    'assessment:save': async ({ assessment }) => {
      await deps.service.save(assessment);
      return { id: assessment.id };
    },

    'assessment:record-manual-test': ({ id, test }) => deps.service.recordManualTest(id, test),

    'assessment:import-json': async () => {
      const path = await deps.dialogs.openFile({ filters: JSON_FILTERS });
      if (path === undefined) return { status: 'cancelled' };
      let text: string;
      try {
        const info = await stat(path);
        if (info.size > MAX_IMPORT_BYTES) {
          throw new IpcFailure(
            'invalid_file',
            `${path}: the file has ${info.size} bytes, more than the ${MAX_IMPORT_BYTES} an assessment can have`,
            'ui.error.file_too_large',
            { path, size: String(info.size), limit: String(MAX_IMPORT_BYTES) },
          );
        }
        text = await readFile(path, 'utf8');
      } catch (error) {
        if (error instanceof IpcFailure) throw error;
        throw new IpcFailure('invalid_file', `${path}: ${detail(error)}`, 'ui.error.read_failed', { path, detail: detail(error) });
      }
      const parsed = parseAssessmentJson(text);
      if (!parsed.ok) {
        throw new IpcFailure('invalid_file', `${path}: ${parsed.detail}`, 'ui.error.not_assessment', { path, detail: parsed.detail });
      }
      return { status: 'opened', assessment: parsed.assessment, path };
    },

    'assessment:export-json': async ({ assessment }) => {
      const path = await deps.dialogs.saveFile({ defaultName: defaultFileName(assessment, 'json'), filters: JSON_FILTERS });
      if (path === undefined) return { status: 'cancelled' };
      return writeOrFail(path, () => writeFileAtomically(path, `${JSON.stringify(assessment, null, 2)}\n`));
    },

    'report:export-pdf': async ({ assessment, language, previous }) => {
      const path = await deps.dialogs.saveFile({ defaultName: defaultFileName(assessment, 'pdf'), filters: PDF_FILTERS });
      if (path === undefined) return { status: 'cancelled' };
      // Read at each export: the settings view may have changed them since the last one.
      const branding = await deps.settings?.reportBranding();
      return writeOrFail(path, () => deps.writePdf(path, assessment, language, previous, branding));
    },

    'plan:export': async ({ assessment, language }) => {
      const dir = await deps.dialogs.chooseFolder();
      if (dir === undefined) return { status: 'cancelled' };
      try {
        const generatedAt = new Date((deps.now ?? Date.now)());
        const files = await writePlanExport(dir, assessment, { lang: language, version: deps.version, generatedAt });
        return { status: 'saved', path: dir, files };
      } catch (error) {
        if (error instanceof PlanExportError)
          throw new IpcFailure('write_failed', error.message, `ui.plan_export.${error.reason}`, { path: dir });
        throw new IpcFailure('write_failed', `${dir}: ${detail(error)}`, 'ui.error.write_failed', { path: dir, detail: detail(error) });
      }
    },

    'trust-anchor:get': () => trustAnchorState(deps.service.trustAnchor),

    'trust-anchor:choose': async () => {
      const path = await deps.dialogs.openFile({ filters: TRUST_ANCHOR_FILTERS });
      if (path === undefined) return { status: 'cancelled' };
      const bytes = await readChosenFile(
        path,
        MAX_TRUST_ANCHOR_BYTES,
        new IpcFailure('invalid_file', `${path}: larger than ${MAX_TRUST_ANCHOR_BYTES} bytes`, 'ui.trust_anchor.too_large', { path }),
      );
      let anchors: TrustAnchor[];
      try {
        anchors = parseTrustAnchorFile(bytes, path);
      } catch (error) {
        if (!(error instanceof TrustAnchorError)) throw error;
        // What is in use stays as it was: a half-read anchor file would decide what the audit believes.
        throw new IpcFailure(
          'invalid_file',
          `${path}: ${error.message}`,
          error.line > 0 ? 'ui.trust_anchor.invalid_line' : 'ui.trust_anchor.invalid',
          { path, line: String(error.line), reason: error.reason },
        );
      }
      deps.service.trustAnchor = { path, anchors };
      return { status: 'set', state: trustAnchorState(deps.service.trustAnchor) };
    },

    'trust-anchor:reset': () => {
      deps.service.trustAnchor = undefined;
      return trustAnchorState(undefined);
    },

    'tlsa:from-file': async () => {
      const path = await deps.dialogs.openFile({ filters: CERTIFICATE_FILTERS });
      if (path === undefined) return { status: 'cancelled' };
      const fileName = basename(path);
      const bytes = await readChosenFile(
        path,
        MAX_CERTIFICATE_FILE_BYTES,
        new IpcFailure('invalid_file', `${path}: larger than ${MAX_CERTIFICATE_FILE_BYTES} bytes`, 'certificate_file.too-large', {
          file: fileName,
        }),
      );
      return readCertificate(bytes, fileName);
    },

    'tlsa:unlock': async ({ token, password }) => {
      const file = pending.get(token);
      if (file === undefined) {
        throw new IpcFailure('not_found', 'the certificate file is no longer waiting for its password', 'ui.tlsa.token_expired');
      }
      return readCertificate(file.bytes, file.fileName, password, token);
    },

    'settings:get': async () => settingsAnswer(await settings().read()),

    'settings:save': async ({ removeLogo, network, ...fields }) => {
      const store = settings();
      try {
        const read = await store.saveFields(fields, { removeLogo: removeLogo === true, ...(network ? { network } : {}) });
        deps.service.referenceHosts = referenceHosts(read.network);
        return settingsAnswer(read);
      } catch (error) {
        if (error instanceof NetworkSettingsError) {
          throw new IpcFailure('invalid_payload', error.message, NETWORK_ERROR_KEYS[error.field], {
            field: error.field,
            value: error.value,
            detail: error.detail,
          });
        }
        throw new IpcFailure('write_failed', `${store.file}: ${detail(error)}`, 'ui.error.write_failed', {
          path: store.file,
          detail: detail(error),
        });
      }
    },

    'settings:pick-logo': async () => {
      const store = settings();
      const path = await deps.dialogs.openFile({ filters: LOGO_FILTERS });
      if (path === undefined) return { status: 'cancelled' };
      try {
        return { status: 'set', settings: settingsAnswer(await store.setLogo(path)) };
      } catch (error) {
        if (error instanceof LogoError)
          throw new IpcFailure('invalid_file', `${path}: ${error.message}`, `ui.settings.logo.${error.problem}`, {
            path: basename(path),
            detail: error.message,
          });
        throw new IpcFailure('write_failed', `${store.dir}: ${detail(error)}`, 'ui.error.write_failed', {
          path: store.dir,
          detail: detail(error),
        });
      }
    },

    'clipboard:write': ({ text }) => {
      deps.clipboard.writeText(text);
      return { written: true };
    },
  };
}
