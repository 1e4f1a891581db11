import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, PORTAL_ID, createHarness, signedHeaders } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';
import { countVerdictRows, seedContact } from '../helpers/scenario.ts';

// PostgreSQL (and so PGlite) refuses U+0000 in text and jsonb ("invalid byte sequence",
// "unsupported Unicode escape sequence"): a NUL that reaches a query is a 500, and on PGlite it used
// to take the card down. It must be refused at the door, naming the field.

const NOW = '2026-11-20T01:00:00.000Z';
const IDENTITY = `portalId=${PORTAL_ID}&userId=3&userEmail=rep%40example.com&appId=4242`;

interface ErrorJson {
  readonly error?: { readonly code?: string; readonly message?: string };
}

describeEachStorage('U+0000 in a request', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock(NOW);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
    await seedContact(harness.core, '901');
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  const send = (method: 'GET' | 'POST', path: string, body = '') =>
    request(harness.app, method, path, body, signedHeaders(method, path, body, clock.now().getTime()));

  const card = () => send('GET', `/api/cards/lead?objectId=901&${IDENTITY}`);

  const verdict = (fields: Record<string, unknown>) =>
    JSON.stringify({ contactId: '901', verdict: 'rejected', reasonCode: 'no-budget', ...fields });

  it.each([
    ['note', verdict({ note: '予算\u0000なし' })],
    ['idempotencyKey', verdict({ idempotencyKey: '\u0000' })],
    ['reasonCode', verdict({ reasonCode: 'no-budget\u0000' })],
    ['contactId', verdict({ contactId: '901\u0000' })],
    // A NUL in a key is a NUL in a field name: refused the same way.
    ['extra\u0000', verdict({ 'extra\u0000': 1 })],
  ])(
    'refuses a verdict with U+0000 in %s with 400 naming the field, and stores nothing',
    async (field, body) => {
      const before = await countVerdictRows(test.db);
      const res = await send('POST', `/api/verdicts?${IDENTITY}`, body);
      expect(res.status).toBe(400);
      const json = res.json as ErrorJson;
      expect(json.error?.code).toBe('invalid_request');
      expect(json.error?.message).toContain(field.replace('\u0000', '\\u0000'));
      expect(json.error?.message).toContain('U+0000');
      expect(await countVerdictRows(test.db)).toEqual(before);
      // The store is still healthy: the card answers.
      expect((await card()).status).toBe(200);
    },
  );

  it.each([
    ['userEmail', `/api/verdicts?portalId=${PORTAL_ID}&userId=3&userEmail=rep%00%40example.com`],
    ['userId', `/api/verdicts?portalId=${PORTAL_ID}&userId=3%00&userEmail=rep%40example.com`],
    ['source', `/api/verdicts?${IDENTITY}&source=card%00`],
  ])('refuses U+0000 in the query parameter %s with 400 naming it', async (parameter, path) => {
    const before = await countVerdictRows(test.db);
    const res = await send('POST', path, verdict({}));
    expect(res.status).toBe(400);
    const json = res.json as ErrorJson;
    expect(json.error?.code).toBe('invalid_request');
    expect(json.error?.message).toContain(parameter);
    expect(await countVerdictRows(test.db)).toEqual(before);
  });

  it('refuses U+0000 in the card objectId, and the card still answers afterwards', async () => {
    const res = await send('GET', `/api/cards/lead?objectId=901%00&${IDENTITY}`);
    expect(res.status).toBe(400);
    expect((res.json as ErrorJson).error?.message).toContain('objectId');
    expect((await card()).status).toBe(200);
  });

  it('stores a verdict whose note holds other control characters and Japanese text', async () => {
    const res = await send('POST', `/api/verdicts?${IDENTITY}`, verdict({ note: '来期\t予算\n再検討' }));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ note: '来期\t予算\n再検討' });
  });
});
