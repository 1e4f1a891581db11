import { describe, expect, it } from 'vitest';
import { createHubSpotTaskChannel, toTaskHtml } from '../../../src/alerts/channels/hubspot-task-channel.ts';
import type { ConnectorError } from '../../../src/domain/connector-error.ts';
import { err, ok } from '../../../src/domain/result.ts';
import type { Result } from '../../../src/domain/result.ts';
import type { CrmAdmin, TaskToCreate } from '../../../src/ports/crm-admin.ts';
import { slaAlert } from '../sla-alert-fixture.ts';

// A hand-written fake of the CrmAdmin port: records the tasks it is asked to create.
function fakeCrm(answer: Result<{ id: string }, ConnectorError> = ok({ id: 'task-1' })) {
  const tasks: TaskToCreate[] = [];
  const crm: CrmAdmin = {
    ensureContactProperties: () => Promise.reject(new Error('not used by alerts')),
    getOwnerByUserId: () => Promise.reject(new Error('not used by alerts')),
    createTask: (task) => {
      tasks.push(task);
      return Promise.resolve(answer);
    },
  };
  return { crm, tasks };
}

describe('createHubSpotTaskChannel', () => {
  it('creates a task for the owner on the contact, due now, worded from the alert', async () => {
    const { crm, tasks } = fakeCrm();
    const alert = slaAlert();

    const result = await createHubSpotTaskChannel(crm).send(alert);

    expect(result).toEqual({ ok: true, value: undefined });
    expect(tasks).toHaveLength(1);
    const task = tasks[0];
    expect(task?.ownerId).toBe('77');
    expect(task?.contactId).toBe('123');
    expect(task?.dueAt).toEqual(alert.now);
    expect(task?.subject).toBe('SLA breached: hand-off to sales for 山田 太郎 (contact 123)');
    expect(task?.body).toContain('https://app.hubspot.com/contacts/62515/record/0-1/123');
    expect(task?.body).toContain('Due: 2026-11-20 Fri 10:00 (Asia/Tokyo), 2026-11-20T01:00:00.000Z');
    expect(task?.body).toContain('Late by: 2.5 business hours');
    expect(task?.body).toContain('Definition version: 2026-11');
    // HubSpot shows task bodies as HTML: one line per fact, markup in names escaped.
    expect(task?.body).toContain('<br>');
    expect(task?.body).not.toContain('\n');
  });

  it('escapes markup so a contact name cannot inject HTML into the task', () => {
    expect(toTaskHtml('a <b> & c\nnext')).toBe('a &lt;b&gt; &amp; c<br>next');
  });

  it('refuses an alert without an owner as a validation failure, creating nothing', async () => {
    const { crm, tasks } = fakeCrm();

    const result = await createHubSpotTaskChannel(crm).send(slaAlert({ ownerId: null }));

    expect(tasks).toHaveLength(0);
    expect(!result.ok && result.error.code).toBe('validation');
    expect(!result.ok && result.error.message).toContain('no owner');
  });

  it('passes the CRM’s failure through unchanged so the job can retry it', async () => {
    const failure: ConnectorError = {
      code: 'rate_limited',
      provider: 'hubspot',
      message: '429',
      retryAfterMs: 10_000,
    };
    const { crm } = fakeCrm(err(failure));

    const result = await createHubSpotTaskChannel(crm).send(slaAlert());

    expect(result).toEqual({ ok: false, error: failure });
  });
});
