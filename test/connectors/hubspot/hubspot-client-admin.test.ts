import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/hubspot-client.ts';
import type { PropertySpec } from '../../../src/ports/crm-admin.ts';
import owner404 from '../../fixtures/hubspot/owner-404.json' with { type: 'json' };
import owner from '../../fixtures/hubspot/owner.json' with { type: 'json' };
import batchCreated from '../../fixtures/hubspot/properties-batch-create.json' with { type: 'json' };
import provisioned from '../../fixtures/hubspot/properties-contacts-provisioned.json' with { type: 'json' };
import propertiesBefore from '../../fixtures/hubspot/properties-contacts.json' with { type: 'json' };
import group404 from '../../fixtures/hubspot/property-group-404.json' with { type: 'json' };
import group from '../../fixtures/hubspot/property-group.json' with { type: 'json' };
import propertyUpdated from '../../fixtures/hubspot/property-updated.json' with { type: 'json' };
import taskCreated from '../../fixtures/hubspot/task-created.json' with { type: 'json' };
import { recordingLimiter } from './hubspot-fakes.ts';

const BASE = 'https://api.hubapi.test';

function setup() {
  const limiter = recordingLimiter();
  const connector = createHubSpotConnector({
    accessToken: 'pat-test',
    portalId: '62515',
    baseUrl: BASE,
    limiter,
  });
  return { connector, limiter };
}

const salesFeedback = { name: 'sales_feedback', label: 'Sales feedback' };

const specs: PropertySpec[] = [
  {
    name: 'sql_verdict',
    label: 'SQL verdict',
    description: "Sales' verdict on the MQL",
    type: 'enumeration',
    fieldType: 'select',
    options: [
      { value: 'accepted', label: 'Accepted' },
      { value: 'rejected', label: 'Rejected' },
      { value: 'recycled', label: 'Recycled' },
    ],
  },
  {
    name: 'sql_verdict_note',
    label: 'SQL verdict note',
    description: 'Rep note',
    type: 'string',
    fieldType: 'textarea',
  },
  {
    name: 'mql_definition_version',
    label: 'MQL definition version',
    description: 'Definition that qualified',
    type: 'string',
    fieldType: 'text',
  },
  {
    name: 'sql_verdict_at',
    label: 'SQL verdict at',
    description: 'When decided',
    type: 'datetime',
    fieldType: 'date',
  },
  {
    name: 'mql_sla_status',
    label: 'MQL SLA status',
    description: 'Where the SLA stands',
    type: 'enumeration',
    fieldType: 'select',
    options: ['not_started', 'on_track', 'due_soon', 'breached', 'met'].map((value) => ({
      value,
      label: value,
    })),
  },
];

describe('HubSpot connector: provisioning', () => {
  it('creates the group and missing properties, adds missing options, and reports a type conflict', async () => {
    const { connector } = setup();
    let groupBody: unknown;
    let patchBody: { options?: { value: string; label: string; hidden: boolean }[] } = {};
    let createBody: { inputs?: Record<string, unknown>[] } = {};
    const scope = nock(BASE)
      .get('/crm/v3/properties/contacts/groups/sales_feedback')
      .reply(404, group404)
      .post('/crm/v3/properties/contacts/groups', (body) => {
        groupBody = body;
        return true;
      })
      .reply(201, group)
      .get('/crm/v3/properties/contacts')
      .reply(200, propertiesBefore)
      .patch('/crm/v3/properties/contacts/sql_verdict', (body: typeof patchBody) => {
        patchBody = body;
        return true;
      })
      .reply(200, propertyUpdated)
      .post('/crm/v3/properties/contacts/batch/create', (body: typeof createBody) => {
        createBody = body;
        return true;
      })
      .reply(201, batchCreated);

    const result = await connector.ensureContactProperties(salesFeedback, specs);

    expect(scope.isDone()).toBe(true);
    expect(groupBody).toEqual({ name: 'sales_feedback', label: 'Sales feedback' });
    expect(patchBody.options?.map((option) => option.value)).toEqual(['accepted', 'rejected', 'recycled']);
    expect(patchBody.options?.[2]).toMatchObject({ label: 'Recycled', hidden: false });
    expect(createBody.inputs?.map((input) => input.name)).toEqual(['sql_verdict_at', 'mql_sla_status']);
    expect(createBody.inputs?.[0]).toEqual({
      name: 'sql_verdict_at',
      label: 'SQL verdict at',
      description: 'When decided',
      type: 'datetime',
      fieldType: 'date',
      groupName: 'sales_feedback',
    });
    expect(createBody.inputs?.[1]).toMatchObject({
      type: 'enumeration',
      fieldType: 'select',
      groupName: 'sales_feedback',
    });
    expect((createBody.inputs?.[1]?.options as unknown[]).length).toBe(5);
    expect(result).toEqual({
      ok: true,
      value: {
        groupCreated: true,
        created: ['sql_verdict_at', 'mql_sla_status'],
        existing: ['sql_verdict', 'mql_definition_version'],
        conflicts: [{ name: 'sql_verdict_note', expected: 'string', actual: 'number' }],
        optionsAdded: ['sql_verdict'],
      },
    });
  });

  it('writes nothing on a second run', async () => {
    const { connector } = setup();
    const scope = nock(BASE)
      .get('/crm/v3/properties/contacts/groups/sales_feedback')
      .reply(200, group)
      .get('/crm/v3/properties/contacts')
      .reply(200, provisioned);

    const result = await connector.ensureContactProperties(salesFeedback, specs);

    expect(scope.isDone()).toBe(true);
    expect(result).toEqual({
      ok: true,
      value: {
        groupCreated: false,
        created: [],
        existing: ['sql_verdict', 'mql_definition_version', 'sql_verdict_at', 'mql_sla_status'],
        conflicts: [{ name: 'sql_verdict_note', expected: 'string', actual: 'number' }],
        optionsAdded: [],
      },
    });
  });

  it('stops at the first failure with its mapped error', async () => {
    const { connector } = setup();
    nock(BASE).get('/crm/v3/properties/contacts/groups/sales_feedback').reply(403, {
      status: 'error',
      message: 'missing crm.schemas.contacts.write',
      category: 'MISSING_SCOPES',
    });
    expect(await connector.ensureContactProperties(salesFeedback, specs)).toMatchObject({
      ok: false,
      error: { code: 'auth_revoked' },
    });
  });
});

describe('HubSpot connector: owners and tasks', () => {
  it('finds the owner of a HubSpot user id', async () => {
    const { connector } = setup();
    const scope = nock(BASE).get('/crm/v3/owners/9586504').query({ idProperty: 'userId' }).reply(200, owner);
    expect(await connector.getOwnerByUserId('9586504')).toEqual({
      ok: true,
      value: { ownerId: '41629779', userId: '9586504', email: 'aiko.sato@example.com', name: 'Aiko Sato' },
    });
    expect(scope.isDone()).toBe(true);
  });

  it('answers null for a user who is not an owner', async () => {
    const { connector } = setup();
    const scope = nock(BASE)
      .get('/crm/v3/owners/1234567')
      .query({ idProperty: 'userId' })
      .reply(404, owner404);
    expect(await connector.getOwnerByUserId('1234567')).toEqual({ ok: true, value: null });
    expect(scope.isDone()).toBe(true);
  });

  it('refuses a user id that is not a number without calling HubSpot', async () => {
    const { connector, limiter } = setup();
    expect(await connector.getOwnerByUserId('../contacts')).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
    expect(limiter.acquired).toEqual([]);
  });

  it('creates a task for the owner, associated to the contact (type 204)', async () => {
    const { connector } = setup();
    let sent: unknown;
    const scope = nock(BASE)
      .post('/crm/v3/objects/tasks', (body) => {
        sent = body;
        return true;
      })
      .reply(201, taskCreated);

    const result = await connector.createTask({
      contactId: '101',
      ownerId: '41629779',
      subject: 'Handoff overdue: contact 101',
      body: 'Contact 101 qualified at 2026-11-20 10:02 JST; handoff was due 2026-11-21 10:02 JST.',
      dueAt: new Date('2026-11-21T01:02:03.000Z'),
    });

    expect(scope.isDone()).toBe(true);
    expect(sent).toEqual({
      properties: {
        hs_timestamp: '2026-11-21T01:02:03.000Z',
        hs_task_subject: 'Handoff overdue: contact 101',
        hs_task_body: 'Contact 101 qualified at 2026-11-20 10:02 JST; handoff was due 2026-11-21 10:02 JST.',
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: 'HIGH',
        hs_task_type: 'TODO',
        hubspot_owner_id: '41629779',
      },
      associations: [
        { to: { id: '101' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] },
      ],
    });
    expect(result).toEqual({ ok: true, value: { id: '18092344012' } });
  });
});
