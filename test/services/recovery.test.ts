// Work accepted before a crash is finished after it. Each case stops the work exactly at the step
// that could strand it (a fault-injection hook, or the state a dead process leaves behind), then
// "restarts" (fresh job queue and workers on the same database) and finds the work done.
import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startJobQueue } from '../../src/storage/pg-boss-queue.ts';
import { ALERT_QUEUE, WEBHOOK_QUEUE, alertJobKey, webhookJobKey } from '../../src/services/job-queues.ts';
import { flushWriteBacks } from '../../src/services/flush-write-backs.ts';
import { receiveWebhookBatch } from '../../src/services/receive-webhook-batch.ts';
import { recordVerdict } from '../../src/services/record-verdict.ts';
import { recoverStrandedWork } from '../../src/services/recover-stranded-work.ts';
import { sweepSla } from '../../src/services/sweep-sla.ts';
import type { Database } from '../../src/storage/database.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, HUBSPOT_API, PORTAL_ID, createHarness, hubspotRoute } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { seedContact } from '../helpers/scenario.ts';
import type { WebhookEvent } from '../../src/services/webhook-events.ts';

const SLACK_ORIGIN = 'https://hooks.slack.com';
const SLACK_PATH = '/services/T0000000/B0000000/r3coveryT0ken';

class Crash extends Error {
  override readonly name = 'Crash';
}

function scoreChange(contactId: string, eventId: number, value: string, at: Date): WebhookEvent {
  return {
    eventId: String(eventId),
    subscriptionId: '2451001',
    portalId: PORTAL_ID,
    occurredAt: at.getTime(),
    subscriptionType: 'contact.propertyChange',
    objectId: contactId,
    propertyName: 'hubspotscore',
    propertyValue: value,
  };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function jobsFor(db: Database, queue: string, key: string): Promise<{ state: string }[]> {
  const { rows } = await db.query<{ state: string }>(
    'SELECT state::text AS state FROM pgboss.job WHERE name = $1 AND singleton_key = $2',
    [queue, key],
  );
  return rows;
}

async function batchState(db: Database, id: number): Promise<string | undefined> {
  const { rows } = await db.query<{ state: string }>('SELECT state FROM webhook_batches WHERE id = $1', [id]);
  return rows[0]?.state;
}

async function storedScore(db: Database, contactId: string): Promise<string | null | undefined> {
  const { rows } = await db.query<{ score: string | null }>(
    `SELECT properties->>'hubspotscore' AS score FROM contacts WHERE portal_id = $1 AND contact_id = $2`,
    [PORTAL_ID, contactId],
  );
  return rows[0]?.score;
}

describeEachStorage('recovery of work accepted before a crash', (kind) => {
  let test: TestDatabase;
  // The process before the crash: core and queue, no background loops (the test drives each step).
  let before: Harness;
  // Friday 10:00 in Tokyo. A lead qualified then is due for handoff Tuesday 10:00 (Monday 23 is a
  // holiday), escalated Wednesday 10:00: Tuesday noon, only the breach alert is owed.
  const QUALIFIED = '2026-11-20T01:00:00.000Z';
  const BREACHED = '2026-11-24T03:00:00.000Z';
  const clock = new FakeClock(QUALIFIED);
  const env = { SLACK_WEBHOOK_URL: `${SLACK_ORIGIN}${SLACK_PATH}` };
  // The process after the restart: real workers, the recovery sweep looking every 100 ms.
  const restart = () =>
    createHarness({
      db: test.db,
      clock,
      env,
      withWorkers: true,
      workerOptions: { recoveryIntervalMs: 100, recoveryStaleMs: 0, sweepIntervalMs: 60_000 },
    });

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    before = await createHarness({ db: test.db, clock, env });
  });
  afterAll(async () => {
    await before.stop();
    await test.close();
  });

  it('stores neither the batch nor its job when the process dies between the two, so the batch is never acknowledged', async () => {
    const contactId = '7001';
    await seedContact(before.core, contactId, { qualified: false });
    const queue = await startJobQueue(test.db, before.core.logger);
    try {
      await queue.define(WEBHOOK_QUEUE, { retryLimit: 20, retryDelaySeconds: 5, exclusive: true });
      const receive = (afterStore?: () => Promise<void>) =>
        receiveWebhookBatch(
          { db: test.db, queue, portalId: PORTAL_ID, ...(afterStore ? { afterStore } : {}) },
          [scoreChange(contactId, 91, '88', clock.now())],
        );
      const { rows: countedBefore } = await test.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM webhook_batches',
      );
      await expect(receive(() => Promise.reject(new Crash('killed after the insert')))).rejects.toThrow(
        Crash,
      );
      const { rows: countedAfter } = await test.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM webhook_batches',
      );
      // Nothing half-done: the route would have answered 5xx and HubSpot delivers the batch again.
      expect(countedAfter[0]?.n).toBe(countedBefore[0]?.n);
      // HubSpot's redelivery is stored with its job in one go.
      const redelivered = await receive();
      if (redelivered.batchId === null) throw new Error('no batch stored');
      expect(await jobsFor(test.db, WEBHOOK_QUEUE, webhookJobKey(redelivered.batchId))).toEqual([
        { state: 'created' },
      ]);
    } finally {
      await queue.stop();
    }
    const after = await restart();
    try {
      await waitFor(async () => (await storedScore(test.db, contactId)) === '88');
    } finally {
      await after.stop();
    }
  });

  it('finishes a stored batch whose job is gone (it predates same-transaction jobs, or the queue gave up on it)', async () => {
    const contactId = '7002';
    await seedContact(before.core, contactId, { qualified: false });
    // Two batches: one never got a job (a crash before same-transaction jobs), one whose job
    // failed for good (retries exhausted: the row pg-boss leaves is in its terminal `failed` state).
    const { rows } = await test.db.query<{ id: number }>(
      `INSERT INTO webhook_batches (events, event_count) VALUES ($1, 1), ($2, 1) RETURNING id`,
      [
        JSON.stringify([scoreChange(contactId, 92, '61', new Date(clock.now().getTime() - 60_000))]),
        JSON.stringify([scoreChange(contactId, 93, '95', clock.now())]),
      ],
    );
    const [orphan, exhausted] = rows.map((row) => row.id);
    if (orphan === undefined || exhausted === undefined) throw new Error('batches not stored');
    const queue = await startJobQueue(test.db, before.core.logger);
    try {
      await queue.define(WEBHOOK_QUEUE, { retryLimit: 20, retryDelaySeconds: 5, exclusive: true });
      await queue.send(WEBHOOK_QUEUE, { batchId: exhausted }, { singletonKey: webhookJobKey(exhausted) });
    } finally {
      await queue.stop();
    }
    await test.db.query(`UPDATE pgboss.job SET state = 'failed' WHERE name = $1 AND singleton_key = $2`, [
      WEBHOOK_QUEUE,
      webhookJobKey(exhausted),
    ]);

    const after = await restart();
    try {
      await waitFor(
        async () =>
          (await batchState(test.db, orphan)) === 'done' && (await batchState(test.db, exhausted)) === 'done',
      );
      // Both events applied, in the order they happened.
      expect(await storedScore(test.db, contactId)).toBe('95');
    } finally {
      await after.stop();
    }
  });

  it('never gives a batch a second job while its first one waits or runs', async () => {
    const contactId = '7003';
    await seedContact(before.core, contactId, { qualified: false });
    const queue = await startJobQueue(test.db, before.core.logger);
    try {
      await queue.define(WEBHOOK_QUEUE, { retryLimit: 20, retryDelaySeconds: 5, exclusive: true });
      const received = await receiveWebhookBatch({ db: test.db, queue, portalId: PORTAL_ID }, [
        scoreChange(contactId, 94, '70', clock.now()),
      ]);
      if (received.batchId === null) throw new Error('no batch stored');
      // The sweep, twice, with everything counted as stale: the exclusive key keeps one job.
      await recoverStrandedWork({ db: test.db, queue, staleMs: 0 });
      await recoverStrandedWork({ db: test.db, queue, staleMs: 0 });
      expect(await jobsFor(test.db, WEBHOOK_QUEUE, webhookJobKey(received.batchId))).toHaveLength(1);
    } finally {
      await queue.stop();
    }
    const after = await restart();
    try {
      await waitFor(async () => (await storedScore(test.db, contactId)) === '70');
    } finally {
      await after.stop();
    }
  });

  it('records an SLA alert only together with its delivery jobs, and delivers it exactly once after a crash', async () => {
    const contactId = '7004';
    // Qualified with no owner, then the handoff deadline passes.
    clock.set(QUALIFIED);
    await seedContact(before.core, contactId);
    clock.set(BREACHED);
    const posts: string[] = [];
    nock(SLACK_ORIGIN)
      .post(SLACK_PATH, (body: { text: string }) => {
        posts.push(body.text);
        return true;
      })
      .reply(200, 'ok');
    // A second post would land here: optional, so only its use fails the test.
    const extra = nock(SLACK_ORIGIN).post(SLACK_PATH).optionally().reply(200, 'ok');

    const queue = await startJobQueue(test.db, before.core.logger);
    try {
      await queue.define(ALERT_QUEUE, { retryLimit: 20, retryDelaySeconds: 5, exclusive: true });
      let handed = 0;
      // The process dies after the first delivery's job was written, inside the sweep.
      await expect(
        sweepSla({
          ...before.core,
          channels: before.core.channelAvailability,
          enqueue: async (delivery, tx) => {
            await queue.send(ALERT_QUEUE, delivery, { singletonKey: alertJobKey(delivery), within: tx });
            handed += 1;
            throw new Crash('killed between two deliveries');
          },
        }),
      ).rejects.toThrow(Crash);
      expect(handed).toBe(1);
      const { rows: alerts } = await test.db.query('SELECT id FROM sla_alerts WHERE contact_id = $1', [
        contactId,
      ]);
      expect(alerts).toEqual([]);
      const { rows: jobs } = await test.db.query('SELECT id FROM pgboss.job WHERE name = $1', [ALERT_QUEUE]);
      expect(jobs).toEqual([]);
    } finally {
      await queue.stop();
    }

    const after = await restart();
    try {
      await after.workers?.sweepNow();
      await waitFor(async () => {
        const { rows } = await test.db.query<{ sent: number; pending: number }>(
          `SELECT count(*) FILTER (WHERE d.state = 'sent')::int AS sent,
                  count(*) FILTER (WHERE d.state = 'pending')::int AS pending
             FROM alert_deliveries d JOIN sla_alerts a ON a.id = d.alert_id
            WHERE a.contact_id = $1`,
          [contactId],
        );
        return rows[0]?.sent === 2 && rows[0].pending === 0;
      });
      // Another sweep and the recovery sweep change nothing: the alert is owed once.
      await after.workers?.sweepNow();
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await after.stop();
    }
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain(contactId);
    expect(extra.isDone()).toBe(true);
    const { rows: sent } = await test.db.query<{ channel: string; state: string }>(
      `SELECT d.channel, d.state FROM alert_deliveries d JOIN sla_alerts a ON a.id = d.alert_id
        WHERE a.contact_id = $1 ORDER BY d.channel`,
      [contactId],
    );
    expect(sent).toEqual([
      { channel: 'log', state: 'sent' },
      { channel: 'slack', state: 'sent' },
    ]);
  });

  it('delivers an alert whose delivery row lost its job', async () => {
    const contactId = '7005';
    clock.set(QUALIFIED);
    await seedContact(before.core, contactId);
    clock.set(BREACHED);
    // The sweep of the old code: the alert committed, its jobs never sent (the process died).
    const result = await sweepSla({ ...before.core, channels: before.core.channelAvailability });
    const deliveries = result.deliveries.filter((d) => d.channel === 'slack');
    expect(deliveries).toHaveLength(1);
    const posts: string[] = [];
    nock(SLACK_ORIGIN)
      .post(SLACK_PATH, (body: { text: string }) => {
        posts.push(body.text);
        return true;
      })
      .reply(200, 'ok');
    const after = await restart();
    try {
      await waitFor(() => Promise.resolve(posts.length === 1));
      await waitFor(async () => {
        const { rows } = await test.db.query<{ state: string }>(
          `SELECT d.state FROM alert_deliveries d JOIN sla_alerts a ON a.id = d.alert_id
            WHERE a.contact_id = $1 AND d.channel = 'slack'`,
          [contactId],
        );
        return rows[0]?.state === 'sent';
      });
    } finally {
      await after.stop();
    }
    expect(posts[0]).toContain(contactId);
  });
});

describeEachStorage('recovery of a write-back whose process died mid-call', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock('2026-11-20T01:00:00.000Z');

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({
      db: test.db,
      clock,
      env: { HUBSPOT_ACCESS_TOKEN: 'pat-na1-lease-test' },
    });
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  it('leaves the write leased to the dead process, then another flush takes it over and writes the same values', async () => {
    const hubspot = harness.core.hubspot;
    if (!hubspot) throw new Error('HubSpot is not configured');
    const contactId = '7101';
    await seedContact(harness.core, contactId, { qualified: false });
    const recorded = await recordVerdict(
      { ...harness.core, crmAdmin: null, onWriteBackQueued: () => undefined },
      {
        portalId: PORTAL_ID,
        contactId,
        verdict: 'accepted',
        reasonCode: 'budget-confirmed',
        note: '来月導入',
        idempotencyKey: null,
        userId: null,
        userEmail: 'rep@example.com',
      },
    );
    if (recorded.kind !== 'recorded') throw new Error(recorded.kind);
    const sent: { id: string; properties: Record<string, string> }[][] = [];
    const accept = () =>
      nock(HUBSPOT_API)
        .post('/crm/v3/objects/contacts/batch/update', (body: { inputs: (typeof sent)[number] }) => {
          sent.push(body.inputs);
          return true;
        })
        .reply(200, () => ({
          status: 'COMPLETE',
          results: (sent.at(-1) ?? []).map((input) => ({ id: input.id, properties: input.properties })),
          startedAt: clock.now(),
          completedAt: clock.now(),
        }));
    const flush = (crm: typeof hubspot) =>
      flushWriteBacks({
        db: test.db,
        route: hubspotRoute(crm, harness.core.definitions),
        now: clock.now,
        logger: harness.core.logger,
      });

    // HubSpot gets the call, and the process dies before it records the answer.
    accept();
    const dying = {
      ...hubspot,
      updateContacts: async (updates: Parameters<typeof hubspot.updateContacts>[0]) => {
        await hubspot.updateContacts(updates);
        throw new Crash('killed while the call was answered');
      },
    };
    await expect(flush(dying)).rejects.toThrow(Crash);
    const { rows } = await test.db.query<{ state: string }>(
      'SELECT state FROM write_backs WHERE contact_id = $1',
      [contactId],
    );
    expect(rows).toEqual([{ state: 'in_flight' }]);

    // Restarted: while the lease runs, nobody sends it a second time at once.
    clock.advance(60_000);
    expect((await flush(hubspot)).claimed).toBe(0);
    // The lease runs out (2 minutes: longer than any call): the write is taken over.
    clock.advance(61_000);
    accept();
    expect(await flush(hubspot)).toMatchObject({ claimed: 1, written: 1 });
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[1]?.[0]?.properties).toMatchObject({ sql_verdict: 'accepted', sql_verdict_note: '来月導入' });
    const { rows: verdicts } = await test.db.query<{ write_back: string }>(
      'SELECT write_back FROM verdicts WHERE id = $1',
      [recorded.verdict.id],
    );
    expect(verdicts).toEqual([{ write_back: 'written' }]);
  });
});
