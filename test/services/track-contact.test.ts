import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCore } from '../../server/runtime.ts';
import type { Core } from '../../server/runtime.ts';
import { loadConfig } from '../../src/config/env.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { CrmContact } from '../../src/ports/crm-contacts.ts';
import { trackContact } from '../../src/services/track-contact.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock } from '../helpers/harness.ts';

const PORTAL = '62515';
// Fri 2026-11-20 10:00 JST.
const NOW = '2026-11-20T01:00:00.000Z';

/** A contact meeting the example definition; `at` dates every value in its history. */
function qualifying(id: string, at: string | null, extra: Record<string, string> = {}): CrmContact {
  const properties: Record<string, string> = {
    industry: 'COMPUTER_SOFTWARE',
    numemployees: '1000+',
    jobtitle: 'Sales Manager',
    whitepaper_downloaded_at: '2026-11-18',
    hubspotscore: '80',
    ...extra,
  };
  const history =
    at === null
      ? {}
      : Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, [{ value: v, timestamp: at }]]));
  return { id, properties, history, createdAt: null, updatedAt: null };
}

describeEachStorage('trackContact', (kind) => {
  let test: TestDatabase;
  let core: Core;
  const clock = new FakeClock(NOW);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const loaded = loadConfig({ HUBSPOT_PORTAL_ID: PORTAL });
    if (!loaded.ok) throw new Error('config');
    core = await buildCore(loaded.config, createLogger('silent'), { db: test.db, now: clock.now });
  });
  afterAll(async () => {
    await test.close();
  });

  const rows = async (table: string, contactId: string) =>
    (await test.db.query(`SELECT * FROM ${table} WHERE contact_id = $1`, [contactId])).rows;

  it('dates a qualification whose deciding attributes have no history by the change being processed', async () => {
    // No history at all: only the white paper date says when anything happened (18 Nov); the
    // score that made the contact qualify changed on 20 Nov, the event being processed.
    const changedAt = new Date('2026-11-20T00:30:00.000Z');
    await trackContact(core, PORTAL, qualifying('undated', null), changedAt);
    const [row] = await rows('qualifications', 'undated');
    expect((row as { qualified_at: Date }).qualified_at.toISOString()).toBe(changedAt.toISOString());
  });

  it('keeps the history-derived time when every deciding condition is dated', async () => {
    await trackContact(core, PORTAL, qualifying('dated', '2026-11-19T02:00:00.000Z'), new Date(NOW));
    const [row] = await rows('qualifications', 'dated');
    expect((row as { qualified_at: Date }).qualified_at.toISOString()).toBe('2026-11-19T02:00:00.000Z');
  });

  it('qualifies once: tracking the same contact again records nothing new', async () => {
    const first = await trackContact(core, PORTAL, qualifying('1', '2026-11-19T02:00:00.000Z'), null);
    expect(first).toEqual({ contactId: '1', status: 'mql', qualified: true, handedOff: false });
    const outbox = await rows('write_backs', '1');
    const again = await trackContact(core, PORTAL, qualifying('1', '2026-11-19T02:00:00.000Z'), null);
    expect(again).toEqual({ contactId: '1', status: 'mql', qualified: false, handedOff: false });
    expect(await rows('qualifications', '1')).toHaveLength(1);
    expect(await rows('write_backs', '1')).toEqual(outbox);
  });

  it('hands off at qualification a contact that already had an owner', async () => {
    const outcome = await trackContact(
      core,
      PORTAL,
      qualifying('4', '2026-11-19T02:00:00.000Z', { hubspot_owner_id: '71000001' }),
      null,
    );
    expect(outcome.handedOff).toBe(true);
    const deadlines = (await rows('deadlines', '4')) as {
      kind: string;
      started_at: Date;
      met_at: Date | null;
    }[];
    const byKind = Object.fromEntries(deadlines.map((d) => [d.kind, d]));
    expect(byKind['handoff']?.met_at?.toISOString()).toBe('2026-11-19T02:00:00.000Z');
    expect(byKind['verdict']?.started_at.toISOString()).toBe('2026-11-19T02:00:00.000Z');
  });

  it('treats an empty owner as no owner', async () => {
    const outcome = await trackContact(
      core,
      PORTAL,
      qualifying('5', '2026-11-19T02:00:00.000Z', { hubspot_owner_id: '' }),
      null,
    );
    expect(outcome.handedOff).toBe(false);
    expect(((await rows('contacts', '5'))[0] as { owner_id: string | null }).owner_id).toBeNull();
  });

  it('records a contact that does not qualify without qualification, deadline or write-back', async () => {
    const outcome = await trackContact(
      core,
      PORTAL,
      qualifying('6', '2026-11-19T02:00:00.000Z', { hubspotscore: '10' }),
      null,
    );
    expect(outcome).toEqual({ contactId: '6', status: 'not_mql', qualified: false, handedOff: false });
    expect(await rows('contacts', '6')).toHaveLength(1);
    expect(await rows('qualifications', '6')).toEqual([]);
    expect(await rows('deadlines', '6')).toEqual([]);
    expect(await rows('write_backs', '6')).toEqual([]);
  });
});
