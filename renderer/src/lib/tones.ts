/**
 * How statuses and verdicts look: a tone (colour family) and a glyph, always shown beside the
 * text label, so nothing is told by colour alone (WCAG 1.4.1).
 */
import type { FindingStatus, Verdict } from '../../../shared/status';

export type Tone = 'pass' | 'partial' | 'fail' | 'neutral' | 'info' | 'error';

export const FINDING_TONE: Record<FindingStatus, Tone> = {
  error: 'error',
  fail: 'fail',
  warning: 'partial',
  info: 'info',
  not_tested: 'neutral',
  pass: 'pass',
};

export const VERDICT_TONE: Record<Verdict, Tone> = {
  pass: 'pass',
  partial: 'partial',
  fail: 'fail',
  not_verified: 'neutral',
};

export const TONE_GLYPH: Record<Tone, string> = {
  pass: '✓',
  partial: '!',
  fail: '✕',
  neutral: '?',
  info: 'i',
  error: '⚠',
};

/** Message key of a verdict's label: the one the PDF report and the CLI use too. */
export function verdictKey(verdict: Verdict): string {
  return `verdict.${verdict}`;
}

export function statusKey(status: FindingStatus): string {
  return `status.${status}`;
}
