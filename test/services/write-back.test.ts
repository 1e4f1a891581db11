import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../src/connectors/hubspot/hubspot-client.ts';
import { createRateLimiter } from '../../src/connectors/hubspot/portal-rate-limiter.ts';
import { flushWriteBacks } from '../../src/services/flush-write-backs.ts';
import type { FlushResult } from '../../src/services/flush-write-backs.ts';
import { recordVerdict } from '../../src/services/record-verdict.ts';
import { enqueueWriteBack } from '../../src/storage/write-back-outbox.ts';
import type { VerdictCommand } from '../../src/services/record-verdict.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import {
  FakeClock,
  HUBSPOT_API,
  PORTAL_ID,
  createHarness,
  signedHeaders,
  hubspotRoute,
} from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';
import { seedContact } from '../helpers/scenario.ts';

const fixture = async (name: string): Promise<unknown> =>
  JSON.parse(await readFile(new URL(`../fixtures/hubspot/${name}`, import.meta.url), 'utf8')) as unknown;
const rateLimit = (await fixture('rate-limit-429-ten-secondly.json')) as {
  headers: Record<string, string>;
  body: object;
};
const validation400 = (await fixture('validation-400.json')) as object;

interface BatchBody {
  inputs: { id: string; properties: Record<string, string> }[];
}

/** HubSpot's 200 answer to a batch update: one result per input, echoing the written properties. */
function batchUpdated(body: BatchBody) {
  const at = '2026-11-20T01:00:01.000Z';
  return {
    status: 'COMPLETE',
    results: body.inputs.map((input) => ({
      id: input.id,
      properties: { hs_object_id: input.id, lastmodifieddate: at, ...input.properties },
      createdAt: '2026-10-01T00:00:00.000Z',
      updatedAt: at,
      archived: false,
    })),
    startedAt: at,
    completedAt: at,
  };
}

// nock hands the parsed body to the matcher; the reply is built from the last body it saw.
let lastBody: BatchBody = { inputs: [] };
function capture(sent?: BatchBody[], accept: (body: BatchBody) => boolean = () => true) {
  return (body: BatchBody): boolean => {
    if (!accept(body)) return false;
    lastBody = body;
    sent?.push(body);
    return true;
  };
}
const updated = (): [number, object] => [200, batchUpdated(lastBody)];

const VERDICT_PROPERTIES = [
  'sql_verdict',
  'sql_verdict_reason',
  'sql_verdict_note',
  'sql_verdict_at',
  'sql_verdict_by',
  'mql_sla_status',
];

describeEachStorage('write-back of verdicts to HubSpot', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  let definitionsDir: string;
  const clock = new FakeClock('2026-11-20T01:00:00.000Z');
  // The real connector at nock, with the per-portal limiter on the fake clock: a 429's pause passes
  // in virtual time instead of holding the test for 10 s.
  const crm = createHubSpotConnector({
    accessToken: 'pat-na1-test-token',
    portalId: PORTAL_ID,
    baseUrl: HUBSPOT_API,
    limiter: createRateLimiter({
      now: () => clock.now().getTime(),
      sleep: (ms) => {
        clock.advance(ms);
        return Promise.resolve();
      },
    }),
    now: () => clock.now().getTime(),
  });
  let contactSeq = 1000;

  const flush = (): Promise<FlushResult> =>
    flushWriteBacks({
      db: test.db,
      route: hubspotRoute(crm, harness.core.definitions),
      now: clock.now,
      logger: harness.core.logger,
    });
  const flushAll = async (): Promise<FlushResult[]> => {
    const results: FlushResult[] = [];
    for (;;) {
      const result = await flush();
      if (result.claimed === 0) return results;
      results.push(result);
    }
  };
  const verdict = (h: Harness, command: Partial<VerdictCommand> & { contactId: string }) =>
    recordVerdict(
      { ...h.core, crmAdmin: null, onWriteBackQueued: () => undefined },
      {
        portalId: PORTAL_ID,
        verdict: 'rejected',
        reasonCode: 'no-budget',
        note: null,
        idempotencyKey: null,
        userId: null,
        userEmail: 'rep@example.com',
        ...command,
      },
    );
  const newContact = async (h: Harness = harness): Promise<string> => {
    contactSeq += 1;
    const id = String(contactSeq);
    await seedContact(h.core, id, { ownerId: '41629779' });
    return id;
  };

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
    definitionsDir = await mkdtemp(join(tmpdir(), 'definitions-'));
  });
  beforeEach(async () => {
    clock.advance(3_600_000);
    // Each case starts from an empty outbox: what is pending from earlier cases is written.
    nock(HUBSPOT_API).persist().post('/crm/v3/objects/contacts/batch/update', capture()).reply(updated);
    await flushAll();
    nock.cleanAll();
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
    await rm(definitionsDir, { recursive: true, force: true });
  });

  it('coalesces 150 verdicts into two batch updates of 100 and 50 with the verdict properties', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 150; i += 1) ids.push(await newContact());
    // Qualification write-backs of the seeding are flushed separately; only the verdicts remain.
    nock(HUBSPOT_API).persist().post('/crm/v3/objects/contacts/batch/update', capture()).reply(updated);
    await flushAll();
    nock.cleanAll();
    for (const [i, id] of ids.entries()) {
      const outcome = await verdict(harness, {
        contactId: id,
        verdict: i % 2 === 0 ? 'rejected' : 'accepted',
        reasonCode: i % 2 === 0 ? 'no-budget' : 'budget-confirmed',
        note: `note ${id}`,
      });
      expect(outcome.kind).toBe('recorded');
    }
    const bodies: BatchBody[] = [];
    const scope = nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/update', capture(bodies))
      .times(2)
      .reply(updated);

    const results = await flushAll();

    expect(scope.isDone()).toBe(true);
    expect(bodies.map((b) => b.inputs.length)).toEqual([100, 50]);
    expect(results.map((r) => r.written)).toEqual([100, 50]);
    const sent = new Map(bodies.flatMap((b) => b.inputs).map((input) => [input.id, input.properties]));
    expect([...sent.keys()].sort()).toEqual([...ids].sort());
    const decidedAt = clock.now().toISOString();
    for (const [i, id] of ids.entries()) {
      const properties = sent.get(id) ?? {};
      expect(Object.keys(properties).sort()).toEqual([...VERDICT_PROPERTIES].sort());
      expect(properties).toEqual({
        sql_verdict: i % 2 === 0 ? 'rejected' : 'accepted',
        sql_verdict_reason: i % 2 === 0 ? 'no-budget' : 'budget-confirmed',
        sql_verdict_note: `note ${id}`,
        sql_verdict_at: decidedAt,
        sql_verdict_by: 'rep@example.com',
        mql_sla_status: 'met',
      });
    }
    const { rows } = await test.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM verdicts WHERE contact_id = ANY($1) AND write_back = 'written'`,
      [ids],
    );
    expect(rows[0]?.n).toBe(150);
  });

  it('waits out a 429 (TEN_SECONDLY_ROLLING, interval header) and then writes', async () => {
    const id = await newContact();
    await verdict(harness, { contactId: id });
    const limited = nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/update')
      .reply(429, rateLimit.body, rateLimit.headers);

    expect(await flush()).toMatchObject({ claimed: 1, written: 0, retried: 1, failed: 0 });
    expect(limited.isDone()).toBe(true);
    const { rows } = await test.db.query<{ state: string; last_error_code: string; next_attempt_at: Date }>(
      `SELECT state, last_error_code, next_attempt_at FROM write_backs WHERE contact_id = $1`,
      [id],
    );
    expect(rows[0]).toMatchObject({ state: 'pending', last_error_code: 'rate_limited' });
    // The policy's window (X-HubSpot-RateLimit-Interval-Milliseconds: 10000) is the least wait.
    expect((rows[0]?.next_attempt_at.getTime() ?? 0) - clock.now().getTime()).toBeGreaterThanOrEqual(9_000);
    // Nothing is due before then: no call (nock would refuse one).
    expect((await flush()).claimed).toBe(0);

    clock.advance(10_000);
    const ok = nock(HUBSPOT_API)
      .post(
        '/crm/v3/objects/contacts/batch/update',
        capture(undefined, (body) => body.inputs[0]?.id === id),
      )
      .reply(updated);
    expect(await flush()).toMatchObject({ claimed: 1, written: 1 });
    expect(ok.isDone()).toBe(true);
  });

  it('retries a 5xx with backoff and then writes', async () => {
    const id = await newContact();
    await verdict(harness, { contactId: id });
    const down = nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/update')
      .reply(502, { status: 'error', message: 'Bad Gateway', correlationId: 'c-502', category: 'UNKNOWN' });
    expect(await flush()).toMatchObject({ retried: 1, written: 0 });
    expect(down.isDone()).toBe(true);

    clock.advance(5 * 60_000);
    const ok = nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update', capture()).reply(updated);
    expect(await flush()).toMatchObject({ written: 1 });
    expect(ok.isDone()).toBe(true);
    const { rows } = await test.db.query<{ write_back: string }>(
      `SELECT write_back FROM verdicts WHERE contact_id = $1`,
      [id],
    );
    expect(rows[0]?.write_back).toBe('written');
  });

  it('stores a validation refusal as failed, shows it on the card and in /readyz, and never retries it', async () => {
    const id = await newContact();
    await verdict(harness, { contactId: id });
    const refused = nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update').reply(400, validation400);

    expect(await flush()).toMatchObject({ failed: 1, retried: 0 });
    expect(refused.isDone()).toBe(true);

    const path = `/api/cards/lead?objectId=${id}&portalId=${PORTAL_ID}&userId=1&userEmail=rep%40example.com`;
    const card = await request(
      harness.app,
      'GET',
      path,
      '',
      signedHeaders('GET', path, '', clock.now().getTime()),
    );
    expect(card.status).toBe(200);
    const model = card.json as { verdict: { writeBack: string; writeBackError: string } };
    expect(model.verdict.writeBack).toBe('failed');
    expect(model.verdict.writeBackError).toContain('validation');
    expect(model.verdict.writeBackError).toContain('sql_verdict');

    const ready = await request(harness.app, 'GET', '/readyz');
    expect(ready.json).toMatchObject({ status: 'degraded', writeBacks: { failed: 1 } });

    // Hours later, nothing is sent again (no interceptor: a call would fail the flush's claim count).
    clock.advance(24 * 3_600_000);
    expect((await flush()).claimed).toBe(0);
    await test.db.query(`DELETE FROM write_backs WHERE state = 'failed'`);
  });

  it('does not resend refused values with a later change: the next SLA status is written alone', async () => {
    const id = await newContact();
    await verdict(harness, { contactId: id });
    nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update').reply(400, validation400);
    expect(await flush()).toMatchObject({ failed: 1 });
    await enqueueWriteBack(test.db, {
      portalId: PORTAL_ID,
      contactId: id,
      targets: ['hubspot'],
      changes: { slaStatus: 'breached' },
      now: clock.now(),
    });
    const sent: BatchBody[] = [];
    const scope = nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/update', capture(sent))
      .reply(updated);
    clock.advance(5_000);
    expect(await flush()).toMatchObject({ written: 1 });
    expect(scope.isDone()).toBe(true);
    expect(sent[0]?.inputs).toEqual([{ id, properties: { mql_sla_status: 'breached' } }]);
  });

  it('ends with the second verdict in HubSpot when the first one is retried after it arrives', async () => {
    const id = await newContact();
    await verdict(harness, { contactId: id, verdict: 'rejected', reasonCode: 'no-budget', note: 'first' });
    const sent: BatchBody[] = [];
    // The second verdict arrives while the first one's call is in flight, and that call gets a 429.
    const limited = nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/update', capture(sent))
      .reply(async () => {
        clock.advance(1_000);
        await verdict(harness, {
          contactId: id,
          verdict: 'accepted',
          reasonCode: 'budget-confirmed',
          note: 'second',
        });
        return [429, rateLimit.body, rateLimit.headers] as [number, object, Record<string, string>];
      });
    expect(await flush()).toMatchObject({ retried: 1 });
    expect(limited.isDone()).toBe(true);

    clock.advance(60_000);
    const retried = nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/update', capture(sent))
      .reply(updated);
    await flushAll();
    expect(retried.isDone()).toBe(true);

    expect(sent).toHaveLength(2);
    expect(sent[0]?.inputs[0]?.properties).toMatchObject({
      sql_verdict: 'rejected',
      sql_verdict_note: 'first',
    });
    // The retry carries the second verdict's values only, never the first one's.
    expect(sent[1]?.inputs).toEqual([
      {
        id,
        properties: expect.objectContaining({
          sql_verdict: 'accepted',
          sql_verdict_reason: 'budget-confirmed',
          sql_verdict_note: 'second',
        }) as unknown,
      },
    ]);
    const { rows } = await test.db.query<{ verdict: string; write_back: string }>(
      `SELECT verdict, write_back FROM verdicts WHERE contact_id = $1 ORDER BY seq`,
      [id],
    );
    expect(rows).toEqual([
      { verdict: 'rejected', write_back: 'superseded' },
      { verdict: 'accepted', write_back: 'written' },
    ]);
  });

  it('sends the second verdict again when it arrived while the first one was being written', async () => {
    const id = await newContact();
    await verdict(harness, { contactId: id, verdict: 'rejected', reasonCode: 'unreachable' });
    const sent: BatchBody[] = [];
    const scope = nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/update', capture(sent))
      .once()
      .reply(async () => {
        await verdict(harness, { contactId: id, verdict: 'recycled', reasonCode: 'bad-timing' });
        return updated();
      })
      .post('/crm/v3/objects/contacts/batch/update', capture(sent))
      .once()
      .reply(updated);

    await flushAll();

    expect(scope.isDone()).toBe(true);
    expect(sent.map((b) => b.inputs[0]?.properties['sql_verdict'])).toEqual(['rejected', 'recycled']);
  });

  it('moves lifecyclestage to salesqualifiedlead on accepted when the definitions say so', async () => {
    const base = await readFile(new URL('../../config/definitions.yaml', import.meta.url), 'utf8');
    const file = join(definitionsDir, 'definitions.yaml');
    await writeFile(file, `${base}\nwriteBack:\n  lifecycleStageOnAccepted: true\n`);
    const lifecycle = await createHarness({ db: test.db, clock, env: { DEFINITIONS_FILE: file } });
    try {
      const accepted = await newContact(lifecycle);
      const rejected = await newContact(lifecycle);
      await flushAllWith200();
      // The default definitions (off) never send it.
      const plain = await newContact();
      await verdict(harness, { contactId: plain, verdict: 'accepted', reasonCode: 'budget-confirmed' });
      const bodies: BatchBody[] = [];
      const scope = nock(HUBSPOT_API)
        .persist()
        .post('/crm/v3/objects/contacts/batch/update', capture(bodies))
        .reply(updated);
      await flushAll();
      // The connector maps verdicts with the definitions of the process that writes them.
      await verdict(lifecycle, { contactId: accepted, verdict: 'accepted', reasonCode: 'budget-confirmed' });
      await verdict(lifecycle, { contactId: rejected, verdict: 'rejected', reasonCode: 'no-budget' });
      await flushWriteBacks({
        db: test.db,
        route: hubspotRoute(crm, lifecycle.core.definitions),
        now: clock.now,
        logger: harness.core.logger,
      });
      expect(scope.isDone()).toBe(true);
      const sent = new Map(bodies.flatMap((b) => b.inputs).map((i) => [i.id, i.properties]));
      expect(sent.get(accepted)?.['lifecyclestage']).toBe('salesqualifiedlead');
      expect(sent.get(rejected)).not.toHaveProperty('lifecyclestage');
      expect(sent.get(plain)).not.toHaveProperty('lifecyclestage');
    } finally {
      await lifecycle.stop();
    }
  });

  it('holds a partial batch for the linger time, and sends a full batch at once', async () => {
    const lingering = () =>
      flushWriteBacks({
        db: test.db,
        route: hubspotRoute(crm, harness.core.definitions),
        now: clock.now,
        logger: harness.core.logger,
        lingerMs: 1_000,
      });
    const lone = await newContact();
    await flushAllWith200();
    await verdict(harness, { contactId: lone });
    // Young and alone: nothing is sent (a call would find no interceptor).
    expect((await lingering()).claimed).toBe(0);
    clock.advance(999);
    expect((await lingering()).claimed).toBe(0);
    clock.advance(1);
    const one = nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update', capture()).reply(updated);
    expect(await lingering()).toMatchObject({ claimed: 1, written: 1 });
    expect(one.isDone()).toBe(true);

    const ids: string[] = [];
    for (let i = 0; i < 100; i += 1) ids.push(await newContact());
    await flushAllWith200();
    for (const id of ids) await verdict(harness, { contactId: id });
    const full = nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update', capture()).reply(updated);
    expect(await lingering()).toMatchObject({ claimed: 100, written: 100 });
    expect(full.isDone()).toBe(true);
  });

  it('keeps a partial batch open while changes keep arriving, and sends it once quiet or at the cap', async () => {
    const lingering = () =>
      flushWriteBacks({
        db: test.db,
        route: hubspotRoute(crm, harness.core.definitions),
        now: clock.now,
        logger: harness.core.logger,
        lingerMs: 1_000,
      });
    await flushAllWith200();
    // A change every 800 ms: never quiet for a second, so the batch waits for more...
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const id = await newContact();
      ids.push(id);
      await verdict(harness, { contactId: id });
      clock.advance(800);
      expect((await lingering()).claimed).toBe(0);
    }
    // ...until its oldest change has waited five lingers (4.8 s + 0.2 s).
    clock.advance(200);
    const capped = nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update', capture()).reply(updated);
    expect(await lingering()).toMatchObject({ claimed: 6, written: 6 });
    expect(capped.isDone()).toBe(true);

    // Two changes, then a quiet second: they go together.
    const [a, b] = [await newContact(), await newContact()];
    await verdict(harness, { contactId: a });
    clock.advance(800);
    await verdict(harness, { contactId: b });
    clock.advance(999);
    expect((await lingering()).claimed).toBe(0);
    clock.advance(1);
    const quiet = nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update', capture()).reply(updated);
    expect(await lingering()).toMatchObject({ claimed: 2, written: 2 });
    expect(quiet.isDone()).toBe(true);
  });

  it("records verdicts while their contacts' previous writes are being marked, without deadlock", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) ids.push(await newContact());
    await flushAllWith200();
    nock(HUBSPOT_API).persist().post('/crm/v3/objects/contacts/batch/update', capture()).reply(updated);
    for (let round = 0; round < 15; round += 1) {
      for (const id of ids) await verdict(harness, { contactId: id, note: `round ${round}` });
      // The flush marks the batch written while the next verdicts on the same contacts arrive.
      const results = await Promise.allSettled([
        flush(),
        ...ids.map((id) => verdict(harness, { contactId: id, note: `round ${round}b` })),
      ]);
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(rejected.map((r) => String(r.reason))).toEqual([]);
    }
    await flushAll();
    const { rows } = await test.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM write_backs WHERE contact_id = ANY($1) AND state <> 'written'`,
      [ids],
    );
    expect(rows[0]?.n).toBe(0);
  });

  async function flushAllWith200(): Promise<void> {
    nock(HUBSPOT_API).persist().post('/crm/v3/objects/contacts/batch/update', capture()).reply(updated);
    await flushAll();
    nock.cleanAll();
  }
});
