/** A boot problem the operator must fix: the process exits non-zero with this one-line message. */
export class BootError extends Error {
  override readonly name = 'BootError';
}
