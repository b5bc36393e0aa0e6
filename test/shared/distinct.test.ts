import { describe, expect, it } from 'vitest';
import { distinctByJson } from '../../shared/distinct';

describe('distinctByJson', () => {
  it.each([
    ['nothing', [], []],
    ['no repeats, order kept', [{ a: 2 }, { a: 1 }], [{ a: 2 }, { a: 1 }]],
    ['equal objects built apart: the first stays', [{ a: 1, b: 'x' }, { a: 2 }, { a: 1, b: 'x' }], [{ a: 1, b: 'x' }, { a: 2 }]],
    [
      'nested values compare by value',
      [{ r: ['v=spf1', '-all'] }, { r: ['v=spf1', '-all'] }, { r: ['v=spf1', '~all'] }],
      [{ r: ['v=spf1', '-all'] }, { r: ['v=spf1', '~all'] }],
    ],
    // JSON keeps key order, so the same fields in another order are another item.
    [
      'key order matters',
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
    ],
  ] as [string, unknown[], unknown[]][])('%s', (_name, items, expected) => {
    expect(distinctByJson(items)).toEqual(expected);
  });

  it('returns the first of each, not a copy', () => {
    const first = { a: 1 };
    const [kept] = distinctByJson([first, { a: 1 }]);
    expect(kept).toBe(first);
  });
});
