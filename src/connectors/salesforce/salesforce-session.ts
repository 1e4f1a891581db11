// Opening the connector's session: the jsforce connection (refresh-token mode refreshes first),
// the REST API wrapper, the integration user's id (so our own writes are recognised when they
// come back) and the Lead describe checked against the field map.
import type { Connection } from 'jsforce';
import type { ConnectorError } from '../../domain/connector-error.ts';
import type { Definitions } from '../../domain/definitions.ts';
import type { Result } from '../../domain/result.ts';
import { err, ok } from '../../domain/result.ts';
import type { AllowancePolicy } from './api-allowance.ts';
import { checkLeadFields } from './lead-describe.ts';
import type { LeadFieldReport } from './lead-describe.ts';
import { createSalesforceApi } from './salesforce-api.ts';
import type { SalesforceApi } from './salesforce-api.ts';
import { connectSalesforce } from './salesforce-connection.ts';
import type { RefreshTokenStore, SalesforceConnectionSettings } from './salesforce-connection.ts';
import { toSalesforceError } from './salesforce-errors.ts';
import type { SalesforceDescribe, SalesforceResources } from './salesforce-types.ts';

export interface SessionOptions {
  readonly settings: SalesforceConnectionSettings;
  readonly definitions: Definitions;
  readonly now: () => Date;
  readonly refreshTokens?: RefreshTokenStore;
  readonly allowance?: AllowancePolicy;
  readonly timeoutMs?: number;
  readonly logger?: { warn(obj: object, msg: string): void };
}

export interface SalesforceSession {
  readonly api: SalesforceApi;
  readonly instanceUrl: string;
  readonly integrationUserId: string;
  readonly fields: LeadFieldReport;
}

const USER_ID = /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

export async function openSession(
  options: SessionOptions,
): Promise<Result<SalesforceSession, ConnectorError>> {
  const { logger } = options;
  let conn: Connection;
  try {
    conn = await connectSalesforce(options.settings, {
      ...(options.refreshTokens === undefined ? {} : { refreshTokens: options.refreshTokens }),
      onStoreFailed: (error) => {
        logger?.warn({ error: String(error) }, 'a rotated Salesforce refresh token could not be saved');
      },
    });
  } catch (thrown) {
    return err(toSalesforceError(thrown));
  }
  const api = createSalesforceApi({
    conn,
    now: () => options.now().getTime(),
    ...(options.allowance === undefined ? {} : { policy: options.allowance }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(logger === undefined ? {} : { logger }),
  });
  // Resources by Version names the connected user: `identity` ends in /id/{orgId}/{userId}. (jsforce's
  // Connection.identity() would then fetch that URL with the token in its query string.)
  const resources = await api.get<SalesforceResources>('identity', '/');
  if (!resources.ok) return resources;
  const integrationUserId = resources.value.identity?.split('/').pop() ?? '';
  if (!USER_ID.test(integrationUserId)) {
    return err({
      code: 'unknown',
      provider: 'salesforce',
      message: 'Salesforce did not name the connected user',
    });
  }
  const described = await api.get<SalesforceDescribe>('describe', '/sobjects/Lead/describe');
  if (!described.ok) return described;
  const fields = checkLeadFields(described.value, options.definitions);
  for (const problem of fields.problems) {
    logger?.warn({ field: problem.field, kind: problem.kind }, `Salesforce Lead field: ${problem.message}`);
  }
  return ok({ api, instanceUrl: conn.instanceUrl, integrationUserId, fields });
}

export function linkFieldMissing(defs: Definitions): ConnectorError {
  return {
    code: 'validation',
    provider: 'salesforce',
    message: `the Lead link field ${defs.salesforce.link} is missing or unusable: see npm run salesforce:check`,
  };
}
