// /readyz states only what was observed: a connector is ok after it answered, failing with the
// last error, disabled when unconfigured or not built; the definitions are really checked.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkConnectorsAtBoot } from '../../server/boot-checks.ts';
import { describeConnectors, loadConfig } from '../../src/config/env.ts';
import { openDatabase } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/database.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { createHarness } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';

const SLACK_ORIGIN = 'https://hooks.slack.com';
const SLACK_PATH = '/services/T0000000/B0000000/readyzS3cret';
const SLACK_URL = `${SLACK_ORIGIN}${SLACK_PATH}`;

interface Ready {
  status: string;
  definitions: string;
  connectors: Record<string, string>;
  connectorDetails: Record<
    string,
    {
      state: string;
      reason?: string;
      lastAnsweredAt: string | null;
      lastError: { code: string; message: string } | null;
    }
  >;
}

const alert = {
  id: '1',
  portalId: '62515',
  contactId: '123',
  contactName: null,
  contactUrl: 'https://app.hubspot.com/contacts/62515/record/0-1/123',
  deadlineKind: 'handoff' as const,
  alertKind: 'breached' as const,
  dueAt: new Date('2026-11-20T01:00:00.000Z'),
  now: new Date('2026-11-20T03:00:00.000Z'),
  lateByMs: 7_200_000,
  clock: 'business' as const,
  timezone: 'Asia/Tokyo',
  ownerId: null,
  definitionVersion: '2026-11',
};

describe('/readyz', () => {
  let db: Database;
  let harness: Harness | null = null;
  // One database for the file (each case builds its own process around it).
  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
    await migrate(db);
  });
  afterEach(async () => {
    await harness?.stop();
    harness = null;
  });
  afterAll(async () => {
    await db.close();
  });
  const ready = async (h: Harness): Promise<{ status: number; body: Ready }> => {
    const response = await request(h.app, 'GET', '/readyz');
    return { status: response.status, body: response.json as Ready };
  };

  it('says Salesforce is disabled, and which variables are missing, when SALESFORCE_* is incomplete', async () => {
    const env = {
      SALESFORCE_CLIENT_ID: '3MVG9-client-id',
      SALESFORCE_REFRESH_TOKEN: '5Aep861-token-AQ4AQFake',
    };
    harness = await createHarness({ db, env });
    const { body } = await ready(harness);
    expect(body.connectors.salesforce).toBe('disabled');
    expect(body.connectorDetails['salesforce']?.reason).toMatch(
      /SALESFORCE_\* is incomplete: set .*SALESFORCE_CLIENT_SECRET/,
    );
    expect(JSON.stringify(body)).not.toContain('AQ4AQFake');
    const loaded = loadConfig(env);
    if (!loaded.ok) throw new Error('config');
    expect(describeConnectors(loaded.config).salesforce.enabled).toBe(false);
  });

  it('builds the Salesforce connector when SALESFORCE_* is complete: unchecked until it is called', async () => {
    const env = {
      SALESFORCE_INSTANCE_URL: 'https://example.my.salesforce.com',
      SALESFORCE_ACCESS_TOKEN: '00Dxx0000000000!AQ4AQFake',
    };
    harness = await createHarness({ db, env });
    expect(harness.core.salesforce).not.toBeNull();
    const { body } = await ready(harness);
    expect(body.connectors.salesforce).toBe('unchecked');
    expect(JSON.stringify(body)).not.toContain('AQ4AQFake');
  });

  it('turns Slack failing from what its channel delivery observed, with the code and a message without the URL', async () => {
    harness = await createHarness({ db, env: { SLACK_WEBHOOK_URL: SLACK_URL } });
    expect((await ready(harness)).body.connectors.slack).toBe('unchecked');
    const slack = harness.core.channels.get('slack');
    if (!slack) throw new Error('no Slack channel');

    nock(SLACK_ORIGIN).post(SLACK_PATH).reply(404, 'no_service');
    expect((await slack.send(alert)).ok).toBe(false);
    const failing = await ready(harness);
    expect(failing.body).toMatchObject({
      status: 'degraded',
      connectors: { slack: 'failing' },
      connectorDetails: { slack: { state: 'failing', lastError: { code: 'auth_revoked' } } },
    });
    expect(failing.body.connectorDetails['slack']?.lastError?.message).toContain('no_service');
    expect(JSON.stringify(failing.body)).not.toContain('readyzS3cret');

    nock(SLACK_ORIGIN).post(SLACK_PATH).reply(200, 'ok');
    expect((await slack.send(alert)).ok).toBe(true);
    expect((await ready(harness)).body).toMatchObject({ status: 'ok', connectors: { slack: 'ok' } });
  });

  it('checks Slack at boot without posting: a refused empty payload is an answer, a deleted webhook is failing', async () => {
    harness = await createHarness({ db, env: { SLACK_WEBHOOK_URL: SLACK_URL } });
    const probes: unknown[] = [];
    nock(SLACK_ORIGIN)
      .post(SLACK_PATH, (body: unknown) => {
        probes.push(body);
        return true;
      })
      .reply(400, 'invalid_payload');
    await checkConnectorsAtBoot(harness.core);
    expect(probes).toEqual([{}]);
    expect((await ready(harness)).body.connectors.slack).toBe('ok');

    nock(SLACK_ORIGIN).post(SLACK_PATH).reply(410, 'channel_is_archived');
    await checkConnectorsAtBoot(harness.core);
    expect((await ready(harness)).body.connectorDetails['slack']).toMatchObject({
      state: 'failing',
      lastError: { code: 'auth_revoked' },
    });
  });

  it('says HubSpot is failing when it never answered, and ok once it does', async () => {
    harness = await createHarness({
      db,
      env: { HUBSPOT_ACCESS_TOKEN: 'pat-na1-readyz-token', HUBSPOT_API_BASE_URL: 'https://api.hubapi.test' },
    });
    const hubspot = harness.core.hubspot;
    if (!hubspot) throw new Error('HubSpot is not configured');
    expect((await ready(harness)).body.connectors.hubspot).toBe('unchecked');

    nock('https://api.hubapi.test').get('/crm/v3/owners/42').query({ idProperty: 'userId' }).reply(503, {});
    await hubspot.getOwnerByUserId('42');
    expect((await ready(harness)).body.connectorDetails['hubspot']).toMatchObject({
      state: 'failing',
      lastAnsweredAt: null,
      lastError: { code: 'transient' },
    });

    // A 404 is an answer: the token works.
    nock('https://api.hubapi.test')
      .get('/crm/v3/owners/43')
      .query({ idProperty: 'userId' })
      .reply(404, { status: 'error', message: 'not found', category: 'OBJECT_NOT_FOUND' });
    await hubspot.getOwnerByUserId('43');
    expect((await ready(harness)).body.connectors.hubspot).toBe('ok');
  });

  it('answers 503 when the definitions in force are not recorded in storage', async () => {
    harness = await createHarness({ db });
    expect(await ready(harness)).toMatchObject({
      status: 200,
      body: { status: 'ok', definitions: 'loaded' },
    });
    await db.query('DELETE FROM definitions_versions');
    expect(await ready(harness)).toMatchObject({
      status: 503,
      body: { status: 'down', definitions: 'missing' },
    });
  });
});
