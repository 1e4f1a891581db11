import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../src/connectors/hubspot/hubspot-client.ts';
import type { HubSpotConnector } from '../../src/connectors/hubspot/hubspot-client.ts';
import { createRateLimiter } from '../../src/connectors/hubspot/portal-rate-limiter.ts';
import { UNKNOWN_OUTCOME_SETTLE_MS, flushWriteBacks } from '../../src/services/flush-write-backs.ts';
import type { FlushResult } from '../../src/services/flush-write-backs.ts';
import { recordVerdict } from '../../src/services/record-verdict.ts';
import type { VerdictCommand } from '../../src/services/record-verdict.ts';
import { enqueueWriteBack } from '../../src/storage/write-back-outbox.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, HUBSPOT_API, PORTAL_ID, createHarness, hubspotRoute } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { seedContact } from '../helpers/scenario.ts';

// "The CRM ends with the latest verdict, never an older one." A write whose outcome we cannot know
// (it timed out, the connection broke, HubSpot answered 5xx) may still be applied by HubSpot later,
// after a newer write. Cancelling our side is not enough: the bytes may already be in HubSpot, held
// by the network or by HubSpot itself. So after such an outcome the row's current values are sent
// once more, once the older request can no longer land.

const TIMEOUT_MS = 200;
const HOLD_MS = 800;

interface BatchBody {
  inputs: { id: string; properties: Record<string, string> }[];
}

type Mode = 'hold' | 'apply';

/**
 * A fake HubSpot holding contact properties. A `hold` request is applied HOLD_MS after it arrived,
 * whether or not the client is still there (a request held by the network, or still queued in
 * HubSpot when we hung up); an `apply` request is applied and answered at once.
 */
async function fakeHubSpot() {
  const contacts = new Map<string, Record<string, string>>();
  const modes: Mode[] = [];
  const applied: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BatchBody;
      const apply = () => {
        for (const input of body.inputs) {
          contacts.set(input.id, { ...contacts.get(input.id), ...input.properties });
          applied.push(input.properties['sql_verdict'] ?? '(no verdict)');
        }
        if (res.destroyed) return;
        res.setHeader('Content-Type', 'application/json');
        const at = '2026-11-20T01:00:01.000Z';
        res.end(
          JSON.stringify({
            status: 'COMPLETE',
            results: body.inputs.map((input) => ({
              id: input.id,
              properties: input.properties,
              createdAt: at,
              updatedAt: at,
              archived: false,
            })),
            startedAt: at,
            completedAt: at,
          }),
        );
      };
      if ((modes.shift() ?? 'apply') === 'hold') setTimeout(apply, HOLD_MS);
      else apply();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    contacts,
    modes,
    applied,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

// nock hands the body matcher the parsed body, not the reply: the matcher keeps it for the reply.
let lastBody: BatchBody = { inputs: [] };
function seen(sent?: BatchBody[]) {
  return (body: BatchBody): boolean => {
    lastBody = body;
    sent?.push(body);
    return true;
  };
}

/** HubSpot's 200 to the batch update just matched: every input updated. */
function echo(): [number, object] {
  return [
    200,
    { status: 'COMPLETE', results: lastBody.inputs.map((input) => ({ id: input.id, properties: {} })) },
  ];
}

describeEachStorage('write-back with an unknown outcome', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  let hubspot: Awaited<ReturnType<typeof fakeHubSpot>>;
  const clock = new FakeClock('2026-11-20T01:00:00.000Z');
  let contactSeq = 5000;

  const connector = (baseUrl: string): HubSpotConnector =>
    createHubSpotConnector({
      accessToken: 'pat-na1-test-token',
      portalId: PORTAL_ID,
      baseUrl,
      timeoutMs: TIMEOUT_MS,
      limiter: createRateLimiter({
        now: () => clock.now().getTime(),
        sleep: (ms) => {
          clock.advance(ms);
          return Promise.resolve();
        },
      }),
      now: () => clock.now().getTime(),
    });

  const flush = (crm: HubSpotConnector, lingerMs = 0): Promise<FlushResult> =>
    flushWriteBacks({
      db: test.db,
      route: hubspotRoute(crm, harness.core.definitions),
      now: clock.now,
      logger: harness.core.logger,
      lingerMs,
    });

  const verdict = (command: Partial<VerdictCommand> & { contactId: string }) =>
    recordVerdict(
      { ...harness.core, crmAdmin: null, onWriteBackQueued: () => undefined },
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

  const newContact = async (): Promise<string> => {
    contactSeq += 1;
    const id = String(contactSeq);
    await seedContact(harness.core, id, { ownerId: '41629779' });
    return id;
  };

  const row = async (id: string) =>
    // Through to_jsonb, so the query runs on a schema without confirm_after too.
    (
      await test.db.query<{ state: string; unsettled_until: string | null }>(
        `SELECT state, to_jsonb(w) ->> 'unsettled_until' AS unsettled_until FROM write_backs w WHERE contact_id = $1`,
        [id],
      )
    ).rows[0];

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
  });
  beforeEach(async () => {
    hubspot = await fakeHubSpot();
    clock.advance(3_600_000);
    // Each case starts from an empty outbox.
    const crm = connector(hubspot.url);
    for (let i = 0; i < 10 && (await flush(crm)).claimed > 0; i += 1)
      clock.advance(UNKNOWN_OUTCOME_SETTLE_MS);
  });
  afterEach(async () => {
    nock.cleanAll();
    await hubspot.close();
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  it('ends with the newer verdict when the older write, timed out, lands after the newer one', async () => {
    const crm = connector(hubspot.url);
    const id = await newContact();
    await flush(crm);
    hubspot.applied.length = 0;
    await verdict({ contactId: id, verdict: 'rejected', reasonCode: 'no-budget', note: 'first' });

    // The older verdict's call is held by the network past our timeout.
    hubspot.modes.push('hold');
    expect(await flush(crm)).toMatchObject({ claimed: 1, retried: 1 });

    // The rep changes their mind; the retry carries the newer values and is applied at once.
    clock.advance(1_000);
    await verdict({ contactId: id, verdict: 'accepted', reasonCode: 'budget-confirmed', note: 'second' });
    clock.advance(60_000);
    expect(await flush(crm)).toMatchObject({ claimed: 1, written: 1 });
    expect(hubspot.contacts.get(id)?.['sql_verdict']).toBe('accepted');

    // Then the held request arrives: HubSpot now holds the older verdict.
    for (let i = 0; i < 100 && hubspot.applied.length < 2; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(hubspot.applied).toEqual(['accepted', 'rejected']);
    expect(hubspot.contacts.get(id)?.['sql_verdict']).toBe('rejected');

    // Nothing is sent before the older request can no longer land...
    expect((await flush(crm)).claimed).toBe(0);
    expect(await row(id)).toMatchObject({ state: 'pending' });
    // ...and then the current values are sent once more: HubSpot ends with the newer verdict.
    clock.advance(UNKNOWN_OUTCOME_SETTLE_MS);
    expect(await flush(crm)).toMatchObject({ claimed: 1, written: 1 });
    expect(hubspot.contacts.get(id)).toMatchObject({
      sql_verdict: 'accepted',
      sql_verdict_reason: 'budget-confirmed',
      sql_verdict_note: 'second',
    });
    expect(await row(id)).toEqual({ state: 'written', unsettled_until: null });

    // Once confirmed, it is done: no write goes out again.
    clock.advance(UNKNOWN_OUTCOME_SETTLE_MS * 10);
    expect((await flush(crm)).claimed).toBe(0);
    expect(hubspot.applied).toEqual(['accepted', 'rejected', 'accepted']);
  });

  it('after a 5xx: a retry of the same values is enough, newer values are sent once more', async () => {
    const id = await newContact();
    const crm = connector(HUBSPOT_API);
    nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update', seen()).reply(echo);
    await flush(crm);
    const sent: BatchBody[] = [];

    // A 502 (HubSpot may have applied it), then the same values again: if the first lands late,
    // it writes what is already there. Two calls, done.
    await verdict({ contactId: id, verdict: 'recycled', reasonCode: 'bad-timing' });
    const same = nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/update', seen(sent))
      .reply(502, { status: 'error', message: 'Bad Gateway' })
      .post('/crm/v3/objects/contacts/batch/update', seen(sent))
      .reply(echo);
    expect(await flush(crm)).toMatchObject({ retried: 1 });
    clock.advance(60_000);
    expect(await flush(crm)).toMatchObject({ written: 1 });
    expect(same.isDone()).toBe(true);
    expect(await row(id)).toMatchObject({ state: 'written' });

    // A newer verdict written while the 502's request may still land is sent once more after.
    clock.advance(60_000);
    await verdict({ contactId: id, verdict: 'accepted', reasonCode: 'budget-confirmed' });
    const newer = nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/update', seen(sent))
      .reply(echo)
      .post('/crm/v3/objects/contacts/batch/update', seen(sent))
      .reply(echo);
    expect(await flush(crm)).toMatchObject({ written: 1 });
    expect((await flush(crm)).claimed).toBe(0);
    clock.advance(UNKNOWN_OUTCOME_SETTLE_MS);
    expect(await flush(crm)).toMatchObject({ written: 1 });
    expect(newer.isDone()).toBe(true);
    expect(sent.map((body) => body.inputs[0]?.properties['sql_verdict'])).toEqual([
      'recycled',
      'recycled',
      'accepted',
      'accepted',
    ]);
    expect(await row(id)).toEqual({ state: 'written', unsettled_until: null });
    clock.advance(UNKNOWN_OUTCOME_SETTLE_MS * 10);
    expect((await flush(crm)).claimed).toBe(0);
  });

  it('after a worker died mid-call: sends newer values once more, the same values once', async () => {
    const crm = connector(HUBSPOT_API);
    // A worker claims the row and dies before learning the outcome; its lease runs out.
    const dieMidCall = (id: string) =>
      test.db.query(
        `UPDATE write_backs SET state = 'in_flight', sent_version = version, lease_until = $2, attempts = 1
          WHERE contact_id = $1`,
        [id, new Date(clock.now().getTime() + 120_000)],
      );
    const afterLease = () => {
      clock.advance(121_000);
    };

    const newer = await newContact();
    nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update', seen()).reply(echo);
    await flush(crm);
    await verdict({ contactId: newer, verdict: 'rejected', reasonCode: 'no-budget' });
    await dieMidCall(newer);
    // A newer verdict arrives while the dead worker's request is out there.
    await verdict({ contactId: newer, verdict: 'accepted', reasonCode: 'budget-confirmed' });
    afterLease();
    const twice = nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/update', seen())
      .reply(echo)
      .post('/crm/v3/objects/contacts/batch/update', seen())
      .reply(echo);
    expect(await flush(crm)).toMatchObject({ written: 1 });
    expect(await row(newer)).toMatchObject({ state: 'pending' });
    clock.advance(UNKNOWN_OUTCOME_SETTLE_MS);
    expect(await flush(crm)).toMatchObject({ written: 1 });
    expect(twice.isDone()).toBe(true);
    expect(await row(newer)).toEqual({ state: 'written', unsettled_until: null });

    const same = await newContact();
    nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update', seen()).reply(echo);
    await flush(crm);
    await verdict({ contactId: same, verdict: 'accepted', reasonCode: 'budget-confirmed' });
    await dieMidCall(same);
    afterLease();
    const once = nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update', seen()).reply(echo);
    expect(await flush(crm)).toMatchObject({ written: 1 });
    expect(once.isDone()).toBe(true);
    expect(await row(same)).toMatchObject({ state: 'written' });
    clock.advance(UNKNOWN_OUTCOME_SETTLE_MS);
    expect((await flush(crm)).claimed).toBe(0);
  });

  it('writes a contact that changes more often than the linger time', async () => {
    const id = await newContact();
    const crm = connector(HUBSPOT_API);
    nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update', seen()).reply(echo);
    await flush(crm);
    const scope = nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update', seen()).reply(echo);
    // A change every 900 ms, a flush (linger 1 s) after each: never a quiet second, but the first
    // change's wait is not reset, so the write goes once it has waited the cap (5 × linger).
    const written: number[] = [];
    for (let tick = 0; tick < 10; tick += 1) {
      await enqueueWriteBack(test.db, {
        portalId: PORTAL_ID,
        contactId: id,
        targets: ['hubspot'],
        changes: { slaStatus: tick % 2 === 0 ? 'due_soon' : 'on_track' },
        now: clock.now(),
      });
      clock.advance(900);
      if ((await flush(crm, 1_000)).written > 0) written.push(tick);
      if (written.length > 0) break;
    }
    expect(scope.isDone()).toBe(true);
    expect(written).toEqual([5]);
  });

  it('keeps a retry backoff when a new change arrives during it', async () => {
    const id = await newContact();
    const crm = connector(HUBSPOT_API);
    nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update', seen()).reply(echo);
    await flush(crm);
    await verdict({ contactId: id });
    const failing = nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update', seen()).reply(503, {});
    expect(await flush(crm)).toMatchObject({ retried: 1 });
    expect(failing.isDone()).toBe(true);
    const { rows } = await test.db.query<{ next_attempt_at: Date }>(
      'SELECT next_attempt_at FROM write_backs WHERE contact_id = $1',
      [id],
    );
    const retryAt = rows[0]?.next_attempt_at.getTime() ?? 0;
    expect(retryAt).toBeGreaterThan(clock.now().getTime());
    // A newer verdict during the backoff is merged, but does not cut the backoff short (no call:
    // nock has no interceptor left and would refuse one).
    await verdict({ contactId: id, verdict: 'accepted', reasonCode: 'budget-confirmed' });
    expect((await flush(crm)).claimed).toBe(0);
    clock.set(new Date(retryAt));
    const sent: BatchBody[] = [];
    nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update', seen(sent)).reply(echo);
    expect(await flush(crm)).toMatchObject({ written: 1 });
    expect(sent[0]?.inputs[0]?.properties['sql_verdict']).toBe('accepted');
  });
});
