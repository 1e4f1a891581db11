import { afterEach, describe, expect, it } from 'vitest';
import { startFakeHubSpot } from '../../bench/fake-hubspot.ts';
import type { FakeHubSpot, FakeHubSpotOptions } from '../../bench/fake-hubspot.ts';

const FROM = new Date('2026-01-01T00:00:00.000Z');
const TO = new Date('2026-02-01T00:00:00.000Z');

let fake: FakeHubSpot | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: FakeHubSpotOptions = {}): Promise<FakeHubSpot> {
  fake = await startFakeHubSpot({
    contacts: { count: 500, seed: 1, modifiedFrom: FROM, modifiedTo: TO },
    perTenSeconds: 1_000,
    searchPerSecond: 1_000,
    ...options,
  });
  return fake;
}

async function call(
  hub: FakeHubSpot,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${hub.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

function windowSearch(from: Date, to: Date, extra: object = {}): object {
  return {
    filterGroups: [
      {
        filters: [
          { propertyName: 'lastmodifieddate', operator: 'GTE', value: String(from.getTime()) },
          { propertyName: 'lastmodifieddate', operator: 'LT', value: String(to.getTime()) },
        ],
      },
    ],
    sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
    properties: ['jobtitle'],
    limit: 200,
    ...extra,
  };
}

interface SearchBody {
  total: number;
  results: { id: string; properties: Record<string, string | null> }[];
  paging?: { next: { after: string } };
}

describe('fake HubSpot', () => {
  it('searches a lastmodifieddate window in ascending order, with total and an `after` for the next page', async () => {
    const hub = await start();
    const middle = new Date('2026-01-15T00:00:00.000Z');
    const expected = hub.contacts.modifiedBetween(FROM.getTime(), middle.getTime());

    const first = await call(hub, '/crm/v3/objects/contacts/search', windowSearch(FROM, middle));
    const page = first.body as unknown as SearchBody;
    const second = (
      await call(hub, '/crm/v3/objects/contacts/search', windowSearch(FROM, middle, { after: '200' }))
    ).body as unknown as SearchBody;

    expect(first.status).toBe(200);
    expect(page.total).toBe(expected.length);
    expect(page.results).toHaveLength(200);
    expect(page.paging?.next.after).toBe('200');
    expect([...page.results, ...second.results].map((result) => result.id)).toEqual(
      expected.slice(0, 400).map((contact) => contact.id),
    );
    const stamps = page.results.map((result) => Date.parse(result.properties['lastmodifieddate'] ?? ''));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(Object.keys(page.results[0]?.properties ?? {}).sort()).toEqual(
      ['createdate', 'hs_object_id', 'jobtitle', 'lastmodifieddate'].sort(),
    );
    // HubSpot sends no rate-limit headers on search answers.
    expect(first.headers.get('x-hubspot-ratelimit-max')).toBeNull();
  });

  it('refuses a page over 200 and paging past 10,000 results with a 400', async () => {
    const hub = await start();

    const tooLarge = await call(
      hub,
      '/crm/v3/objects/contacts/search',
      windowSearch(FROM, TO, { limit: 201 }),
    );
    const tooDeep = await call(
      hub,
      '/crm/v3/objects/contacts/search',
      windowSearch(FROM, TO, { after: '10000' }),
    );

    expect(tooLarge.status).toBe(400);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body['category']).toBe('VALIDATION_ERROR');
  });

  it('batch-reads ≤ 100 contacts with history, newest first, and answers 207 for unknown ids', async () => {
    const hub = await start();
    const known = hub.contacts.all()[0];

    const read = await call(hub, '/crm/v3/objects/contacts/batch/read', {
      inputs: [{ id: known?.id }, { id: '999999999' }],
      properties: ['jobtitle', 'lifecyclestage'],
      propertiesWithHistory: ['lifecyclestage'],
    });
    const tooMany = await call(hub, '/crm/v3/objects/contacts/batch/read', {
      inputs: Array.from({ length: 101 }, (_, index) => ({ id: String(1001 + index) })),
    });

    expect(read.status).toBe(207);
    const results = read.body['results'] as {
      id: string;
      propertiesWithHistory: Record<string, { timestamp: string }[]>;
    }[];
    expect(results.map((result) => result.id)).toEqual([known?.id]);
    const history = results[0]?.propertiesWithHistory['lifecyclestage'] ?? [];
    const stamps = history.map((entry) => Date.parse(entry.timestamp));
    expect(stamps).toEqual([...stamps].sort((a, b) => b - a));
    expect(JSON.stringify(read.body['errors'])).toContain('999999999');
    expect(tooMany.status).toBe(400);
  });

  it("refuses a history batch read over 50 inputs with HubSpot's own 400, and takes 100 without history", async () => {
    const hub = await start();
    const ids = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ id: String(1001 + index) }));

    const fifty = await call(hub, '/crm/v3/objects/contacts/batch/read', {
      inputs: ids(50),
      properties: ['jobtitle'],
      propertiesWithHistory: ['jobtitle'],
    });
    const fiftyOne = await call(hub, '/crm/v3/objects/contacts/batch/read', {
      inputs: ids(51),
      properties: ['jobtitle'],
      propertiesWithHistory: ['jobtitle'],
    });
    const hundredPlain = await call(hub, '/crm/v3/objects/contacts/batch/read', {
      inputs: ids(100),
      properties: ['jobtitle'],
    });

    expect(fifty.status).toBe(200);
    expect(fiftyOne.status).toBe(400);
    expect(fiftyOne.body).toEqual({
      status: 'error',
      message:
        'The maximum number of inputs supported in a batch request for property histories is 50. Please reduce the number of items and try again',
      correlationId: expect.any(String) as unknown,
      category: 'VALIDATION_ERROR',
    });
    expect(hundredPlain.status).toBe(200);
  });

  it('generates contacts with Japanese job titles and a lifecycle history', async () => {
    const hub = await start();

    const titles = hub.contacts.all().map((contact) => contact.properties['jobtitle'] ?? '');

    expect(titles.some((title) => /部長|課長|マネージャー/.test(title))).toBe(true);
    expect(hub.contacts.all().some((contact) => (contact.history['lifecyclestage']?.length ?? 0) > 1)).toBe(
      true,
    );
  });

  it('records batch updates in arrival order and moves lastmodifieddate', async () => {
    const now = Date.parse('2026-03-01T00:00:00.000Z');
    const hub = await start({ now: () => now });
    const [a, b] = hub.contacts.all();

    const first = await call(hub, '/crm/v3/objects/contacts/batch/update', {
      inputs: [{ id: a?.id, properties: { sql_verdict: 'accepted' } }],
    });
    await call(hub, '/crm/v3/objects/contacts/batch/update', {
      inputs: [
        { id: b?.id, properties: { sql_verdict: 'rejected' } },
        { id: a?.id, properties: { sql_verdict: 'recycled' } },
      ],
    });

    expect(first.status).toBe(200);
    expect(
      hub.stats.batchUpdates.map((batch) => batch.map((input) => input.properties['sql_verdict'])),
    ).toEqual([['accepted'], ['rejected', 'recycled']]);
    const updated = hub.contacts.get(a?.id ?? '');
    expect(updated?.properties['sql_verdict']).toBe('recycled');
    expect(updated?.history['sql_verdict']?.map((entry) => entry.value)).toEqual(['recycled', 'accepted']);
    expect(hub.contacts.all().at(-1)?.id).toBe(a?.id);
    expect(updated?.properties['lastmodifieddate']).toBe('2026-03-01T00:00:00.000Z');
  });

  it('answers owners by id or user id, and creates tasks that need hs_timestamp', async () => {
    const hub = await start();

    const byId = await call(hub, '/crm/v3/owners/71000001');
    const byUser = await call(hub, '/crm/v3/owners/5100002?idProperty=userId');
    const missing = await call(hub, '/crm/v3/owners/1');
    const task = await call(hub, '/crm/v3/objects/tasks', {
      properties: { hs_timestamp: '2026-03-01T00:00:00Z', hs_task_subject: 'SLA超過' },
      associations: [
        { to: { id: '1001' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] },
      ],
    });
    const invalid = await call(hub, '/crm/v3/objects/tasks', { properties: { hs_task_subject: 'x' } });

    expect(byId.body['email']).toBe('sato@example.co.jp');
    expect(byUser.body['id']).toBe('71000002');
    expect(missing.status).toBe(404);
    expect(task.status).toBe(201);
    expect(hub.stats.tasks[0]?.properties['hs_task_subject']).toBe('SLA超過');
    expect(invalid.status).toBe(400);
  });

  it("answers HubSpot's ten_secondly_rolling 429 once N requests fall in 10 s", async () => {
    const hub = await start({ perTenSeconds: 3 });
    const owner = '/crm/v3/owners/71000001';

    const answers = [];
    for (let index = 0; index < 4; index += 1) answers.push(await call(hub, owner));

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(answers[3]?.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: expect.any(String) as unknown,
      policyName: 'TEN_SECONDLY_ROLLING',
      groupName: expect.any(String) as unknown,
    });
    expect(answers[3]?.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(answers[3]?.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
    expect(answers[0]?.headers.get('x-hubspot-ratelimit-max')).toBe('3');
    expect(answers[0]?.headers.get('x-hubspot-ratelimit-remaining')).toBe('2');
    expect(hub.stats.calls.owner).toBe(4);
    expect(hub.stats.rateLimited).toBe(1);
    expect(hub.stats.maxInTenSeconds).toBe(3);
  });

  it('frees the window as requests age past 10 s', async () => {
    let now = Date.parse('2026-03-01T00:00:00.000Z');
    const hub = await start({ perTenSeconds: 2, now: () => now });
    const owner = '/crm/v3/owners/71000001';
    await call(hub, owner);
    now += 5_000;
    await call(hub, owner);

    const refused = await call(hub, owner);
    now += 5_001;
    const admitted = await call(hub, owner);

    expect([refused.status, admitted.status]).toEqual([429, 200]);
  });

  it('limits searches per second with the SECONDLY policy', async () => {
    const hub = await start({ searchPerSecond: 2, now: () => 0 });
    const search = (): ReturnType<typeof call> =>
      call(hub, '/crm/v3/objects/contacts/search', windowSearch(FROM, TO));

    const statuses = [(await search()).status, (await search()).status];
    const third = await search();

    expect(statuses).toEqual([200, 200]);
    expect(third.status).toBe(429);
    expect(third.body['policyName']).toBe('SECONDLY');
    expect(hub.stats.rateLimitedByPolicy.SECONDLY).toBe(1);
  });

  it('refuses requests without the access token, and injects failures on demand', async () => {
    const hub = await start({ accessToken: 'pat-test' });
    hub.failNext('owner', { status: 502, times: 1 });

    const anonymous = await call(hub, '/crm/v3/owners/71000001');
    const injected = await call(hub, '/crm/v3/owners/71000001', undefined, {
      authorization: 'Bearer pat-test',
    });
    const normal = await call(hub, '/crm/v3/owners/71000001', undefined, {
      authorization: 'Bearer pat-test',
    });

    expect(anonymous.status).toBe(401);
    expect(anonymous.body['category']).toBe('INVALID_AUTHENTICATION');
    expect([injected.status, normal.status]).toEqual([502, 200]);
  });
});
