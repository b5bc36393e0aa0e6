/**
 * Reading rendered reports back with poppler-utils (`pdftotext`, `pdftoppm`), as a reader's
 * tools would. Missing tools are a failure with an install hint, never a skip: CI installs them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const ARTEFACTS = resolve(import.meta.dirname, '../../../test-results/report');

function run(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${tool} is not installed: the PDF tests need poppler-utils (apt-get install -y poppler-utils)`);
    }
    throw error;
  }
}

/** Fails with a clear message when poppler-utils is missing. */
export function requirePoppler(): void {
  run('pdftotext', ['-v']);
  run('pdftoppm', ['-v']);
}

/**
 * `layout`: pdftotext -layout, the page as a reader sees it. `raw`: the content-stream order,
 * in which the lines of one table cell stay together.
 */
export function pdfText(file: string, mode: 'layout' | 'raw' = 'layout', pages?: { first: number; last: number }): string {
  const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
  return run('pdftotext', ['-enc', 'UTF-8', `-${mode}`, ...range, file, '-']);
}

/** Page count from pdfinfo-free means: pdftotext separates pages with form feeds. */
export function pageCount(file: string): number {
  return pdfText(file, 'raw')
    .split('\f')
    .filter((p, i, all) => i < all.length - 1 || p.trim() !== '').length;
}

/** A PNG of page 1 at 50 dpi beside the PDF, for looking at the layout. */
export function renderFirstPage(file: string, out: string): string {
  mkdirSync(dirname(out), { recursive: true });
  run('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, out.replace(/\.png$/, '')]);
  return out;
}

/** Text with every whitespace removed, so wrapped lines compare equal to the unwrapped value. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

export function artefact(name: string): string {
  mkdirSync(ARTEFACTS, { recursive: true });
  return join(ARTEFACTS, name);
}
