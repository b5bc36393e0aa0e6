/**
 * What each IPC channel does, as plain functions of injected parts (service, dialogs, clipboard,
 * PDF writer): app.ts passes Electron's, the tests and the e2e harness pass their own. Payloads
 * arrive here already validated by ipc.ts.
 */
import { readFile, stat } from 'node:fs/promises';
import type { IpcMainInvokeEvent } from 'electron';
import type { Assessment, Language } from '../../shared/assessment';
import type { EventChannel, EventMap } from '../../shared/ipc';
import { MAX_ASSESSMENT_FILE_BYTES, parseAssessmentJson, writeFileAtomically } from '../store/assessment-store';
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
  writePdf(path: string, assessment: Assessment, language: Language): Promise<void>;
  eventsFor(event: IpcMainInvokeEvent): RendererTarget;
}

/**
 * A JSON export is well under a megabyte; parsing and validating tens of megabytes would block
 * the main process (and with it every window) for seconds, so a bigger file is refused unread.
 */
export const MAX_IMPORT_BYTES = MAX_ASSESSMENT_FILE_BYTES;
const JSON_FILTERS: FileFilter[] = [{ name: 'MailAudit JSON', extensions: ['json'] }];
const PDF_FILTERS: FileFilter[] = [{ name: 'PDF', extensions: ['pdf'] }];

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

export function createInvokeHandlers(deps: HandlerDeps): InvokeHandlers {
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

    'report:export-pdf': async ({ assessment, language }) => {
      const path = await deps.dialogs.saveFile({ defaultName: defaultFileName(assessment, 'pdf'), filters: PDF_FILTERS });
      if (path === undefined) return { status: 'cancelled' };
      return writeOrFail(path, () => deps.writePdf(path, assessment, language));
    },

    'clipboard:write': ({ text }) => {
      deps.clipboard.writeText(text);
      return { written: true };
    },
  };
}
