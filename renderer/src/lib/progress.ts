/**
 * The run screen's model: one row per check, each with the targets it is working on, folded
 * from the runner's progress events. Pure, so the tests replay real event sequences.
 */
import type { ProgressEvent } from '../../../shared/ipc';
import type { FindingStatus } from '../../../shared/status';
import type { NetworkReadiness } from '../../../shared/readiness-schema';

export type CheckPhase = 'pending' | 'running' | 'completed' | 'error' | 'skipped';

export interface TargetProgress {
  name: string;
  phase: 'running' | 'done';
  status?: FindingStatus;
}

export interface CheckProgress {
  id: string;
  phase: CheckPhase;
  /** worst finding status of a completed check */
  worst?: FindingStatus;
  /** message key of an error or skip */
  reason?: string;
  targets: TargetProgress[];
  /** only on the READINESS_ENTRY: the network readiness measured before the checks */
  readiness?: NetworkReadiness;
}

/**
 * The network readiness (measured before the checks) travels in the same list as the checks, as
 * an entry of its own that is no check: the run's state keeps one list, and `checkRows` /
 * `runReadiness` take the two apart. `#` cannot start a check id.
 */
export const READINESS_ENTRY = '#readiness';

/** The checks' rows, without the readiness entry. */
export function checkRows(checks: readonly CheckProgress[]): CheckProgress[] {
  return checks.filter((c) => c.id !== READINESS_ENTRY);
}

/** The readiness, once its event arrived. */
export function runReadiness(checks: readonly CheckProgress[]): NetworkReadiness | undefined {
  return checks.find((c) => c.id === READINESS_ENTRY)?.readiness;
}

export function initialProgress(checkIds: readonly string[]): CheckProgress[] {
  return checkIds.map((id) => ({ id, phase: 'pending', targets: [] }));
}

/** The state after one event; unknown check ids (a newer engine) are appended rather than lost. */
export function applyProgress(checks: readonly CheckProgress[], event: ProgressEvent): CheckProgress[] {
  if (event.type === 'readiness') {
    const entry: CheckProgress = { id: READINESS_ENTRY, phase: 'completed', targets: [], readiness: event.readiness };
    return [...checks.filter((c) => c.id !== READINESS_ENTRY), entry];
  }
  const list = checks.some((c) => c.id === event.checkId)
    ? [...checks]
    : [...checks, { id: event.checkId, phase: 'pending' as const, targets: [] }];
  return list.map((check) => {
    if (check.id !== event.checkId) return check;
    switch (event.type) {
      case 'check-started':
        return { ...check, phase: 'running' };
      case 'check-finished':
        return {
          ...check,
          phase: event.status,
          ...(event.worst ? { worst: event.worst } : {}),
          ...(event.reason ? { reason: event.reason } : {}),
          // A check that ended stops working on every target, whatever it reported.
          targets: check.targets.map((t) => (t.phase === 'running' ? { ...t, phase: 'done' } : t)),
        };
      case 'target': {
        const others = check.targets.filter((t) => t.name !== event.target);
        const existing = check.targets.find((t) => t.name === event.target);
        const next: TargetProgress = {
          name: event.target,
          phase: event.phase === 'started' ? 'running' : 'done',
          ...(event.status ? { status: event.status } : existing?.status ? { status: existing.status } : {}),
        };
        // Keep the order in which targets first appeared.
        return existing
          ? { ...check, targets: check.targets.map((t) => (t.name === event.target ? next : t)) }
          : { ...check, targets: [...others, next] };
      }
    }
  });
}

export function finishedCount(checks: readonly CheckProgress[]): number {
  return checkRows(checks).filter((c) => c.phase === 'completed' || c.phase === 'error' || c.phase === 'skipped').length;
}

/** `m:ss` (or `h:mm:ss`) of a duration in milliseconds. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
