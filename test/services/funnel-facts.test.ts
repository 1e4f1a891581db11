import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { trackedProperties } from '../../server/jobs/workers.ts';
import { buildCore } from '../../server/runtime.ts';
import type { Core } from '../../server/runtime.ts';
import { loadConfig } from '../../src/config/env.ts';
import { funnelProperties } from '../../src/domain/funnel-properties.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { CrmContact } from '../../src/ports/crm-contacts.ts';
import { processWebhookBatch } from '../../src/services/process-webhook-batch.ts';
import { refreshFunnelFacts } from '../../src/services/refresh-funnel-facts.ts';
import { trackContact } from '../../src/services/track-contact.ts';
import batchRead from '../fixtures/hubspot/batch-read-contacts.json' with { type: 'json' };
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, HUBSPOT_API } from '../helpers/harness.ts';

const PORTAL = '62515';
const READ = '/crm/v3/objects/contacts/batch/read';

interface ReadBody {
  inputs: { id: string }[];
  properties: string[];
  propertiesWithHistory: string[];
}

interface StageRow {
  lead_at: Date | null;
  channel: string | null;
  hubspot_opportunity_at: Date | null;
  hubspot_customer_at: Date | null;
  opportunity_at: Date | null;
  won_at: Date | null;
}

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

describeEachStorage('funnel facts of a tracked contact', (kind) => {
  let test: TestDatabase;
  let core: Core;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const loaded = loadConfig({
      HUBSPOT_PORTAL_ID: PORTAL,
      HUBSPOT_ACCESS_TOKEN: 'pat-test',
      HUBSPOT_API_BASE_URL: HUBSPOT_API,
    });
    if (!loaded.ok) throw new Error('config');
    core = await buildCore(loaded.config, createLogger('silent'), {
      db: test.db,
      now: new FakeClock('2026-11-20T01:00:00.000Z').now,
    });
  });
  afterAll(async () => {
    await test.close();
  });

  const stages = async (contactId: string) => {
    const { rows } = await test.db.query<StageRow>(
      `SELECT lead_at, channel, hubspot_opportunity_at, hubspot_customer_at, opportunity_at, won_at
         FROM contact_stages WHERE contact_id = $1`,
      [contactId],
    );
    const row = rows[0];
    return row
      ? {
          lead: iso(row.lead_at),
          channel: row.channel,
          hubspotOpportunity: iso(row.hubspot_opportunity_at),
          hubspotCustomer: iso(row.hubspot_customer_at),
          opportunity: iso(row.opportunity_at),
          won: iso(row.won_at),
        }
      : null;
  };

  it('reads the funnel properties with every contact of a webhook batch and stores its stage instants', async () => {
    const { rows } = await test.db.query<{ id: number }>(
      'INSERT INTO webhook_batches (events, event_count) VALUES ($1, 1) RETURNING id',
      [
        JSON.stringify([
          {
            eventId: 1,
            subscriptionId: 9,
            portalId: Number(PORTAL),
            occurredAt: Date.parse('2026-11-20T00:50:00.000Z'),
            subscriptionType: 'contact.propertyChange',
            objectId: 101,
            propertyName: 'lifecyclestage',
            propertyValue: 'opportunity',
          },
        ]),
      ],
    );
    const template = batchRead.results[0];
    let asked: ReadBody | null = null;
    const scope = nock(HUBSPOT_API)
      .post(READ, (body: ReadBody) => {
        asked = body;
        return true;
      })
      .reply(200, {
        ...batchRead,
        results: [
          {
            ...template,
            properties: {
              ...template?.properties,
              hs_analytics_source: 'ORGANIC_SEARCH',
              lifecyclestage: 'opportunity',
              hs_lifecyclestage_opportunity_date: '2026-11-20T00:50:00.000Z',
              hs_lifecyclestage_customer_date: null,
            },
          },
        ],
      });
    await processWebhookBatch(
      { ...core, crm: core.hubspot, propertiesToRead: trackedProperties(core) },
      Number(rows[0]?.id),
    );
    expect(scope.isDone()).toBe(true);
    expect((asked as ReadBody | null)?.properties).toEqual(
      expect.arrayContaining([...funnelProperties(core.definitions)]),
    );
    // History only for what the definition evaluates: the funnel's facts are current values.
    expect((asked as ReadBody | null)?.propertiesWithHistory).toEqual([...core.definitions.propertiesRead]);
    expect(await stages('101')).toEqual({
      lead: '2026-10-28T08:15:22.310Z',
      channel: 'ORGANIC_SEARCH',
      hubspotOpportunity: '2026-11-20T00:50:00.000Z',
      hubspotCustomer: null,
      opportunity: '2026-11-20T00:50:00.000Z',
      won: null,
    });
  });

  it('keeps a fact a read did not include, and clears one the CRM has emptied', async () => {
    const contact = (properties: Record<string, string | null>): CrmContact => ({
      id: '102',
      properties,
      history: {},
      createdAt: '2026-08-31T15:30:00.000Z',
      updatedAt: null,
    });
    await trackContact(
      core,
      PORTAL,
      contact({ hs_analytics_source: 'PAID_SOCIAL', hs_lifecyclestage_customer_date: '1795000000000' }),
      null,
    );
    expect(await stages('102')).toMatchObject({
      lead: '2026-08-31T15:30:00.000Z',
      channel: 'PAID_SOCIAL',
      hubspotCustomer: '2026-11-18T11:06:40.000Z',
      won: '2026-11-18T11:06:40.000Z',
    });
    // A read without the funnel properties (as the no-token path may fold) changes nothing.
    await trackContact(core, PORTAL, { ...contact({ industry: 'RETAIL' }), createdAt: null }, null);
    expect(await stages('102')).toMatchObject({ lead: '2026-08-31T15:30:00.000Z', channel: 'PAID_SOCIAL' });
    // HubSpot answers null for a property that is empty: the channel becomes (none).
    await trackContact(
      core,
      PORTAL,
      contact({ hs_analytics_source: '  ', hs_lifecyclestage_customer_date: null }),
      null,
    );
    expect(await stages('102')).toMatchObject({ channel: null, hubspotCustomer: null, won: null });
  });

  it('re-reads every channel from the stored properties when the channel property changes', async () => {
    await trackContact(
      core,
      PORTAL,
      {
        id: '103',
        properties: { hs_analytics_source: 'ORGANIC_SEARCH', lead_channel: '展示会' },
        history: {},
        createdAt: '2026-09-01T00:00:00.000Z',
        updatedAt: null,
      },
      null,
    );
    const channelOf = async () => (await stages('103'))?.channel;
    expect(await channelOf()).toBe('ORGANIC_SEARCH');
    const changed = { ...core.definitions, funnel: { channelProperty: 'lead_channel' } };
    expect((await refreshFunnelFacts({ ...core, definitions: changed })).channels).toBeGreaterThanOrEqual(1);
    expect(await channelOf()).toBe('展示会');
    // A contact whose stored properties lack the new property has no channel until read again.
    expect((await stages('101'))?.channel).toBeNull();
    await refreshFunnelFacts(core);
    expect(await channelOf()).toBe('ORGANIC_SEARCH');
    expect((await stages('101'))?.channel).toBe('ORGANIC_SEARCH');
  });
});
