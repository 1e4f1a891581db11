import { readFile } from 'node:fs/promises';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertChannelName } from '../../src/ports/alert-channel.ts';
import { deliverAlert } from '../../src/services/deliver-alert.ts';
import { RetryableError } from '../../src/services/retryable-error.ts';
import { sweepSla } from '../../src/services/sweep-sla.ts';
import type { NewDelivery, SweepResult } from '../../src/services/sweep-sla.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, HUBSPOT_API, createHarness, hubspotRoute, outboxProperties } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { seedContact } from '../helpers/scenario.ts';

const SLACK_ORIGIN = 'https://hooks.slack.com';
const SLACK_PATH = '/services/T0000000/B0000000/s3cretT0kenXYZ';
const OWNER_ID = '41629779';
const taskCreated = JSON.parse(
  await readFile(new URL('../fixtures/hubspot/task-created.json', import.meta.url), 'utf8'),
) as object;

interface TaskBody {
  properties: Record<string, string>;
  associations: { to: { id: string }; types: { associationCategory: string; associationTypeId: number }[] }[];
}
interface SlackBody {
  text: string;
}
interface DeadlineTimes {
  warn_at: Date;
  due_at: Date;
  escalate_at: Date;
}

describeEachStorage('SLA alerts', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock('2026-11-20T01:00:00.000Z');

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({
      db: test.db,
      clock,
      env: { HUBSPOT_ACCESS_TOKEN: 'pat-na1-test-token', SLACK_WEBHOOK_URL: `${SLACK_ORIGIN}${SLACK_PATH}` },
    });
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  const sweep = (): Promise<SweepResult> =>
    sweepSla({ ...harness.core, channels: harness.core.channelAvailability });
  const deliver = (delivery: NewDelivery) =>
    deliverAlert({ ...harness.core, channels: harness.core.channels }, delivery.alertId, delivery.channel);
  const deliverAll = async (deliveries: readonly NewDelivery[]) => {
    for (const delivery of deliveries) await deliver(delivery);
  };
  const times = async (contactId: string, deadline: 'handoff' | 'verdict'): Promise<DeadlineTimes> => {
    const { rows } = await test.db.query<DeadlineTimes>(
      'SELECT warn_at, due_at, escalate_at FROM deadlines WHERE contact_id = $1 AND kind = $2',
      [contactId, deadline],
    );
    if (!rows[0]) throw new Error(`no ${deadline} deadline for ${contactId}`);
    return rows[0];
  };
  const slaStatusOutbox = async (contactId: string) => {
    return (await outboxProperties(harness.core, contactId))?.['mql_sla_status'];
  };
  const channelsOf = (result: SweepResult): AlertChannelName[] =>
    result.deliveries.map((d) => d.channel).sort();
  const taskScope = (tasks: TaskBody[]) =>
    nock(HUBSPOT_API)
      .post('/crm/v3/objects/tasks', (body: TaskBody) => {
        tasks.push(body);
        return true;
      })
      .reply(201, taskCreated);
  const slackScope = (messages: SlackBody[], status = 200) =>
    nock(SLACK_ORIGIN)
      .post(SLACK_PATH, (body: SlackBody) => {
        messages.push(body);
        return true;
      })
      .reply(status, status === 200 ? 'ok' : 'internal_error');

  it('warns, breaches and escalates a handed-off lead once each, routed per the contract', async () => {
    clock.set('2026-11-20T01:00:00.000Z');
    await seedContact(harness.core, '701', { ownerId: OWNER_ID });
    const due = await times('701', 'verdict');
    expect(await slaStatusOutbox('701')).toBe('on_track');

    clock.set(new Date(due.warn_at.getTime() - 1));
    expect((await sweep()).alerts).toBe(0);

    // due_soon: one warning, the owner's task (no Slack: there is an owner), and the audit log.
    clock.set(due.warn_at);
    const tasks: TaskBody[] = [];
    const warning = await sweep();
    expect(warning.alerts).toBe(1);
    expect(channelsOf(warning)).toEqual(['hubspot_task', 'log']);
    const task = taskScope(tasks);
    await deliverAll(warning.deliveries);
    expect(task.isDone()).toBe(true);
    expect(tasks[0]?.properties).toMatchObject({ hubspot_owner_id: OWNER_ID, hs_task_status: 'NOT_STARTED' });
    expect(tasks[0]?.properties['hs_task_subject']).toContain('701');
    expect(tasks[0]?.associations).toEqual([
      { to: { id: '701' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] },
    ]);
    expect(await slaStatusOutbox('701')).toBe('due_soon');
    clock.advance(60_000);
    expect((await sweep()).alerts).toBe(0);

    // breached: the owner's task and Slack.
    clock.set(due.due_at);
    const breach = await sweep();
    expect(breach.alerts).toBe(1);
    expect(channelsOf(breach)).toEqual(['hubspot_task', 'log', 'slack']);
    const messages: SlackBody[] = [];
    const breachTask = taskScope(tasks);
    const slack = slackScope(messages);
    await deliverAll(breach.deliveries);
    expect(breachTask.isDone()).toBe(true);
    expect(slack.isDone()).toBe(true);
    expect(messages[0]?.text).toContain('contact 701');
    expect(await slaStatusOutbox('701')).toBe('breached');

    // escalated: Slack once more.
    clock.set(due.escalate_at);
    const escalation = await sweep();
    expect(escalation.alerts).toBe(1);
    expect(channelsOf(escalation)).toEqual(['log', 'slack']);
    const escalationSlack = slackScope(messages);
    await deliverAll(escalation.deliveries);
    expect(escalationSlack.isDone()).toBe(true);

    // Nothing more, however often or late we sweep.
    for (const later of [60_000, 3_600_000, 30 * 86_400_000]) {
      clock.set(new Date(due.escalate_at.getTime() + later));
      expect(await sweep()).toMatchObject({ alerts: 0, deliveries: [] });
    }
    const { rows } = await test.db.query<{ alert_kind: string; channels: string }>(
      `SELECT a.alert_kind, string_agg(d.channel || ':' || d.state, ',' ORDER BY d.channel) AS channels
         FROM sla_alerts a JOIN alert_deliveries d ON d.alert_id = a.id
        WHERE a.contact_id = '701' GROUP BY a.id, a.alert_kind ORDER BY a.id`,
    );
    expect(rows).toEqual([
      { alert_kind: 'due_soon', channels: 'hubspot_task:sent,log:sent' },
      { alert_kind: 'breached', channels: 'hubspot_task:sent,log:sent,slack:sent' },
      { alert_kind: 'escalated', channels: 'log:sent,slack:sent' },
    ]);
  });

  it('warns Slack when the lead has no owner, and writes mql_sla_status to HubSpot', async () => {
    clock.set('2026-11-20T01:00:00.000Z');
    await seedContact(harness.core, '702');
    const due = await times('702', 'handoff');
    clock.set(due.warn_at);
    const warning = await sweep();
    expect(channelsOf(warning)).toEqual(['log', 'slack']);
    const messages: SlackBody[] = [];
    const slack = slackScope(messages);
    await deliverAll(warning.deliveries);
    expect(slack.isDone()).toBe(true);

    // The status change reaches HubSpot through the write-back outbox.
    const hubspot = harness.core.hubspot;
    if (!hubspot) throw new Error('HubSpot is configured in this suite');
    let sent: { inputs: { id: string; properties: Record<string, string> }[] } = { inputs: [] };
    const update = nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/update', (body: typeof sent) => {
        sent = body;
        return true;
      })
      .reply(() => [
        200,
        {
          status: 'COMPLETE',
          results: sent.inputs.map((i) => ({
            id: i.id,
            properties: i.properties,
            createdAt: '2026-10-01T00:00:00.000Z',
            updatedAt: '2026-11-20T01:00:00.000Z',
            archived: false,
          })),
          startedAt: '2026-11-20T01:00:00.000Z',
          completedAt: '2026-11-20T01:00:00.100Z',
        },
      ]);
    const { flushWriteBacks } = await import('../../src/services/flush-write-backs.ts');
    await flushWriteBacks({
      db: test.db,
      route: hubspotRoute(hubspot, harness.core.definitions),
      now: clock.now,
      logger: harness.core.logger,
    });
    expect(update.isDone()).toBe(true);
    expect(sent.inputs.find((i) => i.id === '702')?.properties['mql_sla_status']).toBe('due_soon');
  });

  it('sends breach and escalation at once to a sweep that comes after the escalation time', async () => {
    clock.set('2026-11-20T01:00:00.000Z');
    await seedContact(harness.core, '703', { ownerId: OWNER_ID });
    const due = await times('703', 'verdict');
    clock.set(new Date(due.escalate_at.getTime() + 1_000));
    // (Other leads of this suite are overdue by then too: count this one's alerts in the table.)
    await sweep();
    const { rows } = await test.db.query<{ alert_kind: string }>(
      `SELECT alert_kind FROM sla_alerts WHERE contact_id = '703' ORDER BY id`,
    );
    expect(rows.map((r) => r.alert_kind)).toEqual(['breached', 'escalated']);
    expect((await sweep()).alerts).toBe(0);
  });

  describe('a failing channel', () => {
    it('retries a failing Slack without holding up the owner task', async () => {
      clock.set('2026-11-20T01:00:00.000Z');
      await seedContact(harness.core, '704', { ownerId: OWNER_ID });
      const due = await times('704', 'verdict');
      clock.set(due.due_at);
      const breach = await sweep();
      const slackDelivery = breach.deliveries.find((d) => d.channel === 'slack');
      const taskDelivery = breach.deliveries.find((d) => d.channel === 'hubspot_task');
      if (!slackDelivery || !taskDelivery) throw new Error('breach goes to Slack and the owner task');

      const messages: SlackBody[] = [];
      const down = slackScope(messages, 500);
      // The job queue sees a retryable failure and will run the job again with backoff.
      await expect(deliver(slackDelivery)).rejects.toBeInstanceOf(RetryableError);
      expect(down.isDone()).toBe(true);
      const tasks: TaskBody[] = [];
      const task = taskScope(tasks);
      await deliver(taskDelivery);
      expect(task.isDone()).toBe(true);

      const up = slackScope(messages);
      await deliver(slackDelivery);
      expect(up.isDone()).toBe(true);
      // A repeated job (queue redelivery) after success sends nothing (no interceptor left).
      await deliver(slackDelivery);
      const { rows } = await test.db.query<{ channel: string; state: string; attempts: number }>(
        `SELECT channel, state, attempts FROM alert_deliveries WHERE alert_id = $1 ORDER BY channel`,
        [slackDelivery.alertId],
      );
      expect(rows).toEqual([
        { channel: 'hubspot_task', state: 'sent', attempts: 1 },
        { channel: 'log', state: 'pending', attempts: 0 },
        { channel: 'slack', state: 'sent', attempts: 2 },
      ]);
    });
  });
});
