/** Management summary: overall result, one row per requirement with its reason, findings by severity. */
import type { Content, TableCell } from 'pdfmake/interfaces';
import { FINDING_STATUSES, VERDICTS, sortFindings, type Verdict } from '../../../shared/status';
import type { RequirementVerdict } from '../../../shared/requirements';
import type { Finding } from '../../../shared/assessment';
import type { ReportModel } from '../model';
import { findingId, findingRefs } from './refs';
import { COLOR, CONTENT_WIDTH, STATUS_COLOR, TABLE_LAYOUT, VERDICT_COLOR, badge, prose, table } from '../theme';

/**
 * The plain-language reason for a requirement's verdict: the catalogue's, else its worst finding.
 * A finding is given as its gist with its label: the findings chapter explains it in full.
 */
export function verdictReason(m: ReportModel, v: RequirementVerdict): string {
  const refs = findingRefs(m);
  const gist = (f: Finding | undefined, text: string) => {
    const ref = f ? refs.get(findingId(f))?.ref : undefined;
    return ref ? `${brief(firstSentence(text))} (${ref})` : firstSentence(text);
  };
  if (v.reasonKey) {
    const reason = m.t(v.reasonKey, v.reasonParams ?? {});
    return v.reasonKey.startsWith('finding.')
      ? gist(
          v.findings.find((f) => f.key === v.reasonKey),
          reason,
        )
      : reason;
  }
  if (v.findings.length === 0) return m.t('report.reason.none');
  const sorted = sortFindings(v.findings);
  const worst = sorted[0]!;
  if (worst.status === 'pass') return m.t('report.reason.all_pass');
  const more = sorted.filter((f) => f.status === worst.status).length - 1;
  const text = gist(worst, m.t(worst.key, worst.params));
  return more > 0 ? `${text} ${m.t('report.reason.more', { count: more })}` : text;
}

/** A summary's share of a sentence: long lists (suites, selectors) are for the findings chapter. */
const BRIEF = 120;

export function brief(text: string): string {
  if (text.length <= BRIEF) return text;
  const cut = text.lastIndexOf(' ', BRIEF);
  return `${text.slice(0, cut > BRIEF / 2 ? cut : BRIEF).replace(/[\s,;:(]+$/u, '')} …`;
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
  // A reason several rows share is written out once; the later rows point to it.
  const given = new Map<string, number>();
  const rows: TableCell[][] = m.verdicts.map((v) => {
    const reason = verdictReason(m, v);
    const first = given.get(reason);
    if (first === undefined) given.set(reason, v.number);
    return [
      { text: String(v.number), bold: true },
      { text: requirementTitle(m, v), bold: true },
      badge(t(`verdict.${v.verdict}`), VERDICT_COLOR[v.verdict], 72),
      prose(first === undefined ? reason : t('report.reason.same_as', { number: first })),
    ];
  });
  const errors = m.assessment.attempts.filter((x) => x.status === 'error').length;
  return [
    { text: t('report.summary.title'), style: 'h1', tocItem: true, pageBreak: 'before' },
    { text: t('report.summary.intro', { domain: m.assessment.request.domainUnicode }), style: 'lead' },
    {
      unbreakable: true,
      stack: [
        {
          // The overall result with the count of each verdict beside the findings by severity: the
          // table below gives each requirement, so no second chart repeats its verdicts.
          columns: [
            { width: '*', stack: [overallBox(m)] },
            {
              width: '*',
              stack: [
                { text: t('report.summary.severity'), style: 'h2', margin: [0, 0, 0, 2] },
                { text: t('report.summary.severity_intro', { total: m.findings.length }), style: 'small', margin: [0, 0, 0, 4] },
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
    {
      // Tighter rows than the other tables: the summary is the manager's page (at most two).
      ...table(
        [16, 130, 80, '*'],
        [t('report.col.number'), t('report.col.requirement'), t('report.col.verdict'), t('report.col.reason')],
        rows,
      ),
      layout: { ...TABLE_LAYOUT, paddingTop: () => 2.5, paddingBottom: () => 2.5 },
    },
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
  const counts = VERDICT_ORDER.map((verdict) => ({ verdict, count: m.verdicts.filter((v) => v.verdict === verdict).length }))
    .filter((c) => c.count > 0)
    .map((c) => `${c.count}× ${m.t(`verdict.${c.verdict}`)}`);
  return {
    table: {
      widths: ['*'],
      body: [
        [
          {
            stack: [
              { text: m.t('report.summary.overall'), style: 'label', margin: [0, 0, 0, 4] },
              badge(m.t(`verdict.${m.overall}`), VERDICT_COLOR[m.overall], 96),
              { text: m.t(`report.overall.${m.overall}`), fontSize: 10, margin: [0, 6, 0, 0] },
              {
                text: `${m.t('report.summary.by_verdict_intro', { total: m.verdicts.length })} ${counts.join(' · ')}`,
                style: 'small',
                margin: [0, 6, 0, 0],
              },
            ],
          },
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
