import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, PORTAL_ID, createHarness, signedHeaders } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';
import { seedContact } from '../helpers/scenario.ts';

// A statement that fails outside a transaction (PostgreSQL refuses U+0000 in text) must not change
// what the next statements see. On PGlite there is one session for the whole process: when a failed
// query cost us our connection, the next one prepared the card's named statement again in that same
// session, got 42P05 "already exists", and every later card answered 500 while /readyz said ok.

describeEachStorage('a failed query', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock('2026-11-20T01:00:00.000Z');
  const cardPath = `/api/cards/lead?objectId=701&portalId=${PORTAL_ID}&userId=1&userEmail=rep%40example.com`;

  const card = () =>
    request(harness.app, 'GET', cardPath, '', signedHeaders('GET', cardPath, '', clock.now().getTime()));

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
    await seedContact(harness.core, '701');
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  it('leaves the card and /readyz answering after a verdict whose idempotency key is U+0000', async () => {
    expect((await card()).status).toBe(200);
    const path = `/api/verdicts?portalId=${PORTAL_ID}&userId=1&userEmail=rep%40example.com`;
    const body = JSON.stringify({
      contactId: '701',
      verdict: 'rejected',
      reasonCode: 'no-budget',
      idempotencyKey: '\u0000',
    });
    // Refused either way: by the database today, at the door once NUL is validated there.
    const refused = await request(
      harness.app,
      'POST',
      path,
      body,
      signedHeaders('POST', path, body, clock.now().getTime()),
    );
    expect(refused.status).not.toBe(201);

    for (let i = 0; i < 3; i++) expect((await card()).status).toBe(200);
    const ready = await request(harness.app, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({ storage: 'ok' });
  });

  it('leaves named statements and /readyz working after any statement fails outside a transaction', async () => {
    const { db } = harness.core;
    for (let i = 0; i < 3; i++) {
      await expect(db.query('SELECT $1::text AS t', ['\u0000'])).rejects.toThrow(/0x00/);
      await expect(db.query('SELECT 1/0')).rejects.toThrow(/division by zero/);
      const res = await card();
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ contactId: '701', mql: { status: 'mql' } });
      expect((await request(harness.app, 'GET', '/readyz')).status).toBe(200);
    }
    const named = await db.query<{ n: number }>('SELECT $1::int AS n', [7], 'failed-query-test');
    expect(named.rows).toEqual([{ n: 7 }]);
  });

  it('makes /readyz answer 503 at once when storage stops answering', async () => {
    await harness.core.db.close();
    const started = Date.now();
    const ready = await request(harness.app, 'GET', '/readyz');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(ready.status).toBe(503);
    expect(ready.json).toMatchObject({ status: 'down', storage: 'failing' });
    expect((await card()).status).toBe(500);
  });
});
