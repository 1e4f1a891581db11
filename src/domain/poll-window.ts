// Incremental reads by a modification stamp, resumable and without loss: each read starts an
// overlap before the highest stamp seen (a record saved in a transaction that committed late can
// carry a stamp older than one already read), results come ordered by (stamp, id), and what was
// already returned inside the overlap is recognised by (id, stamp) and dropped. The cursor is JSON,
// so it can be stored between reads (and between pages of one read).

export interface PollCursor {
  /** ISO instant: the highest stamp returned so far (or where the reading starts). */
  readonly watermark: string;
  /** `id@epochMs` of the records already returned whose stamp lies within the overlap. */
  readonly seen: readonly string[];
  /** The provider's token for the next page of a read in progress; null between reads. */
  readonly next: string | null;
}

export interface StampedRecord {
  readonly id: string;
  readonly stamp: Date;
}

/** A cursor that reads what changed from `since` on. */
export function startPollCursor(since: Date): PollCursor {
  return { watermark: since.toISOString(), seen: [], next: null };
}

/** Where a new read starts: the overlap before the watermark. */
export function readFrom(cursor: PollCursor, overlapMs: number): Date {
  return new Date(Date.parse(cursor.watermark) - overlapMs);
}

function key(record: StampedRecord): string {
  return `${record.id}@${record.stamp.getTime()}`;
}

/**
 * Takes one page of a read: returns the records not returned before (in page order) and the cursor
 * after it. `next` is the provider's token for the following page, null when the read is done.
 */
export function takePage<T extends StampedRecord>(
  cursor: PollCursor,
  page: readonly T[],
  next: string | null,
  overlapMs: number,
): { readonly fresh: T[]; readonly cursor: PollCursor } {
  const seen = new Set(cursor.seen);
  const fresh: T[] = [];
  let watermark = Date.parse(cursor.watermark);
  for (const record of page) {
    const k = key(record);
    if (seen.has(k)) continue;
    seen.add(k);
    fresh.push(record);
    watermark = Math.max(watermark, record.stamp.getTime());
  }
  // Only the overlap can bring a record again: older keys are forgotten, so the cursor stays small.
  const keepFrom = watermark - overlapMs;
  const kept = [...seen].filter((k) => Number(k.slice(k.lastIndexOf('@') + 1)) >= keepFrom);
  return { fresh, cursor: { watermark: new Date(watermark).toISOString(), seen: kept, next } };
}
