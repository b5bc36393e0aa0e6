/**
 * The PDF audit report (pdfmake 0.3, main process / Node). pdfmake's default export is one
 * shared instance (STACK-NOTES): fonts and access policies are set on it once. Fonts are Roboto
 * from the pdfmake package (covers Czech) and the PDF standard font Courier for code; nothing is
 * read from the system, and no URL or other local file may be loaded by a document.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Assessment, Language } from '../../shared/assessment';
import { writeFileAtomically } from '../store/assessment-store';
import { reportDocument } from './document';
import { robotoFiles, type FontFiles } from './fonts';
import { buildModel, type ReportModel, type ReportOptions } from './model';
import { localTimeZone } from './text';

export type { ReportOptions } from './model';

type PdfMake = typeof import('pdfmake');

const nodeRequire = createRequire(import.meta.url);
let instance: PdfMake | undefined;

/** The one pdfmake instance, with the report's fonts and access policies (also for the batch summary report). */
export function pdfmake(): PdfMake {
  if (instance) return instance;
  const pm = nodeRequire('pdfmake') as PdfMake;
  const roboto = robotoFiles();
  const courier: FontFiles = { normal: 'Courier', bold: 'Courier-Bold', italics: 'Courier-Oblique', bolditalics: 'Courier-BoldOblique' };
  pm.addFonts({ Roboto: roboto, Courier: courier });
  const allowed = new Set([...Object.values(roboto), ...Object.values(courier)]);
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy((file) => allowed.has(file));
  instance = pm;
  return pm;
}

/** Renders the report for `assessment` in `lang`. */
export async function renderReportPdf(assessment: Assessment, lang: Language, options: ReportOptions = {}): Promise<Buffer> {
  return renderModelPdf(
    buildModel(
      assessment,
      lang,
      options.timeZone ?? localTimeZone(),
      options.generatedAt ?? new Date(),
      options.previous,
      options.branding,
    ),
  );
}

/** Renders a model built by `buildModel` (tests use it to lay out extreme plans). */
export async function renderModelPdf(model: ReportModel): Promise<Buffer> {
  return pdfmake().createPdf(reportDocument(model)).getBuffer();
}

/**
 * Renders and writes the report atomically: a temporary file beside the target, synced, then
 * renamed over it, so a reader never sees half a PDF and a failure leaves the old file alone.
 */
export async function writeReportPdf(file: string, assessment: Assessment, lang: Language, options: ReportOptions = {}): Promise<void> {
  const pdf = await renderReportPdf(assessment, lang, options);
  await writeFileAtomically(path.resolve(file), pdf);
}
