import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../server/runtime.ts';
import { recordOpportunities, refreshOpportunityInstants } from '../../src/services/record-opportunities.ts';
import { trackContact } from '../../src/services/track-contact.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, PORTAL_ID, createHarness } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

describeEachStorage('recordOpportunities (the CRM opportunities seam)', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  let core: Core;
  const clock = new FakeClock('2026-11-20T01:00:00.000Z');

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
    core = harness.core;
    for (const id of ['o1', 'o2'])
      await trackContact(
        core,
        PORTAL_ID,
        {
          id,
          properties: { hs_lifecyclestage_opportunity_date: '2026-09-15T00:00:00.000Z' },
          history: {},
          createdAt: '2026-09-01T00:00:00.000Z',
          updatedAt: null,
        },
        null,
      );
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  const stages = async (contactId: string) => {
    const { rows } = await test.db.query<{
      opportunity_at: Date | null;
      won_at: Date | null;
      crm_won_at: Date | null;
    }>('SELECT opportunity_at, won_at, crm_won_at FROM contact_stages WHERE contact_id = $1', [contactId]);
    return { opportunity: iso(rows[0]?.opportunity_at), won: iso(rows[0]?.won_at) };
  };

  it('stores opportunities and the contact’s opportunity and won instants together', async () => {
    const result = await recordOpportunities(core, PORTAL_ID, 'salesforce', [
      {
        id: 'opp-1',
        contactId: 'o1',
        createdAt: new Date('2026-09-10T00:00:00Z'),
        isWon: true,
        closeDate: '2026-10-01',
        amount: 1_500_000.5,
      },
    ]);
    expect(result).toEqual({ recorded: 1, contacts: 1, refused: [] });
    // Earlier than HubSpot's date (15 Sep); won at the start of 1 Oct in Tokyo.
    expect(await stages('o1')).toEqual({
      opportunity: '2026-09-10T00:00:00.000Z',
      won: '2026-09-30T15:00:00.000Z',
    });
    const { rows } = await test.db.query<{ amount: string; close_date: string }>(
      "SELECT amount::text AS amount, to_char(close_date, 'YYYY-MM-DD') AS close_date FROM crm_opportunities WHERE opportunity_id = 'opp-1'",
    );
    expect(rows).toEqual([{ amount: '1500000.5', close_date: '2026-10-01' }]);
  });

  it('recomputes the contact an opportunity leaves when it is linked to another one', async () => {
    await recordOpportunities(core, PORTAL_ID, 'salesforce', [
      {
        id: 'opp-1',
        contactId: 'o2',
        createdAt: new Date('2026-09-10T00:00:00Z'),
        isWon: true,
        closeDate: '2026-10-01',
        amount: null,
      },
    ]);
    expect(await stages('o1')).toEqual({ opportunity: '2026-09-15T00:00:00.000Z', won: null });
    expect(await stages('o2')).toEqual({
      opportunity: '2026-09-10T00:00:00.000Z',
      won: '2026-09-30T15:00:00.000Z',
    });
  });

  it('refuses malformed opportunities by id and records the rest', async () => {
    const result = await recordOpportunities(core, PORTAL_ID, 'salesforce', [
      {
        id: 'bad-date',
        contactId: 'o1',
        createdAt: new Date('2026-09-10T00:00:00Z'),
        isWon: true,
        closeDate: '2026-02-30',
        amount: 1,
      },
      {
        id: 'bad-instant',
        contactId: 'o1',
        createdAt: new Date('nope'),
        isWon: false,
        closeDate: null,
        amount: null,
      },
      {
        id: 'fine',
        contactId: 'o1',
        createdAt: new Date('2026-09-20T00:00:00Z'),
        isWon: false,
        closeDate: null,
        amount: null,
      },
    ]);
    expect(result.recorded).toBe(1);
    expect(result.refused.map((r) => r.id)).toEqual(['bad-date', 'bad-instant']);
    expect(result.refused[0]?.reason).toContain('closeDate');
  });

  it('moves won instants with the timezone when the definitions change it', async () => {
    await refreshOpportunityInstants({ ...core, definitions: { ...core.definitions, timezone: 'UTC' } });
    expect((await stages('o2')).won).toBe('2026-10-01T00:00:00.000Z');
    await refreshOpportunityInstants(core);
    expect((await stages('o2')).won).toBe('2026-09-30T15:00:00.000Z');
  });
});
