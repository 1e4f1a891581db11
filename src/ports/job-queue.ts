import type { Queryable } from '../storage/queryable.ts';

export interface JobPolicy {
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
  /**
   * At most one queued or running job per `singletonKey`: sending the same key again while one
   * waits or runs does nothing, so a recovery sweep can re-send without doubling the work.
   */
  readonly exclusive?: boolean;
}

export interface SendOptions {
  /** Not before this instant. */
  readonly startAfter?: Date;
  /** With an exclusive queue: the key of the work, so a second send while one is live is a no-op. */
  readonly singletonKey?: string;
  /**
   * The caller's open transaction: the job is created in it, and exists exactly when the caller's
   * own rows commit (no crash can leave one without the other).
   */
  readonly within?: Queryable;
}

/** A durable job: the data survives a crash and the job runs again until it succeeds or gives up. */
export interface JobQueue {
  /** Declares a queue with its retry policy; idempotent. */
  define(queue: string, policy: JobPolicy): Promise<void>;
  /** Sends a job. */
  send(queue: string, data: object, options?: SendOptions): Promise<void>;
  /** Runs the handler for each job; a throw makes the job retry with backoff. */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names its job's data shape
  work<T extends object>(queue: string, handler: (data: T) => Promise<void>): Promise<void>;
  /**
   * Stops taking jobs and waits for those running, at most `timeoutMs`; jobs still running then are
   * handed back to the queue to run again (after a restart, or on another instance). Sending still
   * works: requests being finished at shutdown may enqueue.
   */
  stopWorking(timeoutMs: number): Promise<void>;
  /** Stops working (if not done yet) and releases the queue's connections. */
  stop(): Promise<void>;
}
