import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/hubspot-client.ts';
import update200 from '../../fixtures/hubspot/batch-update-200.json' with { type: 'json' };
import { recordingLimiter } from './hubspot-fakes.ts';

// A call that outlives its timeout must be cancelled on the wire: a batch/update left running
// could land after the retry that carried newer values. A real local server (not nock) holds the
// request, so the test sees what HubSpot would see: the connection closing at our timeout.

const TIMEOUT_MS = 200;
const HOLD_MS = 2_000;

interface Held {
  readonly receivedAt: number;
  closedAt: number | null;
  answered: boolean;
}

/** Answers each batch/update after `holdFor(n)` ms (n: 0 for the first request), unless cut off. */
async function holdingServer(
  held: Held[],
  holdFor: (n: number) => number = () => HOLD_MS,
): Promise<{ server: Server; url: string; connections: () => number }> {
  let connections = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const entry: Held = { receivedAt: performance.now(), closedAt: null, answered: false };
    const hold = holdFor(held.length);
    held.push(entry);
    res.on('close', () => {
      if (!res.writableFinished) entry.closedAt = performance.now();
    });
    req.resume();
    req.on('end', () => {
      setTimeout(() => {
        if (res.destroyed) return;
        entry.answered = true;
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(update200));
      }, hold);
    });
  });
  server.on('connection', () => (connections += 1));
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
  };
}

describe('HubSpot connector: a call past its timeout', () => {
  let server: Server | undefined;
  afterEach(async () => {
    const open = server;
    if (!open) return;
    open.closeAllConnections();
    await new Promise<void>((resolve) => {
      open.close(() => {
        resolve();
      });
    });
  });

  it('is cancelled: HubSpot sees the connection close at the timeout, and the call reports transient', async () => {
    const held: Held[] = [];
    const local = await holdingServer(held);
    server = local.server;
    const connector = createHubSpotConnector({
      accessToken: 'pat-na1-fake-token-for-tests-only',
      portalId: '62515',
      baseUrl: local.url,
      limiter: recordingLimiter(),
      timeoutMs: TIMEOUT_MS,
    });
    const began = performance.now();
    const result = await connector.updateContacts([{ id: '101', properties: { sql_verdict: 'accepted' } }]);
    const returnedAfter = performance.now() - began;

    expect(result).toMatchObject({ ok: false, error: { code: 'transient' } });
    expect(returnedAfter).toBeLessThan(HOLD_MS / 2);
    // Wait for the server to notice, well before it would have answered.
    for (let i = 0; i < 50 && held[0]?.closedAt === null; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const request = held[0];
    expect(held).toHaveLength(1);
    expect(request?.closedAt).not.toBeNull();
    expect((request?.closedAt ?? Infinity) - (request?.receivedAt ?? 0)).toBeLessThan(HOLD_MS / 2);
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    expect(request?.answered).toBe(false);
  });

  it('is cancelled too when it rides a kept-alive connection an earlier call opened', async () => {
    const held: Held[] = [];
    // Held twice as long here: the timeout is longer (a busy machine must not time out the first call).
    const local = await holdingServer(held, (n) => (n === 0 ? 0 : HOLD_MS * 2));
    server = local.server;
    const connector = createHubSpotConnector({
      accessToken: 'pat-na1-fake-token-for-tests-only',
      portalId: '62515',
      baseUrl: local.url,
      limiter: recordingLimiter(),
      timeoutMs: TIMEOUT_MS * 5,
    });
    const update = [{ id: '101', properties: { sql_verdict: 'accepted' } }];
    expect(await connector.updateContacts(update)).toMatchObject({ ok: true });
    expect(await connector.updateContacts(update)).toMatchObject({ ok: false, error: { code: 'transient' } });
    // One connection: the second request did ride the first one's socket.
    expect(local.connections()).toBe(1);
    for (let i = 0; i < 50 && held[1]?.closedAt === null; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(held[1]?.closedAt).not.toBeNull();
    // Closed at the 1 s timeout, well before the 4 s the server would have taken to answer.
    expect((held[1]?.closedAt ?? Infinity) - (held[1]?.receivedAt ?? 0)).toBeLessThan(HOLD_MS);
  });

  it('does not cancel a later call on the same kept-alive connection', async () => {
    const held: Held[] = [];
    const local = await holdingServer(held);
    server = local.server;
    const connector = createHubSpotConnector({
      accessToken: 'pat-na1-fake-token-for-tests-only',
      portalId: '62515',
      baseUrl: local.url,
      limiter: recordingLimiter(),
      timeoutMs: HOLD_MS * 3,
    });
    const update = [{ id: '101', properties: { sql_verdict: 'accepted' } }];
    expect(await connector.updateContacts(update)).toMatchObject({ ok: true });
    expect(await connector.updateContacts(update)).toMatchObject({ ok: true });
    expect(held.map((entry) => entry.answered)).toEqual([true, true]);
  }, 20_000);
});
