/** A durable job: the data survives a crash and the job runs again until it succeeds or gives up. */
export interface JobQueue {
  /** Declares a queue with its retry policy; idempotent. */
  define(
    queue: string,
    policy: { readonly retryLimit: number; readonly retryDelaySeconds: number },
  ): Promise<void>;
  /** Sends a job, optionally not before `startAfter`. */
  send(queue: string, data: object, options?: { readonly startAfter?: Date }): Promise<void>;
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
