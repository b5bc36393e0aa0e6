import { describe, expect, it } from 'vitest';
import { mergeByPreference } from '../../../../../electron/engine/net/tls/probe-ciphers';

// The merge step on its own: lists already in a known total order, merged by pairwise choices.
describe('mergeByPreference', () => {
  const rankOf = (order: number[]) => {
    let asked = 0;
    const prefer = async (a: number, b: number) => {
      asked++;
      return order.indexOf(a) < order.indexOf(b) ? a : b;
    };
    return { prefer, asked: () => asked };
  };

  it.each([
    [
      'one long list and a short one (binary insertion)',
      [
        [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
        [4, 18],
      ],
      12,
    ],
    [
      'two lists of equal length (heads merge)',
      [
        [1, 3, 5, 7],
        [2, 4, 6, 8],
      ],
      7,
    ],
    // 3 + 3 merged (≤ 5), then 6 + 3 (≤ 8)
    [
      'three lists',
      [
        [1, 4, 7],
        [2, 5, 8],
        [3, 6, 9],
      ],
      13,
    ],
    ['a single list', [[3, 1, 2]], 0],
  ])('%s', async (_, lists, maxAsked) => {
    const truth = [...lists.flat()].sort((a, b) => a - b);
    const { prefer, asked } = rankOf(lists.length === 1 ? lists[0]! : truth);
    const merged = await mergeByPreference(lists, prefer);
    expect(merged).toEqual(lists.length === 1 ? lists[0] : truth);
    expect(asked()).toBeLessThanOrEqual(maxAsked);
  });

  it('gives up when an answer is neither of the two', async () => {
    expect(await mergeByPreference([[1, 2], [3]], async () => undefined)).toBeUndefined();
  });
});
