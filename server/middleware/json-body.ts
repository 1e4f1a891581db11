import express from 'express';
import type { Request } from 'express';
import { describeUnstorable, findUnstorable, formatPath } from '../../src/domain/storable-text.ts';
import { HttpError } from '../http-error.ts';

// 1 MB is hubspot.fetch's own request limit; larger bodies are refused (413) while being read.
export const JSON_LIMIT = '1mb';

/**
 * Reads the body as raw bytes, and only the bytes: request signatures are computed over them, and
 * they must be checked before anything is parsed (a JSON parse of an unsigned megabyte is work
 * anyone could make us do). Gzip and deflate bodies are inflated, within the same limit.
 */
export function rawBody() {
  return express.raw({ limit: JSON_LIMIT, type: () => true });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function charsetOf(contentType: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase() ?? null;
}

/**
 * Parses the raw body as UTF-8 JSON once its signature has been checked: undefined when there is
 * none, 415 for another charset, 400 `invalid_json` for bytes that are not UTF-8 JSON, 400
 * `invalid_request` for a nesting no real payload has.
 */
export function parseJsonBody(req: Request): unknown {
  const raw = req.rawBody;
  if (!raw || raw.length === 0) return undefined;
  const charset = charsetOf(req.get('content-type'));
  if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpError(415, 'unsupported_encoding', 'Send the body as UTF-8 JSON.');
  }
  let value: unknown;
  try {
    value = JSON.parse(UTF8.decode(raw));
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid UTF-8 JSON.');
  }
  // Depth only: U+0000 and the like are refused per field by each route (a webhook batch refuses
  // the one event, not the delivery).
  const found = findUnstorable(value, { text: false });
  if (found?.reason === 'too_deep') {
    throw new HttpError(
      400,
      'invalid_request',
      `Invalid body: ${formatPath(found.path) || 'body'}: ${describeUnstorable('too_deep')}.`,
    );
  }
  return value;
}
