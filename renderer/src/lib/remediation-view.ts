/**
 * The remediation screen's view of a plan: steps in order, grouped by phase, filtered by where
 * the work is done. Steps for any platform stay in every filter: they apply whatever the
 * platform is.
 */
import type { RemediationPlatform, RemediationStep } from '../../../shared/remediation/types';

export type PlatformFilter = 'all' | Exclude<RemediationPlatform, 'any'>;
export const PLATFORM_FILTERS: readonly PlatformFilter[] = ['all', 'exchange-online', 'exchange-server', 'dns-host'];

export function matchesFilter(step: Pick<RemediationStep, 'platform'>, filter: PlatformFilter): boolean {
  return filter === 'all' || step.platform === filter || step.platform === 'any';
}

export function orderedSteps<S extends Pick<RemediationStep, 'phase' | 'order'>>(steps: readonly S[]): S[] {
  return [...steps].sort((a, b) => a.phase - b.phase || a.order - b.order);
}

export interface PhaseGroup<S> {
  phase: number;
  steps: S[];
}

/** Consecutive steps of one phase, phases ascending. */
export function groupByPhase<S extends Pick<RemediationStep, 'phase' | 'order' | 'platform'>>(
  steps: readonly S[],
  filter: PlatformFilter,
): PhaseGroup<S>[] {
  const groups: PhaseGroup<S>[] = [];
  for (const step of orderedSteps(steps)) {
    if (!matchesFilter(step, filter)) continue;
    const last = groups.at(-1);
    if (last && last.phase === step.phase) last.steps.push(step);
    else groups.push({ phase: step.phase, steps: [step] });
  }
  return groups;
}

export function countByFilter(steps: readonly Pick<RemediationStep, 'platform'>[]): Record<PlatformFilter, number> {
  const counts = { all: 0, 'exchange-online': 0, 'exchange-server': 0, 'dns-host': 0 } satisfies Record<PlatformFilter, number>;
  for (const filter of PLATFORM_FILTERS) counts[filter] = steps.filter((s) => matchesFilter(s, filter)).length;
  return counts;
}
