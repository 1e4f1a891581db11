import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, PORTAL_ID, createHarness, signedHeaders } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';
import { countVerdictRows, seedContact } from '../helpers/scenario.ts';

// HubSpot appends portalId, userId, userEmail and appId to a card's fetch URL and signs the whole
// URL. A caller who can get any URL signed (or who appends to one) must not be able to choose which
// of two values we read, nor smuggle a value no HubSpot account has into a rep's identity.

const NOW = '2026-11-20T01:00:00.000Z';
const VERDICT = JSON.stringify({ contactId: '801', verdict: 'accepted', reasonCode: 'budget-confirmed' });

interface ErrorJson {
  readonly error?: { readonly code?: string; readonly message?: string };
}

describeEachStorage('signed identity parameters', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock(NOW);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
    await seedContact(harness.core, '801');
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  const send = (method: 'GET' | 'POST', path: string, body = '') =>
    request(harness.app, method, path, body, signedHeaders(method, path, body, clock.now().getTime()));

  const routes = (query: string): [string, 'GET' | 'POST', string, string][] => [
    ['card', 'GET', `/api/cards/lead?objectId=801&${query}`, ''],
    ['verdict', 'POST', `/api/verdicts?${query}`, VERDICT],
    ['webhook', 'POST', `/webhooks/hubspot?${query}`, '[]'],
  ];

  const expectRefused = async (query: string, parameter: string) => {
    for (const [route, method, path, body] of routes(query)) {
      const before = await countVerdictRows(test.db);
      const res = await send(method, path, body);
      expect({ route, status: res.status }).toEqual({ route, status: 400 });
      const json = res.json as ErrorJson;
      expect(json.error?.code).toBe('invalid_request');
      expect(json.error?.message).toContain(parameter);
      expect(await countVerdictRows(test.db)).toEqual(before);
    }
    const { rows } = await test.db.query('SELECT 1 FROM webhook_batches');
    expect(rows).toHaveLength(0);
  };

  it('refuses a verdict whose rep appears twice, instead of recording it as the first rep', async () => {
    const path = `/api/verdicts?userEmail=a%40example.com&userId=3&portalId=${PORTAL_ID}&userId=1&userEmail=b%40example.com`;
    const res = await send('POST', path, VERDICT);
    expect(res.status).toBe(400);
    expect((res.json as ErrorJson).error?.code).toBe('invalid_request');
    const { rows } = await test.db.query('SELECT 1 FROM verdicts');
    expect(rows).toHaveLength(0);
  });

  it.each(['portalId', 'userId', 'userEmail', 'appId'])(
    'refuses %s given twice on every signed route',
    async (parameter) => {
      const values: Record<string, [string, string]> = {
        portalId: [PORTAL_ID, '99999'],
        userId: ['3', '1'],
        userEmail: ['a%40example.com', 'b%40example.com'],
        appId: ['4242', '4243'],
      };
      const [first, second] = values[parameter] ?? ['1', '2'];
      const others = Object.entries({ portalId: PORTAL_ID, userId: '3', userEmail: 'a%40example.com' })
        .filter(([name]) => name !== parameter)
        .map(([name, value]) => `${name}=${value}`);
      await expectRefused(
        [...others, `${parameter}=${first}`, `${parameter}=${second}`].join('&'),
        parameter,
      );
    },
  );

  it.each([
    ['a non-numeric userId', 'userId=3%20OR%201', 'userId'],
    ['a userId of 40 digits', `userId=${'9'.repeat(40)}`, 'userId'],
    ['a non-numeric portalId', 'portalId=62515abc', 'portalId'],
    ['a non-numeric appId', 'appId=app', 'appId'],
    ['an e-mail with a control character', 'userEmail=rep%0A%40example.com', 'userEmail'],
    ['an e-mail over 254 characters', `userEmail=${'a'.repeat(250)}%40example.com`, 'userEmail'],
  ])('refuses %s on every signed route', async (_name, parameter, name) => {
    const query = parameter.startsWith('portalId=') ? parameter : `portalId=${PORTAL_ID}&${parameter}`;
    await expectRefused(query, name);
  });

  it('still serves a well-formed identity (an e-mail of exactly 254 characters included)', async () => {
    const email = `${'a'.repeat(242)}%40example.com`;
    expect(decodeURIComponent(email)).toHaveLength(254);
    const path = `/api/cards/lead?objectId=801&portalId=${PORTAL_ID}&userId=3&userEmail=${email}&appId=4242`;
    const res = await send('GET', path);
    expect(res.status).toBe(200);
  });
});
