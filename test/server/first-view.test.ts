import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, HUBSPOT_API, PORTAL_ID, createHarness, signedHeaders } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';
import { BATCH_READ_PATH, batchReadReply } from '../helpers/hubspot-batch-read.ts';
import type { BatchReadBody } from '../helpers/hubspot-batch-read.ts';

// First view: a contact the store has not seen is read from HubSpot once (with history), tracked
// exactly as a webhook would, then answered. Every HubSpot call is a nock scope; any other one is
// refused by disableNetConnect and recorded here.

// Fri 2026-11-20 10:00 JST. The score reached 75 on Thu 11:00 JST: the handoff is due Fri 11:00 JST.
const NOW = '2026-11-20T01:00:00.000Z';
const SCORE_AT = '2026-11-19T02:00:00.000Z';
const HANDOFF_DUE = '2026-11-20T02:00:00.000Z';

const QUALIFYING: Record<string, [string, string]> = {
  industry: ['COMPUTER_SOFTWARE', '2026-11-02T03:04:05.678Z'],
  numemployees: ['50-100', '2026-10-28T08:15:22.310Z'],
  jobtitle: ['営業部長', '2026-10-29T00:00:00.000Z'],
  whitepaper_downloaded_at: ['2026-11-18', '2026-11-18T05:00:00.000Z'],
  hubspotscore: ['75', SCORE_AT],
};

/** A contact as HubSpot's batch read answers it, for the properties and history asked. */
function hubspotContact(id: string, values: Record<string, [string, string]>) {
  return (body: BatchReadBody) => {
    const properties: Record<string, string | null> = { hs_object_id: id };
    for (const name of body.properties ?? []) properties[name] = values[name]?.[0] ?? null;
    const propertiesWithHistory: Record<string, object[]> = {};
    for (const name of body.propertiesWithHistory ?? []) {
      const entry = values[name];
      propertiesWithHistory[name] = entry
        ? [{ value: entry[0], timestamp: entry[1], sourceType: 'CRM_UI' }]
        : [];
    }
    return {
      id,
      properties,
      propertiesWithHistory,
      createdAt: '2026-10-28T08:15:22.310Z',
      updatedAt: SCORE_AT,
      archived: false,
    };
  };
}

function errorOf(json: unknown): { code?: string; message?: string } | undefined {
  return (json as { error?: { code?: string; message?: string } } | null)?.error;
}

describeEachStorage('first view of a contact (card and verdict routes)', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock(NOW);
  const outbound: string[] = [];
  const recordOutbound = (req: { url?: string; host?: string; hostname?: string; path?: string }) => {
    const url = req.url ?? `//${req.hostname ?? req.host ?? ''}${req.path ?? ''}`;
    if (!/^(https?:)?\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url)) outbound.push(url);
  };

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock, env: { HUBSPOT_ACCESS_TOKEN: 'pat-test' } });
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });
  beforeEach(() => {
    outbound.length = 0;
    nock.emitter.on('no match', recordOutbound);
  });
  afterEach(() => {
    nock.emitter.removeListener('no match', recordOutbound);
    expect(outbound).toEqual([]);
  });

  const getCard = (app: Harness['app'], contactId: string) => {
    const path = `/api/cards/lead?objectId=${contactId}&portalId=${PORTAL_ID}&userId=9&userEmail=rep%40example.com&appId=4242`;
    return request(app, 'GET', path, '', signedHeaders('GET', path, '', clock.now().getTime()));
  };

  /** One batch read answering `contacts` by id (others missing), recording what was asked. */
  function hubspot(contacts: Record<string, (body: BatchReadBody) => object>, bodies: BatchReadBody[] = []) {
    let current: BatchReadBody | undefined;
    const find = (id: string) => (current && contacts[id] ? contacts[id](current) : undefined);
    const scope = nock(HUBSPOT_API)
      .post(BATCH_READ_PATH, (body: BatchReadBody) => {
        current = body;
        return true;
      })
      .reply(batchReadReply(find, bodies));
    return { scope, bodies };
  }

  it('reads an unseen contact once with history, tracks it as a webhook would, and answers the card', async () => {
    const { scope, bodies } = hubspot({ '701': hubspotContact('701', QUALIFYING) });

    const res = await getCard(harness.app, '701');

    expect(scope.isDone()).toBe(true);
    expect(res.status).toBe(200);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]?.inputs).toEqual([{ id: '701' }]);
    expect(bodies[0]?.propertiesWithHistory).toEqual(harness.core.definitions.propertiesRead);
    // The qualifying instant comes from the property history, not from "when we looked".
    expect(res.json).toMatchObject({
      contactId: '701',
      mql: { status: 'mql', qualifiedAt: SCORE_AT, meetsNow: true },
      handoff: { dueAt: HANDOFF_DUE, status: 'due_soon' },
    });
    const { rows } = await test.db.query<{ due_at: Date }>(
      "SELECT due_at FROM deadlines WHERE contact_id = '701' AND kind = 'handoff'",
    );
    expect(rows[0]?.due_at.toISOString()).toBe(HANDOFF_DUE);
  });

  it('makes no CRM call on a later view of the same contact', async () => {
    // No scope: a HubSpot call would be refused and recorded as outbound.
    const res = await getCard(harness.app, '701');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ contactId: '701', mql: { status: 'mql' } });
  });

  it('shares one CRM read between concurrent first views of one contact', async () => {
    let reads = 0;
    const contact = hubspotContact('702', QUALIFYING);
    const scope = nock(HUBSPOT_API)
      .post(BATCH_READ_PATH, (body: BatchReadBody) => {
        reads += 1;
        return body.inputs.length === 1;
      })
      .delay(300)
      .reply(
        batchReadReply(() =>
          contact({ inputs: [], properties: ['industry'], propertiesWithHistory: ['industry'] }),
        ),
      );

    const answers = await Promise.all(Array.from({ length: 5 }, () => getCard(harness.app, '702')));

    expect(scope.isDone()).toBe(true);
    expect(reads).toBe(1);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('answers 404 not_found when HubSpot does not have the contact (207 OBJECT_NOT_FOUND)', async () => {
    const { scope } = hubspot({});
    const res = await getCard(harness.app, '703');
    expect(scope.isDone()).toBe(true);
    expect(res.status).toBe(404);
    expect(errorOf(res.json)?.code).toBe('not_found');
    const { rows } = await test.db.query("SELECT 1 FROM contacts WHERE contact_id = '703'");
    expect(rows).toEqual([]);
  });

  it('answers 404 not_found when HubSpot answers 404', async () => {
    const scope = nock(HUBSPOT_API).post(BATCH_READ_PATH).reply(404, {
      status: 'error',
      message: 'resource not found',
      correlationId: '6d1f5a8e-2c3b-4a9d-8e7f-1a2b3c4d5e6f',
      category: 'OBJECT_NOT_FOUND',
    });
    const res = await getCard(harness.app, '704');
    expect(scope.isDone()).toBe(true);
    expect(res.status).toBe(404);
    expect(errorOf(res.json)?.code).toBe('not_found');
  });

  it('answers 503 crm_unavailable in the error format when HubSpot fails, stores nothing, and reads again next time', async () => {
    const failing = nock(HUBSPOT_API).post(BATCH_READ_PATH).reply(502, 'Bad Gateway');
    const res = await getCard(harness.app, '705');
    expect(failing.isDone()).toBe(true);
    expect(res.status).toBe(503);
    expect(errorOf(res.json)?.code).toBe('crm_unavailable');
    expect(errorOf(res.json)?.message).toContain('705');
    const { rows } = await test.db.query("SELECT 1 FROM contacts WHERE contact_id = '705'");
    expect(rows).toEqual([]);

    const { scope } = hubspot({ '705': hubspotContact('705', QUALIFYING) });
    const again = await getCard(harness.app, '705');
    expect(scope.isDone()).toBe(true);
    expect(again.status).toBe(200);
  });

  it('takes a verdict on an unseen contact: one read, tracked, 201, and no CRM read on the card after', async () => {
    const { scope, bodies } = hubspot({ '707': hubspotContact('707', QUALIFYING) });
    // The rep's owner id is looked up once for the verdict.
    const owner = nock(HUBSPOT_API).get('/crm/v3/owners/9').query(true).reply(404, {
      status: 'error',
      message: 'Owner not found',
      correlationId: '0d0e0f00-1111-4222-8333-444455556666',
      category: 'OBJECT_NOT_FOUND',
    });
    const path = `/api/verdicts?portalId=${PORTAL_ID}&userId=9&userEmail=rep%40example.com&appId=4242`;
    const body = JSON.stringify({ contactId: '707', verdict: 'rejected', reasonCode: 'no-budget' });

    const res = await request(
      harness.app,
      'POST',
      path,
      body,
      signedHeaders('POST', path, body, clock.now().getTime()),
    );

    expect(scope.isDone()).toBe(true);
    expect(owner.isDone()).toBe(true);
    expect(bodies).toHaveLength(1);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ contactId: '707', verdict: 'rejected', writeBack: 'pending' });
    const card = await getCard(harness.app, '707');
    expect(card.json).toMatchObject({ mql: { status: 'mql' }, verdict: { verdict: 'rejected' } });
  });

  it('answers 404 to a verdict on a contact HubSpot does not have, and stores nothing', async () => {
    const { scope } = hubspot({});
    const path = `/api/verdicts?portalId=${PORTAL_ID}&userId=9&userEmail=rep%40example.com&appId=4242`;
    const body = JSON.stringify({ contactId: '708', verdict: 'rejected', reasonCode: 'no-budget' });
    const res = await request(
      harness.app,
      'POST',
      path,
      body,
      signedHeaders('POST', path, body, clock.now().getTime()),
    );
    expect(scope.isDone()).toBe(true);
    expect(res.status).toBe(404);
    expect(errorOf(res.json)?.code).toBe('not_found');
    const { rows } = await test.db.query("SELECT 1 FROM verdicts WHERE contact_id = '708'");
    expect(rows).toEqual([]);
  });

  // Last: the 429 pauses this harness's HubSpot limiter for the 10 s HubSpot asked for.
  it('passes on how long HubSpot asked to wait (Retry-After) when it is rate limited', async () => {
    const scope = nock(HUBSPOT_API).post(BATCH_READ_PATH).reply(
      429,
      {
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        correlationId: 'c0ffee00-1111-4222-8333-444455556666',
        policyName: 'TEN_SECONDLY_ROLLING',
        groupName: 'private-app-api-calls',
      },
      { 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' },
    );
    const res = await getCard(harness.app, '706');
    expect(scope.isDone()).toBe(true);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
  });
});

describeEachStorage('first view without HUBSPOT_PORTAL_ID', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock(NOW);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({
      db: test.db,
      clock,
      env: { HUBSPOT_ACCESS_TOKEN: 'pat-test', HUBSPOT_PORTAL_ID: '' },
    });
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  const getCard = (portalId: string, contactId: string) => {
    const path = `/api/cards/lead?objectId=${contactId}&portalId=${portalId}&userId=9&userEmail=rep%40example.com&appId=4242`;
    return request(harness.app, 'GET', path, '', signedHeaders('GET', path, '', clock.now().getTime()));
  };

  it("learns the token's portal from HubSpot once, and reads contacts only for that portal", async () => {
    const account = nock(HUBSPOT_API)
      .get('/account-info/v3/details')
      .once()
      .reply(200, {
        portalId: Number(PORTAL_ID),
        accountType: 'STANDARD',
        timeZone: 'Asia/Tokyo',
        companyCurrency: 'JPY',
        additionalCurrencies: [],
        utcOffset: '+09:00',
        utcOffsetMilliseconds: 32_400_000,
        uiDomain: 'app.hubspot.com',
        dataHostingLocation: 'na1',
      });
    const contact = hubspotContact('801', QUALIFYING);
    const read = nock(HUBSPOT_API)
      .post(BATCH_READ_PATH)
      .reply(
        batchReadReply(() =>
          contact({ inputs: [], properties: ['industry'], propertiesWithHistory: ['industry'] }),
        ),
      );

    const ours = await getCard(PORTAL_ID, '801');
    // Another portal's contact 802: the token cannot read it, so it is unknown (no CRM call).
    const theirs = await getCard('99999', '802');

    expect(account.isDone()).toBe(true);
    expect(read.isDone()).toBe(true);
    expect(ours.status).toBe(200);
    expect(theirs.status).toBe(404);
    expect(errorOf(theirs.json)?.code).toBe('not_found');
  });
});
