import type { NextFunction, Request, Response } from 'express';
import { HttpError, errorBody } from '../http-error.ts';

/** What body-parser (raw-body, zlib) throws while reading a body: an http-errors error. */
interface BodyReadError {
  readonly type?: string;
  readonly status: number;
  readonly message: string;
}

function isBodyReadError(error: unknown): error is BodyReadError {
  if (typeof error !== 'object' || error === null || !('status' in error)) return false;
  const status: unknown = error.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

// A body that cannot be read is the client's doing (too large, cut short, not inflatable, in an
// unknown encoding): a 4xx and a one-line warning, never a 500 with a stack trace.
function bodyReadAnswer(error: BodyReadError): { status: number; code: string; message: string } {
  switch (error.type) {
    case 'entity.too.large':
      return { status: 413, code: 'payload_too_large', message: 'The request body is larger than 1 MB.' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'unsupported_encoding', message: 'Send the body as UTF-8 JSON.' };
    case 'request.aborted':
      return { status: 400, code: 'request_aborted', message: 'The request body was cut short.' };
    case undefined:
    default:
      return {
        status: error.status,
        code: 'invalid_body',
        message: 'The request body could not be read (is its Content-Encoding right?).',
      };
  }
}

/** Maps every failure to the contract's error format; nothing but a 500 leaks an unexpected error. */
export function errorHandler() {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof HttpError) {
      res.status(error.status).json(errorBody(error.code, error.message));
      return;
    }
    if (isBodyReadError(error)) {
      const answer = bodyReadAnswer(error);
      req.log.warn(
        { status: answer.status, code: answer.code, detail: error.message },
        error.type === 'request.aborted' ? 'the client aborted its request body' : 'unreadable request body',
      );
      // The client may be gone already; answering it is harmless.
      if (!res.headersSent) res.status(answer.status).json(errorBody(answer.code, answer.message));
      return;
    }
    req.log.error({ err: error }, 'unhandled error');
    res.status(500).json(errorBody('internal', 'Something went wrong on our side; it has been logged.'));
  };
}

export function notFoundHandler() {
  return (req: Request, res: Response): void => {
    res.status(404).json(errorBody('route_not_found', `No route for ${req.method} ${req.path}.`));
  };
}
