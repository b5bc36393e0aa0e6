/** Findings grouped under the requirement they decide, in plain language; then the rest. */
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { Assessment, Finding } from '../../../shared/assessment';
import { FINDING_STATUSES, sortFindings } from '../../../shared/status';
import { findingsOutsideRequirements } from '../../../shared/requirements';
import type { ReportModel } from '../model';
import { formatDateTime, plain } from '../text';
import { COLOR, CONTENT_WIDTH, STATUS_COLOR, VERDICT_COLOR, badge, dataText, keyValueTable, prose } from '../theme';
import { findingId, findingRefs, type FindingRef } from './refs';
import { requirementTitle } from './summary';

export function findingsSection(m: ReportModel): Content[] {
  const { t } = m;
  const refs = findingRefs(m);
  const out: Content[] = [
    { text: t('report.findings.title'), style: 'h1', tocItem: true, pageBreak: 'before' },
    { text: t('report.findings.intro'), style: 'lead' },
  ];
  for (const v of m.verdicts) {
    const def = m.requirements.find((r) => r.id === v.id);
    const counts = FINDING_STATUSES.filter((s) => (v.counts[s] ?? 0) > 0).map((s) => `${v.counts[s]}× ${t(`status.${s}`)}`);
    const heading: Content[] = [
      { text: `${v.number}. ${requirementTitle(m, v)}`, style: 'h2', outline: true, outlineText: `${v.number}. ${requirementTitle(m, v)}` },
      // The verdict's reason is the summary's; here the findings below give it in full.
      { ...badge(t(`verdict.${v.verdict}`), VERDICT_COLOR[v.verdict], 82), margin: [0, 0, 0, 6] },
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
    const list = findingList(m, v.findings, refs, v.number);
    // The heading stays with its first finding rather than ending a page alone.
    out.push({
      stack: [
        ...heading,
        ...(list.length ? [list[0]!] : [{ text: t('report.findings.none'), italics: true, color: COLOR.muted, fontSize: 9 }]),
      ],
      unbreakable: true,
    });
    out.push(...list.slice(1));
    const test = m.assessment.manualTests?.daneOutbound;
    if (v.id === 'dane-outbound' && test) out.push(manualTestBlock(m, test));
  }
  const other = findingsOutsideRequirements(m.assessment);
  if (other.length > 0) {
    const list = findingList(m, other, refs);
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

type DaneOutboundTest = NonNullable<NonNullable<Assessment['manualTests']>['daneOutbound']>;

/**
 * Requirement 6's guided manual test as the consultant recorded it: where and when the message
 * went, whether it left, the note, and when it was recorded. The verdict and the finding above
 * already follow from it; this is the record a reader checks them against.
 */
function manualTestBlock(m: ReportModel, test: DaneOutboundTest): Content {
  const { t } = m;
  const when = (iso: string) => `${formatDateTime(iso, m.lang, m.timeZone)}\n${plain(iso)}`;
  const rows: [string, Content][] = [
    [t('report.manual_test.sent_to'), dataText(test.sentTo)],
    [t('report.manual_test.sent_at'), when(test.sentAt)],
    [t('report.manual_test.result'), prose(t(test.left ? 'report.manual_test.left' : 'report.manual_test.stayed'))],
    // The consultant's own line breaks stay line breaks; anything else invisible shows as an escape.
    ...(test.note ? [[t('report.manual_test.note'), prose(test.note.split('\n').map(plain).join('\n'))] as [string, Content]] : []),
    [t('report.manual_test.recorded_at'), when(test.recordedAt)],
  ];
  return {
    stack: [
      { text: t('report.manual_test.title'), style: 'h3', margin: [0, 6, 0, 2] },
      { text: t('report.manual_test.intro'), style: 'small', margin: [0, 0, 0, 4] },
      keyValueTable(rows, 110),
    ],
    unbreakable: true,
    margin: [0, 0, 0, 6],
  };
}

/**
 * One row per finding: its status as a labelled badge, its label and message, and what it
 * concerns when the message does not name it; a finding explained under an earlier requirement
 * is only referred to.
 */
function findingList(m: ReportModel, findings: readonly Finding[], refs: Map<string, FindingRef>, requirement?: number): Content[] {
  return sortFindings(findings).map((f) => {
    const ref = refs.get(findingId(f));
    const elsewhere = ref?.requirement !== undefined && ref.requirement !== requirement;
    const message = elsewhere ? m.t('report.findings.explained_under', { ref: ref.ref, number: ref.requirement! }) : m.t(f.key, f.params);
    // The message column: the content width less the status column and both cells' right padding.
    const text = prose(message, { fontSize: 9.5, width: CONTENT_WIDTH - 76 - 8 });
    const cells: TableCell[] = [
      badge(m.t(`status.${f.status}`), STATUS_COLOR[f.status], 66),
      {
        stack: [
          ref && !elsewhere ? { ...text, text: [{ text: `${ref.ref}  `, bold: true, color: COLOR.accent }, message] } : text,
          ...(f.target && !elsewhere && !message.includes(f.target)
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
