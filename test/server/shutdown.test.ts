import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHubSpotV3 } from '../../src/connectors/hubspot/request-signature.ts';
import { BOOT_TIMEOUT_MS, startServer } from '../helpers/child-server.ts';
import { unusedPort } from '../helpers/fake-postgres.ts';

// SIGTERM exits 0 within 10 s whatever the CRM does: here HubSpot accepts connections and never
// answers (a network black hole), or refuses them so that every background run keeps retrying.
// The budget is measured from the signal, never from spawn: boot may be slow on a busy machine.

const BOOTING = BOOT_TIMEOUT_MS + 40_000;
const SECRET = 'shutdown-test-secret';
const PORTAL = '62515';

interface BlackHole {
  readonly url: string;
  /** Paths of the requests received so far. */
  readonly seen: string[];
  close(): Promise<void>;
}

/**
 * Answers property provisioning at once with a 503 (so boot goes on), and holds every other request
 * open without a byte of answer until it is closed.
 */
async function startBlackHoleHubSpot(): Promise<BlackHole> {
  const seen: string[] = [];
  const held: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(req.url ?? '');
    req.resume();
    if (req.url?.startsWith('/crm/v3/properties/')) {
      res.writeHead(503, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({ status: 'error', message: 'Service Unavailable', category: 'SERVICE_UNAVAILABLE' }),
      );
      return;
    }
    held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

async function until(check: () => boolean, what: string, timeoutMs = BOOT_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('SIGTERM with an unreachable HubSpot', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lead-handoff-shutdown-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const env = (name: string, hubspot: string) => ({
    PORT: '0',
    DATA_DIR: join(dir, name),
    HUBSPOT_ACCESS_TOKEN: 'pat-test-shutdown',
    HUBSPOT_PORTAL_ID: PORTAL,
    HUBSPOT_API_BASE_URL: hubspot,
    HUBSPOT_CLIENT_SECRET: SECRET,
  });

  it(
    'exits 0 within 10 s while reconciliation and a webhook job wait on calls HubSpot never answers',
    async () => {
      const hubspot = await startBlackHoleHubSpot();
      try {
        const server = startServer(env('black-hole', hubspot.url));
        const port = await server.listening();
        await until(
          () => hubspot.seen.some((path) => path.startsWith('/crm/v3/objects/contacts/search')),
          'a search',
        );

        const body = JSON.stringify([
          {
            eventId: 1,
            subscriptionId: 2_451_001,
            portalId: Number(PORTAL),
            appId: 4242,
            occurredAt: Date.now(),
            subscriptionType: 'contact.propertyChange',
            attemptNumber: 0,
            objectId: 901,
            changeSource: 'CRM_UI',
            propertyName: 'hubspotscore',
            propertyValue: '80',
          },
        ]);
        const timestamp = String(Date.now());
        const url = `http://127.0.0.1:${port}/webhooks/hubspot`;
        const stored = await fetch(url, {
          method: 'POST',
          body,
          headers: {
            'Content-Type': 'application/json',
            'X-HubSpot-Signature-v3': signHubSpotV3({
              method: 'POST',
              url,
              rawBody: body,
              timestamp,
              clientSecret: SECRET,
            }),
            'X-HubSpot-Request-Timestamp': timestamp,
          },
        });
        expect(stored.status).toBe(200);
        await until(
          () => hubspot.seen.some((path) => path.startsWith('/crm/v3/objects/contacts/batch/read')),
          'a batch read',
        );

        const run = await server.stop('SIGTERM');
        expect(run.code).toBe(0);
        expect(run.afterSignalMs).toBeLessThan(10_000);
        expect(run.stdout).toContain('"msg":"stopped"');
        expect(run.stdout).not.toContain('shutdown took too long');
      } finally {
        await hubspot.close();
      }
    },
    BOOTING,
  );

  it(
    'exits 0 within 10 s while reconciliation keeps retrying a HubSpot that refuses connections',
    async () => {
      const server = startServer(env('refused', `http://127.0.0.1:${await unusedPort()}`));
      await server.listening();
      await server.logged(/HubSpot contacts\.search failed/);
      const run = await server.stop('SIGTERM');
      expect(run.code).toBe(0);
      expect(run.afterSignalMs).toBeLessThan(10_000);
      expect(run.stdout).toContain('"msg":"stopped"');
    },
    BOOTING,
  );

  it(
    'exits 0 within 10 s when the signal comes while boot waits on HubSpot',
    async () => {
      const hubspot = await startBlackHoleHubSpot();
      // Provisioning too is held: boot never gets past it.
      const held = { ...hubspot, url: `${hubspot.url}/held` };
      try {
        const server = startServer(env('boot-held', held.url));
        await server.logged(/"msg":"started with/);
        await until(() => hubspot.seen.length > 0, 'a provisioning call');
        const run = await server.stop('SIGTERM');
        expect(run.code).toBe(0);
        expect(run.afterSignalMs).toBeLessThan(10_000);
        expect(run.stdout).not.toContain('"msg":"listening"');
      } finally {
        await hubspot.close();
      }
    },
    BOOTING,
  );
});
