import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCore } from '../../server/runtime.ts';
import type { Core } from '../../server/runtime.ts';
import { loadConfig } from '../../src/config/env.ts';
import { err } from '../../src/domain/result.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { AlertChannel, AlertChannelName } from '../../src/ports/alert-channel.ts';
import { ALERT_MAX_ATTEMPTS, deliverAlert } from '../../src/services/deliver-alert.ts';
import { RetryableError } from '../../src/services/retryable-error.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';

describeEachStorage('deliverAlert retries', (kind) => {
  let test: TestDatabase;
  let core: Core;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const loaded = loadConfig({});
    if (!loaded.ok) throw new Error('config');
    core = await buildCore(loaded.config, createLogger('silent'), { db: test.db });
  });
  afterAll(async () => {
    await test.close();
  });

  it('asks for a retry on an outage, then records the delivery failed on its last attempt', async () => {
    const { rows } = await test.db.query<{ id: number }>(
      `INSERT INTO sla_alerts (portal_id, contact_id, deadline_kind, alert_kind, started_at, due_at)
       VALUES ('1', '9', 'handoff', 'breached', now() - interval '2 days', now() - interval '1 day') RETURNING id`,
    );
    const alertId = rows[0]?.id ?? 0;
    await test.db.query(`INSERT INTO alert_deliveries (alert_id, channel) VALUES ($1, 'slack')`, [alertId]);
    let calls = 0;
    const down: AlertChannel = {
      name: 'slack',
      send: () => {
        calls++;
        return Promise.resolve(err({ code: 'transient', provider: 'slack', message: 'HTTP 503' }));
      },
    };
    const deps = { ...core, channels: new Map<AlertChannelName, AlertChannel>([['slack', down]]) };
    for (let attempt = 1; attempt < ALERT_MAX_ATTEMPTS; attempt++) {
      await expect(deliverAlert(deps, alertId, 'slack')).rejects.toBeInstanceOf(RetryableError);
    }
    await deliverAlert(deps, alertId, 'slack');
    const state = await test.db.query<{ state: string; last_error: string }>(
      `SELECT state, last_error FROM alert_deliveries WHERE alert_id = $1`,
      [alertId],
    );
    expect(state.rows[0]).toMatchObject({ state: 'failed', last_error: 'transient: HTTP 503' });
    expect(calls).toBe(ALERT_MAX_ATTEMPTS);
    // A redelivered job after the failure sends nothing more.
    await deliverAlert(deps, alertId, 'slack');
    expect(calls).toBe(ALERT_MAX_ATTEMPTS);
  });
});
