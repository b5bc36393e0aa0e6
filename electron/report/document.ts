/** Assembles the report's pdfmake document: sections, running header and footer, metadata. */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { ReportModel } from './model';
import { appendixSection } from './sections/appendix';
import { changesSection } from './sections/changes';
import { cover } from './sections/cover';
import { findingsSection } from './sections/findings';
import { planSection } from './sections/plan';
import { summary } from './sections/summary';
import { readinessNotice } from './sections/readiness';
import { formatDate, locale, plain } from './text';
import { accentStyles, COLOR, FONT, PAGE } from './theme';

export function reportDocument(m: ReportModel): TDocumentDefinitions {
  const a = m.assessment;
  const domain = plain(a.request.domainUnicode);
  const date = formatDate(a.startedAt, m.lang, m.timeZone);
  const accent = m.branding?.accentColor ?? COLOR.accent;
  const firm = m.branding?.firmName ? plain(m.branding.firmName) : undefined;
  const generated = m.t('report.footer.generated', { version: a.toolVersion });
  return {
    pageSize: 'A4',
    pageMargins: [PAGE.marginX, PAGE.marginTop, PAGE.marginX, PAGE.marginBottom],
    language: locale(m.lang),
    info: {
      title: `${m.t('report.title')} – ${domain}`,
      subject: m.t('report.subtitle'),
      ...(a.request.consultantName ? { author: plain(a.request.consultantName) } : {}),
      creator: `MailAudit ${plain(a.toolVersion)}`,
      producer: `MailAudit ${plain(a.toolVersion)}`,
      creationDate: m.generatedAt,
    },
    displayTitle: true,
    defaultStyle: { font: FONT.body, fontSize: 9.5, color: COLOR.ink, lineHeight: 1.15 },
    styles: accentStyles(accent),
    header: (currentPage): Content =>
      currentPage === 1
        ? ''
        : {
            margin: [PAGE.marginX, 26, PAGE.marginX, 0],
            stack: [
              {
                columns: [
                  { text: m.t('report.header', { domain }), fontSize: 8, color: COLOR.muted },
                  { text: date, fontSize: 8, color: COLOR.muted, alignment: 'right', width: 'auto' },
                ],
              },
              {
                canvas: [
                  {
                    type: 'line',
                    x1: 0,
                    y1: 4,
                    x2: PAGE.width - 2 * PAGE.marginX,
                    y2: 4,
                    lineWidth: 0.5,
                    lineColor: m.branding ? accent : COLOR.rule,
                  },
                ],
              },
            ],
          },
    footer: (currentPage, pageCount): Content => ({
      margin: [PAGE.marginX, 18, PAGE.marginX, 0],
      columns: [
        { text: firm ? `${firm} · ${generated}` : generated, fontSize: 7.5, color: COLOR.muted },
        {
          text: m.t('report.footer.page', { page: currentPage, pages: pageCount }),
          fontSize: 7.5,
          color: COLOR.muted,
          alignment: 'right',
          width: 'auto',
        },
      ],
    }),
    content: [
      ...cover(m),
      ...summary(m),
      ...readinessNotice(m.assessment.readiness, m.t),
      ...changesSection(m),
      ...findingsSection(m),
      ...planSection(m),
      ...appendixSection(m),
    ],
  };
}
