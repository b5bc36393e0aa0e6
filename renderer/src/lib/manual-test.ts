/**
 * The form of requirement 6's guided manual test as plain functions (tested without a browser):
 * when it is offered, the local date and time with this computer's offset, and the limits of
 * DaneOutboundTestSchema checked before the main process would refuse them.
 */
import type { Assessment } from '../../../shared/assessment';
import type { DaneOutboundTestInput } from '../../../shared/ipc';

export type DaneOutboundTest = NonNullable<NonNullable<Assessment['manualTests']>['daneOutbound']>;

/** The limits of DaneOutboundTestSchema, checked here so the form says so before the main process refuses. */
export const MANUAL_TEST_LIMITS = { sentTo: 254, note: 2000 } as const;

/** A sending time this far ahead of the clock is a typo, not a test (the input has whole minutes). */
const FUTURE_SLACK_MS = 5 * 60_000;

/** Whether the results step offers the test: row 6 waits for it, or one is recorded already. */
export function manualTestApplies(assessment: Assessment): boolean {
  return (
    assessment.manualTests?.daneOutbound !== undefined || assessment.findings.some((f) => f.key === 'finding.dane_outbound.manual_test')
  );
}

/** yes: the message left (delivered or accepted); no: refused or deferred; '': not answered yet */
export type LeftAnswer = 'yes' | 'no' | '';

export interface ManualTestFields {
  sentTo: string;
  /** what `<input type="datetime-local">` holds: `YYYY-MM-DDTHH:MM`, this computer's local time */
  sentAt: string;
  left: LeftAnswer;
  note: string;
}

export type ManualTestErrors = Partial<Record<keyof ManualTestFields, { key: string; params?: Record<string, number> }>>;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The instant (epoch ms) as the datetime-local input shows it, in this computer's zone, to the minute. */
export function localInputValue(instant: number): string {
  const date = new Date(instant);
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The local date and time of a datetime-local value as ISO 8601 with this computer's offset at
 * that moment (`2026-03-01T10:30:00+01:00`), so the record says when it was by the consultant's
 * clock and still names one instant; undefined for anything that is not a real date and time.
 */
export function isoWithLocalOffset(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(year, month - 1, day, hour, minute, second);
  // 2026-02-30 would roll over to March: not a date anyone typed. (An hour skipped by a daylight
  // saving change rolls forward instead, which is the instant the clock showed.)
  if (Number.isNaN(date.getTime()) || date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) {
    return undefined;
  }
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** What is wrong with the fields at `now` (epoch ms); empty when they can be sent. */
export function validateManualTest(fields: ManualTestFields, now: number): ManualTestErrors {
  const errors: ManualTestErrors = {};
  const sentTo = fields.sentTo.trim();
  if (sentTo === '') errors.sentTo = { key: 'ui.manual_test.sent_to_required' };
  else if (sentTo.length > MANUAL_TEST_LIMITS.sentTo)
    errors.sentTo = { key: 'ui.manual_test.sent_to_too_long', params: { limit: MANUAL_TEST_LIMITS.sentTo } };
  const sentAt = isoWithLocalOffset(fields.sentAt);
  if (sentAt === undefined) errors.sentAt = { key: 'ui.manual_test.sent_at_required' };
  else if (Date.parse(sentAt) > now + FUTURE_SLACK_MS) errors.sentAt = { key: 'ui.manual_test.sent_at_future' };
  if (fields.left === '') errors.left = { key: 'ui.manual_test.left_required' };
  if (fields.note.length > MANUAL_TEST_LIMITS.note)
    errors.note = { key: 'ui.manual_test.note_too_long', params: { limit: MANUAL_TEST_LIMITS.note } };
  return errors;
}

/** The record the main process is sent, or undefined while the form has errors. */
export function manualTestInput(fields: ManualTestFields, now: number): DaneOutboundTestInput | undefined {
  if (Object.keys(validateManualTest(fields, now)).length > 0) return undefined;
  return {
    sentTo: fields.sentTo.trim(),
    sentAt: isoWithLocalOffset(fields.sentAt)!,
    left: fields.left === 'yes',
    note: fields.note.trim(),
  };
}
