/** Cover page: who, what, when, by whom and with which tool; contents. The overall result opens the summary. */
import type { Content } from 'pdfmake/interfaces';
import type { ReportModel } from '../model';
import { formatDateTime, formatDuration, plain } from '../text';
import { COLOR, VERDICT_COLOR, keyValueTable } from '../theme';

export function cover(m: ReportModel): Content[] {
  const { assessment: a, t } = m;
  const notGiven = { text: t('report.cover.not_given'), italics: true, color: COLOR.muted };
  const showAscii = a.request.domainUnicode !== a.request.domain;
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
    {
      canvas: [
        { type: 'rect', x: 0, y: 0, w: 60, h: 5, color: COLOR.accent },
        { type: 'rect', x: 64, y: 0, w: 20, h: 5, color: '#7fa7d3' },
      ],
      margin: [0, 40, 0, 18],
    },
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
            color: COLOR.accent,
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
    { ...keyValueTable(rows, 160), margin: [0, 24, 0, 0] },
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
