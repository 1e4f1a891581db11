import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../server/runtime.ts';
import { parseDuration } from '../../src/domain/duration.ts';
import type { Definitions, VerdictKind } from '../../src/domain/definitions.ts';
import type { CrmContact } from '../../src/ports/crm-contacts.ts';
import { buildCardModel } from '../../src/services/build-card-model.ts';
import { recomputeOpenDeadlines } from '../../src/services/recompute-deadlines.ts';
import { recordVerdict } from '../../src/services/record-verdict.ts';
import { sweepSla } from '../../src/services/sweep-sla.ts';
import { trackContact } from '../../src/services/track-contact.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, PORTAL_ID, createHarness, outboxProperties } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';

// Fri 2026-11-20 10:00 JST. Every contact first qualifies on Thu 19th 11:00 JST (the score's
// date), so its handoff is due Fri 11:00 JST.
const NOW = '2026-11-20T01:00:00.000Z';
const FIRST_SCORE_AT = '2026-11-19T02:00:00.000Z';
const DATED = '2026-11-01T00:00:00.000Z';

/** A contact meeting the example definition; `scores` is the score history, newest first. */
function lead(
  id: string,
  scores: readonly [string, string][],
  extra: Record<string, string> = {},
): CrmContact {
  const properties: Record<string, string> = {
    industry: 'COMPUTER_SOFTWARE',
    numemployees: '1000+',
    jobtitle: 'Sales Manager',
    whitepaper_downloaded_at: '2026-11-18',
    hubspotscore: scores[0]?.[0] ?? '0',
    ...extra,
  };
  const history: Record<string, { value: string; timestamp: string }[]> = {};
  for (const [name, value] of Object.entries(properties))
    history[name] = [
      { value, timestamp: name === 'whitepaper_downloaded_at' ? '2026-11-18T05:00:00.000Z' : DATED },
    ];
  history['hubspotscore'] = scores.map(([value, timestamp]) => ({ value, timestamp }));
  return { id, properties, history, createdAt: DATED, updatedAt: null };
}

interface QualificationRow {
  episode: number;
  definition_version: string;
  qualified_at: Date;
  grounds: { conditionId: string; value: string | null }[];
}
interface DeadlineRow {
  episode: number;
  kind: string;
  started_at: Date;
  due_at: Date;
  met_at: Date | null;
}

describeEachStorage('re-qualification', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  let core: Core;
  const clock = new FakeClock(NOW);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
    core = harness.core;
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  const track = (contact: CrmContact, changedAt: Date | null = null, definitions?: Definitions) =>
    trackContact(definitions ? { ...core, definitions } : core, PORTAL_ID, contact, changedAt);
  const verdict = async (contactId: string, verdictKind: VerdictKind, reasonCode: string) => {
    const outcome = await recordVerdict(
      { ...core, crmAdmin: null, onWriteBackQueued: () => undefined },
      {
        portalId: PORTAL_ID,
        contactId,
        verdict: verdictKind,
        reasonCode,
        note: null,
        idempotencyKey: null,
        userId: null,
        userEmail: 'rep@example.com',
      },
    );
    if (outcome.kind !== 'recorded') throw new Error(`verdict not recorded: ${outcome.kind}`);
    return outcome.verdict;
  };
  const qualifications = async (contactId: string) =>
    (
      await test.db.query<QualificationRow>(
        `SELECT episode, definition_version, qualified_at, grounds FROM qualifications
          WHERE contact_id = $1 ORDER BY episode`,
        [contactId],
      )
    ).rows;
  const deadlines = async (contactId: string) =>
    (
      await test.db.query<DeadlineRow>(
        `SELECT episode, kind, started_at, due_at, met_at FROM deadlines WHERE contact_id = $1 ORDER BY episode, kind`,
        [contactId],
      )
    ).rows;
  const outbox = (contactId: string) => outboxProperties(harness.core, contactId);
  const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

  it('qualifies a recycled contact anew when it meets the definition again after the verdict', async () => {
    clock.set(NOW);
    await track(lead('r1', [['80', FIRST_SCORE_AT]]));
    const recycled = await verdict('r1', 'recycled', 'bad-timing');
    expect(recycled.episode).toBe(1);

    // Read again with nothing new: it still meets the definition, but since before the verdict.
    clock.set('2026-11-20T02:00:00.000Z');
    expect((await track(lead('r1', [['80', FIRST_SCORE_AT]]))).qualified).toBe(false);
    expect(await qualifications('r1')).toHaveLength(1);

    // Wed 25th 09:30 JST the score rises: a qualifying instant after the verdict. The handoff of
    // the new episode is due one business day later, Thu 26th 09:30 JST.
    clock.set('2026-11-25T01:00:00.000Z');
    const rescored = lead('r1', [
      ['85', '2026-11-25T00:30:00.000Z'],
      ['80', FIRST_SCORE_AT],
    ]);
    expect(await track(rescored, new Date('2026-11-25T00:30:00.000Z'))).toMatchObject({ qualified: true });

    const episodes = await qualifications('r1');
    expect(episodes.map((q) => [q.episode, iso(q.qualified_at), q.definition_version])).toEqual([
      [1, FIRST_SCORE_AT, '2026-11'],
      [2, '2026-11-25T00:30:00.000Z', '2026-11'],
    ]);
    // Each episode keeps the grounds it was frozen with.
    expect(episodes.map((q) => q.grounds.find((g) => g.conditionId === 'score')?.value)).toEqual([
      '80',
      '85',
    ]);
    expect(
      (await deadlines('r1')).map((d) => [
        d.episode,
        d.kind,
        iso(d.started_at),
        iso(d.due_at),
        iso(d.met_at),
      ]),
    ).toEqual([
      // Episode 1's handoff was closed by the recycled verdict, on time.
      [1, 'handoff', FIRST_SCORE_AT, '2026-11-20T02:00:00.000Z', NOW],
      [2, 'handoff', '2026-11-25T00:30:00.000Z', '2026-11-26T00:30:00.000Z', null],
    ]);
    expect(await outbox('r1')).toMatchObject({
      mql_definition_version: '2026-11',
      mql_qualified_at: '2026-11-25T00:30:00.000Z',
      mql_handoff_due_at: '2026-11-26T00:30:00.000Z',
      mql_sla_status: 'on_track',
    });
    expect((await outbox('r1'))?.['mql_grounds']).toContain('85');
  });

  it('shows the current episode on the card, without the verdict of the previous one', async () => {
    const card = await buildCardModel(core, PORTAL_ID, 'r1');
    expect(card?.mql).toMatchObject({ status: 'mql', episode: 2, qualifiedAt: '2026-11-25T00:30:00.000Z' });
    expect(card?.mql.grounds.find((g) => g.conditionId === 'score')?.value).toBe('85');
    expect(card?.handoff).toMatchObject({ dueAt: '2026-11-26T00:30:00.000Z', status: 'on_track' });
    expect(card?.verdictDue.status).toBe('not_started');
    expect(card?.verdict).toBeNull();
  });

  it('closes the current episode’s deadlines with the next verdict, and records which episode it judged', async () => {
    clock.set('2026-11-25T02:00:00.000Z');
    const accepted = await verdict('r1', 'accepted', 'budget-confirmed');
    expect(accepted.episode).toBe(2);
    const rows = await deadlines('r1');
    expect(rows.map((d) => [d.episode, d.kind, iso(d.met_at)])).toEqual([
      [1, 'handoff', NOW],
      [2, 'handoff', '2026-11-25T02:00:00.000Z'],
    ]);
    const card = await buildCardModel(core, PORTAL_ID, 'r1');
    expect(card?.verdict?.verdict).toBe('accepted');
    // An accepted contact never qualifies again.
    clock.set('2026-11-27T01:00:00.000Z');
    const again = lead('r1', [
      ['95', '2026-11-27T00:00:00.000Z'],
      ['85', '2026-11-25T00:30:00.000Z'],
    ]);
    expect((await track(again, new Date('2026-11-27T00:00:00.000Z'))).qualified).toBe(false);
    expect(await qualifications('r1')).toHaveLength(2);
  });

  it('keeps the first qualification as the contact’s mql stage', async () => {
    const { rows } = await test.db.query<{ mql_at: Date; mql_version: string; verdict: string }>(
      `SELECT mql_at, mql_version, verdict FROM contact_stages WHERE contact_id = 'r1'`,
    );
    expect(rows.map((r) => [iso(r.mql_at), r.mql_version, r.verdict])).toEqual([
      [FIRST_SCORE_AT, '2026-11', 'accepted'],
    ]);
  });

  it('re-qualifies a rejected contact only when the definitions allow it', async () => {
    clock.set(NOW);
    await track(lead('r2', [['80', FIRST_SCORE_AT]]));
    await verdict('r2', 'rejected', 'no-budget');
    clock.set('2026-11-25T01:00:00.000Z');
    const rescored = lead('r2', [
      ['85', '2026-11-25T00:30:00.000Z'],
      ['80', FIRST_SCORE_AT],
    ]);
    expect((await track(rescored)).qualified).toBe(false);
    expect(await qualifications('r2')).toHaveLength(1);

    const allowing = { ...core.definitions, requalifyAfterRejected: true };
    expect((await track(rescored, null, allowing)).qualified).toBe(true);
    expect((await qualifications('r2')).map((q) => q.episode)).toEqual([1, 2]);
  });

  it('does not let a verdict given before the contact ever qualified open a second episode', async () => {
    clock.set(NOW);
    await track(lead('r3', [['10', FIRST_SCORE_AT]]));
    const early = await verdict('r3', 'recycled', 'bad-timing');
    expect(early.episode).toBeNull();
    clock.set('2026-11-25T01:00:00.000Z');
    const first = lead('r3', [
      ['85', '2026-11-25T00:30:00.000Z'],
      ['10', FIRST_SCORE_AT],
    ]);
    expect((await track(first)).qualified).toBe(true);
    expect((await buildCardModel(core, PORTAL_ID, 'r3'))?.verdict).toBeNull();
    clock.set('2026-11-27T01:00:00.000Z');
    const later = lead('r3', [
      ['95', '2026-11-27T00:00:00.000Z'],
      ['85', '2026-11-25T00:30:00.000Z'],
    ]);
    expect((await track(later)).qualified).toBe(false);
    expect((await qualifications('r3')).map((q) => q.episode)).toEqual([1]);
  });

  it('alerts a breach once per episode, however often the sweep runs', async () => {
    const sweep = () => sweepSla({ ...core, channels: core.channelAvailability });
    const breaches = async () =>
      (
        await test.db.query<{ episode: number; alert_kind: string }>(
          `SELECT episode, alert_kind FROM sla_alerts WHERE contact_id = 'r4' AND alert_kind = 'breached' ORDER BY id`,
        )
      ).rows;
    clock.set(NOW);
    await track(lead('r4', [['80', FIRST_SCORE_AT]]));
    // Handoff due Fri 11:00 JST; swept at 11:00 and again later: one breach.
    clock.set('2026-11-20T02:00:00.000Z');
    await sweep();
    clock.set('2026-11-20T03:00:00.000Z');
    await sweep();
    expect(await breaches()).toEqual([{ episode: 1, alert_kind: 'breached' }]);

    await verdict('r4', 'recycled', 'bad-timing');
    clock.set('2026-11-25T01:00:00.000Z');
    await track(
      lead('r4', [
        ['85', '2026-11-25T00:30:00.000Z'],
        ['80', FIRST_SCORE_AT],
      ]),
    );
    // Episode 2's handoff is due Thu 26th 09:30 JST.
    clock.set('2026-11-26T00:30:00.000Z');
    await sweep();
    clock.set('2026-11-26T05:00:00.000Z');
    await sweep();
    expect(await breaches()).toEqual([
      { episode: 1, alert_kind: 'breached' },
      { episode: 2, alert_kind: 'breached' },
    ]);
  });

  it('re-plans the open deadline of the current episode after a definitions change, not the closed ones', async () => {
    clock.set(NOW);
    await track(lead('r5', [['80', FIRST_SCORE_AT]]));
    await verdict('r5', 'recycled', 'bad-timing');
    clock.set('2026-11-25T01:00:00.000Z');
    await track(
      lead('r5', [
        ['85', '2026-11-25T00:30:00.000Z'],
        ['80', FIRST_SCORE_AT],
      ]),
    );
    const before = await deadlines('r5');
    const changed: Definitions = {
      ...core.definitions,
      hash: 'changed-for-this-test',
      handoff: {
        ...core.definitions.handoff,
        within: parseDuration('2d') ?? core.definitions.handoff.within,
      },
    };
    await recomputeOpenDeadlines({ ...core, definitions: changed });
    const after = await deadlines('r5');
    expect(after[0]).toEqual(before[0]);
    // Wed 09:30 JST + 2 business days = Fri 27th 09:30 JST.
    expect(after.map((d) => [d.episode, iso(d.due_at)])).toEqual([
      [1, '2026-11-20T02:00:00.000Z'],
      [2, '2026-11-27T00:30:00.000Z'],
    ]);
  });
});
