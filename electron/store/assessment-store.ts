/**
 * Saved assessments: one JSON file per Assessment in a folder of their own (the app passes
 * `<userData>/assessments`, tests a temporary folder). Writes are atomic — a temporary file in
 * the same folder, fsync, rename over the target, fsync of the folder — so a crash leaves either
 * the old file or the new one, plus at most a stray temporary file that the next listing removes.
 * Every file is validated with parseAssessment when read; a bad one is reported, never fatal.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { parseAssessment, type Assessment } from '../../shared/assessment';
import { StoredIdSchema, type SavedAssessmentSummary, type StoreProblem } from '../../shared/ipc';
import { effectiveFindings, evaluateRequirements, overallVerdict } from '../../shared/requirements';
import { FINDING_STATUSES, type FindingStatus } from '../../shared/status';

const FILE_SUFFIX = '.json';
/** `.<id>.json.<random>.tmp`: hidden, and never matched as a saved assessment. */
const TEMP_PATTERN = /^\..+\.tmp$/;
/**
 * Larger files are not ours: refuse to read them. Real assessments are far smaller; parsing and
 * validating a file blocks the main process, so the cap is kept low (imports use it too).
 */
export const MAX_ASSESSMENT_FILE_BYTES = 8 * 1024 * 1024;

export class StoreError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_id' | 'corrupt',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface StoreListing {
  items: SavedAssessmentSummary[];
  problems: StoreProblem[];
}

export interface AssessmentStoreOptions {
  /**
   * Test hook, called after the temporary file is written and synced and before the rename:
   * throwing here is a crash at the worst moment.
   */
  beforeRename?: (tempPath: string, finalPath: string) => void | Promise<void>;
}

export function isStoredId(id: string): boolean {
  return StoredIdSchema.safeParse(id).success;
}

export function summarize(assessment: Assessment): SavedAssessmentSummary {
  const counts = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>;
  // The findings the verdicts rest on: a recorded manual test in place of its "not tested".
  for (const f of effectiveFindings(assessment)) counts[f.status] += 1;
  return {
    id: assessment.id,
    domain: assessment.request.domain,
    domainUnicode: assessment.request.domainUnicode,
    ...(assessment.request.clientName ? { clientName: assessment.request.clientName } : {}),
    startedAt: assessment.startedAt,
    finishedAt: assessment.finishedAt,
    overall: overallVerdict(evaluateRequirements(assessment)),
    counts,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface CachedEntry {
  version: string;
  entry: { ok: true; assessment: Pick<Assessment, 'id'>; summary: SavedAssessmentSummary } | { ok: false; problem?: StoreProblem };
}

export class AssessmentStore {
  /** temporary files this process is writing right now: a listing must not delete them */
  readonly #inFlight = new Set<string>();
  /** file name → its listing entry and the stat() values it was computed from */
  readonly #listCache = new Map<string, CachedEntry>();

  constructor(
    readonly dir: string,
    private readonly options: AssessmentStoreOptions = {},
  ) {}

  #fileOf(id: string): string {
    if (!isStoredId(id)) throw new StoreError('invalid_id', `not a storable assessment id: ${JSON.stringify(id)}`);
    return path.join(this.dir, `${id}${FILE_SUFFIX}`);
  }

  async save(assessment: Assessment): Promise<void> {
    const finalPath = this.#fileOf(assessment.id);
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomically(finalPath, `${JSON.stringify(assessment, null, 2)}\n`, {
      mode: 0o600,
      onTemporary: (tempPath, writing) => {
        if (writing) this.#inFlight.add(tempPath);
        else this.#inFlight.delete(tempPath);
      },
      ...(this.options.beforeRename ? { beforeRename: this.options.beforeRename } : {}),
    });
  }

  /** Reads and validates one saved assessment. */
  async read(id: string): Promise<Assessment> {
    const file = this.#fileOf(id);
    const loaded = await this.#load(file);
    if (loaded.ok) return loaded.assessment;
    if (loaded.problem === undefined) throw new StoreError('not_found', `no saved assessment ${id}`);
    throw new StoreError('corrupt', `${loaded.problem.file}: ${loaded.problem.detail}`);
  }

  async remove(id: string): Promise<boolean> {
    const file = this.#fileOf(id);
    try {
      await rm(file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /**
   * Every saved assessment, newest first, plus the files that could not be read. Stray
   * temporary files (a crash in the middle of a write) are removed on the way.
   */
  async list(): Promise<StoreListing> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { items: [], problems: [] };
      throw error;
    }
    const items: SavedAssessmentSummary[] = [];
    const problems: StoreProblem[] = [];
    const seen = new Set<string>();
    for (const name of names.sort()) {
      const file = path.join(this.dir, name);
      if (TEMP_PATTERN.test(name)) {
        if (!this.#inFlight.has(file)) await rm(file, { force: true }).catch(() => {});
        continue;
      }
      if (!name.endsWith(FILE_SUFFIX) || name.startsWith('.')) continue;
      seen.add(name);
      const loaded = await this.#loadCached(file, name);
      if (loaded.ok) {
        // A file renamed by hand must not shadow another id: the name is the address.
        if (`${loaded.assessment.id}${FILE_SUFFIX}` !== name) {
          problems.push({
            file: name,
            reason: 'invalid_assessment',
            detail: `the file name does not match the assessment id ${loaded.assessment.id}`,
          });
          continue;
        }
        items.push(loaded.summary);
      } else if (loaded.problem) {
        problems.push(loaded.problem);
      }
    }
    for (const name of this.#listCache.keys()) if (!seen.has(name)) this.#listCache.delete(name);
    items.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : a.id.localeCompare(b.id)));
    return { items, problems };
  }

  /**
   * One file of a listing: its summary (or its problem) as computed when the file last changed.
   * Reading and evaluating every saved assessment on each listing grows with the archive; the
   * key is what stat() says about the file, so an edit, a replacement or a save invalidates it.
   */
  async #loadCached(
    file: string,
    name: string,
  ): Promise<{ ok: true; assessment: Pick<Assessment, 'id'>; summary: SavedAssessmentSummary } | { ok: false; problem?: StoreProblem }> {
    let info: Stats;
    try {
      info = await stat(file);
    } catch (error) {
      this.#listCache.delete(name);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false };
      return { ok: false, problem: { file: name, reason: 'unreadable', detail: errorText(error) } };
    }
    const version = `${info.mtimeMs}:${info.ctimeMs}:${info.size}:${info.ino}`;
    const cached = this.#listCache.get(name);
    if (cached?.version === version) return cached.entry;
    const loaded = await this.#load(file);
    const entry: CachedEntry['entry'] = loaded.ok
      ? { ok: true, assessment: { id: loaded.assessment.id }, summary: summarize(loaded.assessment) }
      : loaded.problem
        ? { ok: false, problem: loaded.problem }
        : { ok: false };
    // A file that vanished between stat and read is not remembered.
    if (loaded.ok || loaded.problem) this.#listCache.set(name, { version, entry });
    else this.#listCache.delete(name);
    return entry;
  }

  async #load(file: string): Promise<{ ok: true; assessment: Assessment } | { ok: false; problem?: StoreProblem }> {
    const name = path.basename(file);
    let text: string;
    try {
      const info = await stat(file);
      if (!info.isFile()) return { ok: false, problem: { file: name, reason: 'unreadable', detail: 'not a regular file' } };
      if (info.size > MAX_ASSESSMENT_FILE_BYTES)
        return { ok: false, problem: { file: name, reason: 'unreadable', detail: `file too large (${info.size} bytes)` } };
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false };
      return { ok: false, problem: { file: name, reason: 'unreadable', detail: errorText(error) } };
    }
    const parsed = parseAssessmentJson(text);
    if (parsed.ok) return { ok: true, assessment: parsed.assessment };
    return { ok: false, problem: { file: name, reason: parsed.reason, detail: parsed.detail } };
  }
}

export type AssessmentJsonResult =
  { ok: true; assessment: Assessment } | { ok: false; reason: 'invalid_json' | 'invalid_assessment'; detail: string };

/** Parses and validates an Assessment document (a saved file or one the user opens). */
export function parseAssessmentJson(text: string): AssessmentJsonResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'invalid_json', detail: errorText(error) };
  }
  const parsed = parseAssessment(json);
  if (!parsed.ok) return { ok: false, reason: 'invalid_assessment', detail: parsed.errors.slice(0, 5).join('; ') };
  return { ok: true, assessment: parsed.value };
}

/** Makes a rename durable (POSIX); Windows cannot open a directory for sync and needs no such step. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface AtomicWriteOptions {
  /** permissions of a new file (saved assessments are private: 0o600) */
  mode?: number;
  /** called with true when the temporary file is about to be created, false once it is gone or renamed */
  onTemporary?: (tempPath: string, writing: boolean) => void;
  /** test hook between the synced temporary file and the rename: throwing here is a crash at the worst moment */
  beforeRename?: (tempPath: string, finalPath: string) => void | Promise<void>;
}

/**
 * The one atomic write for every file the app writes (saved assessments, JSON and PDF exports,
 * the CLI's output): a temporary file in the same folder, fsync, rename over the target, fsync
 * of the folder. A crash leaves the old file or the new one, never half of either.
 */
export async function writeFileAtomically(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  const tempPath = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  options.onTemporary?.(tempPath, true);
  try {
    const handle = await open(tempPath, 'wx', options.mode ?? 0o644);
    try {
      await handle.writeFile(data);
      // The data must be on disk before the rename makes it the file of record.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeRename?.(tempPath, file);
    await rename(tempPath, file);
    // Without this the rename itself may be lost in a power cut.
    await syncDirectory(dir);
  } catch (error) {
    await rm(tempPath, { force: true }).catch(() => {});
    throw error;
  } finally {
    options.onTemporary?.(tempPath, false);
  }
}
