import type { NextFunction, Request, Response } from 'express';
import { HttpError, errorBody } from '../http-error.ts';

interface BodyParserError {
  readonly type?: string;
  readonly status?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && 'type' in error;
}

/** Maps every failure to the contract's error format; nothing but a 500 leaks an unexpected error. */
export function errorHandler() {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof HttpError) {
      res.status(error.status).json(errorBody(error.code, error.message));
      return;
    }
    if (isBodyParserError(error)) {
      if (error.type === 'entity.too.large') {
        res.status(413).json(errorBody('payload_too_large', 'The request body is larger than 1 MB.'));
        return;
      }
      if (error.type === 'entity.parse.failed') {
        res.status(400).json(errorBody('invalid_json', 'The request body is not valid JSON.'));
        return;
      }
      if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
        res.status(415).json(errorBody('unsupported_encoding', 'Send the body as UTF-8 JSON.'));
        return;
      }
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
