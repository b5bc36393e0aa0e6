/** Findings grouped under the requirement they decide, in plain language; then the rest. */
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { Finding } from '../../../shared/assessment';
import { FINDING_STATUSES, sortFindings } from '../../../shared/status';
import { findingsOutsideRequirements } from '../../../shared/requirements';
import type { ReportModel } from '../model';
import { COLOR, CONTENT_WIDTH, STATUS_COLOR, VERDICT_COLOR, badge, prose } from '../theme';
import { requirementTitle, verdictReason } from './summary';

export function findingsSection(m: ReportModel): Content[] {
  const { t } = m;
  const out: Content[] = [
    { text: t('report.findings.title'), style: 'h1', tocItem: true, pageBreak: 'before' },
    { text: t('report.findings.intro'), style: 'lead' },
  ];
  for (const v of m.verdicts) {
    const def = m.requirements.find((r) => r.id === v.id);
    const counts = FINDING_STATUSES.filter((s) => (v.counts[s] ?? 0) > 0).map((s) => `${v.counts[s]}× ${t(`status.${s}`)}`);
    const heading: Content[] = [
      { text: `${v.number}. ${requirementTitle(m, v)}`, style: 'h2', outline: true, outlineText: `${v.number}. ${requirementTitle(m, v)}` },
      {
        columns: [
          { width: 'auto', ...badge(t(`verdict.${v.verdict}`), VERDICT_COLOR[v.verdict], 82) },
          // When the reason is one of the findings listed below (or there is none), the list says it.
          {
            width: '*',
            ...prose(v.reasonKey && !v.findings.some((f) => f.key === v.reasonKey) ? verdictReason(m, v) : '', {
              margin: [8, 1, 0, 0],
              fontSize: 9.5,
            }),
          },
        ],
        margin: [0, 0, 0, 6],
      },
      ...(def ? [{ text: t(def.descriptionKey), fontSize: 9.5, margin: [0, 0, 0, 3] as [number, number, number, number] }] : []),
      ...(def
        ? [
            {
              text: t('report.findings.source', { source: t(def.sourceKey) }),
              style: 'small',
              margin: [0, 0, 0, 3] as [number, number, number, number],
            },
          ]
        : []),
      ...(counts.length
        ? [
            {
              text: t('report.findings.counts', { counts: counts.join(' · ') }),
              style: 'small',
              margin: [0, 0, 0, 4] as [number, number, number, number],
            },
          ]
        : []),
    ];
    const list = findingList(m, v.findings);
    // The heading stays with its first finding rather than ending a page alone.
    out.push({
      stack: [
        ...heading,
        ...(list.length ? [list[0]!] : [{ text: t('report.findings.none'), italics: true, color: COLOR.muted, fontSize: 9 }]),
      ],
      unbreakable: true,
    });
    out.push(...list.slice(1));
  }
  const other = findingsOutsideRequirements(m.assessment);
  if (other.length > 0) {
    const list = findingList(m, other);
    out.push({
      stack: [
        { text: t('report.findings.other'), style: 'h2', outline: true },
        { text: t('report.findings.other_intro'), style: 'small', margin: [0, 0, 0, 4] },
        list[0]!,
      ],
      unbreakable: true,
    });
    out.push(...list.slice(1));
  }
  return out;
}

/** One row per finding: its status as a labelled badge, the message, and what it concerns. */
function findingList(m: ReportModel, findings: readonly Finding[]): Content[] {
  return sortFindings(findings).map((f) => {
    const cells: TableCell[] = [
      badge(m.t(`status.${f.status}`), STATUS_COLOR[f.status], 66),
      {
        stack: [
          // The message column: the content width less the status column and both cells' right padding.
          prose(m.t(f.key, f.params), { fontSize: 9.5, width: CONTENT_WIDTH - 76 - 8 }),
          ...(f.target
            ? [
                {
                  text: m.t('report.findings.target', { target: f.target }),
                  style: 'small',
                  margin: [0, 1, 0, 0] as [number, number, number, number],
                },
              ]
            : []),
        ],
      },
    ];
    return {
      table: { widths: [76, '*'], body: [cells], dontBreakRows: true },
      layout: {
        hLineWidth: () => 0,
        vLineWidth: () => 0,
        paddingLeft: () => 0,
        paddingRight: () => 4,
        paddingTop: () => 3,
        paddingBottom: () => 3,
      },
    };
  });
}
