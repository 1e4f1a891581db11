/** A failure worth another try (rate limit, outage): the job queue runs the job again with backoff. */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
}
