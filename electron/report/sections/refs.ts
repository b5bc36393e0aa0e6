/** Labels of the findings (F1, F2, …) by which the summary and the appendix refer to the findings chapter. */
import type { Finding } from '../../../shared/assessment';
import { findingsOutsideRequirements } from '../../../shared/requirements';
import { sortFindings } from '../../../shared/status';
import type { ReportModel } from '../model';

/** Identity of a finding across the verdicts' and the assessment's lists (they may hold copies). */
export function findingId(f: Finding): string {
  return JSON.stringify([f.checkId, f.key, f.status, f.target ?? null, f.params]);
}

export interface FindingRef {
  /** the finding's label, e.g. `F3` */
  ref: string;
  /** the requirement it is explained under; none for the other findings */
  requirement?: number;
}

/**
 * Labels of the findings in the order the findings chapter explains them: a finding that bears on
 * several requirements is explained under the first and only referred to under the others, and
 * the appendix refers to findings by these labels instead of repeating them.
 */
export function findingRefs(m: ReportModel): Map<string, FindingRef> {
  const refs = new Map<string, FindingRef>();
  const add = (f: Finding, requirement?: number) => {
    const id = findingId(f);
    if (!refs.has(id))
      refs.set(id, { ref: m.t('report.findings.ref', { n: refs.size + 1 }), ...(requirement === undefined ? {} : { requirement }) });
  };
  for (const v of m.verdicts) for (const f of sortFindings(v.findings)) add(f, v.number);
  for (const f of sortFindings(findingsOutsideRequirements(m.assessment))) add(f);
  return refs;
}
