/**
 * Durable, named positions of long-running sync work (backfill windows, the reconciliation
 * watermark), so a crash or a deploy resumes where the last completed step left off.
 * States are JSON values; a save replaces the previous state of that name.
 */
export interface SyncCursorStore {
  /** The last saved state, or null when nothing was saved under this name. */
  load<T>(name: string): Promise<T | null>;
  save(name: string, state: unknown): Promise<void>;
}
