// Every REST call the connector makes goes through here: jsforce's `Connection.request` (so a 401
// refreshes the token and replays the call), our failure codes, the API usage Salesforce reports,
// and the pause that follows REQUEST_LIMIT_EXCEEDED.
import type { Connection } from 'jsforce';
import type { ConnectorError } from '../../domain/connector-error.ts';
import type { Result } from '../../domain/result.ts';
import { err, ok } from '../../domain/result.ts';
import { afterProbe, afterUsage, DEFAULT_ALLOWANCE_POLICY, gate, OPEN, pause } from './api-allowance.ts';
import type { AllowancePolicy, AllowanceState } from './api-allowance.ts';
import { toSalesforceError } from './salesforce-errors.ts';
import type { SalesforceLimits, SalesforceQueryResult } from './salesforce-types.ts';
import { queryPath } from './soql.ts';

export interface ApiUsage {
  readonly used: number;
  readonly limit: number;
}

export interface SalesforceApiOptions {
  readonly conn: Connection;
  readonly now: () => number;
  readonly policy?: AllowancePolicy;
  /** Per request; jsforce's own default is 30 minutes. */
  readonly timeoutMs?: number;
  readonly logger?: { warn(obj: object, msg: string): void };
}

export interface SalesforceApi {
  readonly conn: Connection;
  /** `path` is relative to the version root (`/query?q=…`) or absolute from `/services/`. */
  get<T>(operation: string, path: string): Promise<Result<T, ConnectorError>>;
  patch<T>(operation: string, path: string, body: unknown): Promise<Result<T, ConnectorError>>;
  /** The last `Sforce-Limit-Info: api-usage=N/M` Salesforce sent, for /metrics. */
  usage(): ApiUsage | null;
  allowance(): AllowanceState;
  /** Requests sent (probes included), for the benchmarks. */
  calls(): number;
}

const DEFAULT_TIMEOUT_MS = 120_000;

interface Sent {
  readonly method: 'GET' | 'PATCH';
  readonly url: string;
  readonly body?: string;
}

export function createSalesforceApi(options: SalesforceApiOptions): SalesforceApi {
  const { conn, now } = options;
  const policy = options.policy ?? DEFAULT_ALLOWANCE_POLICY;
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let state: AllowanceState = OPEN;
  let usage: ApiUsage | null = null;
  let sent = 0;

  // jsforce's Connection.request reads the header of every answer, errors included, into
  // `limitInfo.apiUsage` (connection.ts, jsforce 3.10.26).
  const readUsage = () => {
    const reported = conn.limitInfo.apiUsage;
    if (reported !== undefined) usage = { used: reported.used, limit: reported.limit };
    state = afterUsage(state, usage, now(), policy);
  };

  const raw = async <T>(operation: string, request: Sent): Promise<Result<T, ConnectorError>> => {
    sent += 1;
    try {
      const value = await conn.request<T>(
        {
          method: request.method,
          url: request.url,
          ...(request.body === undefined
            ? {}
            : { body: request.body, headers: { 'content-type': 'application/json' } }),
        },
        // No retries inside jsforce (it would sleep up to 15.5 s on a 5xx GET): a failed poll runs
        // again at the next poll, a failed write is retried by the durable outbox.
        { retry: { maxRetries: 0 }, timeout },
      );
      readUsage();
      return ok(value);
    } catch (thrown) {
      readUsage();
      const error = toSalesforceError(thrown);
      if (error.code === 'rate_limited') state = pause(state, now(), error.message, policy);
      options.logger?.warn(
        { operation, code: error.code },
        `Salesforce ${operation} failed: ${error.message}`,
      );
      return err(error);
    }
  };

  const probe = async (): Promise<void> => {
    const answer = await raw<SalesforceLimits>('limits', { method: 'GET', url: '/limits' });
    if (!answer.ok) {
      // Still refused: stay paused. Anything else (no permission to read /limits): let the next
      // request find out.
      state =
        answer.error.code === 'rate_limited'
          ? pause(state, now(), answer.error.message, policy)
          : afterProbe(state, null, now(), policy);
      return;
    }
    const daily = answer.value['DailyApiRequests'];
    const max = daily?.Max;
    const remaining = daily?.Remaining;
    state = afterProbe(
      state,
      typeof max === 'number' && typeof remaining === 'number' ? { max, remaining } : null,
      now(),
      policy,
    );
  };

  const send = async <T>(operation: string, request: Sent): Promise<Result<T, ConnectorError>> => {
    let decision = gate(state, now());
    if (decision.kind === 'probe') {
      await probe();
      decision = gate(state, now());
    }
    if (decision.kind === 'wait') {
      return err({
        code: 'rate_limited',
        provider: 'salesforce',
        message: `Salesforce work is paused until the API allowance has room (${decision.reason})`,
        retryAfterMs: decision.retryAfterMs,
      });
    }
    return raw<T>(operation, request);
  };

  return {
    conn,
    get: (operation, path) => send(operation, { method: 'GET', url: path }),
    patch: (operation, path, body) =>
      send(operation, { method: 'PATCH', url: path, body: JSON.stringify(body) }),
    usage: () => usage,
    allowance: () => state,
    calls: () => sent,
  };
}

export interface QueryPage<R> {
  readonly records: readonly R[];
  /** `nextRecordsUrl` while more pages remain. */
  readonly next: string | null;
}

/** One page: a new query (`soql`) or the next page of one (`next`, a `nextRecordsUrl`). */
export async function queryPage<R>(
  api: SalesforceApi,
  operation: string,
  from: { readonly soql: string } | { readonly next: string },
): Promise<Result<QueryPage<R>, ConnectorError>> {
  const path = 'soql' in from ? queryPath(from.soql) : from.next;
  const answer = await api.get<SalesforceQueryResult<R>>(operation, path);
  if (!answer.ok) return answer;
  const { records, done, nextRecordsUrl } = answer.value;
  return ok({ records, next: !done && nextRecordsUrl !== undefined ? nextRecordsUrl : null });
}

/** Every page of a query (query, then queryMore on `nextRecordsUrl` until `done`). */
export async function queryAll<R>(
  api: SalesforceApi,
  operation: string,
  soql: string,
): Promise<Result<R[], ConnectorError>> {
  const records: R[] = [];
  let page = await queryPage<R>(api, operation, { soql });
  for (;;) {
    if (!page.ok) return page;
    records.push(...page.value.records);
    if (page.value.next === null) return ok(records);
    page = await queryPage<R>(api, operation, { next: page.value.next });
  }
}
