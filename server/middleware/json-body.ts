import express from 'express';

// Keep the exact bytes: request signatures are computed over the raw body, and re-serialised JSON
// would not match. 1 MB is also hubspot.fetch's own request limit.
export const JSON_LIMIT = '1mb';

export function jsonBody() {
  return express.json({
    limit: JSON_LIMIT,
    type: () => true,
    verify: (req, _res, buf) => {
      (req as unknown as { rawBody: Buffer }).rawBody = buf;
    },
  });
}
