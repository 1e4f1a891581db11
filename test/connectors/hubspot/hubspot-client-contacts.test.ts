import { Client } from '@hubspot/api-client';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/hubspot-client.ts';
import update200 from '../../fixtures/hubspot/batch-update-200.json' with { type: 'json' };
import update207 from '../../fixtures/hubspot/batch-update-207.json' with { type: 'json' };
import rateLimited from '../../fixtures/hubspot/rate-limit-429-ten-secondly.json' with { type: 'json' };
import searchPage from '../../fixtures/hubspot/search-contacts-page.json' with { type: 'json' };
import unauthorized from '../../fixtures/hubspot/unauthorized-401.json' with { type: 'json' };
import validation400 from '../../fixtures/hubspot/validation-400.json' with { type: 'json' };
import historyOver50 from '../../fixtures/hubspot/batch-read-history-over-50-400.json' with { type: 'json' };
import { BATCH_READ_PATH, batchReadReply, fixtureContact } from '../../helpers/hubspot-batch-read.ts';
import type { BatchReadBody } from '../../helpers/hubspot-batch-read.ts';
import { recordingLimiter } from './hubspot-fakes.ts';

const BASE = 'https://api.hubapi.test';
const TOKEN = 'pat-na1-fake-token-for-tests-only';

function setup(extra: { timeoutMs?: number } = {}) {
  const limiter = recordingLimiter();
  const warnings: { obj: object; msg: string }[] = [];
  const connector = createHubSpotConnector({
    accessToken: TOKEN,
    portalId: '62515',
    baseUrl: BASE,
    limiter,
    logger: { warn: (obj, msg) => warnings.push({ obj, msg }) },
    ...extra,
  });
  return { connector, limiter, warnings };
}

const update = [{ id: '101', properties: { sql_verdict: 'accepted' } }];

/**
 * A second answer waiting where a retry would land: optional, so an unused trap does not fail the
 * test, while a retry is counted instead of failing on the disabled network.
 */
function retryTrap(
  path: string,
  status: number,
  body: string | object,
  headers: Record<string, string> = {},
) {
  const trap = { count: 0 };
  nock(BASE)
    .post(path, () => {
      trap.count += 1;
      return true;
    })
    .optionally()
    .times(5)
    .reply(status, body, headers);
  return trap;
}

describe('HubSpot connector: contacts', () => {
  it('reads 250 contacts with history in five batch calls of at most 50, newest first', async () => {
    const { connector, limiter } = setup();
    const ids = Array.from({ length: 250 }, (_, index) => String(101 + index));
    const bodies: BatchReadBody[] = [];
    // The reply refuses more than 50 inputs with history as HubSpot does: 100 a call would fail here.
    const scope = nock(BASE)
      .post(BATCH_READ_PATH)
      .times(5)
      .reply(batchReadReply((id) => fixtureContact(id), bodies));

    const result = await connector.readContacts(ids, ['industry', 'jobtitle'], ['industry', 'hubspotscore']);

    expect(scope.isDone()).toBe(true);
    expect(bodies.map((body) => body.inputs.length)).toEqual([50, 50, 50, 50, 50]);
    expect(bodies.flatMap((body) => body.inputs.map((input) => input.id))).toEqual(ids);
    expect(bodies[0]).toMatchObject({
      properties: ['industry', 'jobtitle'],
      propertiesWithHistory: ['industry', 'hubspotscore'],
    });
    expect(limiter.acquired).toEqual(['standard', 'standard', 'standard', 'standard', 'standard']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toHaveLength(250);
    expect(result.value[0]).toEqual({
      id: '101',
      properties: expect.objectContaining({
        industry: 'COMPUTER_SOFTWARE',
        numemployees: '50-100',
      }) as unknown,
      history: {
        industry: [
          { value: 'COMPUTER_SOFTWARE', timestamp: '2026-11-02T03:04:05.678Z' },
          { value: 'RETAIL', timestamp: '2026-10-28T08:15:22.310Z' },
        ],
        hubspotscore: [{ value: '65', timestamp: '2026-11-20T01:02:03.456Z' }],
      },
      createdAt: '2026-10-28T08:15:22.310Z',
      updatedAt: '2026-11-20T01:02:03.456Z',
    });
  });

  it('reads 250 contacts without history in calls of at most 100', async () => {
    const { connector } = setup();
    const ids = Array.from({ length: 250 }, (_, index) => String(101 + index));
    const bodies: BatchReadBody[] = [];
    const scope = nock(BASE)
      .post(BATCH_READ_PATH)
      .times(3)
      .reply(batchReadReply((id) => fixtureContact(id), bodies));

    const result = await connector.readContacts(ids, ['industry'], []);

    expect(scope.isDone()).toBe(true);
    expect(bodies.map((body) => body.inputs.length)).toEqual([100, 100, 50]);
    expect(result).toMatchObject({ ok: true });
  });

  it("passes HubSpot's refusal of a whole batch read on as validation, never as missing contacts", async () => {
    const { connector } = setup();
    nock(BASE).post(BATCH_READ_PATH).reply(400, historyOver50);
    const result = await connector.readContacts(['101'], ['industry'], ['industry']);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', status: 400 } });
    if (result.ok) return;
    expect(result.error.message).toContain('property histories is 50');
  });

  it('leaves the ids HubSpot reports missing (207 OBJECT_NOT_FOUND) out of the result', async () => {
    const { connector } = setup();
    nock(BASE)
      .post(BATCH_READ_PATH)
      .reply(batchReadReply((id) => (id === '101' ? fixtureContact(id) : undefined)));
    const result = await connector.readContacts(['101', '999'], ['industry'], ['industry']);
    expect(result.ok && result.value.map((contact) => contact.id)).toEqual(['101']);
  });

  it('makes no call for no ids', async () => {
    const { connector, limiter } = setup();
    expect(await connector.readContacts([], ['industry'], [])).toEqual({ ok: true, value: [] });
    expect(limiter.acquired).toEqual([]);
  });

  it('searches one page on lastmodifieddate, ascending, with limit and cursor', async () => {
    const { connector, limiter } = setup();
    let sent: unknown;
    const scope = nock(BASE)
      .post('/crm/v3/objects/contacts/search', (body) => {
        sent = body;
        return true;
      })
      .reply(200, searchPage);

    const result = await connector.searchContacts({
      modifiedFrom: new Date('2026-11-20T00:00:00.000Z'),
      modifiedTo: new Date('2026-11-20T01:00:00.000Z'),
      properties: ['hubspotscore'],
      limit: 200,
      after: '0',
    });

    expect(scope.isDone()).toBe(true);
    expect(sent).toEqual({
      filterGroups: [
        {
          filters: [
            { propertyName: 'lastmodifieddate', operator: 'GTE', value: '1795132800000' },
            { propertyName: 'lastmodifieddate', operator: 'LT', value: '1795136400000' },
          ],
        },
      ],
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
      properties: ['hubspotscore'],
      limit: 200,
      after: '0',
    });
    expect(limiter.acquired).toEqual(['search']);
    expect(result).toMatchObject({ ok: true, value: { total: 412, nextAfter: '200' } });
    if (!result.ok) return;
    expect(result.value.contacts.map((contact) => contact.id)).toEqual(['101', '102']);
    expect(result.value.contacts[1]?.properties.hubspotscore).toBeNull();
  });

  it('omits the cursor on the first page and reports the last page', async () => {
    const { connector } = setup();
    let sent: Record<string, unknown> = {};
    nock(BASE)
      .post('/crm/v3/objects/contacts/search', (body: Record<string, unknown>) => {
        sent = body;
        return true;
      })
      .reply(200, { total: 0, results: [] });
    const result = await connector.searchContacts({
      modifiedFrom: new Date(0),
      modifiedTo: new Date(1),
      properties: [],
      limit: 10,
    });
    expect('after' in sent).toBe(false);
    expect(result).toEqual({ ok: true, value: { contacts: [], total: 0, nextAfter: null } });
  });

  it('refuses a search page above 200 without calling HubSpot', async () => {
    const { connector, limiter } = setup();
    const result = await connector.searchContacts({
      modifiedFrom: new Date(0),
      modifiedTo: new Date(1),
      properties: [],
      limit: 201,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(limiter.acquired).toEqual([]);
  });

  it('updates a batch and reports every id updated', async () => {
    const { connector } = setup();
    let sent: unknown;
    const scope = nock(BASE)
      .post('/crm/v3/objects/contacts/batch/update', (body) => {
        sent = body;
        return true;
      })
      .reply(200, update200);
    const result = await connector.updateContacts([
      { id: '101', properties: { sql_verdict: 'accepted' } },
      { id: '102', properties: { sql_verdict: 'rejected' } },
    ]);
    expect(scope.isDone()).toBe(true);
    expect(sent).toEqual({
      inputs: [
        { id: '101', properties: { sql_verdict: 'accepted' } },
        { id: '102', properties: { sql_verdict: 'rejected' } },
      ],
    });
    expect(result).toEqual({ ok: true, value: { updated: ['101', '102'], failed: [] } });
  });

  it('reports the inputs a 207 multi-status refused, per id', async () => {
    const { connector, warnings } = setup();
    const scope = nock(BASE).post('/crm/v3/objects/contacts/batch/update').reply(207, update207);
    const result = await connector.updateContacts([
      { id: '101', properties: { sql_verdict: 'accepted' } },
      { id: '999', properties: { sql_verdict: 'accepted' } },
    ]);
    expect(scope.isDone()).toBe(true);
    expect(result).toEqual({
      ok: true,
      value: {
        updated: ['101'],
        failed: [
          {
            id: '999',
            error: {
              code: 'not_found',
              provider: 'hubspot',
              message: expect.stringContaining('Could not get some CONTACT objects') as unknown,
            },
          },
        ],
      },
    });
    expect(warnings).toHaveLength(1);
  });

  it('refuses more than 100 updates without calling HubSpot', async () => {
    const { connector, limiter } = setup();
    const updates = Array.from({ length: 101 }, (_, index) => ({
      id: String(index),
      properties: { a: 'b' },
    }));
    expect(await connector.updateContacts(updates)).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
    expect(limiter.acquired).toEqual([]);
  });
});

describe('HubSpot connector: failures', () => {
  it('maps a TEN_SECONDLY_ROLLING 429 to rate_limited from the interval header, in one call, and pauses the portal', async () => {
    const { connector, limiter } = setup();
    const headers = { ...rateLimited.headers, 'X-HubSpot-RateLimit-Interval-Milliseconds': '12000' };
    nock(BASE).post('/crm/v3/objects/contacts/batch/update').reply(429, rateLimited.body, headers);
    const retries = retryTrap('/crm/v3/objects/contacts/batch/update', 429, rateLimited.body, headers);

    const result = await connector.updateContacts(update);

    expect(retries.count).toBe(0);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'rate_limited',
        provider: 'hubspot',
        status: 429,
        retryAfterMs: 12_000,
        message: 'HubSpot answered 429: You have reached your ten_secondly_rolling limit.',
      },
    });
    expect(limiter.pauses).toEqual([12_000]);
  });

  it('keeps the recorded 429 at ten seconds', async () => {
    const { connector } = setup();
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/update')
      .reply(429, rateLimited.body, rateLimited.headers);
    expect(await connector.updateContacts(update)).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', retryAfterMs: 10_000 },
    });
  });

  it('maps a 502 to transient after exactly one call', async () => {
    const { connector } = setup();
    const html = { 'Content-Type': 'text/html' };
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/update')
      .reply(502, '<html><body>Bad Gateway</body></html>', html);
    const retries = retryTrap('/crm/v3/objects/contacts/batch/update', 502, '<html></html>', html);
    const result = await connector.updateContacts(update);
    expect(retries.count).toBe(0);
    expect(result).toMatchObject({ ok: false, error: { code: 'transient', status: 502 } });
  });

  it('stays at one call even when another SDK client in the process turned retries on', async () => {
    const { connector } = setup();
    // The SDK keeps its decorators in a process-wide singleton; this client sets retries for everyone
    // who builds API objects after it.
    new Client({ accessToken: 'other', basePath: BASE, numberOfApiCallRetries: 3 });
    const unavailable = { status: 'error', message: 'Service Unavailable' };
    nock(BASE).post('/crm/v3/objects/contacts/batch/update').reply(503, unavailable);
    const retries = retryTrap('/crm/v3/objects/contacts/batch/update', 503, unavailable);
    const result = await connector.updateContacts(update);
    new Client({ accessToken: 'reset', basePath: BASE, numberOfApiCallRetries: 0 });
    expect(retries.count).toBe(0);
    expect(result).toMatchObject({ ok: false, error: { code: 'transient' } });
  });

  it("maps a 400 to validation with HubSpot's message", async () => {
    const { connector } = setup();
    nock(BASE).post('/crm/v3/objects/contacts/batch/update').reply(400, validation400);
    const result = await connector.updateContacts(update);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', status: 400 } });
    if (result.ok) return;
    expect(result.error.message).toContain('maybe was not one of the allowed options');
  });

  it('maps a 401 to auth_revoked and keeps the token out of the message and the log', async () => {
    const { connector, warnings } = setup();
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/read')
      .reply(401, { ...unauthorized, message: `${unauthorized.message} (token ${TOKEN})` });
    const result = await connector.readContacts(['101'], [], []);
    expect(result).toMatchObject({ ok: false, error: { code: 'auth_revoked', status: 401 } });
    if (result.ok) return;
    expect(result.error.message).toContain('Authentication credentials not found');
    expect(result.error.message).not.toContain(TOKEN);
    expect(JSON.stringify(warnings)).not.toContain(TOKEN);
  });

  it('maps a 403 (missing scope) to auth_revoked', async () => {
    const { connector } = setup();
    nock(BASE).post('/crm/v3/objects/contacts/search').reply(403, {
      status: 'error',
      message: "This app hasn't been granted all required scopes to make this call.",
      category: 'MISSING_SCOPES',
    });
    const result = await connector.searchContacts({
      modifiedFrom: new Date(0),
      modifiedTo: new Date(1),
      properties: [],
      limit: 1,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'auth_revoked', status: 403 } });
    if (result.ok) return;
    expect(result.error.message).toContain('required scopes');
  });

  it('maps a dropped connection to transient', async () => {
    const { connector } = setup();
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/update')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    expect(await connector.updateContacts(update)).toMatchObject({ ok: false, error: { code: 'transient' } });
  });

  it('maps a call that hangs past the timeout to transient', async () => {
    const { connector } = setup({ timeoutMs: 50 });
    nock(BASE).post('/crm/v3/objects/contacts/batch/update').delay(500).reply(200, update200);
    const result = await connector.updateContacts(update);
    expect(result).toEqual({
      ok: false,
      error: { code: 'transient', provider: 'hubspot', message: 'HubSpot did not answer in time' },
    });
  });
});
