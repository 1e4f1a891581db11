// A local Salesforce for benchmarks and wire tests: a real HTTP server on 127.0.0.1 speaking the
// REST routes the Lead connector uses, with Salesforce's limits and error bodies, so the connector
// can be measured end to end (requests per verdict, per changed Lead) without an org.
//
// Emulated, with where each rule comes from:
// - OAuth refresh (POST /services/oauth2/token, form body; 400 invalid_grant for an unknown token),
//   optionally rotating the refresh token (the old one then refused with invalid_grant).
// - Resources by Version (GET /services/data/vXX.X/, `identity` naming the integration user).
// - GET /sobjects/Lead/describe: the describe given at start.
// - GET /limits: DailyApiRequests { Max, Remaining }.
// - GET /query?q= and GET /query/{locator}: the SOQL subset of fake-salesforce-soql.ts; fields
//   checked against the describe (400 INVALID_FIELD, Salesforce's message); pages of 2,000 rows,
//   of 200 when two or more long text custom fields are selected ("Change the Batch Size in
//   Queries", SOQL and SOSL Reference), or Sforce-Query-Options batchSize between 200 and 2,000
//   (REST API Developer Guide, "Query Options Header"); a URI over 16,384 bytes is refused with 414
//   and a statement over 100,000 characters with MALFORMED_QUERY (Salesforce Help 000386264; SOQL
//   and SOSL Limits); an unknown locator with INVALID_QUERY_LOCATOR.
// - PATCH /composite/sobjects (Update Records Using sObject Collections): at most 200 records
//   (400 EXCEEDED_ID_LIMIT "record limit reached. cannot submit more than 200 records into this
//   call"), each with `attributes.type` and `id`; results in request order with `statusCode`
//   errors; ENTITY_IS_DELETED, CANNOT_UPDATE_CONVERTED_LEAD, INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST,
//   DUPLICATE_VALUE on the unique link field; allOrNone rolls back with ALL_OR_NONE_OPERATION_ROLLED_BACK.
//   An unknown field fails the whole request (INVALID_FIELD), as it does for a single record.
// - Every REST request draws on a daily allowance: `Sforce-Limit-Info: api-usage=N/M` on each
//   answer, 403 REQUEST_LIMIT_EXCEEDED ("TotalRequests Limit exceeded.") once it is used up.
// - A wrong bearer token: 401 INVALID_SESSION_ID ("Session expired or invalid").
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SalesforceDescribe } from '../src/connectors/salesforce/salesforce-types.ts';
import { namedFields, parseSoql, runSoql, SoqlError } from './fake-salesforce-soql.ts';
import type { FakeRow, FieldValue, SoqlQuery } from './fake-salesforce-soql.ts';

export type FakeSalesforceRoute =
  'token' | 'identity' | 'describe' | 'limits' | 'query' | 'queryMore' | 'collections' | 'unknown';

export interface FakeUser {
  readonly id: string;
  readonly email: string;
}

export interface FakeSalesforceOptions {
  readonly describe: SalesforceDescribe;
  readonly version?: string;
  readonly accessToken?: string;
  /** Refresh tokens the token endpoint accepts. */
  readonly refreshTokens?: readonly string[];
  /**
   * Refresh token rotation, as a connected app can require ("Refresh Token Rotation", Salesforce
   * Help): each refresh answers a new refresh token and the one used stops working.
   */
  readonly rotateRefreshTokens?: boolean;
  readonly integrationUser?: FakeUser;
  /** The org's daily API request allowance (Developer Edition: 15,000). */
  readonly dailyLimit?: number;
  readonly now?: () => number;
}

export interface FakeSalesforce {
  readonly url: string;
  readonly calls: Record<FakeSalesforceRoute, number>;
  /** Records per accepted collections request, in arrival order. */
  readonly collectionSizes: number[];
  readonly integrationUser: FakeUser;
  /** Adds or changes a record as `user` did (stamps SystemModstamp and LastModified*). */
  save(object: 'Lead' | 'Opportunity', values: Record<string, FieldValue>, user?: FakeUser): string;
  get(object: 'Lead' | 'Opportunity', id: string): FakeRow | undefined;
  deleteRecord(id: string): void;
  /** API requests used of the daily allowance. */
  used(): number;
  resetCalls(): void;
  close(): Promise<void>;
}

// Update Records Using sObject Collections: "The list can contain up to 200 objects."
const COLLECTION_MAX = 200;
// Query pages: 2,000 rows at most and by default; 200 with two or more long text fields selected.
const QUERY_BATCH_MAX = 2_000;
const QUERY_BATCH_MIN = 200;
const QUERY_BATCH_LONG_TEXT = 200;
// Salesforce Help 000386264: URI and headers of one REST call, 16,384 bytes.
const URI_MAX_BYTES = 16_384;
// SOQL and SOSL Limits: 100,000 characters per statement.
const SOQL_MAX_CHARS = 100_000;

const OPPORTUNITY_FIELDS = new Set([
  'Id',
  'SystemModstamp',
  'CreatedDate',
  'LastModifiedDate',
  'LastModifiedById',
  'IsClosed',
  'IsWon',
  'CloseDate',
  'Amount',
  'StageName',
]);

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

function error(status: number, errorCode: string, message: string): Answer {
  return { status, body: [{ message, errorCode }] };
}

function salesforceDateTime(ms: number): string {
  // Salesforce stamps to the second and writes the offset without a colon.
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('Z', '+0000');
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeSalesforce(options: FakeSalesforceOptions): Promise<FakeSalesforce> {
  const now = options.now ?? Date.now;
  const version = options.version ?? '62.0';
  const base = `/services/data/v${version}`;
  let accessToken = options.accessToken ?? 'fake-access-token';
  const refreshTokens = new Set(options.refreshTokens ?? []);
  let rotations = 0;
  const integrationUser = options.integrationUser ?? {
    id: '0055g00000FkIntAAB',
    email: 'integration@fake.example',
  };
  const users = new Map<string, FakeUser>([[integrationUser.id, integrationUser]]);
  const dailyLimit = options.dailyLimit ?? 15_000;
  let used = 0;
  const calls: Record<FakeSalesforceRoute, number> = {
    token: 0,
    identity: 0,
    describe: 0,
    limits: 0,
    query: 0,
    queryMore: 0,
    collections: 0,
    unknown: 0,
  };
  const collectionSizes: number[] = [];
  const records = {
    Lead: new Map<string, Record<string, FieldValue>>(),
    Opportunity: new Map<string, Record<string, FieldValue>>(),
  };
  const deleted = new Set<string>();
  const cursors = new Map<string, { rows: FakeRow[]; fields: readonly string[]; batch: number }>();
  let sequence = 0;
  let locators = 0;

  const describeFields = new Map(options.describe.fields.map((f) => [f.name.toLowerCase(), f]));
  const linkField =
    options.describe.fields.find((f) => f.externalId === true && f.unique === true)?.name ?? null;

  const newId = (prefix: string) => {
    sequence += 1;
    return `${prefix}5g0000${String(sequence).padStart(6, '0')}AAA`;
  };

  const save: FakeSalesforce['save'] = (object, values, user = integrationUser) => {
    users.set(user.id, user);
    const id = typeof values['Id'] === 'string' ? values['Id'] : newId(object === 'Lead' ? '00Q' : '006');
    const stamp = salesforceDateTime(now());
    const before = records[object].get(id);
    records[object].set(id, {
      ...(before ?? {
        CreatedDate: stamp,
        IsConverted: false,
        ConvertedDate: null,
        ConvertedOpportunityId: null,
      }),
      ...values,
      Id: id,
      SystemModstamp: stamp,
      LastModifiedDate: stamp,
      LastModifiedById: user.id,
    });
    deleted.delete(id);
    return id;
  };

  const fieldExists = (object: string, field: string): boolean => {
    if (object === 'Opportunity') return OPPORTUNITY_FIELDS.has(field);
    if (field === 'LastModifiedBy.Email') return true;
    return describeFields.has(field.toLowerCase());
  };

  const project = (object: string, row: FakeRow, fields: readonly string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {
      attributes: { type: object, url: `${base}/sobjects/${object}/${String(row['Id'])}` },
    };
    for (const field of fields) {
      if (field === 'LastModifiedBy.Email') {
        const user = users.get(String(row['LastModifiedById']));
        out['LastModifiedBy'] =
          user === undefined
            ? null
            : { attributes: { type: 'User', url: `${base}/sobjects/User/${user.id}` }, Email: user.email };
      } else {
        out[field] = row[field] ?? null;
      }
    }
    return out;
  };

  const pageOf = (locator: string, offset: number): Answer => {
    const cursor = cursors.get(locator);
    if (cursor === undefined || offset > cursor.rows.length) {
      return error(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    const slice = cursor.rows.slice(offset, offset + cursor.batch);
    const end = offset + slice.length;
    const object = String(slice[0]?.['__object'] ?? 'Lead');
    const done = end >= cursor.rows.length;
    if (done) cursors.delete(locator);
    return {
      status: 200,
      body: {
        totalSize: cursor.rows.length,
        done,
        ...(done ? {} : { nextRecordsUrl: `${base}/query/${locator}-${end}` }),
        records: slice.map((row) => project(object, row, cursor.fields)),
      },
    };
  };

  const query = (soql: string, rawUrlBytes: number, headers: IncomingMessage['headers']): Answer => {
    if (rawUrlBytes > URI_MAX_BYTES)
      return { status: 414, body: '<html><body>414 URI Too Long</body></html>' };
    if (soql.length > SOQL_MAX_CHARS) {
      return error(
        400,
        'MALFORMED_QUERY',
        `SOQL statements cannot be longer than ${SOQL_MAX_CHARS} characters`,
      );
    }
    let parsed: SoqlQuery;
    try {
      parsed = parseSoql(soql);
    } catch (thrown) {
      if (thrown instanceof SoqlError) return error(400, 'MALFORMED_QUERY', thrown.message);
      throw thrown;
    }
    const object = parsed.object;
    if (object !== 'Lead' && object !== 'Opportunity') {
      return error(400, 'INVALID_TYPE', `sObject type '${object}' is not supported.`);
    }
    for (const [on, field] of namedFields(parsed)) {
      if (!fieldExists(on, field)) {
        return error(
          400,
          'INVALID_FIELD',
          `No such column '${field}' on entity '${on}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
        );
      }
    }
    const rowsOf = (name: string): FakeRow[] =>
      name === 'Lead' || name === 'Opportunity'
        ? [...records[name].values()].filter((r) => !deleted.has(String(r['Id'])))
        : [];
    const rows = runSoql(parsed, rowsOf(object), rowsOf).map((r) => ({ ...r, __object: object }));
    const longText = parsed.fields.filter((f) => {
      const described = describeFields.get(f.toLowerCase());
      return object === 'Lead' && described?.type === 'textarea' && f.endsWith('__c');
    }).length;
    const hinted = /batchSize=(\d+)/.exec(String(headers['sforce-query-options'] ?? ''));
    const asked = hinted
      ? Math.min(QUERY_BATCH_MAX, Math.max(QUERY_BATCH_MIN, Number(hinted[1])))
      : QUERY_BATCH_MAX;
    const batch = longText >= 2 ? Math.min(asked, QUERY_BATCH_LONG_TEXT) : asked;
    locators += 1;
    const locator = `01g5g0000${String(locators).padStart(6, '0')}AAB`;
    cursors.set(locator, { rows, fields: parsed.fields, batch });
    return pageOf(locator, 0);
  };

  const collections = (text: string): Answer => {
    let body: { allOrNone?: unknown; records?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return error(400, 'JSON_PARSER_ERROR', 'Unexpected character in the request body');
    }
    const list = Array.isArray(body.records) ? (body.records as Record<string, unknown>[]) : null;
    if (list === null) return error(400, 'INVALID_FIELD', 'records is required');
    if (list.length > COLLECTION_MAX) {
      return error(
        400,
        'EXCEEDED_ID_LIMIT',
        'record limit reached. cannot submit more than 200 records into this call',
      );
    }
    for (const record of list) {
      for (const field of Object.keys(record)) {
        if (field === 'attributes' || field === 'id') continue;
        const described = describeFields.get(field.toLowerCase());
        if (described === undefined || described.updateable === false) {
          return error(400, 'INVALID_FIELD', `No such column '${field}' on sobject of type Lead`);
        }
      }
    }
    collectionSizes.push(list.length);
    const results = list.map((record) => {
      const fail = (statusCode: string, message: string, fields: string[] = []) => ({
        success: false,
        errors: [{ statusCode, message, fields }],
      });
      const attributes = record['attributes'] as { type?: unknown } | undefined;
      const id = typeof record['id'] === 'string' ? record['id'] : null;
      if (attributes?.type !== 'Lead') return fail('INVALID_TYPE', 'Must send a concrete entity type.');
      if (id === null) return fail('MISSING_ARGUMENT', 'Id not specified in an update call');
      if (deleted.has(id)) return fail('ENTITY_IS_DELETED', 'entity is deleted');
      const lead = records.Lead.get(id);
      if (lead === undefined) return fail('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
      if (lead['IsConverted'] === true)
        return fail('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');
      for (const [field, value] of Object.entries(record)) {
        const described = describeFields.get(field.toLowerCase());
        if (described?.type !== 'picklist' || value === null) continue;
        const allowed = (described.picklistValues ?? []).filter((v) => v.active).map((v) => v.value);
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        if (!allowed.includes(text)) {
          return fail(
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            `${described.name}: bad value for restricted picklist field: ${text}`,
            [described.name],
          );
        }
      }
      if (linkField !== null && typeof record[linkField] === 'string') {
        const holder = [...records.Lead.values()].find(
          (l) => l[linkField] === record[linkField] && l['Id'] !== id,
        );
        if (holder !== undefined) {
          return fail(
            'DUPLICATE_VALUE',
            `duplicate value found: ${linkField} duplicates value on record with id: ${String(holder['Id'])}`,
            [linkField],
          );
        }
      }
      return { id, success: true, errors: [] };
    });
    if (body.allOrNone === true && results.some((r) => !r.success)) {
      return {
        status: 200,
        body: results.map((r) =>
          r.success
            ? {
                success: false,
                errors: [
                  {
                    statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                    message:
                      'Record rolled back because not all records were valid and the request was using AllOrNone header',
                    fields: [],
                  },
                ],
              }
            : r,
        ),
      };
    }
    list.forEach((record, index) => {
      if (results[index]?.success !== true) return;
      const { attributes: _attributes, id, ...values } = record;
      save('Lead', { ...(values as Record<string, FieldValue>), Id: String(id) }, integrationUser);
    });
    return { status: 200, body: results };
  };

  const route = async (request: IncomingMessage): Promise<{ route: FakeSalesforceRoute; answer: Answer }> => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const method = request.method ?? 'GET';
    if (method === 'POST' && url.pathname === '/services/oauth2/token') {
      const form = new URLSearchParams(await readBody(request));
      const token = form.get('refresh_token') ?? '';
      if (form.get('grant_type') !== 'refresh_token' || !refreshTokens.has(token)) {
        return {
          route: 'token',
          answer: {
            status: 400,
            body: { error: 'invalid_grant', error_description: 'expired access/refresh token' },
          },
        };
      }
      accessToken = `fake-access-token-${now()}`;
      let rotated: string | null = null;
      if (options.rotateRefreshTokens === true) {
        refreshTokens.delete(token);
        rotations += 1;
        rotated = `${token.replace(/~\d+$/, '')}~${rotations}`;
        refreshTokens.add(rotated);
      }
      return {
        route: 'token',
        answer: {
          status: 200,
          body: {
            access_token: accessToken,
            instance_url: `http://${request.headers.host ?? ''}`,
            id: `https://login.salesforce.com/id/00D5g00000FakeOrgAAA/${integrationUser.id}`,
            token_type: 'Bearer',
            issued_at: String(now()),
            signature: 'fake',
            scope: 'api refresh_token',
            ...(rotated === null ? {} : { refresh_token: rotated }),
          },
        },
      };
    }
    if (!url.pathname.startsWith(`${base}/`))
      return { route: 'unknown', answer: error(404, 'NOT_FOUND', 'The requested resource does not exist') };
    if (request.headers.authorization !== `Bearer ${accessToken}`) {
      return { route: 'unknown', answer: error(401, 'INVALID_SESSION_ID', 'Session expired or invalid') };
    }
    used += 1;
    if (used > dailyLimit) {
      return {
        route: 'unknown',
        answer: error(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
      };
    }
    const path = url.pathname.slice(base.length);
    if (method === 'GET' && path === '/') {
      return {
        route: 'identity',
        answer: {
          status: 200,
          body: {
            identity: `http://fake/id/00D5g00000FakeOrgAAA/${integrationUser.id}`,
            query: `${base}/query`,
            limits: `${base}/limits`,
          },
        },
      };
    }
    if (method === 'GET' && path === '/sobjects/Lead/describe')
      return { route: 'describe', answer: { status: 200, body: options.describe } };
    if (method === 'GET' && path === '/limits') {
      return {
        route: 'limits',
        answer: {
          status: 200,
          body: { DailyApiRequests: { Max: dailyLimit, Remaining: Math.max(0, dailyLimit - used) } },
        },
      };
    }
    if (method === 'GET' && path === '/query') {
      const rawBytes = `http://${request.headers.host ?? ''}${request.url ?? ''}`.length;
      return { route: 'query', answer: query(url.searchParams.get('q') ?? '', rawBytes, request.headers) };
    }
    const more = /^\/query\/([A-Za-z0-9]+)-(\d+)$/.exec(path);
    if (method === 'GET' && more)
      return { route: 'queryMore', answer: pageOf(more[1] ?? '', Number(more[2])) };
    if (method === 'PATCH' && path === '/composite/sobjects')
      return { route: 'collections', answer: collections(await readBody(request)) };
    return { route: 'unknown', answer: error(404, 'NOT_FOUND', 'The requested resource does not exist') };
  };

  // Node's own header limit (16 KiB) would answer 431 first; Salesforce's rules are applied here.
  const server = createServer(
    { maxHeaderSize: 64 * 1024 },
    (request: IncomingMessage, response: ServerResponse) => {
      route(request).then(
        ({ route: name, answer }) => {
          calls[name] += 1;
          const isJson = typeof answer.body !== 'string';
          response.writeHead(answer.status, {
            'content-type': isJson ? 'application/json;charset=UTF-8' : 'text/html',
            'sforce-limit-info': `api-usage=${Math.min(used, dailyLimit + 1)}/${dailyLimit}`,
          });
          response.end(isJson ? JSON.stringify(answer.body) : answer.body);
        },
        (thrown: unknown) => {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify([{ message: String(thrown), errorCode: 'UNKNOWN_EXCEPTION' }]));
        },
      );
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    collectionSizes,
    integrationUser,
    save,
    get: (object, id) => records[object].get(id),
    deleteRecord: (id) => {
      deleted.add(id);
    },
    used: () => used,
    resetCalls: () => {
      for (const key of Object.keys(calls) as FakeSalesforceRoute[]) calls[key] = 0;
      collectionSizes.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => {
          if (e) reject(e);
          else resolve();
        });
      }),
  };
}
