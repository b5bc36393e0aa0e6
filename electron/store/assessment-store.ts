/**
 * Saved assessments: one JSON file per Assessment in a folder of their own (the app passes
 * `<userData>/assessments`, tests a temporary folder). Writes are atomic — a temporary file in
 * the same folder, fsync, rename over the target, fsync of the folder — so a crash leaves either
 * the old file or the new one, plus at most a stray temporary file that the next listing removes.
 * Every file is validated with parseAssessment when read; a bad one is reported, never fatal.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseAssessment, type Assessment } from '../../shared/assessment';
import { StoredIdSchema, type SavedAssessmentSummary, type StoreProblem } from '../../shared/ipc';
import { evaluateRequirements, overallVerdict } from '../../shared/requirements';
import { FINDING_STATUSES, type FindingStatus } from '../../shared/status';

const FILE_SUFFIX = '.json';
/** `.<id>.json.<random>.tmp`: hidden, and never matched as a saved assessment. */
const TEMP_PATTERN = /^\..+\.tmp$/;
/** Larger files are not ours: refuse to read them into memory. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

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
  for (const f of assessment.findings) counts[f.status] += 1;
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

export class AssessmentStore {
  /** temporary files this process is writing right now: a listing must not delete them */
  readonly #inFlight = new Set<string>();

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
    const tempPath = path.join(this.dir, `.${assessment.id}${FILE_SUFFIX}.${randomBytes(6).toString('hex')}.tmp`);
    this.#inFlight.add(tempPath);
    try {
      const handle = await open(tempPath, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(assessment, null, 2)}\n`, 'utf8');
        // The data must be on disk before the rename makes it the file of record.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await this.options.beforeRename?.(tempPath, finalPath);
      await rename(tempPath, finalPath);
      await syncDirectory(this.dir);
    } catch (error) {
      await rm(tempPath, { force: true }).catch(() => {});
      throw error;
    } finally {
      this.#inFlight.delete(tempPath);
    }
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
    for (const name of names.sort()) {
      const file = path.join(this.dir, name);
      if (TEMP_PATTERN.test(name)) {
        if (!this.#inFlight.has(file)) await rm(file, { force: true }).catch(() => {});
        continue;
      }
      if (!name.endsWith(FILE_SUFFIX) || name.startsWith('.')) continue;
      const loaded = await this.#load(file);
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
        items.push(summarize(loaded.assessment));
      } else if (loaded.problem) {
        problems.push(loaded.problem);
      }
    }
    items.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : a.id.localeCompare(b.id)));
    return { items, problems };
  }

  async #load(file: string): Promise<{ ok: true; assessment: Assessment } | { ok: false; problem?: StoreProblem }> {
    const name = path.basename(file);
    let text: string;
    try {
      const info = await stat(file);
      if (!info.isFile()) return { ok: false, problem: { file: name, reason: 'unreadable', detail: 'not a regular file' } };
      if (info.size > MAX_FILE_BYTES)
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

/** Writes any file atomically (exports chosen in a save dialog, JSON and PDF, use the same discipline). */
export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const tempPath = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tempPath, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, file);
  } catch (error) {
    await rm(tempPath, { force: true }).catch(() => {});
    throw error;
  }
}
