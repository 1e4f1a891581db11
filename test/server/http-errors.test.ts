import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { createHarness, signedHeaders } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';

function expectError(json: unknown, code: string): void {
  expect(json).toEqual({ error: { code, message: expect.stringMatching(/\S/) as unknown } });
}

describeEachStorage('HTTP errors', (kind) => {
  let test: TestDatabase;
  let harness: Harness;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db });
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  const storedBatches = async () => (await test.db.query('SELECT 1 FROM webhook_batches')).rows.length;

  it('answers 413 payload_too_large to a body over 1 MB, and stores nothing', async () => {
    const event = {
      eventId: 1,
      subscriptionId: 1,
      portalId: 62515,
      occurredAt: 1,
      subscriptionType: 'x',
      objectId: 1,
    };
    const padding = 'x'.repeat(1024 * 1024);
    const body = JSON.stringify([{ ...event, propertyValue: padding }]);
    const res = await request(
      harness.app,
      'POST',
      '/webhooks/hubspot',
      body,
      signedHeaders('POST', '/webhooks/hubspot', body),
    );
    expect(res.status).toBe(413);
    expectError(res.json, 'payload_too_large');
    expect(await storedBatches()).toBe(0);
  });

  it('answers 400 invalid_json to malformed JSON, and stores nothing', async () => {
    const body = '[{"eventId": 1,';
    const res = await request(
      harness.app,
      'POST',
      '/webhooks/hubspot',
      body,
      signedHeaders('POST', '/webhooks/hubspot', body),
    );
    expect(res.status).toBe(400);
    expectError(res.json, 'invalid_json');
    expect(await storedBatches()).toBe(0);
  });

  it('answers an unknown route with a 404 in the contract error format', async () => {
    const res = await request(harness.app, 'GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect((res.json as { error: { code: string } }).error.code).toMatch(/^[a-z_]+$/);
    expect((res.json as { error: { message: string } }).error.message).toContain('/api/nothing-here');
  });

  it('echoes a sane X-Request-Id, and makes one up otherwise', async () => {
    const echoed = await request(harness.app, 'GET', '/healthz', '', { 'X-Request-Id': 'req-abc.123' });
    expect(echoed.headers.get('x-request-id')).toBe('req-abc.123');
    const invented = await request(harness.app, 'GET', '/healthz', '', {
      'X-Request-Id': 'bad id with spaces',
    });
    expect(invented.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const error = await request(harness.app, 'GET', '/nope', '', { 'X-Request-Id': 'req-404' });
    expect(error.headers.get('x-request-id')).toBe('req-404');
    expect(harness.logs.some((line) => line.includes('"requestId":"req-404"'))).toBe(true);
  });
});
