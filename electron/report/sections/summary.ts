/** Management summary: overall result, one row per requirement with its reason, findings by severity. */
import type { Content, TableCell } from 'pdfmake/interfaces';
import { FINDING_STATUSES, VERDICTS, sortFindings, type Verdict } from '../../../shared/status';
import type { RequirementVerdict } from '../../../shared/requirements';
import type { ReportModel } from '../model';
import { COLOR, CONTENT_WIDTH, STATUS_COLOR, VERDICT_COLOR, badge, prose, table } from '../theme';

/** The plain-language reason for a requirement's verdict: the catalogue's, else its worst finding. */
export function verdictReason(m: ReportModel, v: RequirementVerdict): string {
  if (v.reasonKey) {
    const reason = m.t(v.reasonKey, v.reasonParams ?? {});
    // A finding given as the reason is explained in full in the findings chapter.
    return v.reasonKey.startsWith('finding.') ? firstSentence(reason) : reason;
  }
  if (v.findings.length === 0) return m.t('report.reason.none');
  const sorted = sortFindings(v.findings);
  const worst = sorted[0]!;
  if (worst.status === 'pass') return m.t('report.reason.all_pass');
  // The summary gives the gist; the full explanation of every finding follows in its chapter.
  const more = sorted.filter((f) => f.status === worst.status).length - 1;
  const gist = firstSentence(m.t(worst.key, worst.params));
  return more > 0 ? `${gist} ${m.t('report.reason.more', { count: more })}` : gist;
}

/** The first sentence of a message: up to a full stop followed by a capitalised word. */
export function firstSentence(text: string): string {
  const match = /^(.{20,}?[.!?])\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ„"])/su.exec(text);
  return match ? match[1]! : text;
}

export function requirementTitle(m: ReportModel, v: RequirementVerdict): string {
  const def = m.requirements.find((r) => r.id === v.id);
  return def ? m.t(def.titleKey) : v.id;
}

export function summary(m: ReportModel): Content[] {
  const { t } = m;
  const rows: TableCell[][] = m.verdicts.map((v) => [
    { text: String(v.number), bold: true },
    { text: requirementTitle(m, v), bold: true },
    badge(t(`verdict.${v.verdict}`), VERDICT_COLOR[v.verdict], 72),
    prose(verdictReason(m, v)),
  ]);
  const errors = m.assessment.attempts.filter((x) => x.status === 'error').length;
  return [
    { text: t('report.summary.title'), style: 'h1', tocItem: true, pageBreak: 'before' },
    { text: t('report.summary.intro', { domain: m.assessment.request.domainUnicode }), style: 'lead' },
    overallBox(m),
    {
      unbreakable: true,
      stack: [
        {
          columns: [
            {
              width: '*',
              stack: [
                { text: t('report.summary.by_verdict'), style: 'h2' },
                { text: t('report.summary.by_verdict_intro', { total: m.verdicts.length }), style: 'small', margin: [0, 0, 0, 6] },
                barChart(
                  VERDICT_ORDER.map((verdict) => ({
                    label: t(`verdict.${verdict}`),
                    count: m.verdicts.filter((v) => v.verdict === verdict).length,
                    color: VERDICT_COLOR[verdict],
                  })),
                  CHART_WIDTH,
                ),
              ],
            },
            {
              width: '*',
              stack: [
                { text: t('report.summary.severity'), style: 'h2' },
                { text: t('report.summary.severity_intro', { total: m.findings.length }), style: 'small', margin: [0, 0, 0, 6] },
                barChart(
                  FINDING_STATUSES.map((s) => ({
                    label: t(`status.${s}`),
                    count: m.findings.filter((f) => f.status === s).length,
                    color: STATUS_COLOR[s],
                  })),
                  CHART_WIDTH,
                ),
              ],
            },
          ],
          columnGap: COLUMN_GAP,
        },
        ...(errors > 0
          ? [
              {
                text: t('report.summary.check_errors', { count: errors }),
                color: STATUS_COLOR.error,
                margin: [0, 8, 0, 0] as [number, number, number, number],
              },
            ]
          : []),
      ],
    },
    { text: t('report.summary.requirements'), style: 'h2' },
    table([18, 140, 82, '*'], [t('report.col.number'), t('report.col.requirement'), t('report.col.verdict'), t('report.col.reason')], rows),
  ];
}

/**
 * The verdict chart reads like a scale from met to not met, with "not verified" apart at the end
 * because it is no point on that scale: the verdicts in reverse (best first), then not verified.
 */
const VERDICT_ORDER: readonly Verdict[] = [...[...VERDICTS].reverse().filter((v) => v !== 'not_verified'), 'not_verified'];
const COLUMN_GAP = 24;
const CHART_WIDTH = (CONTENT_WIDTH - COLUMN_GAP) / 2;

function overallBox(m: ReportModel): Content {
  return {
    table: {
      widths: [110, '*'],
      body: [
        [
          {
            stack: [
              { text: m.t('report.summary.overall'), style: 'label', margin: [0, 0, 0, 4] },
              badge(m.t(`verdict.${m.overall}`), VERDICT_COLOR[m.overall], 96),
            ],
          },
          { text: m.t(`report.overall.${m.overall}`), fontSize: 10.5, margin: [0, 8, 0, 0] },
        ],
      ],
    },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: (i) => (i === 0 ? 4 : 0),
      vLineColor: () => VERDICT_COLOR[m.overall],
      fillColor: () => '#f6f7f9',
      paddingLeft: () => 10,
      paddingRight: () => 10,
      paddingTop: () => 8,
      paddingBottom: () => 8,
    },
    margin: [0, 4, 0, 4],
  };
}

/** One bar per category, each with its label and count as text, so colour is never the only cue. */
export function barChart(bars: { label: string; count: number; color: string }[], width: number): Content {
  const max = Math.max(1, ...bars.map((b) => b.count));
  const labelWidth = 78;
  const countWidth = 22;
  // Cell padding: 6 pt right of the label and the bar.
  const barMax = width - labelWidth - countWidth - 12;
  const body: TableCell[][] = bars.map((b) => [
    { text: b.label, fontSize: 8.5, margin: [0, 1, 0, 0] },
    {
      canvas: [
        { type: 'rect', x: 0, y: 1, w: barMax, h: 11, color: '#eef0f3' },
        ...(b.count > 0 ? [{ type: 'rect' as const, x: 0, y: 1, w: Math.max(2, (barMax * b.count) / max), h: 11, color: b.color }] : []),
      ],
    },
    { text: String(b.count), fontSize: 8.5, bold: true, alignment: 'right', margin: [0, 1, 0, 0] },
  ]);
  return {
    table: { widths: [labelWidth, barMax, countWidth], body },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: () => 0,
      paddingTop: () => 2,
      paddingBottom: () => 2,
      paddingLeft: () => 0,
      paddingRight: (i) => (i < 2 ? 6 : 0),
    },
    color: COLOR.ink,
  };
}
