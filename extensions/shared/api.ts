import type { LeadCardDto, VerdictRequestDto, VerdictResponseDto } from './dto.ts';

// The backend client of every card and page. HubSpot builds each extension folder alone and
// reaches this package through a symlink from outside that folder, where no bare import can be
// resolved: so it imports nothing, and each folder hands it `hubspot.fetch` (see its backend.ts).

/** HubSpot cuts every hubspot.fetch at 15 s (connect time included); ask for no more than that. */
export const BACKEND_TIMEOUT_MS = 15_000;

/** The options this client passes to `hubspot.fetch`: JSON body, no headers of its own. */
export interface BackendFetchOptions {
  method: 'GET' | 'POST';
  timeout: number;
  body?: Record<string, unknown>;
}

/** `hubspot.fetch` as this client uses it. */
export type HubSpotFetch = (url: string, options: BackendFetchOptions) => Promise<Response>;

export type ProfileVariables = Readonly<Record<string, string | number | bigint | boolean>> | undefined;

export type ApiFailure = { ok: false; status: number; code: string; message: string };
export type ApiResult<T> = { ok: true; status: number; data: T } | ApiFailure;

export interface BackendRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
}

/** Builds an absolute backend URL from the profile's BACKEND_URL, or null when it is missing. */
export function backendUrl(variables: ProfileVariables, path: string, query?: Record<string, string>) {
  const base = variables?.['BACKEND_URL'];
  if (typeof base !== 'string' || base === '') return null;
  const search = query ? `?${new URLSearchParams(query).toString()}` : '';
  return `${base.replace(/\/+$/, '')}${path}${search}`;
}

/** Plain functions (no `this`): a folder may destructure them. */
export interface BackendClient {
  readonly callBackend: <T>(variables: ProfileVariables, request: BackendRequest) => Promise<ApiResult<T>>;
  readonly getLeadCard: (variables: ProfileVariables, contactId: string) => Promise<ApiResult<LeadCardDto>>;
  readonly postVerdict: (
    variables: ProfileVariables,
    verdict: VerdictRequestDto,
  ) => Promise<ApiResult<VerdictResponseDto>>;
}

/** The backend calls of a card or page, made through the `hubspot.fetch` it is given. */
export function createBackendClient(fetch: HubSpotFetch): BackendClient {
  const callBackend = <T>(variables: ProfileVariables, request: BackendRequest) =>
    call<T>(fetch, variables, request);
  return {
    callBackend,
    getLeadCard: (variables, contactId) =>
      callBackend<LeadCardDto>(variables, {
        method: 'GET',
        path: '/api/cards/lead',
        query: { objectId: contactId },
      }),
    postVerdict: (variables, verdict) =>
      callBackend<VerdictResponseDto>(variables, {
        method: 'POST',
        path: '/api/verdicts',
        body: { ...verdict },
      }),
  };
}

async function call<T>(
  fetch: HubSpotFetch,
  variables: ProfileVariables,
  request: BackendRequest,
): Promise<ApiResult<T>> {
  const url = backendUrl(variables, request.path, request.query);
  if (url === null) {
    return failure(0, 'not_configured', 'BACKEND_URL is not set in the HubSpot project profile.');
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      timeout: BACKEND_TIMEOUT_MS,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
  } catch (error) {
    return failure(
      0,
      'network_error',
      error instanceof Error ? error.message : 'The backend could not be reached.',
    );
  }
  const body = await readJson(response);
  if (!response.ok) return toFailure(response.status, body);
  if (body === undefined || body === null || typeof body !== 'object') {
    return failure(
      response.status,
      'invalid_response',
      'The backend answered with something that is not JSON.',
    );
  }
  return { ok: true, status: response.status, data: body as T };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    const parsed: unknown = await response.json();
    return parsed;
  } catch {
    return undefined;
  }
}

// Our backend answers `{error: {code, message}}`; HubSpot's proxy may wrap a failed call in its
// own envelope (`{status: 'error', category, message, responseBody}`) — read both, trust neither.
function toFailure(status: number, body: unknown): ApiFailure {
  const own = ownError(body) ?? ownError(parseMaybe(field(body, 'responseBody')));
  if (own) return failure(status, own.code, own.message);
  const message = field(body, 'message');
  const category = field(body, 'category');
  return failure(
    status,
    typeof category === 'string' ? category.toLowerCase() : `http_${status}`,
    typeof message === 'string' && message !== '' ? message : `The backend answered ${status}.`,
  );
}

function ownError(body: unknown): { code: string; message: string } | undefined {
  const error = field(body, 'error');
  const code = field(error, 'code');
  const message = field(error, 'message');
  if (typeof code !== 'string') return undefined;
  return { code, message: typeof message === 'string' && message !== '' ? message : code };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function parseMaybe(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

function failure(status: number, code: string, message: string): ApiFailure {
  return { ok: false, status, code, message };
}
