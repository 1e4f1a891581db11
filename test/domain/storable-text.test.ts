import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, findUnstorable, formatPath } from '../../src/domain/storable-text.ts';

describe('findUnstorable', () => {
  it('finds U+0000 in a value or a key, with the path to it', () => {
    expect(findUnstorable({ a: [1, { b: 'x\u0000' }] })).toEqual({ reason: 'nul', path: ['a', 1, 'b'] });
    expect(findUnstorable([{ 'k\u0000': 1 }])).toEqual({ reason: 'nul', path: [0, 'k\u0000'] });
  });

  it('finds a lone surrogate, and lets a paired one (an emoji) and Japanese text through', () => {
    expect(findUnstorable({ note: 'a\uD800b' })).toEqual({ reason: 'surrogate', path: ['note'] });
    expect(findUnstorable({ note: '\uDC00' })).toEqual({ reason: 'surrogate', path: ['note'] });
    expect(findUnstorable({ note: '予算なし 👍 \t\n' })).toBeNull();
  });

  it('reports the first problem in document order', () => {
    expect(findUnstorable({ first: '\u0000', second: '\u0000' })?.path).toEqual(['first']);
  });

  it('stops at a hostile nesting without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 500_000; i += 1) deep = [deep];
    expect(findUnstorable(deep)).toEqual({ reason: 'too_deep', path: Array<number>(MAX_JSON_DEPTH).fill(0) });
    // Depth only: text is not looked at.
    expect(findUnstorable({ a: '\u0000' }, { text: false })).toBeNull();
  });
});

describe('formatPath', () => {
  it('prints U+0000 as an escape so the message itself stays printable', () => {
    expect(formatPath(['events', 3, 'source\u0000'])).toBe('events.3.source\\u0000');
  });
});
