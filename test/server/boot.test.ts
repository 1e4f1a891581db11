import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHubSpotV3 } from '../../src/connectors/hubspot/request-signature.ts';
import { BOOT_TIMEOUT_MS, startServer } from '../helpers/child-server.ts';

// The real start command as a child process: boot with no environment, refuse a bad configuration
// with a message naming the culprit, and stop cleanly on SIGTERM. Boot may be slow on a busy
// machine (generous timeouts); the 10 s shutdown budget is measured from the signal.

const BOOTING = BOOT_TIMEOUT_MS + 20_000;

describe('npm start (server/main.ts)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lead-handoff-boot-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'boots with no environment, says in one line what is disabled, serves, and exits 0 on SIGTERM',
    async () => {
      const server = startServer({ PORT: '0', DATA_DIR: join(dir, 'data') });
      const port = await server.listening();
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ok',
        connectors: { hubspot: 'disabled', salesforce: 'disabled', slack: 'disabled' },
        writeBacks: { pending: 0, failed: 0 },
      });
      const signed = await fetch(`http://127.0.0.1:${port}/api/cards/lead?objectId=1`);
      expect(signed.status).toBe(503);
      expect(await signed.json()).toMatchObject({ error: { code: 'not_configured' } });
      const disabledLines = server
        .output()
        .split('\n')
        .filter((line) => line.includes('disabled') && line.includes('HUBSPOT_ACCESS_TOKEN'));
      expect(disabledLines).toHaveLength(1);
      const run = await server.stop('SIGTERM');
      expect(run.code).toBe(0);
      expect(run.afterSignalMs).toBeLessThan(10_000);
      expect(run.stdout).toContain('"msg":"stopped"');
    },
    BOOTING,
  );

  it(
    'finishes a request already in flight when SIGTERM arrives, then exits 0',
    async () => {
      const secret = 'boot-test-secret';
      const server = startServer({
        PORT: '0',
        DATA_DIR: join(dir, 'data-inflight'),
        HUBSPOT_CLIENT_SECRET: secret,
      });
      const port = await server.listening();
      const path = '/api/verdicts?portalId=1&userId=2&userEmail=rep%40example.com';
      const body = JSON.stringify({ contactId: '404404', verdict: 'rejected', reasonCode: 'no-budget' });
      const timestamp = String(Date.now());
      const signature = signHubSpotV3({
        method: 'POST',
        url: `http://127.0.0.1:${port}${path}`,
        rawBody: body,
        timestamp,
        clientSecret: secret,
      });
      // nock's interceptor holds a request until its body ends before connecting: that would open
      // the connection only after the SIGTERM. This test needs a real socket from the first byte.
      nock.restore();
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(body)),
          'X-HubSpot-Signature-v3': signature,
          'X-HubSpot-Request-Timestamp': timestamp,
        },
      });
      const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
        request.on('response', (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, text });
          });
        });
        request.on('error', reject);
      });
      // Half the body, then the signal, then the rest: the request is in flight across the SIGTERM.
      request.write(body.slice(0, 10));
      await new Promise((r) => setTimeout(r, 200));
      server.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      request.end(body.slice(10));
      const response = await answered.finally(() => {
        nock.activate();
      });
      expect(response.status).toBe(404);
      expect(response.text).toContain('"code":"not_found"');
      const run = await server.exited;
      expect(run.code).toBe(0);
    },
    BOOTING,
  );

  it(
    'exits non-zero naming the file, key path and problem of an invalid definitions file',
    async () => {
      const file = join(dir, 'bad.yaml');
      await writeFile(file, 'version: "x"\ntimezone: Asia/Tokyo\nbogus: 1\n');
      const server = startServer({ PORT: '0', DATA_DIR: join(dir, 'data2'), DEFINITIONS_FILE: file });
      const run = await server.exited;
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(file);
      expect(run.stderr).toMatch(/bogus/);
    },
    BOOTING,
  );

  it(
    'exits non-zero naming every malformed variable',
    async () => {
      const server = startServer({ PORT: 'abc', LOG_LEVEL: 'shout', DATA_DIR: join(dir, 'data3') });
      const run = await server.exited;
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('PORT');
      expect(run.stderr).toContain('LOG_LEVEL');
    },
    BOOTING,
  );
});
