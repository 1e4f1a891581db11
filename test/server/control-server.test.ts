import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackfillRuns } from '../../server/control/backfill-runs.ts';
import { startControlServer } from '../../server/control/control-server.ts';
import type { ControlServer } from '../../server/control/control-server.ts';
import { createTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { createHarness } from '../helpers/harness.ts';

// The loopback control port `npm run backfill` hands its window to: only with the lock file's
// token, and in the contract's error format.
describe('server control port', () => {
  let test: TestDatabase;
  let control: ControlServer;
  const token = 'a-token-from-the-lock-file';

  beforeAll(async () => {
    test = await createTestDatabase('pglite');
    const harness = await createHarness({ db: test.db });
    control = await startControlServer({
      token,
      runs: createBackfillRuns(harness.core),
      logger: harness.core.logger,
    });
  });
  afterAll(async () => {
    await control.close();
    await test.close();
  });

  const call = async (method: string, path: string, auth: string | null, body?: unknown) => {
    const response = await fetch(`${control.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(auth === null ? {} : { Authorization: auth }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as { error?: { code: string } } };
  };
  const window = { from: '2026-09-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' };

  it('listens on the loopback interface only', () => {
    expect(new URL(control.url).hostname).toBe('127.0.0.1');
  });

  it('refuses a request without the token, or with another one', async () => {
    expect((await call('POST', '/backfills', null, window)).status).toBe(401);
    const wrong = await call('POST', '/backfills', 'Bearer not-the-token', window);
    expect(wrong.status).toBe(401);
    expect(wrong.json.error?.code).toBe('unauthorized');
  });

  it('refuses a malformed window, an unknown run, and a window it cannot load (no HubSpot token)', async () => {
    const auth = `Bearer ${token}`;
    expect((await call('POST', '/backfills', auth, { from: 'yesterday' })).json.error?.code).toBe(
      'invalid_request',
    );
    expect((await call('GET', '/backfills/00000000-0000-4000-8000-000000000000', auth)).status).toBe(404);
    const refused = await call('POST', '/backfills', auth, window);
    expect(refused.status).toBe(503);
    expect(refused.json.error?.code).toBe('not_configured');
  });
});
