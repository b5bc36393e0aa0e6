/**
 * `mailaudit assess … --compare FILE`: reading the earlier Assessment and printing the shared
 * diff (shared/assessment-diff.ts) as text. cli.ts only wires these in.
 */
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  DIFF_CATEGORIES,
  parseComparableAssessment,
  type AssessmentDiff,
  type ComparableAssessment,
  type FindingChange,
} from '../shared/assessment-diff';
import type { Language } from '../shared/assessment';
import { translate } from '../shared/i18n/index';
import { REQUIREMENTS } from '../shared/requirements';
import { MAX_ASSESSMENT_FILE_BYTES } from './store/assessment-store';

export type ComparisonFile = { ok: true; value: ComparableAssessment } | { ok: false; key: string; params: Record<string, string> };

/** Reads and checks the earlier assessment; a file that is not one (or of another domain) is the user's to fix. */
export async function readComparison(file: string, domain: string): Promise<ComparisonFile> {
  const path = resolve(file);
  let text: string;
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_ASSESSMENT_FILE_BYTES)
        return {
          ok: false,
          key: 'ui.diff.error.not_assessment',
          params: { path: file, detail: `larger than ${MAX_ASSESSMENT_FILE_BYTES} bytes` },
        };
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    return {
      ok: false,
      key: 'ui.diff.error.read_failed',
      params: { path: file, detail: (error as NodeJS.ErrnoException).code ?? String(error) },
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, key: 'ui.diff.error.not_assessment', params: { path: file, detail: (error as Error).message } };
  }
  const parsed = parseComparableAssessment(json);
  if (!parsed.ok)
    return { ok: false, key: 'ui.diff.error.not_assessment', params: { path: file, detail: parsed.errors.slice(0, 3).join('; ') } };
  const earlier = parsed.value.assessment.request;
  if (earlier.domain.toLowerCase() !== domain.toLowerCase())
    return { ok: false, key: 'ui.diff.error.different_domain', params: { before: earlier.domainUnicode, after: domain } };
  return parsed;
}

function findingLine(f: FindingChange, lang: Language): string {
  const t = (key: string, params: Parameters<typeof translate>[2] = {}) => translate(lang, key, params);
  const side = f.after ?? f.before!;
  const before = f.before ? t(`status.${f.before.status}`) : t('ui.diff.absent');
  const after = f.after ? t(`status.${f.after.status}`) : t('ui.diff.gone');
  const extra: string[] = [];
  for (const p of f.paramChanges ?? [])
    extra.push(t('ui.diff.param_change', { name: p.name, before: p.before ?? '—', after: p.after ?? '—' }));
  if (f.direction) extra.push(t(`ui.diff.direction.${f.direction}`));
  if (f.reason) extra.push(t(`ui.diff.reason.${f.reason}`));
  return `    [${before} → ${after}] ${t(f.key, side.params)}${extra.length ? ` (${extra.join('; ')})` : ''}`;
}

/** The diff as the lines of the summary's last section; the caller makes them visible. */
export function diffLines(d: AssessmentDiff, lang: Language): string[] {
  const t = (key: string, params: Parameters<typeof translate>[2] = {}) => translate(lang, key, params);
  const lines = ['', `== ${t('ui.diff.title', { date: d.before.startedAt })}`, `  ${t('ui.diff.summary', { ...d.counts })}`];
  const nc = d.notComparable;
  if (d.before.schemaVersion !== d.after.schemaVersion)
    lines.push(`  ${t('ui.diff.schema_versions', { before: d.before.schemaVersion, after: d.after.schemaVersion })}`);
  if (nc.checksOnlyBefore.length) lines.push(`  ${t('ui.diff.checks_only_before', { checks: nc.checksOnlyBefore })}`);
  if (nc.checksOnlyAfter.length) lines.push(`  ${t('ui.diff.checks_only_after', { checks: nc.checksOnlyAfter })}`);
  if (nc.unknownKeys.length) lines.push(`  ${t('ui.diff.unknown_keys', { keys: nc.unknownKeys })}`);
  if (nc.dropped.length) lines.push(`  ${t('ui.diff.dropped', { parts: nc.dropped })}`);
  if (nc.requestChanges.length)
    lines.push(`  ${t('ui.diff.request_changes', { fields: nc.requestChanges.map((f) => t(`ui.diff.request_field.${f}`)) })}`);
  lines.push(`  ${t('ui.diff.requirements_title')}:`);
  for (const r of d.requirements) {
    const title = t(REQUIREMENTS.find((x) => x.id === r.id)!.titleKey);
    lines.push(
      `  ${String(r.number).padStart(2)}. [${t(`verdict.${r.before}`)} → ${t(`verdict.${r.after}`)}] ${title} (${t(`ui.diff.change.${r.change}`)})`,
    );
  }
  for (const category of DIFF_CATEGORIES) {
    const items = d.findings.filter((f) => f.category === category);
    if (items.length === 0) continue;
    lines.push(`  ${t(`ui.diff.category.${category}`)} (${items.length}):`);
    lines.push(...items.map((f) => findingLine(f, lang)));
  }
  return lines;
}
