// jsforce's failures in our closed set of codes. jsforce throws an Error whose `errorCode` (and
// `name`) is Salesforce's code: from a REST error body (`[{errorCode, message}]`), a SOAP fault's
// `faultcode` (`sf:INVALID_SESSION_ID`), `ERROR_HTTP_<status>` for a body it cannot read, or the
// OAuth `error` (`invalid_grant`) for a failed token refresh. A network failure has none.
import type { ConnectorError, ConnectorErrorCode } from '../../domain/connector-error.ts';

const AUTH_REVOKED = new Set(['INVALID_SESSION_ID', 'invalid_grant', 'invalid_client', 'invalid_client_id']);
// REQUEST_LIMIT_EXCEEDED: the org's 24-hour API allocation, or too many concurrent long requests.
const RATE_LIMITED = new Set(['REQUEST_LIMIT_EXCEEDED']);
// UNABLE_TO_LOCK_ROW: another transaction (a trigger, a bulk job, a rep saving) holds the row;
// ALL_OR_NONE_OPERATION_ROLLED_BACK: an innocent record of a batch that another one failed;
// INVALID_QUERY_LOCATOR: a query's next page expired (15 minutes unused) or too many are open.
const TRANSIENT = new Set([
  'SERVER_UNAVAILABLE',
  'UNABLE_TO_LOCK_ROW',
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'INVALID_QUERY_LOCATOR',
]);
// The record is gone (deleted, or merged into another Lead).
const NOT_FOUND = new Set(['ENTITY_IS_DELETED', 'NOT_FOUND', 'INVALID_CROSS_REFERENCE_KEY']);
// The user lacks a permission ("Modify Metadata Through Metadata API Functions") or the org a
// feature: retrying cannot help, an admin must act.
const REFUSED = new Set(['INSUFFICIENT_ACCESS', 'API_DISABLED_FOR_ORG', 'FUNCTIONALITY_NOT_ENABLED']);
// Salesforce refused the values or the record: a validation rule, a restricted picklist, a
// converted Lead (read-only after conversion), a field we may not write. Sent again unchanged, the
// same values fail the same way.
const DATA_REFUSED = new Set([
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'CANNOT_UPDATE_CONVERTED_LEAD',
  'STRING_TOO_LONG',
  'REQUIRED_FIELD_MISSING',
  'INVALID_FIELD',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'INVALID_TYPE_ON_FIELD_IN_RECORD',
  'FIELD_INTEGRITY_EXCEPTION',
  'FIELD_FILTER_VALIDATION_EXCEPTION',
  'DUPLICATE_VALUE',
  'DUPLICATES_DETECTED',
  'MALFORMED_ID',
  'MALFORMED_QUERY',
  'INVALID_ID_FIELD',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'CANNOT_EXECUTE_FLOW_TRIGGER',
  'EXCEEDED_ID_LIMIT',
]);
// jsforce's SessionRefreshDelegate reports a failed token refresh as this sentence followed by
// the refresh error's message; our refresh function starts that message with the OAuth error.
const REFRESH_FAILED = /^Unable to refresh session due to: (?:([A-Za-z_]+): )?/;
const MAX_MESSAGE_LENGTH = 500;

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  if (error instanceof Error) {
    const refresh = REFRESH_FAILED.exec(error.message);
    // A refresh that failed without an OAuth error (the network): no code, so transient.
    if (refresh) return refresh[1] ?? null;
  }
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
  if (NOT_FOUND.has(code)) return 'not_found';
  if (REFUSED.has(code) || DATA_REFUSED.has(code)) return 'validation';
  const status = /^ERROR_HTTP_(\d{3})$/.exec(code);
  if (status) return Number(status[1]) >= 500 ? 'transient' : 'unknown';
  return 'unknown';
}

/** Never let a bearer token reach a message or a log; keep messages short. */
function redact(text: string): string {
  const result = text.replace(/Bearer\s+[^\s"'\\,]+/gi, 'Bearer [redacted]');
  return result.length > MAX_MESSAGE_LENGTH ? `${result.slice(0, MAX_MESSAGE_LENGTH)}…` : result;
}

export function toSalesforceError(error: unknown): ConnectorError {
  const code = codeOf(error);
  const message = redact(error instanceof Error ? error.message : String(error));
  return {
    code: classify(code),
    provider: 'salesforce',
    message: code === null ? message : `${code}: ${message}`,
  };
}

/** One record's failure in an sObject Collections answer (`statusCode`, sometimes `errorCode`). */
export function recordError(
  statusCode: string,
  message: string,
  fields: readonly string[] = [],
): ConnectorError {
  const where = fields.length > 0 ? ` (${fields.join(', ')})` : '';
  return {
    code: classify(statusCode),
    provider: 'salesforce',
    message: redact(`${statusCode}: ${message}${where}`),
  };
}

/** Will sending the same values again fail the same way? */
export function isFinal(error: ConnectorError): boolean {
  return error.code === 'validation' || error.code === 'not_found';
}
