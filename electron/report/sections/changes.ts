/**
 * "Changes since <date>": present only when the report is built with an earlier assessment. It
 * lays out the shared diff (shared/assessment-diff.ts) and decides nothing itself: each
 * requirement's verdict before and after, then the findings fixed, still open, new, changed and
 * not comparable, and what two schema versions could not compare.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import { DIFF_CATEGORIES, type DiffCategory, type FindingChange } from '../../../shared/assessment-diff';
import type { ReportModel } from '../model';
import { formatDate, formatDateTime, plain } from '../text';
import { COLOR, STATUS_COLOR, VERDICT_COLOR, badge, prose, table } from '../theme';
import { brief, firstSentence } from './summary';

const CHANGE_COLOR: Record<'better' | 'worse' | 'same' | 'not_comparable', string> = {
  better: VERDICT_COLOR.pass,
  worse: VERDICT_COLOR.fail,
  same: COLOR.muted,
  not_comparable: COLOR.muted,
};

export function changesSection(m: ReportModel): Content[] {
  const d = m.diff;
  if (!d) return [];
  const { t } = m;
  const requirementTitle = (id: string) => {
    const def = m.requirements.find((r) => r.id === id);
    return def ? t(def.titleKey) : id;
  };
  const rows: TableCell[][] = d.requirements.map((r) => [
    { text: String(r.number), bold: true },
    { text: requirementTitle(r.id), bold: true },
    badge(t(`verdict.${r.before}`), VERDICT_COLOR[r.before], 72),
    badge(t(`verdict.${r.after}`), VERDICT_COLOR[r.after], 72),
    { text: t(`report.diff.change.${r.change}`), color: CHANGE_COLOR[r.change], bold: r.change !== 'same' },
  ]);
  const notes = notComparableNotes(m);
  return [
    {
      text: t('report.diff.title', { date: formatDate(d.before.startedAt, m.lang, m.timeZone) }),
      style: 'h1',
      tocItem: true,
      pageBreak: 'before',
    },
    {
      text: t('report.diff.intro', { date: formatDateTime(d.before.startedAt, m.lang, m.timeZone), id: plain(d.before.id) }),
      style: 'lead',
    },
    { text: t('report.diff.counts', { ...d.counts }), bold: true, margin: [0, 0, 0, 6] },
    ...notes,
    { text: t('report.diff.requirements'), style: 'h2' },
    table(
      [16, '*', 80, 80, 70],
      [
        t('report.col.number'),
        t('report.col.requirement'),
        t('report.diff.col.before'),
        t('report.diff.col.after'),
        t('report.diff.col.change'),
      ],
      rows,
    ),
    ...(d.findings.length === 0 ? [{ text: t('report.diff.no_findings'), italics: true, color: COLOR.muted, margin: [0, 10, 0, 0] }] : []),
    ...DIFF_CATEGORIES.flatMap((category) => categoryBlock(m, category)),
  ] as Content[];
}

function notComparableNotes(m: ReportModel): Content[] {
  const d = m.diff!;
  const { t } = m;
  const nc = d.notComparable;
  const lines: string[] = [];
  if (d.before.schemaVersion !== d.after.schemaVersion)
    lines.push(t('report.diff.schema', { before: d.before.schemaVersion, after: d.after.schemaVersion }));
  const checks = (ids: string[]) => ids.map((id) => t(`check.${id}`)).join(', ');
  if (nc.checksOnlyBefore.length) lines.push(t('ui.diff.checks_only_before', { checks: checks(nc.checksOnlyBefore) }));
  if (nc.checksOnlyAfter.length) lines.push(t('ui.diff.checks_only_after', { checks: checks(nc.checksOnlyAfter) }));
  if (nc.unknownKeys.length) lines.push(t('ui.diff.unknown_keys', { keys: nc.unknownKeys }));
  if (nc.dropped.length) lines.push(t('ui.diff.dropped', { parts: nc.dropped }));
  if (nc.requestChanges.length)
    lines.push(t('ui.diff.request_changes', { fields: nc.requestChanges.map((f) => t(`ui.diff.request_field.${f}`)) }));
  return lines.map((text) => prose(text, { fontSize: 9, color: COLOR.muted, margin: [0, 0, 0, 3] }));
}

/** The finding's own message, from the side it is found on now (else the earlier one), cut to its gist. */
function findingText(m: ReportModel, f: FindingChange): string {
  const side = f.after ?? f.before!;
  // A message names its own params; one this version does not know is shown by its key.
  return brief(firstSentence(m.t(f.key, side.params)));
}

function statusCell(m: ReportModel, f: FindingChange): TableCell {
  const { t } = m;
  const before = f.before
    ? { text: t(`status.${f.before.status}`), color: STATUS_COLOR[f.before.status] }
    : { text: t('report.diff.absent') };
  const after = f.after ? { text: t(`status.${f.after.status}`), color: STATUS_COLOR[f.after.status] } : { text: t('report.diff.gone') };
  return { text: [before, ' → ', after], fontSize: 8.5 };
}

function detailLines(m: ReportModel, f: FindingChange): string[] {
  const { t } = m;
  const out: string[] = [];
  if (f.target) out.push(plain(f.target));
  if (f.category === 'changed') {
    for (const p of f.paramChanges ?? [])
      out.push(t('ui.diff.param_change', { name: p.name, before: p.before ?? '—', after: p.after ?? '—' }));
    if (f.direction) out.push(t(`ui.diff.direction.${f.direction}`));
  }
  if (f.reason) out.push(t(`ui.diff.reason.${f.reason}`));
  return out;
}

function categoryBlock(m: ReportModel, category: DiffCategory): Content[] {
  const items = m.diff!.findings.filter((f) => f.category === category);
  if (items.length === 0) return [];
  const { t } = m;
  const rows: TableCell[][] = items.map((f) => [
    {
      stack: [
        prose(findingText(m, f), { fontSize: 8.5 }),
        ...detailLines(m, f).map((line) => prose(line, { fontSize: 7.5, color: COLOR.muted })),
      ],
    },
    statusCell(m, f),
  ]);
  return [
    { text: `${t(`report.diff.category.${category}`)} (${items.length})`, style: 'h2' },
    table(['*', 110], [t('report.diff.col.finding'), t('report.diff.col.status')], rows),
  ];
}
