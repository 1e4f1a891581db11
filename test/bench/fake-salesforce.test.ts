import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSalesforce } from '../../bench/fake-salesforce.ts';
import type { FakeSalesforce } from '../../bench/fake-salesforce.ts';
import { createSalesforceConnector } from '../../src/connectors/salesforce/salesforce-connector.ts';
import type { SalesforceDescribe } from '../../src/connectors/salesforce/salesforce-types.ts';
import { startPollCursor } from '../../src/domain/poll-window.ts';
import { json, shippedDefinitions } from '../connectors/salesforce/rest-fixtures.ts';

const TOKEN = 'fake-access-token';
const REP = { id: '0055g00000FkRepAAA', email: 'tanaka@example.co.jp' };
let fake: FakeSalesforce | undefined;
let clock = Date.parse('2026-11-22T00:00:00Z');

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(dailyLimit = 100_000): Promise<FakeSalesforce> {
  clock = Date.parse('2026-11-22T00:00:00Z');
  fake = await startFakeSalesforce({
    describe: json<SalesforceDescribe>('lead-describe.json'),
    accessToken: TOKEN,
    dailyLimit,
    now: () => clock,
  });
  return fake;
}

async function call(
  sf: FakeSalesforce,
  path: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${sf.url}/services/data/v62.0${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.token ?? TOKEN}`,
      'content-type': 'application/json',
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: response.headers.get('content-type')?.startsWith('application/json')
      ? (JSON.parse(text) as unknown)
      : text,
    usage: response.headers.get('sforce-limit-info'),
  };
}

function seedLeads(sf: FakeSalesforce, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    sf.save('Lead', { LastName: `Lead ${i}`, Company: 'Example', HubSpot_Contact_Id__c: String(1000 + i) }),
  );
}

describe('fake Salesforce refuses what Salesforce refuses', () => {
  it('takes at most 200 records per collections request', async () => {
    const sf = await start();
    const ids = seedLeads(sf, 201);
    const records = ids.map((id) => ({ attributes: { type: 'Lead' }, id, MQL_SLA_Status__c: 'met' }));
    const refused = await call(sf, '/composite/sobjects', {
      method: 'PATCH',
      body: { allOrNone: false, records },
    });
    expect(refused).toMatchObject({
      status: 400,
      body: [
        {
          errorCode: 'EXCEEDED_ID_LIMIT',
          message: 'record limit reached. cannot submit more than 200 records into this call',
        },
      ],
    });
    const accepted = await call(sf, '/composite/sobjects', {
      method: 'PATCH',
      body: { allOrNone: false, records: records.slice(0, 200) },
    });
    expect(accepted.status).toBe(200);
    expect(sf.collectionSizes).toEqual([200]);
  });

  it('answers per record, and rolls all back with allOrNone', async () => {
    const sf = await start();
    const [good, bad] = seedLeads(sf, 2);
    const records = [
      { attributes: { type: 'Lead' }, id: good, SQL_Verdict__c: 'accepted' },
      { attributes: { type: 'Lead' }, id: bad, SQL_Verdict__c: 'maybe' },
    ];
    const partial = await call(sf, '/composite/sobjects', {
      method: 'PATCH',
      body: { allOrNone: false, records },
    });
    expect(partial.body).toEqual([
      { id: good, success: true, errors: [] },
      {
        success: false,
        errors: [
          {
            statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            message: 'SQL_Verdict__c: bad value for restricted picklist field: maybe',
            fields: ['SQL_Verdict__c'],
          },
        ],
      },
    ]);
    const all = await call(sf, '/composite/sobjects', {
      method: 'PATCH',
      body: { allOrNone: true, records },
    });
    expect((all.body as { errors: { statusCode: string }[] }[])[0]?.errors[0]?.statusCode).toBe(
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
    );
  });

  it('pages queries by 2,000, by 200 with two long text fields, and refuses unknown fields', async () => {
    const sf = await start();
    seedLeads(sf, 2_500);
    const q = (soql: string) => call(sf, `/query?q=${encodeURIComponent(soql)}`);
    const wide = await q('SELECT Id FROM Lead ORDER BY Id ASC');
    expect(wide.body).toMatchObject({ totalSize: 2_500, done: false });
    expect((wide.body as { records: unknown[] }).records).toHaveLength(2_000);
    const next = (wide.body as { nextRecordsUrl: string }).nextRecordsUrl;
    const rest = await call(sf, next.replace('/services/data/v62.0', ''));
    expect(rest.body).toMatchObject({ done: true });
    expect((rest.body as { records: unknown[] }).records).toHaveLength(500);
    const long = await q('SELECT Id, MQL_Grounds__c, MQL_Handoff_Details__c FROM Lead');
    expect((long.body as { records: unknown[] }).records).toHaveLength(200);
    const typo = await q('SELECT Id, SQL_Verdict FROM Lead');
    expect(typo).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_FIELD' }] });
    const unknownSyntax = await q("SELECT Id FROM Lead WHERE Name LIKE 'A%'");
    expect(unknownSyntax).toMatchObject({ status: 400, body: [{ errorCode: 'MALFORMED_QUERY' }] });
  });

  it('refuses a URI over 16,384 bytes, a wrong token, and requests past the daily allowance', async () => {
    const sf = await start(3);
    const list = Array.from({ length: 1_500 }, (_, i) => `'${1_000_000_000 + i}'`).join(',');
    const tooLong = await call(
      sf,
      `/query?q=${encodeURIComponent(`SELECT Id FROM Lead WHERE Id IN (${list})`)}`,
    );
    expect(tooLong.status).toBe(414);
    const wrong = await call(sf, '/limits', { token: 'stale' });
    expect(wrong).toMatchObject({ status: 401, body: [{ errorCode: 'INVALID_SESSION_ID' }] });
    expect((await call(sf, '/limits')).usage).toBe('api-usage=2/3');
    expect((await call(sf, '/limits')).status).toBe(200);
    expect(await call(sf, '/limits')).toMatchObject({
      status: 403,
      body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }],
    });
  });
});

describe('the Salesforce connector against the fake', () => {
  it("brings back a rep's verdict, never its own write, with one query per 2,000 changed Leads", async () => {
    const sf = await start();
    const leadIds = seedLeads(sf, 300);
    const connector = createSalesforceConnector({
      settings: {
        instanceUrl: sf.url,
        apiVersion: '62.0',
        auth: { kind: 'access_token', accessToken: TOKEN },
        refresh: null,
      },
      definitions: await shippedDefinitions(),
      now: () => new Date(clock),
    });
    const cursor = startPollCursor(new Date(clock));
    clock += 60_000;
    // The card's verdict for every contact, written by the connector (as the integration user).
    const write = await connector.writeBack.write(
      leadIds.map((_, i) => ({
        contactId: String(1000 + i),
        changes: {
          verdict: {
            verdict: 'accepted',
            reasonCode: 'budget-confirmed',
            note: null,
            decidedAt: new Date(clock).toISOString(),
            decidedBy: 'sato@example.co.jp',
          },
        },
      })),
    );
    if (!write.ok) throw new Error(write.error.message);
    expect(write.value.filter((o) => o.status !== 'written')).toEqual([]);
    expect(sf.collectionSizes).toEqual([200, 100]);
    clock += 60_000;
    // A rep rejects one of them in Salesforce.
    sf.save(
      'Lead',
      { Id: leadIds[7] ?? '', SQL_Verdict__c: 'rejected', SQL_Verdict_Reason__c: 'unreachable' },
      REP,
    );
    sf.resetCalls();
    const poll = await connector.source.pollLeads(cursor);
    if (!poll.ok) throw new Error(poll.error.message);
    expect(poll.value.done).toBe(true);
    expect(sf.calls.query + sf.calls.queryMore).toBe(1);
    expect(poll.value.items).toEqual([
      {
        kind: 'verdict',
        contactId: '1007',
        recordId: leadIds[7],
        verdict: 'rejected',
        reasonCode: 'unreachable',
        note: null,
        decidedAt: new Date(clock).toISOString(),
        decidedBy: 'tanaka@example.co.jp',
        decidedByUserId: REP.id,
      },
    ]);
  });
});
