import { readFile } from 'node:fs/promises';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import {
  FakeClock,
  HUBSPOT_API,
  PORTAL_ID,
  createHarness,
  outboxProperties,
  signedHeaders,
} from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';
import { BATCH_READ_PATH, batchReadReply } from '../helpers/hubspot-batch-read.ts';
import { countVerdictRows, seedContact } from '../helpers/scenario.ts';

const owner = JSON.parse(
  await readFile(new URL('../fixtures/hubspot/owner.json', import.meta.url), 'utf8'),
) as { id: string; userId: number; email: string };

const REP = { userId: String(owner.userId), email: owner.email };

describeEachStorage('POST /api/verdicts', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock('2026-11-20T01:00:00.000Z');

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({
      db: test.db,
      clock,
      env: { HUBSPOT_ACCESS_TOKEN: 'pat-na1-test-token' },
    });
    // 601 and 602: qualified and handed off to owner 41629779 (verdict deadline open); 603 known, not an MQL.
    await seedContact(harness.core, '601', { ownerId: owner.id });
    await seedContact(harness.core, '602', { ownerId: owner.id });
    await seedContact(harness.core, '603', { qualified: false });
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  const post = (body: unknown, user: { userId: string; email: string } = REP) => {
    const path = `/api/verdicts?portalId=${PORTAL_ID}&userId=${user.userId}&userEmail=${encodeURIComponent(user.email)}&appId=4242`;
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return request(harness.app, 'POST', path, raw, signedHeaders('POST', path, raw, clock.now().getTime()));
  };
  const card = async (contactId: string) => {
    const path = `/api/cards/lead?objectId=${contactId}&portalId=${PORTAL_ID}&userId=${REP.userId}&userEmail=x%40example.com`;
    const res = await request(
      harness.app,
      'GET',
      path,
      '',
      signedHeaders('GET', path, '', clock.now().getTime()),
    );
    expect(res.status).toBe(200);
    return res.json as {
      verdictDue: { status: string };
      verdict: { id: string; verdict: string; reasonCode: string; writeBack: string } | null;
    };
  };

  it('stores the verdict with the signed rep, maps the rep to an owner once, and answers 201', async () => {
    const owners = nock(HUBSPOT_API)
      .get(`/crm/v3/owners/${REP.userId}`)
      .query({ idProperty: 'userId' })
      .once()
      .reply(200, owner);
    const before = await countVerdictRows(test.db);

    const res = await post({
      contactId: '601',
      verdict: 'rejected',
      reasonCode: 'no-budget',
      note: '来期予算で再検討',
    });

    expect(res.status).toBe(201);
    expect(owners.isDone()).toBe(true);
    expect(res.json).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      contactId: '601',
      verdict: 'rejected',
      reasonCode: 'no-budget',
      note: '来期予算で再検討',
      decidedAt: '2026-11-20T01:00:00.000Z',
      decidedBy: REP.email,
      ownerId: owner.id,
      writeBack: 'pending',
    });
    const after = await countVerdictRows(test.db);
    expect(after.verdicts).toBe(before.verdicts + 1);
    expect(after.ownerCache).toBe(1);

    // Second verdict by the same rep: the cached owner, no owners-API call (nock would refuse one).
    const again = await post({ contactId: '602', verdict: 'accepted', reasonCode: 'budget-confirmed' });
    expect(again.status).toBe(201);
    expect(again.json).toMatchObject({ ownerId: owner.id, note: null, decidedBy: REP.email });
  });

  it('takes the rep from the signed query, never from the body', async () => {
    const res = await post({
      contactId: '603',
      verdict: 'recycled',
      reasonCode: 'bad-timing',
      decidedBy: 'mallory@example.com',
    });
    // An unknown field is refused outright rather than silently ignored.
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: 'invalid_request' } });
  });

  describe('refusals write nothing', () => {
    const cases: [string, unknown, number, string][] = [
      [
        'an unknown reason',
        { contactId: '601', verdict: 'rejected', reasonCode: 'too-expensive' },
        400,
        'unknown_reason',
      ],
      [
        'a reason of another verdict kind',
        { contactId: '601', verdict: 'accepted', reasonCode: 'no-budget' },
        400,
        'unknown_reason',
      ],
      [
        'a note over 2000 characters',
        { contactId: '601', verdict: 'rejected', reasonCode: 'no-budget', note: 'あ'.repeat(2001) },
        400,
        'invalid_request',
      ],
      ['a missing verdict', { contactId: '601', reasonCode: 'no-budget' }, 400, 'invalid_request'],
      ['a missing reasonCode', { contactId: '601', verdict: 'rejected' }, 400, 'invalid_request'],
      ['a missing contactId', { verdict: 'rejected', reasonCode: 'no-budget' }, 400, 'invalid_request'],
      [
        'an unknown extra field',
        { contactId: '601', verdict: 'rejected', reasonCode: 'no-budget', score: 3 },
        400,
        'invalid_request',
      ],
      ['malformed JSON', '{"contactId": "601",', 400, 'invalid_json'],
    ];
    it.each(cases)('refuses %s', async (_name, body, status, code) => {
      const before = await countVerdictRows(test.db);
      const res = await post(body);
      expect(res.status).toBe(status);
      expect(res.json).toMatchObject({ error: { code } });
      expect(await countVerdictRows(test.db)).toEqual(before);
    });

    it('refuses a contact neither tracked nor known to HubSpot with 404, after asking HubSpot once', async () => {
      const before = await countVerdictRows(test.db);
      const scope = nock(HUBSPOT_API)
        .post(BATCH_READ_PATH)
        .reply(batchReadReply(() => undefined));
      const res = await post({ contactId: '999999', verdict: 'rejected', reasonCode: 'no-budget' });
      expect(scope.isDone()).toBe(true);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ error: { code: 'not_found' } });
      expect(await countVerdictRows(test.db)).toEqual(before);
    });

    it('accepts a note of exactly 2000 characters', async () => {
      const res = await post({
        contactId: '603',
        verdict: 'rejected',
        reasonCode: 'unreachable',
        note: 'x'.repeat(2000),
      });
      expect(res.status).toBe(201);
    });
  });

  it('answers a replayed idempotency key with the first verdict and stores nothing new', async () => {
    const body = {
      contactId: '602',
      verdict: 'rejected',
      reasonCode: 'unreachable',
      note: '不在',
      idempotencyKey: 'card-7f3a',
    };
    const first = await post(body);
    expect(first.status).toBe(201);
    const before = await countVerdictRows(test.db);
    clock.advance(60_000);

    const replay = await post(body);

    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(first.json);
    expect(await countVerdictRows(test.db)).toEqual(before);
  });

  it.each([
    ['another contact', { contactId: '603' }, REP],
    ['another verdict and reason', { verdict: 'recycled', reasonCode: 'bad-timing' }, REP],
    ['another reason', { reasonCode: 'no-budget' }, REP],
    ['another note', { note: '別件' }, REP],
    ['no note', { note: undefined }, REP],
    ['another rep', {}, { userId: '77', email: 'other@example.com' }],
  ])(
    'answers 409 idempotency_key_reused to the same key with %s, and stores nothing',
    async (_name, change, rep) => {
      const body = {
        contactId: '602',
        verdict: 'rejected',
        reasonCode: 'unreachable',
        note: '不在',
        idempotencyKey: 'card-reuse-check',
      };
      const first = await post(body);
      expect([200, 201]).toContain(first.status);
      const before = await countVerdictRows(test.db);
      const reused = await post({ ...body, ...change }, rep);
      expect(reused.status).toBe(409);
      expect(reused.json).toMatchObject({ error: { code: 'idempotency_key_reused' } });
      expect(await countVerdictRows(test.db)).toEqual(before);
      // The key still answers its own request.
      const again = await post(body);
      expect(again.status).toBe(201);
      expect(again.json).toEqual(first.json);
    },
  );

  it('ends the verdict SLA: the deadline is met and the card says so', async () => {
    await seedContact(harness.core, '604', { ownerId: owner.id });
    expect((await card('604')).verdictDue.status).toBe('on_track');
    const { rows: open } = await test.db.query<{ met_at: Date | null; next_check_at: Date | null }>(
      `SELECT met_at, next_check_at FROM deadlines WHERE contact_id = '604' AND kind = 'verdict'`,
    );
    expect(open[0]?.met_at).toBeNull();

    const res = await post({ contactId: '604', verdict: 'accepted', reasonCode: 'budget-confirmed' });
    expect(res.status).toBe(201);

    const { rows } = await test.db.query<{ met_at: Date | null; next_check_at: Date | null; status: string }>(
      `SELECT met_at, next_check_at, status FROM deadlines WHERE contact_id = '604' AND kind = 'verdict'`,
    );
    expect(rows[0]?.met_at?.toISOString()).toBe(clock.now().toISOString());
    expect(rows[0]?.next_check_at).toBeNull();
    expect(rows[0]?.status).toBe('met');
    expect((await card('604')).verdictDue.status).toBe('met');
    // The SLA status goes to HubSpot with the verdict.
    expect((await outboxProperties(harness.core, '604'))?.['mql_sla_status']).toBe('met');
  });

  it('keeps every verdict in history and shows the latest on the card', async () => {
    await seedContact(harness.core, '605', { ownerId: owner.id });
    const first = await post({ contactId: '605', verdict: 'rejected', reasonCode: 'no-budget' });
    clock.advance(3_600_000);
    const second = await post({ contactId: '605', verdict: 'accepted', reasonCode: 'budget-confirmed' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);

    const { rows } = await test.db.query<{ id: string; verdict: string; write_back: string }>(
      `SELECT id, verdict, write_back FROM verdicts WHERE contact_id = '605' ORDER BY seq`,
    );
    expect(rows).toEqual([
      { id: (first.json as { id: string }).id, verdict: 'rejected', write_back: 'superseded' },
      { id: (second.json as { id: string }).id, verdict: 'accepted', write_back: 'pending' },
    ]);
    const model = await card('605');
    expect(model.verdict).toMatchObject({
      id: (second.json as { id: string }).id,
      verdict: 'accepted',
      reasonCode: 'budget-confirmed',
    });
  });
});
