// Webhook ingestion: batches of 100 events posted (signed) to a listening server, acknowledged once
// stored (p99 ≤ 200 ms, 10 concurrent deliveries like HubSpot's maxConcurrentRequests), then
// processed as the worker does (dedupe, order, batch-read with history from the local fake HubSpot
// at HubSpot's rate limits, evaluate, record). PGlite storage.
// Runnable directly: `node bench/webhook.bench.ts`.
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createApp } from '../server/app.ts';
import { trackedProperties } from '../server/jobs/workers.ts';
import { buildCore } from '../server/runtime.ts';
import { loadConfig } from '../src/config/env.ts';
import { signHubSpotV3 } from '../src/connectors/hubspot/request-signature.ts';
import { createLogger } from '../src/logging/logger.ts';
import type { JobQueue } from '../src/ports/job-queue.ts';
import { processWebhookBatch } from '../src/services/process-webhook-batch.ts';
import { openDatabase } from '../src/storage/database.ts';
import { startFakeHubSpot } from './fake-hubspot.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target: string;
}

const BATCHES = 150;
// The first deliveries pay for JIT and the first inserts; they are sent but not measured.
const WARMUP = 20;
const EVENTS_PER_BATCH = 100;
// HubSpot batches changes: 4 property changes per contact, so 25 contacts per delivery.
const CHANGES_PER_CONTACT = 4;
const SENDERS = 10;
const CONTACTS = 4_000;
const FIRST_ID = 1001;
const SECRET = 'bench-client-secret';
const PORTAL = '62515';
const BASE = 'https://leads.example.com';
const TOKEN = 'pat-bench';
const PROPERTIES = ['hubspotscore', 'jobtitle', 'numemployees', 'pricing_page_viewed_at'];

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 100) / 100;
}

function batchBody(batch: number, now: number): string {
  const events = Array.from({ length: EVENTS_PER_BATCH }, (_, i) => {
    const n = batch * EVENTS_PER_BATCH + i;
    const contact =
      FIRST_ID +
      ((batch * (EVENTS_PER_BATCH / CHANGES_PER_CONTACT) + Math.floor(i / CHANGES_PER_CONTACT)) % CONTACTS);
    const propertyName = PROPERTIES[i % CHANGES_PER_CONTACT] ?? 'hubspotscore';
    return {
      eventId: 1_000_000 + n,
      subscriptionId: 2_451_001 + (i % CHANGES_PER_CONTACT),
      portalId: Number(PORTAL),
      appId: 4242,
      // Out of order within the batch, as HubSpot delivers them.
      occurredAt: now - 60_000 + ((n * 7919) % 60_000),
      subscriptionType: 'contact.propertyChange',
      attemptNumber: 0,
      objectId: contact,
      propertyName,
      propertyValue: String(n % 100),
      changeSource: 'CRM_UI',
    };
  });
  return JSON.stringify(events);
}

export async function benchWebhook(): Promise<BenchResult[]> {
  const hub = await startFakeHubSpot({
    contacts: {
      count: CONTACTS,
      seed: 11,
      firstId: FIRST_ID,
      modifiedFrom: new Date(Date.now() - 30 * 86_400_000),
      modifiedTo: new Date(Date.now() - 60_000),
    },
    accessToken: TOKEN,
  });
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    const loaded = loadConfig({
      HUBSPOT_CLIENT_SECRET: SECRET,
      HUBSPOT_PORTAL_ID: PORTAL,
      PUBLIC_BASE_URL: BASE,
      HUBSPOT_ACCESS_TOKEN: TOKEN,
      HUBSPOT_API_BASE_URL: hub.url,
      LOG_LEVEL: 'info',
    });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const sink = new Writable({
      write: (_chunk, _encoding, done) => {
        done();
      },
    });
    const core = await buildCore(loaded.config, createLogger('info', sink), { db });
    const batchIds: number[] = [];
    // The queue is where the job would go; here the bench runs the jobs itself, afterwards.
    const queue: JobQueue = {
      define: () => Promise.resolve(),
      send: (_name, data) => {
        batchIds.push((data as { batchId: number }).batchId);
        return Promise.resolve();
      },
      work: () => Promise.resolve(),
      stopWorking: () => Promise.resolve(),
      stop: () => Promise.resolve(),
    };
    const app = createApp({
      ...core,
      queue,
      portalId: PORTAL,
      crmAdmin: core.hubspot,
      onWriteBackQueued: () => undefined,
      definitionsLoaded: () => true,
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const now = Date.now();
    const bodies = Array.from({ length: BATCHES }, (_, batch) => batchBody(batch, now));
    const latencies: number[] = [];
    let next = 0;
    const ackBegan = performance.now();
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < BATCHES) {
          const n = next;
          const body = bodies[n] ?? '[]';
          next += 1;
          const timestamp = String(Date.now());
          const signature = signHubSpotV3({
            method: 'POST',
            url: `${BASE}/webhooks/hubspot`,
            rawBody: body,
            timestamp,
            clientSecret: SECRET,
          });
          const began = performance.now();
          const response = await fetch(`http://127.0.0.1:${port}/webhooks/hubspot`, {
            method: 'POST',
            body,
            headers: {
              'Content-Type': 'application/json',
              'X-HubSpot-Signature-v3': signature,
              'X-HubSpot-Request-Timestamp': timestamp,
            },
          });
          await response.arrayBuffer();
          if (n >= WARMUP) latencies.push(performance.now() - began);
          if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
        }
      }),
    );
    const ackSeconds = (performance.now() - ackBegan) / 1000;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });

    const deps = { ...core, crm: core.hubspot, propertiesToRead: trackedProperties(core) };
    let events = 0;
    const processBegan = performance.now();
    for (const batchId of batchIds) events += (await processWebhookBatch(deps, batchId)).events;
    const processSeconds = (performance.now() - processBegan) / 1000;
    const reads = hub.stats.calls.batchRead;
    latencies.sort((a, b) => a - b);
    return [
      {
        name: `webhook batch of ${EVENTS_PER_BATCH} events acknowledged (${SENDERS} concurrent): p50`,
        value: percentile(latencies, 50),
        unit: 'ms',
        target: 'none',
      },
      {
        name: `webhook batch of ${EVENTS_PER_BATCH} events acknowledged (${SENDERS} concurrent): p99`,
        value: percentile(latencies, 99),
        unit: 'ms',
        target: '<= 200',
      },
      {
        name: 'webhook events acknowledged per second',
        value: Math.round((BATCHES * EVENTS_PER_BATCH) / ackSeconds),
        unit: 'events/s',
        target: 'none',
      },
      {
        name: 'webhook events processed per second (batch read with history from the fake HubSpot, PGlite)',
        value: Math.round(events / processSeconds),
        unit: 'events/s',
        target: 'none (bound by 100 req/10 s)',
      },
      {
        name: 'webhook processing: HubSpot batch reads per batch of 100 events',
        value: Math.round((reads / batchIds.length) * 100) / 100,
        unit: 'calls/batch',
        target: '1',
      },
      { name: 'webhook processing: 429 answers', value: hub.stats.rateLimited, unit: '429s', target: '0' },
    ];
  } finally {
    await db.close();
    await hub.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchWebhook()) {
    console.log(`${result.name}: ${result.value} ${result.unit} (target ${result.target})`);
  }
}
