/**
 * Writes the exported remediation plan (shared/remediation/export) into a folder, for the CLI's
 * `--plan-dir` and the wizard's "Export plan". The folder must be new or empty: the files are
 * scripts an administrator will run, so we never overwrite or sit beside files we did not write.
 */
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Assessment } from '../../shared/assessment';
import { buildPlanExport, encodeExportFile, type PlanExportOptions } from '../../shared/remediation/export/index';

export class PlanExportError extends Error {
  constructor(
    readonly reason: 'not_empty' | 'not_directory',
    readonly dir: string,
  ) {
    super(reason === 'not_empty' ? `${dir}: the folder is not empty` : `${dir}: not a folder`);
    this.name = 'PlanExportError';
  }
}

/** Throws PlanExportError unless `dir` is missing or an empty folder (checked before a long assessment, and again when writing). */
export async function checkPlanDir(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new PlanExportError('not_directory', dir);
    throw error;
  }
  if (entries.length > 0) throw new PlanExportError('not_empty', dir);
}

/** Builds the plan's files and writes them into `dir` (created if missing); returns the file names written. */
export async function writePlanExport(dir: string, assessment: Assessment, options: PlanExportOptions): Promise<string[]> {
  const files = buildPlanExport(assessment, options);
  await mkdir(dir, { recursive: true }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST' || error.code === 'ENOTDIR') {
      if (!(await stat(dir)).isDirectory()) throw new PlanExportError('not_directory', dir);
      return;
    }
    throw error;
  });
  await checkPlanDir(dir);
  const written: string[] = [];
  try {
    for (const file of files) {
      const target = path.join(dir, file.name);
      // 'wx': a file that appeared since the check is an error, never overwritten.
      const handle = await open(target, 'wx', 0o644);
      written.push(target);
      try {
        await handle.writeFile(encodeExportFile(file));
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  } catch (error) {
    // Half an export is worse than none: the admin would miss a step.
    await Promise.all(written.map((f) => rm(f, { force: true }).catch(() => {})));
    throw error;
  }
  return files.map((f) => f.name);
}
