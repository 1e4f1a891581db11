// The Salesforce REST exchanges of the Lead connector for nock, at the paths jsforce 3.10.26 calls
// (Connection.request: relative paths under {instance}/services/data/v{version}, nextRecordsUrl
// under {instance}). Bodies come from test/fixtures/salesforce, in Salesforce's shapes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { loadDefinitionsFile } from '../../../src/config/definitions-loader.ts';
import type { SalesforceConnectionSettings } from '../../../src/connectors/salesforce/salesforce-connection.ts';
import { createSalesforceConnector } from '../../../src/connectors/salesforce/salesforce-connector.ts';
import type {
  SalesforceConnector,
  SalesforceConnectorOptions,
} from '../../../src/connectors/salesforce/salesforce-connector.ts';
import type { Definitions } from '../../../src/domain/definitions.ts';

export const INSTANCE = 'https://leadhandoff-demo.my.salesforce.com';
export const LOGIN = 'https://login.salesforce.com';
export const VERSION = '62.0';
export const BASE = `/services/data/v${VERSION}`;
export const ACCESS_TOKEN = '00D5g00000LhOrg!AQ4AQ.test-access-token';
export const INTEGRATION_USER = '0055g00000LhIntAAB';
export const REP_USER = '0055g00000LhRepAAA';
export const NOW = new Date('2026-11-22T00:00:00.000Z');

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the fixture's shape
export function json<T = unknown>(name: string): T {
  const path = fileURLToPath(new URL(`../../fixtures/salesforce/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

let shipped: Definitions | null = null;

export async function shippedDefinitions(): Promise<Definitions> {
  if (shipped !== null) return shipped;
  const path = fileURLToPath(new URL('../../../config/definitions.yaml', import.meta.url));
  const loaded = await loadDefinitionsFile(path);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  shipped = loaded.value;
  return shipped;
}

export const ACCESS_SETTINGS: SalesforceConnectionSettings = {
  instanceUrl: INSTANCE,
  apiVersion: VERSION,
  auth: { kind: 'access_token', accessToken: ACCESS_TOKEN },
  refresh: null,
};

export const REFRESH = {
  kind: 'refresh_token',
  clientId: '3MVG9-test-client-id',
  clientSecret: 'test-client-secret',
  refreshToken: '5Aep861-test-refresh-token',
  loginUrl: LOGIN,
} as const;

/** An access token with refresh credentials: a 401 refreshes. */
export const REFRESHABLE_SETTINGS: SalesforceConnectionSettings = { ...ACCESS_SETTINGS, refresh: REFRESH };

export const DESCRIBE = (): { name: string; fields: { name: string }[] } => json('lead-describe.json');

/** The Salesforce API of the org, with every request asserting the bearer token. */
export function org(token = ACCESS_TOKEN): nock.Scope {
  return nock(INSTANCE, { reqheaders: { authorization: `Bearer ${token}` } });
}

/** What connecting asks: who we are (Resources by Version), then the Lead describe. */
export function connectScope(describe: object = DESCRIBE(), token = ACCESS_TOKEN): nock.Scope {
  return org(token)
    .get(`${BASE}/`)
    .reply(200, json('resources-v62.json'), { 'Sforce-Limit-Info': 'api-usage=24/15000' })
    .get(`${BASE}/sobjects/Lead/describe`)
    .reply(200, describe, { 'Sforce-Limit-Info': 'api-usage=25/15000' });
}

export async function connector(
  overrides: Partial<SalesforceConnectorOptions> = {},
): Promise<SalesforceConnector> {
  return createSalesforceConnector({
    settings: ACCESS_SETTINGS,
    definitions: await shippedDefinitions(),
    now: () => NOW,
    ...overrides,
  });
}

/** A Lead id of the test org, numbered. */
export function leadId(n: number): string {
  return `00Q5g00000${String(n).padStart(5, '0')}EAF`.slice(0, 18);
}

/** A collections request body as jsforce-free JSON: what Salesforce receives. */
export interface CollectionsBody {
  allOrNone: boolean;
  records: ({ attributes: { type: string }; id: string } & Record<string, unknown>)[];
}

export function isCollectionsBody(body: unknown): body is CollectionsBody {
  return typeof body === 'object' && body !== null && Array.isArray((body as { records?: unknown }).records);
}
