import { describe, expect, it } from 'vitest';
import { admissibleAt, emptyRateWindow, nextAllowedAt, prune, record } from '../../src/domain/rate-window.ts';

describe('rate window', () => {
  it('allows calls at once while the window has room', () => {
    const state = record(record(emptyRateWindow, 0), 1);
    expect(nextAllowedAt(state, 5, 3, 10)).toBe(5);
  });

  it('waits until the oldest call leaves a full window', () => {
    const state = [0, 1, 2].reduce(record, emptyRateWindow);
    expect(nextAllowedAt(state, 5, 3, 10)).toBe(10);
    expect(nextAllowedAt(state, 10, 3, 10)).toBe(10);
    expect(nextAllowedAt(state, 11, 3, 10)).toBe(11);
  });

  it('keeps every window at the limit when followed', () => {
    let state = emptyRateWindow;
    let now = 0;
    const calls: number[] = [];
    for (let index = 0; index < 50; index += 1) {
      now = nextAllowedAt(state, now, 4, 100);
      state = record(state, now);
      calls.push(now);
    }
    for (const start of calls) {
      expect(calls.filter((at) => at >= start && at < start + 100).length).toBeLessThanOrEqual(4);
    }
    expect(calls.at(-1)).toBe(1_200);
  });

  it('records out-of-order stamps sorted', () => {
    expect(record(record(emptyRateWindow, 5), 3).stamps).toEqual([3, 5]);
  });

  it('prunes calls that can no longer count', () => {
    const state = [0, 4, 9].reduce(record, emptyRateWindow);
    expect(prune(state, 14, 10).stamps).toEqual([9]);
    expect(prune(state, 5, 10)).toBe(state);
  });

  it('refuses a non-positive limit', () => {
    expect(() => nextAllowedAt(emptyRateWindow, 0, 0, 10)).toThrow(RangeError);
  });
});

describe('admissible instant over several budgets', () => {
  it('is the latest of every window of every budget, and of any pause', () => {
    const burst = {
      windows: [{ limit: 2, ms: 100 }],
      state: [0, 10].reduce(record, emptyRateWindow),
      pausedUntil: 0,
    };
    const search = { windows: [{ limit: 1, ms: 50 }], state: record(emptyRateWindow, 30), pausedUntil: 0 };
    expect(admissibleAt([burst], 20)).toBe(100);
    expect(admissibleAt([search], 40)).toBe(80);
    expect(admissibleAt([burst, search], 40)).toBe(100);
    expect(admissibleAt([{ ...search, pausedUntil: 500 }], 40)).toBe(500);
    expect(admissibleAt([{ windows: [], state: emptyRateWindow, pausedUntil: 0 }], 7)).toBe(7);
  });
});
