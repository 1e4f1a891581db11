// jsforce's failures in our closed set of codes. jsforce throws an Error whose `errorCode` (and
// `name`) is Salesforce's code: from a REST error body (`[{errorCode, message}]`), a SOAP fault's
// `faultcode` (`sf:INVALID_SESSION_ID`), `ERROR_HTTP_<status>` for a body it cannot read, or the
// OAuth `error` (`invalid_grant`) for a failed token refresh. A network failure has none.
import type { ConnectorError, ConnectorErrorCode } from '../../domain/connector-error.ts';

const AUTH_REVOKED = new Set(['INVALID_SESSION_ID', 'invalid_grant', 'invalid_client', 'invalid_client_id']);
// REQUEST_LIMIT_EXCEEDED: the org's 24-hour API allocation, or too many concurrent long requests.
const RATE_LIMITED = new Set(['REQUEST_LIMIT_EXCEEDED']);
const TRANSIENT = new Set(['SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW']);
// The user lacks a permission ("Modify Metadata Through Metadata API Functions") or the org a
// feature: retrying cannot help, an admin must act.
const REFUSED = new Set(['INSUFFICIENT_ACCESS', 'API_DISABLED_FOR_ORG', 'FUNCTIONALITY_NOT_ENABLED']);

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { errorCode, name } = error as { errorCode?: unknown; name?: unknown };
  // API errors carry errorCode; a token endpoint error only its `error` as the Error's name
  // (OAuth2._postParams). JavaScript's own names (Error, TypeError, AbortError…) are no code.
  const value =
    typeof errorCode === 'string'
      ? errorCode
      : typeof name === 'string' && !/Error$/.test(name)
        ? name
        : null;
  if (value === null || value === '') return null;
  // SOAP faults come namespaced: sf:INVALID_SESSION_ID.
  return value.replace(/^[A-Za-z]+:/, '');
}

function classify(code: string | null): ConnectorErrorCode {
  if (code === null) return 'transient';
  if (AUTH_REVOKED.has(code)) return 'auth_revoked';
  if (RATE_LIMITED.has(code)) return 'rate_limited';
  if (TRANSIENT.has(code)) return 'transient';
  if (REFUSED.has(code)) return 'validation';
  const status = /^ERROR_HTTP_(\d{3})$/.exec(code);
  if (status) return Number(status[1]) >= 500 ? 'transient' : 'unknown';
  return 'unknown';
}

export function toSalesforceError(error: unknown): ConnectorError {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: classify(code),
    provider: 'salesforce',
    message: code === null ? message : `${code}: ${message}`,
  };
}
