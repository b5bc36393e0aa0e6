/**
 * Ordered status vocabulary (DESIGN §3.4, after internet.nl): the worst status sorts first.
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

export const ATTEMPT_STATUSES = ['completed', 'error', 'skipped'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];
