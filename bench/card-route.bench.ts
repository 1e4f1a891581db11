// Card route latency at 20 concurrent clients over ~1,000 tracked contacts, through a real
// listening server with signed requests, on PGlite and on PostgreSQL (BENCH_DATABASE_URL or
// TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test when reachable).
// Runnable directly: `node bench/card-route.bench.ts`.
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createApp } from '../server/app.ts';
import { buildCore } from '../server/runtime.ts';
import { loadConfig } from '../src/config/env.ts';
import { signHubSpotV3 } from '../src/connectors/hubspot/request-signature.ts';
import { createLogger } from '../src/logging/logger.ts';
import { LOCAL_POSTGRES_URL, createTemporaryPostgres } from '../test/helpers/temporary-postgres.ts';
import type { JobQueue } from '../src/ports/job-queue.ts';
import { trackContact } from '../src/services/track-contact.ts';
import { openDatabase } from '../src/storage/database.ts';
import type { Database } from '../src/storage/database.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target: string;
}

const CONTACTS = 1_000;
const CLIENTS = 20;
const REQUESTS = 4_000;
const WARMUP = 400;
const SECRET = 'bench-client-secret';
const PORTAL = '62515';
const BASE = 'https://leads.example.com';

const inertQueue: JobQueue = {
  define: () => Promise.resolve(),
  send: () => Promise.resolve(),
  work: () => Promise.resolve(),
  stopWorking: () => Promise.resolve(),
  stop: () => Promise.resolve(),
};

// Half the contacts qualify (with a handoff deadline), a quarter were handed off, the rest do not.
function benchContact(index: number, now: number) {
  const id = String(500_000 + index);
  const at = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
  const values: Record<string, [string, string]> = {
    industry: [index % 2 === 0 ? 'COMPUTER_SOFTWARE' : 'RETAIL', at(40)],
    numemployees: [index % 7 === 0 ? 'abc' : '50-100', at(40)],
    jobtitle: ['営業部長', at(30)],
    whitepaper_downloaded_at: [at(3).slice(0, 10), at(3)],
    hubspotscore: [String(50 + (index % 50)), at(1)],
    challenge: ['リード対応の遅れ', at(30)],
    product_interest: ['MA', at(30)],
  };
  if (index % 4 === 0) values['hubspot_owner_id'] = ['71000001', at(0.5)];
  const properties: Record<string, string> = {};
  const history: Record<string, { value: string; timestamp: string }[]> = {};
  for (const [name, [value, timestamp]] of Object.entries(values)) {
    properties[name] = value;
    history[name] = [{ value, timestamp }];
  }
  return { id, properties, history, createdAt: at(60), updatedAt: at(0.5) };
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 100) / 100;
}

interface Measured {
  readonly p50: number;
  readonly p99: number;
  readonly rps: number;
  /** p99 of GET /healthz under the same load: what express, logging and this machine cost alone. */
  readonly floorP99: number;
}

async function timed(job: ClientJob): Promise<Omit<Measured, 'floorP99'>> {
  const began = performance.now();
  const latencies = (await loadFromWorker(job)).sort((x, y) => x - y);
  const seconds = (performance.now() - began) / 1000;
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: Math.round(job.total / seconds),
  };
}

async function measure(db: Database): Promise<Measured> {
  const loaded = loadConfig({
    HUBSPOT_CLIENT_SECRET: SECRET,
    HUBSPOT_PORTAL_ID: PORTAL,
    PUBLIC_BASE_URL: BASE,
    LOG_LEVEL: 'info',
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  // Request logs are produced as in production, then discarded.
  const sink = new Writable({
    write: (_chunk, _encoding, done) => {
      done();
    },
  });
  const logger = createLogger('info', sink);
  const core = await buildCore(loaded.config, logger, { db });
  const now = Date.now();
  for (let i = 0; i < CONTACTS; i += 1) await trackContact(core, PORTAL, benchContact(i, now), null);
  const app = createApp({
    ...core,
    queue: inertQueue,
    portalId: PORTAL,
    crmAdmin: null,
    onWriteBackQueued: () => undefined,
    definitionsLoaded: () => true,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await loadFromWorker({ port, total: WARMUP, route: 'card' });
    const card = await timed({ port, total: REQUESTS, route: 'card' });
    const floor = await timed({ port, total: REQUESTS, route: 'healthz' });
    return { ...card, floorP99: floor.p99 };
  } finally {
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }
}

// The clients run on their own thread, as HubSpot's would on other machines: signing, fetch and
// JSON reading would otherwise steal the server's event loop and inflate what we measure.
function loadFromWorker(job: ClientJob): Promise<number[]> {
  const worker = new Worker(new URL(import.meta.url), { workerData: job });
  return new Promise((resolve, reject) => {
    worker.once('message', (latencies: number[]) => {
      resolve(latencies);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

interface ClientJob {
  readonly port: number;
  readonly total: number;
  readonly route: 'card' | 'healthz';
}

async function runClients({ port, total, route }: ClientJob): Promise<number[]> {
  const one = async (n: number): Promise<number> => {
    const path = `${route === 'card' ? '/api/cards/lead' : '/healthz'}?objectId=${500_000 + ((n * 7919) % CONTACTS)}&portalId=${PORTAL}&userId=9&userEmail=rep%40example.com&appId=4242`;
    const timestamp = String(Date.now());
    const signature = signHubSpotV3({
      method: 'GET',
      url: `${BASE}${path}`,
      rawBody: '',
      timestamp,
      clientSecret: SECRET,
    });
    const began = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      headers: { 'X-HubSpot-Signature-v3': signature, 'X-HubSpot-Request-Timestamp': timestamp },
    });
    await response.arrayBuffer();
    const ms = performance.now() - began;
    if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
    return ms;
  };
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < total) {
        const n = next;
        next += 1;
        latencies.push(await one(n));
      }
    }),
  );
  return latencies;
}

function results(storage: string, target: number, m: Measured): BenchResult[] {
  const label = `card route, ${CLIENTS} clients, ${CONTACTS} contacts, ${storage}`;
  return [
    { name: `${label}: p50`, value: m.p50, unit: 'ms', target: 'none' },
    { name: `${label}: p99`, value: m.p99, unit: 'ms', target: `<= ${target}` },
    { name: `${label}: throughput`, value: m.rps, unit: 'req/s', target: 'none' },
    {
      name: `${label}: p99 of GET /healthz at the same load (floor)`,
      value: m.floorP99,
      unit: 'ms',
      target: 'none',
    },
  ];
}

export async function benchCardRoute(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const lite = await openDatabase({ dataDir: 'memory://' });
  try {
    out.push(...results('PGlite', 50, await measure(lite)));
  } finally {
    await lite.close();
  }
  const url = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? LOCAL_POSTGRES_URL;
  const postgres = await createTemporaryPostgres(url, 'lead_handoff_bench');
  if (!postgres) {
    console.log(
      `card route on PostgreSQL skipped: ${url.replace(/\/\/[^@]*@/, '//…@')} is not reachable (set BENCH_DATABASE_URL)`,
    );
    return out;
  }
  try {
    out.push(...results('PostgreSQL', 20, await measure(postgres.db)));
  } finally {
    await postgres.drop();
  }
  return out;
}

if (!isMainThread) {
  parentPort?.postMessage(await runClients(workerData as ClientJob));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchCardRoute()) {
    console.log(`${result.name}: ${result.value} ${result.unit} (target ${result.target})`);
  }
}
