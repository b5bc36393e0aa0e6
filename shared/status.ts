/**
 * Ordered status vocabulary (DESIGN §3.4, after internet.nl): the worst status sorts first.
 * Findings have a status; requirements have a verdict; both orders are defined here only.
 */
export const FINDING_STATUSES = ['error', 'fail', 'warning', 'info', 'not_tested', 'pass'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export function statusRank(status: FindingStatus): number {
  return FINDING_STATUSES.indexOf(status);
}

/** The worst of the given statuses, or `undefined` for none. */
export function worstStatus(statuses: Iterable<FindingStatus>): FindingStatus | undefined {
  let worst: FindingStatus | undefined;
  for (const s of statuses) if (worst === undefined || statusRank(s) < statusRank(worst)) worst = s;
  return worst;
}

/**
 * Findings (anything with a status) worst first, as every view lists them; a new array. The sort
 * is stable, so findings of one status keep the order the checks reported them in.
 */
export function sortFindings<T extends { readonly status: FindingStatus }>(findings: readonly T[]): T[] {
  return [...findings].sort((x, y) => statusRank(x.status) - statusRank(y.status));
}

/**
 * A requirement's verdict, worst first (DESIGN §3.4): a failed requirement, then one met only in
 * part, then one that could not be verified (nothing is known to be wrong, nothing is proven),
 * then one that is met.
 */
export const VERDICTS = ['fail', 'partial', 'not_verified', 'pass'] as const;
export type Verdict = (typeof VERDICTS)[number];

export function verdictRank(verdict: Verdict): number {
  return VERDICTS.indexOf(verdict);
}

export const ATTEMPT_STATUSES = ['completed', 'error', 'skipped'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];
