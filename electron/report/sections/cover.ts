/**
 * Cover page: who, what, when, by whom and with which tool; contents. The overall result opens the
 * summary. A branded report adds the consultant's firm (name, logo) at the top, in its accent
 * colour, and a signature block.
 */
import type { Content } from 'pdfmake/interfaces';
import type { ReportModel } from '../model';
import { logoDataUrl } from '../branding';
import { formatDate, formatDateTime, formatDuration, plain } from '../text';
import { COLOR, VERDICT_COLOR, keyValueTable, tint } from '../theme';
import { readinessCoverLine } from './readiness';

/** Room for the logo at the top right: a wide logo is bounded by the width, a tall one by the height. */
const LOGO_FIT: [number, number] = [170, 64];

/** The accent bars, and the firm's logo and name opposite them. */
export function masthead(m: Pick<ReportModel, 'branding'>, accent: string): Content {
  const bars: Content = {
    canvas: [
      { type: 'rect', x: 0, y: 0, w: 60, h: 5, color: accent },
      { type: 'rect', x: 64, y: 0, w: 20, h: 5, color: m.branding?.accentColor ? tint(accent) : '#7fa7d3' },
    ],
  };
  const b = m.branding;
  if (!b?.logo && !b?.firmName) return { ...bars, margin: [0, 40, 0, 18] };
  const firm: Content[] = [
    ...(b.logo ? [{ image: logoDataUrl(b.logo), fit: LOGO_FIT, alignment: 'right' as const }] : []),
    ...(b.firmName
      ? [
          {
            text: plain(b.firmName),
            bold: true,
            fontSize: 11,
            color: accent,
            alignment: 'right' as const,
            margin: [0, 4, 0, 0] as [number, number, number, number],
          },
        ]
      : []),
  ];
  return {
    columns: [
      { ...bars, width: '*' },
      { stack: firm, width: LOGO_FIT[0] },
    ],
    margin: [0, 16, 0, 18],
  };
}

/** Name, role, place and date, and a line to sign on; empty when no part of it is set. */
function signatureBlock(m: ReportModel): Content[] {
  const s = m.branding?.signature;
  if (!s || ![s.name, s.role, s.place, s.date].some((v) => v)) return [];
  const { t } = m;
  const rows: [string, Content][] = [
    ...(s.name ? ([[t('report.signature.name'), plain(s.name)]] as [string, Content][]) : []),
    ...(s.role ? ([[t('report.signature.role'), plain(s.role)]] as [string, Content][]) : []),
    ...(s.place ? ([[t('report.signature.place'), plain(s.place)]] as [string, Content][]) : []),
    [t('report.signature.date'), s.date ? plain(s.date) : formatDate(m.generatedAt.toISOString(), m.lang, m.timeZone)],
  ];
  return [
    {
      unbreakable: true,
      margin: [0, 22, 0, 0],
      stack: [
        { text: t('report.signature.title'), style: 'h3', margin: [0, 0, 0, 4] },
        {
          columns: [
            { ...keyValueTable(rows, 70), width: '*' },
            {
              width: 170,
              stack: [
                { canvas: [{ type: 'line', x1: 10, y1: 40, x2: 170, y2: 40, lineWidth: 0.75, lineColor: COLOR.ink }] },
                { text: t('report.signature.sign_here'), style: 'small', alignment: 'center', margin: [10, 3, 0, 0] },
              ],
            },
          ],
          columnGap: 16,
        },
      ],
    },
  ];
}

export function cover(m: ReportModel): Content[] {
  const { assessment: a, t } = m;
  const notGiven = { text: t('report.cover.not_given'), italics: true, color: COLOR.muted };
  const showAscii = a.request.domainUnicode !== a.request.domain;
  const accent = m.branding?.accentColor ?? COLOR.accent;
  const rows: [string, Content][] = [
    // The domain (both forms) and a client's name head the page already.
    ...(a.request.clientName ? [] : ([[t('report.cover.client'), notGiven]] as [string, Content][])),
    [t('report.cover.assessed_at'), formatDateTime(a.startedAt, m.lang, m.timeZone)],
    [t('report.cover.duration'), formatDuration(Date.parse(a.finishedAt) - Date.parse(a.startedAt), m.lang)],
    [t('report.cover.consultant'), a.request.consultantName ? plain(a.request.consultantName) : notGiven],
    [t('report.cover.tool_version'), `MailAudit ${plain(a.toolVersion)}`],
    [t('report.cover.generated_at'), formatDateTime(m.generatedAt.toISOString(), m.lang, m.timeZone)],
    [t('report.cover.assessment_id'), plain(a.id)],
  ];
  return [
    masthead(m, accent),
    { text: t('report.title'), style: 'coverTitle' },
    { text: t('report.subtitle'), style: 'coverSubtitle' },
    { text: plain(a.request.domainUnicode), style: 'coverDomain' },
    ...(showAscii ? [{ text: plain(a.request.domain), style: 'coverDomainAscii' }] : []),
    ...(a.request.clientName
      ? [{ text: plain(a.request.clientName), fontSize: 13, color: COLOR.muted, margin: [0, 4, 0, 0] as [number, number, number, number] }]
      : []),
    ...(m.diff
      ? [
          {
            text: t('report.cover.changes_since', { date: formatDateTime(m.diff.before.startedAt, m.lang, m.timeZone) }),
            fontSize: 11,
            color: accent,
            margin: [0, 10, 0, 0] as [number, number, number, number],
          },
        ]
      : []),
    ...(a.cancelled
      ? [
          {
            text: t('report.cover.cancelled'),
            bold: true,
            color: VERDICT_COLOR.fail,
            margin: [0, 24, 0, 0] as [number, number, number, number],
          },
        ]
      : []),
    ...readinessCoverLine(m),
    { ...keyValueTable(rows, 160), margin: [0, 24, 0, 0] },
    ...signatureBlock(m),
    {
      toc: {
        title: { text: t('report.contents'), style: 'h2' },
        textStyle: { fontSize: 10 },
        numberStyle: { fontSize: 10 },
        outlines: true,
      },
      margin: [0, 28, 0, 0],
    },
  ];
}
