import { describe, expect, it } from 'vitest';
import { containsPattern, queryTokens, searchBody, textTokens } from '../../engine/store/search-text.js';

describe('search text', () => {
  it('takes every string of the data, lowercased, not the keys', () => {
    expect(searchBody({ title: '村道ABC', list: [{ note: '路灯' }], n: 3, yes: true })).toBe('村道abc\n路灯');
  });

  it('leaves out ids and instants, which no one types, but keeps dates people entered', () => {
    const data = { by: '01a22df4-6c8a-7445-94d8-8b46146ff4e2', at: '2026-11-30T19:38:40.123Z', on: '2026-09-01', note: '村道 bc' };
    expect(searchBody(data)).toBe('2026-09-01\n村道 bc');
  });

  it('indexes Han characters and their bigrams, and trigrams of other words', () => {
    expect(textTokens('村道 abcd').sort()).toEqual(['abc', 'bcd', '村', '村道', '道'].sort());
  });

  it('asks of a query only tokens every text containing it has', () => {
    const text = searchBody({ t: '关于修缮桂圩村村道的建议 Road-42x' });
    const tokens = new Set(textTokens(text));
    for (const q of ['村道', '桂圩村村', '修', 'road', 'oad-42', '的建议 r', 'ro'])
      expect(text.includes(q.toLowerCase()) && queryTokens(q).every((t) => tokens.has(t))).toBe(true);
    expect(queryTokens('ro')).toEqual([]);
    expect(queryTokens('九星湖')).toEqual(['九星', '星湖']);
  });

  it('makes LIKE wildcards literal', () => {
    expect(containsPattern('50%_a\\')).toBe('%50\\%\\_a\\\\%');
  });
});
