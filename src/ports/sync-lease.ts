/**
 * Exclusive, expiring leases on named sync jobs, shared by every process on the same database:
 * at most one holder runs a job at a time, and a crashed holder's lease simply runs out.
 */
export interface SyncLeases {
  /** Takes or renews the lease for `ttlMs`; false while another holder's lease is still running. */
  claim(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up (only if `holder` still has it). */
  release(name: string, holder: string): Promise<void>;
  /** The current holder, or null when nobody holds a running lease. */
  holder(name: string): Promise<string | null>;
}
