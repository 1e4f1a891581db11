import { describe, expect, it } from 'vitest';
import { readFrom, startPollCursor, takePage } from '../../src/domain/poll-window.ts';

const OVERLAP = 5 * 60_000;
const at = (iso: string) => new Date(iso);

describe('poll window', () => {
  it('reads from the overlap before the watermark', () => {
    expect(readFrom(startPollCursor(at('2026-11-20T00:00:00Z')), OVERLAP).toISOString()).toBe(
      '2026-11-19T23:55:00.000Z',
    );
  });

  it('returns each (id, stamp) once, moves the watermark, and forgets keys older than the overlap', () => {
    const start = startPollCursor(at('2026-11-20T00:00:00Z'));
    const first = takePage(
      start,
      [
        { id: 'a', stamp: at('2026-11-20T00:01:00Z') },
        { id: 'b', stamp: at('2026-11-20T00:10:00Z') },
      ],
      'page-2',
      OVERLAP,
    );
    expect(first.fresh.map((r) => r.id)).toEqual(['a', 'b']);
    expect(first.cursor).toEqual({
      watermark: '2026-11-20T00:10:00.000Z',
      seen: [`b@${Date.parse('2026-11-20T00:10:00Z')}`],
      next: 'page-2',
    });
    const again = takePage(
      first.cursor,
      [
        { id: 'b', stamp: at('2026-11-20T00:10:00Z') },
        // Changed again: a new stamp is a new change.
        { id: 'a', stamp: at('2026-11-20T00:11:00Z') },
      ],
      null,
      OVERLAP,
    );
    expect(again.fresh.map((r) => `${r.id}@${r.stamp.toISOString()}`)).toEqual([
      'a@2026-11-20T00:11:00.000Z',
    ]);
    expect(again.cursor.next).toBeNull();
    expect(again.cursor.watermark).toBe('2026-11-20T00:11:00.000Z');
  });

  it('never moves the watermark back', () => {
    const cursor = takePage(
      startPollCursor(at('2026-11-20T00:00:00Z')),
      [{ id: 'x', stamp: at('2026-11-19T23:56:00Z') }],
      null,
      OVERLAP,
    );
    expect(cursor.cursor.watermark).toBe('2026-11-20T00:00:00.000Z');
    expect(cursor.fresh).toHaveLength(1);
  });
});
