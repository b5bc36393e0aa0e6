/**
 * The summary report of a run over several domains (`mailaudit assess … --pdf FILE`): a cover,
 * the table of domains × requirements with a verdict mark per cell and the overall verdict, a
 * legend (marks and requirement titles), the domains that could not be assessed with the reason
 * in plain words, and the list of the per-domain PDF reports written beside it. The verdicts come
 * from shared/batch.ts `batchSummary`; nothing is judged here. Same pdfmake instance, fonts,
 * theme and branding as the per-domain report.
 */
import path from 'node:path';
import type { Content, CustomTableLayout, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Language, ParamValue } from '../../shared/assessment';
import { VERDICT_MARK, type BatchSummary } from '../../shared/batch';
import type { NetworkReadiness } from '../../shared/readiness';
import { translate } from '../../shared/i18n/index';
import { VERDICTS, type Verdict } from '../../shared/status';
import { writeFileAtomically } from '../store/assessment-store';
import type { ReportBranding } from './branding';
import { pdfmake } from './pdf';
import { masthead } from './sections/cover';
import { readinessNotice } from './sections/readiness';
import { formatDate, formatDateTime, formatDuration, locale, localTimeZone, plain } from './text';
import {
  COLOR,
  CONTENT_WIDTH,
  FONT,
  PAGE,
  TABLE_LAYOUT,
  VERDICT_COLOR,
  accentStyles,
  badge,
  dataText,
  keyValueTable,
  prose,
  table,
} from './theme';
import { TOOL_VERSION } from '../engine/version';

export interface BatchReportOptions {
  startedAt: Date;
  finishedAt: Date;
  cancelled: boolean;
  /** the folder the per-domain files were written to */
  outDir: string;
  /** the per-domain PDF file names, in the table's order */
  files: string[];
  clientName?: string;
  consultantName?: string;
  branding?: ReportBranding;
  /** the network measured once before the domains ran */
  readiness?: NetworkReadiness;
  /** IANA zone of the times shown; default: this machine's */
  timeZone?: string;
  generatedAt?: Date;
}

/** Why a domain could not be assessed, in words (the terminal's, summary.json's and the report's). */
export function batchErrorMessage(lang: Language, error: { key: string; params: Record<string, string> }): string {
  const text = translate(lang, error.key, error.params);
  // "request.invalid" says what was wrong only in its detail.
  return error.key === 'request.invalid' && error.params.detail ? `${text} ${error.params.detail}` : text;
}

const NUMBER_COLUMN = 19;
const OVERALL_COLUMN = 92;
/** Rows of a list kept on one page with its heading. */
const UNBREAKABLE_ROWS = 20;

/** The requirement columns are narrow: little padding there, the usual elsewhere. */
function gridLayout(columns: number): CustomTableLayout {
  const narrow = (i: number) => i >= 1 && i < columns - 1;
  return {
    ...TABLE_LAYOUT,
    paddingLeft: (i) => (narrow(i) ? 1 : 5),
    paddingRight: (i) => (narrow(i) ? 1 : 5),
  };
}

function markCell(verdict: Verdict): TableCell {
  return { text: VERDICT_MARK[verdict], bold: true, color: '#ffffff', fillColor: VERDICT_COLOR[verdict], alignment: 'center' };
}

function batchReportDocument(summary: BatchSummary, lang: Language, options: BatchReportOptions): TDocumentDefinitions {
  const t = (key: string, params: Record<string, ParamValue> = {}) => plain(translate(lang, key, params));
  const timeZone = options.timeZone ?? localTimeZone();
  const generatedAt = options.generatedAt ?? new Date();
  const accent = options.branding?.accentColor ?? COLOR.accent;
  const firm = options.branding?.firmName ? plain(options.branding.firmName) : undefined;
  const count = summary.rows.length;
  const counts = summary.counts;
  const notGiven = { text: t('report.cover.not_given'), italics: true, color: COLOR.muted };
  const domainName = (r: BatchSummary['rows'][number]) => (r.domainUnicode === r.domain ? r.domain : `${r.domainUnicode} (${r.domain})`);

  const cover: Content[] = [
    masthead({ ...(options.branding ? { branding: options.branding } : {}) }, accent),
    { text: t('report.batch.title'), style: 'coverTitle' },
    { text: t('report.batch.subtitle'), style: 'coverSubtitle' },
    ...(options.clientName ? [{ text: plain(options.clientName), style: 'coverDomain' }] : []),
    ...(options.cancelled
      ? [
          {
            text: t('report.batch.cancelled'),
            bold: true,
            color: VERDICT_COLOR.fail,
            margin: [0, 24, 0, 0] as [number, number, number, number],
          },
        ]
      : []),
    {
      ...keyValueTable(
        [
          ...(options.clientName ? [] : ([[t('report.cover.client'), notGiven]] as [string, Content][])),
          [t('report.batch.domains'), `${count} (${t('report.batch.counts', counts)})`],
          [t('report.batch.run'), formatDateTime(options.startedAt.toISOString(), lang, timeZone)],
          [t('report.cover.duration'), formatDuration(options.finishedAt.getTime() - options.startedAt.getTime(), lang)],
          [t('report.cover.consultant'), options.consultantName ? plain(options.consultantName) : notGiven],
          [t('report.cover.tool_version'), `MailAudit ${TOOL_VERSION}`],
          [t('report.cover.generated_at'), formatDateTime(generatedAt.toISOString(), lang, timeZone)],
        ],
        160,
      ),
      margin: [0, 24, 0, 0],
    },
  ];

  // The table: domain, one narrow column per requirement, the overall verdict.
  const columns = summary.requirements.length + 2;
  const domainWidth = CONTENT_WIDTH - summary.requirements.length * (NUMBER_COLUMN + 2) - (OVERALL_COLUMN + 10) - 10;
  const header: TableCell[] = [
    { text: t('report.batch.table.domain'), style: 'tableHeader' },
    ...summary.requirements.map((r): TableCell => ({ text: String(r.number), style: 'tableHeader', alignment: 'center' })),
    { text: t('report.batch.table.overall'), style: 'tableHeader' },
  ];
  const rows: TableCell[][] = summary.rows.map((r) => {
    if (r.status !== 'assessed') {
      const label = t(r.status === 'failed' ? 'report.batch.table.not_assessed' : 'report.batch.table.cancelled');
      return [
        dataText(domainName(r), { bold: true }),
        { text: label, colSpan: summary.requirements.length, italics: true, color: COLOR.muted, alignment: 'center' },
        ...summary.requirements.slice(1).map((): TableCell => ''),
        badge(label, VERDICT_COLOR.not_verified, OVERALL_COLUMN - 8),
      ];
    }
    return [
      dataText(domainName(r), { bold: true }),
      ...summary.requirements.map((req) => markCell(r.verdicts.find((v) => v.id === req.id)?.verdict ?? 'not_verified')),
      badge(t(`verdict.${r.overall!}`), VERDICT_COLOR[r.overall!], OVERALL_COLUMN - 8),
    ];
  });
  const grid: Content = {
    table: {
      widths: [domainWidth, ...summary.requirements.map(() => NUMBER_COLUMN), OVERALL_COLUMN],
      headerRows: 1,
      dontBreakRows: true,
      body: [header, ...rows],
    },
    layout: gridLayout(columns),
    style: 'cell',
  };

  const legend: Content = {
    unbreakable: true,
    stack: [
      { text: t('report.batch.legend.title'), style: 'h3' },
      {
        columns: VERDICTS.map((v) => ({
          width: 'auto',
          columns: [
            { table: { widths: [NUMBER_COLUMN], body: [[markCell(v)]] }, layout: 'noBorders', width: 'auto' },
            { text: t(`verdict.${v}`), margin: [4, 2, 12, 0], width: 'auto' },
          ],
        })),
        margin: [0, 0, 0, 6],
      },
      table(
        [24, '*'],
        ['#', t('report.batch.legend.requirements')],
        summary.requirements.map((r) => [{ text: String(r.number), bold: true }, t(r.titleKey)]),
      ),
    ],
  };

  const missing = summary.rows.filter((r) => r.status !== 'assessed');
  const failed: Content[] =
    missing.length === 0
      ? []
      : [
          {
            // pdfmake drops what does not fit of an unbreakable block: only a list that surely fits a page is kept whole.
            unbreakable: missing.length <= UNBREAKABLE_ROWS,
            stack: [
              { text: t('report.batch.failed.title'), style: 'h2' },
              { text: t('report.batch.failed.intro'), style: 'lead' },
              table(
                [150, '*'],
                [t('report.batch.table.domain'), t('report.batch.failed.reason')],
                missing.map((r) => [
                  dataText(domainName(r), { bold: true }),
                  prose(r.error ? plain(batchErrorMessage(lang, r.error)) : t('report.batch.failed.cancelled'), {
                    width: CONTENT_WIDTH - 160,
                  }),
                ]),
              ),
            ],
          },
        ];

  const files: Content = {
    unbreakable: options.files.length <= 2 * UNBREAKABLE_ROWS,
    stack: [
      { text: t('report.batch.files.title'), style: 'h2' },
      ...(options.files.length === 0
        ? [{ text: t('report.batch.files.none'), style: 'lead' }]
        : [{ text: t('report.batch.files.intro', { dir: options.outDir }), style: 'lead' }, { ul: options.files.map((f) => dataText(f)) }]),
    ],
  };

  const generated = t('report.footer.generated', { version: TOOL_VERSION });
  const date = formatDate(options.startedAt.toISOString(), lang, timeZone);
  return {
    pageSize: 'A4',
    pageMargins: [PAGE.marginX, PAGE.marginTop, PAGE.marginX, PAGE.marginBottom],
    language: locale(lang),
    info: {
      title: t('report.batch.title'),
      subject: t('report.batch.subtitle'),
      ...(options.consultantName ? { author: plain(options.consultantName) } : {}),
      creator: `MailAudit ${TOOL_VERSION}`,
      producer: `MailAudit ${TOOL_VERSION}`,
      creationDate: generatedAt,
    },
    displayTitle: true,
    defaultStyle: { font: FONT.body, fontSize: 9.5, color: COLOR.ink, lineHeight: 1.15 },
    styles: accentStyles(accent),
    header: (currentPage): Content =>
      currentPage === 1
        ? ''
        : {
            margin: [PAGE.marginX, 26, PAGE.marginX, 0],
            columns: [
              { text: t('report.batch.header', { count }), fontSize: 8, color: COLOR.muted },
              { text: date, fontSize: 8, color: COLOR.muted, alignment: 'right', width: 'auto' },
            ],
          },
    footer: (currentPage, pageCount): Content => ({
      margin: [PAGE.marginX, 18, PAGE.marginX, 0],
      columns: [
        { text: firm ? `${firm} · ${generated}` : generated, fontSize: 7.5, color: COLOR.muted },
        {
          text: t('report.footer.page', { page: currentPage, pages: pageCount }),
          fontSize: 7.5,
          color: COLOR.muted,
          alignment: 'right',
          width: 'auto',
        },
      ],
    }),
    content: [
      ...cover,
      { text: t('report.batch.table.title'), style: 'h1', pageBreak: 'before' },
      { text: t('report.batch.table.intro'), style: 'lead' },
      grid,
      { ...legend, margin: [0, 8, 0, 0] },
      ...readinessNotice(options.readiness, t),
      ...failed,
      files,
    ],
  };
}

/** Renders the summary report and writes it atomically (a reader never sees half a PDF). */
export async function writeBatchReportPdf(file: string, summary: BatchSummary, lang: Language, options: BatchReportOptions): Promise<void> {
  const pdf = await pdfmake()
    .createPdf(batchReportDocument(summary, lang, options))
    .getBuffer();
  await writeFileAtomically(path.resolve(file), pdf);
}
