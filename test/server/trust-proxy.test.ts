import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signHubSpotV3 } from '../../src/connectors/hubspot/request-signature.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { CLIENT_SECRET, FakeClock, PORTAL_ID, createHarness } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { sendFromChild } from '../helpers/child-client.ts';
import { seedContact } from '../helpers/scenario.ts';

// Without PUBLIC_BASE_URL the signed URL is rebuilt from the request itself. X-Forwarded-Proto and
// X-Forwarded-Host may only take part when they come from a proxy TRUST_PROXY names: otherwise a
// request HubSpot signed for another deployment's https origin passes here too.

const NOW = '2026-11-20T01:00:00.000Z';
const PATH = `/api/cards/lead?objectId=951&portalId=${PORTAL_ID}&userId=3&userEmail=rep%40example.com`;

function signedFor(origin: string, at: number): Record<string, string> {
  const timestamp = String(at);
  return {
    'X-HubSpot-Signature-v3': signHubSpotV3({
      method: 'GET',
      url: `${origin}${PATH}`,
      rawBody: '',
      timestamp,
      clientSecret: CLIENT_SECRET,
    }),
    'X-HubSpot-Request-Timestamp': timestamp,
  };
}

describeEachStorage('TRUST_PROXY and the signed URL', (kind) => {
  let test: TestDatabase;
  const clock = new FakeClock(NOW);
  const harnesses: Harness[] = [];

  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    for (const harness of harnesses) await harness.stop();
    await test.close();
  });

  async function get(env: Record<string, string>, headers: Record<string, string>): Promise<number> {
    const harness = await createHarness({ db: test.db, clock, env: { PUBLIC_BASE_URL: '', ...env } });
    harnesses.push(harness);
    await seedContact(harness.core, '951');
    const server = harness.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await sendFromChild({
        port,
        method: 'GET',
        path: PATH,
        headers: { Host: `127.0.0.1:${port}`, ...headers },
        body: '',
      });
      return res.status;
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
  }

  const at = () => clock.now().getTime();
  const replayed = (): Record<string, string> => ({
    ...signedFor('https://leads.example.com', at()),
    Host: 'leads.example.com',
    'X-Forwarded-Proto': 'https',
  });
  const forwarded = (): Record<string, string> => ({
    ...signedFor('https://leads.example.com', at()),
    'X-Forwarded-Proto': 'https',
    'X-Forwarded-Host': 'leads.example.com',
  });

  it('ignores X-Forwarded-Proto when TRUST_PROXY is unset: a request signed for https elsewhere fails', async () => {
    expect(await get({}, replayed())).toBe(401);
    expect(await get({}, forwarded())).toBe(401);
  });

  it('serves a request signed for its own Host and scheme when PUBLIC_BASE_URL is unset', async () => {
    // The child connects to 127.0.0.1:<port>; the signature must be over that origin, so sign late.
    const harness = await createHarness({ db: test.db, clock, env: { PUBLIC_BASE_URL: '' } });
    harnesses.push(harness);
    await seedContact(harness.core, '951');
    const server = harness.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await sendFromChild({
        port,
        method: 'GET',
        path: PATH,
        headers: signedFor(`http://127.0.0.1:${port}`, at()),
        body: '',
      });
      expect(res.status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
  });

  it.each([['loopback'], ['1'], ['127.0.0.1/32, 10.0.0.0/8']])(
    'honours X-Forwarded-Proto and X-Forwarded-Host from a proxy TRUST_PROXY=%s names',
    async (trustProxy) => {
      expect(await get({ TRUST_PROXY: trustProxy }, forwarded())).toBe(200);
    },
  );

  it('ignores them from a proxy outside the TRUST_PROXY subnets', async () => {
    expect(await get({ TRUST_PROXY: '10.0.0.0/8' }, forwarded())).toBe(401);
  });

  it('checks against PUBLIC_BASE_URL when it is set, whatever the headers say', async () => {
    expect(
      await get(
        { PUBLIC_BASE_URL: 'https://leads.example.com', TRUST_PROXY: 'loopback' },
        {
          ...signedFor('https://leads.example.com', at()),
          'X-Forwarded-Proto': 'http',
          'X-Forwarded-Host': 'evil.example.com',
        },
      ),
    ).toBe(200);
  });
});
