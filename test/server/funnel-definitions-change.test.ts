import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FUNNEL_GROUP_BYS } from '../../src/domain/funnel.ts';
import { trackContact } from '../../src/services/track-contact.ts';
import { FIXTURE_NOW, Q3_CONTACTS, Q3_EXPECTED } from '../fixtures/funnel/q3-contacts.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { seedFunnelFixture } from '../helpers/funnel-seed.ts';
import { FakeClock, PORTAL_ID, createHarness, signedHeaders } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';

describeEachStorage('a definitions change and an earlier cohort', (kind) => {
  let test: TestDatabase;
  let dir: string;
  let first: Harness;
  const clock = new FakeClock(FIXTURE_NOW);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    dir = await mkdtemp(join(tmpdir(), 'definitions-'));
    first = await createHarness({ db: test.db, clock });
    await seedFunnelFixture(first.core, clock, Q3_CONTACTS);
    clock.set(FIXTURE_NOW);
  });
  afterAll(async () => {
    await first.stop();
    await test.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function funnels(harness: Harness) {
    const answers: unknown[] = [];
    for (const mode of ['cohort', 'period']) {
      for (const groupBy of FUNNEL_GROUP_BYS) {
        const url = `/api/funnel?from=2026-07-01&to=2026-09-30&mode=${mode}&groupBy=${groupBy}&portalId=${PORTAL_ID}`;
        const res = await request(
          harness.app,
          'GET',
          url,
          '',
          signedHeaders('GET', url, '', clock.now().getTime()),
        );
        expect(res.status).toBe(200);
        answers.push(res.json);
      }
    }
    return answers;
  }

  it('leaves the Q3 numbers unchanged when a stricter definition is loaded and the contacts are read again', async () => {
    const before = await funnels(first);
    expect(before[3]).toMatchObject({ groups: Q3_EXPECTED.cohort.definitionVersion });

    // 2026-12: the score must now be 90. The server restarts with it (definitions recorded, open
    // deadlines recomputed, funnel facts refreshed) and every qualified Q3 contact is read again,
    // its score now 85: it no longer meets the definition, and nothing re-qualifies it.
    const base = await readFile(new URL('../../config/definitions.yaml', import.meta.url), 'utf8');
    const file = join(dir, 'definitions.yaml');
    await writeFile(
      file,
      base.replace('version: "2026-11"', 'version: "2026-12"').replace('gte: 60 }', 'gte: 90 }'),
    );
    const second = await createHarness({ db: test.db, clock, env: { DEFINITIONS_FILE: file } });
    try {
      expect(second.core.definitions.version).toBe('2026-12');
      for (const fixture of Q3_CONTACTS.filter((c) => c.qualifications.length > 0)) {
        const outcome = await trackContact(
          second.core,
          PORTAL_ID,
          {
            id: fixture.id,
            properties: {
              hubspotscore: '85',
              hs_analytics_source: fixture.channel,
              createdate: fixture.createdAt,
            },
            history: { hubspotscore: [{ value: '85', timestamp: FIXTURE_NOW }] },
            createdAt: fixture.createdAt,
            updatedAt: null,
          },
          clock.now(),
        );
        expect(outcome).toMatchObject({ status: 'not_mql', qualified: false });
      }
      expect(await funnels(second)).toEqual(before);
    } finally {
      await second.stop();
    }
  });
});
