import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiFailure, ApiResult } from '@lead-handoff/shared/api';

export type ReportState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'failed'; failure: ApiFailure };

function unexpectedShape(status: number): ApiFailure {
  return {
    ok: false,
    status,
    code: 'invalid_response',
    message: 'The backend answered without the fields this page reads.',
  };
}

export interface ReportRequest<T> {
  /** Names the request (route, parameters, backend): a new key loads again, the same one does not. */
  key: string;
  load: () => Promise<ApiResult<T>>;
  /** Whether a 200 answer has the shape the page reads; anything else is `invalid_response`. */
  looksRight: (data: unknown) => boolean;
}

/**
 * Loads one report and loads it again whenever the request changes (a filter) or on `reload`.
 * An answer to an older request is dropped, so a quick change of filters never shows stale
 * numbers. `null` (filters that cannot be sent) loads nothing.
 */
export function useReport<T>(request: ReportRequest<T> | null) {
  const [state, setState] = useState<ReportState<T>>(
    request === null ? { status: 'idle' } : { status: 'loading' },
  );
  const [generation, setGeneration] = useState(0);
  // The latest loader, read when the key changes; a new closure alone is not a new request.
  const latest = useRef(request);
  latest.current = request;
  const key = request?.key ?? null;

  useEffect(() => {
    const current = latest.current;
    if (current === null) {
      setState({ status: 'idle' });
      return;
    }
    let live = true;
    setState({ status: 'loading' });
    void current.load().then((result) => {
      if (!live) return;
      if (!result.ok) setState({ status: 'failed', failure: result });
      else if (current.looksRight(result.data)) setState({ status: 'ready', data: result.data });
      else setState({ status: 'failed', failure: unexpectedShape(result.status) });
    });
    return () => {
      live = false;
    };
  }, [key, generation]);

  const reload = useCallback(() => {
    setGeneration((value) => value + 1);
  }, []);

  return { state, reload };
}
