import { describe, expect, it } from 'vitest';
import { applyProgress, finishedCount, formatElapsed, initialProgress } from '../../renderer/src/lib/progress';
import type { ProgressEvent } from '../../shared/ipc';

const at = '2026-03-01T09:00:00.000Z';

function replay(ids: string[], events: ProgressEvent[]) {
  return events.reduce(applyProgress, initialProgress(ids));
}

describe('applyProgress', () => {
  it('follows a check from pending to running to completed with its targets', () => {
    const state = replay(
      ['mx', 'spf'],
      [
        { type: 'check-started', checkId: 'mx', at },
        { type: 'target', checkId: 'mx', at, target: 'mail.firma.cz', phase: 'started' },
        { type: 'target', checkId: 'mx', at, target: 'mx2.firma.cz', phase: 'started' },
        { type: 'target', checkId: 'mx', at, target: 'mail.firma.cz', phase: 'finished', status: 'pass' },
      ],
    );
    expect(state[0]).toEqual({
      id: 'mx',
      phase: 'running',
      targets: [
        { name: 'mail.firma.cz', phase: 'done', status: 'pass' },
        { name: 'mx2.firma.cz', phase: 'running' },
      ],
    });
    expect(state[1]).toEqual({ id: 'spf', phase: 'pending', targets: [] });
    expect(finishedCount(state)).toBe(0);
  });

  it('ends every running target when its check finishes, keeping the worst status and reason', () => {
    const state = replay(
      ['mx'],
      [
        { type: 'check-started', checkId: 'mx', at },
        { type: 'target', checkId: 'mx', at, target: 'mail.firma.cz', phase: 'started' },
        { type: 'check-finished', checkId: 'mx', at, status: 'error', reason: 'error.cancelled' },
      ],
    );
    expect(state[0]).toMatchObject({ phase: 'error', reason: 'error.cancelled', targets: [{ name: 'mail.firma.cz', phase: 'done' }] });
    expect(finishedCount(state)).toBe(1);
  });

  it('keeps a check the page did not know about (a newer engine)', () => {
    const state = replay(['mx'], [{ type: 'check-finished', checkId: 'mta-sts', at, status: 'completed', worst: 'warning' }]);
    expect(state.map((c) => [c.id, c.phase, c.worst])).toEqual([
      ['mx', 'pending', undefined],
      ['mta-sts', 'completed', 'warning'],
    ]);
  });

  it('does not change the state it was given', () => {
    const before = initialProgress(['mx']);
    applyProgress(before, { type: 'check-started', checkId: 'mx', at });
    expect(before[0]?.phase).toBe('pending');
  });
});

describe('formatElapsed', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [7_400, '0:07'],
    [65_000, '1:05'],
    [3_725_000, '1:02:05'],
    [-5, '0:00'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});
