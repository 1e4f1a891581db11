// A burst of verdicts written back to HubSpot end to end, as reps send them: signed POSTs to the
// verdict route of listening backends (owner lookup included), the write-back workers, the HubSpot
// connector and its limiter, against the local fake HubSpot at 100 requests per rolling 10 s, in
// real time. One backend, or two sharing one PostgreSQL (each with its own pool, queue, workers).
// Runnable directly: `node bench/verdict-write-back.bench.ts [verdicts] [instances]`. Storage: a
// temporary database on BENCH_DATABASE_URL (default TEST_DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/test), or BENCH_DATABASE_URL=pglite for PGlite in memory.
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createApp } from '../server/app.ts';
import { startWorkers } from '../server/jobs/workers.ts';
import { buildCore } from '../server/runtime.ts';
import { loadConfig } from '../src/config/env.ts';
import { signHubSpotV3 } from '../src/connectors/hubspot/request-signature.ts';
import { createLogger } from '../src/logging/logger.ts';
import { openDatabase } from '../src/storage/database.ts';
import type { Database } from '../src/storage/database.ts';
import { startJobQueue } from '../src/storage/pg-boss-queue.ts';
import { LOCAL_POSTGRES_URL, createTemporaryPostgres } from '../test/helpers/temporary-postgres.ts';
import { atMost, exactly, formatResult } from './bench-result.ts';
import type { BenchResult } from './bench-result.ts';
import { startFakeHubSpot } from './fake-hubspot.ts';
import type { FakeHubSpot } from './fake-hubspot.ts';

const PORTAL = '62515';
const SECRET = 'bench-client-secret';
const BASE = 'https://leads.example.com';
const TOKEN = 'pat-bench';
// HubSpot's budget for a Free/Starter private app, and its batch size.
const PER_TEN_SECONDS = 100;
const BATCH = 100;
// After the last verdict is stored its write waits out the linger (1 s) and the next loop tick
// (1 s), then takes one call: the product's own promise, with a second for the call and storage.
const WRITE_LAG_BUDGET_MS = 3_000;
const WRITE_TIMEOUT_MS = 300_000;

export interface VerdictBurstOptions {
  readonly verdicts: number;
  readonly instances: number;
  /** PostgreSQL server URL, or `pglite`. */
  readonly databaseUrl: string;
  /** Requests in flight at once (reps deciding at the same time). */
  readonly concurrency: number;
}

export interface VerdictBurstOutcome {
  readonly verdicts: number;
  readonly contacts: number;
  readonly refused: number;
  readonly updateCalls: number;
  readonly ownerCalls: number;
  readonly rateLimited: number;
  readonly lost: number;
  readonly outOfOrder: number;
  readonly storedMs: number;
  readonly writtenMs: number;
}

interface Verdict {
  readonly contactId: string;
  readonly verdict: 'accepted' | 'rejected' | 'recycled';
  readonly reasonCode: string;
  readonly note: string;
  readonly userId: number;
  readonly userEmail: string;
}

/**
 * `count` verdicts: one each for about 10/11 of the contacts, and for every tenth of those a second,
 * different one some 50 verdicts later (the rep changed their mind mid-burst).
 */
function burstOf(hub: FakeHubSpot, count: number): Verdict[] {
  const reps = hub.owners;
  const rep = (i: number) => reps[i % reps.length] ?? { userId: 1, email: 'rep@example.com' };
  const burst: Verdict[] = [];
  const changesAfter = new Map<number, string>();
  for (const [i, contact] of hub.contacts.all().entries()) {
    if (burst.length >= count) break;
    const by = rep(i);
    burst.push({
      contactId: contact.id,
      verdict: i % 3 === 0 ? 'accepted' : 'rejected',
      reasonCode: i % 3 === 0 ? 'budget-confirmed' : 'no-budget',
      note: `first look at ${contact.id}`,
      userId: by.userId,
      userEmail: by.email,
    });
    if (i % 10 === 0) changesAfter.set(i + 50, contact.id);
    const changed = changesAfter.get(i);
    if (changed !== undefined && burst.length < count) {
      const other = rep(i + 1);
      burst.push({
        contactId: changed,
        verdict: 'recycled',
        reasonCode: 'bad-timing',
        note: `changed my mind on ${changed}`,
        userId: other.userId,
        userEmail: other.email,
      });
    }
  }
  return burst;
}

async function openStorage(url: string, instances: number) {
  if (url === 'pglite') {
    if (instances > 1) throw new Error('PGlite serves one process: two instances need PostgreSQL');
    const db = await openDatabase({ dataDir: 'memory://' });
    return { databases: [db], drop: () => db.close() };
  }
  const temporary = await createTemporaryPostgres(url, 'lead_handoff_bench');
  if (!temporary)
    throw new Error(`${url} is not reachable (set BENCH_DATABASE_URL, or BENCH_DATABASE_URL=pglite)`);
  const databases: Database[] = [temporary.db];
  for (let i = 1; i < instances; i += 1)
    databases.push(await openDatabase({ databaseUrl: temporary.url, dataDir: '' }));
  return {
    databases,
    drop: async () => {
      for (const db of databases.slice(1)) await db.close();
      await temporary.drop();
    },
  };
}

async function startInstance(db: Database, hubUrl: string) {
  const loaded = loadConfig({
    HUBSPOT_ACCESS_TOKEN: TOKEN,
    HUBSPOT_API_BASE_URL: hubUrl,
    // The outbox writes a portal's rows through that portal's connector: name the portal.
    HUBSPOT_PORTAL_ID: PORTAL,
    HUBSPOT_CLIENT_SECRET: SECRET,
    PUBLIC_BASE_URL: BASE,
    LOG_LEVEL: 'warn',
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const sink = new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
  const logger = createLogger('warn', sink);
  const core = await buildCore(loaded.config, logger, { db });
  const queue = await startJobQueue(db, logger);
  // Only the verdicts' path: no install backfill or reconciliation reading the fake's contacts.
  const workers = await startWorkers(core, queue, { sweepIntervalMs: 600_000, hubspotIngest: false });
  const app = createApp({
    ...core,
    queue,
    portalId: undefined,
    crmAdmin: core.hubspot,
    onWriteBackQueued: () => {
      workers.pokeWriteBacks();
    },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      await workers.stop();
      await queue.stop();
    },
  };
}

async function post(port: number, verdict: Verdict): Promise<number> {
  const path = `/api/verdicts?portalId=${PORTAL}&userId=${verdict.userId}&userEmail=${encodeURIComponent(verdict.userEmail)}&appId=1`;
  const body = JSON.stringify({
    contactId: verdict.contactId,
    verdict: verdict.verdict,
    reasonCode: verdict.reasonCode,
    note: verdict.note,
  });
  const timestamp = String(Date.now());
  const signature = signHubSpotV3({
    method: 'POST',
    url: `${BASE}${path}`,
    rawBody: body,
    timestamp,
    clientSecret: SECRET,
  });
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-HubSpot-Signature-v3': signature,
      'X-HubSpot-Request-Timestamp': timestamp,
    },
  });
  await response.arrayBuffer();
  return response.status;
}

/** The burst, end to end; what HubSpot saw and how long it took. */
export async function runVerdictBurst(options: VerdictBurstOptions): Promise<VerdictBurstOutcome> {
  const hub = await startFakeHubSpot({
    contacts: {
      count: options.verdicts,
      seed: 7,
      modifiedFrom: new Date('2026-10-01'),
      modifiedTo: new Date('2026-11-01'),
    },
    perTenSeconds: PER_TEN_SECONDS,
    accessToken: TOKEN,
  });
  const storage = await openStorage(options.databaseUrl, options.instances);
  const instances: Awaited<ReturnType<typeof startInstance>>[] = [];
  try {
    const burst = burstOf(hub, options.verdicts);
    const ids = [...new Set(burst.map((verdict) => verdict.contactId))];
    // Each instance migrates on boot (they race for the advisory lock, as in production).
    for (const db of storage.databases) instances.push(await startInstance(db, hub.url));
    // The contacts the product tracks, stored directly (ingestion is another benchmark).
    await storage.databases[0]?.query(
      `INSERT INTO contacts (portal_id, contact_id) SELECT $1, unnest($2::text[])`,
      [PORTAL, ids],
    );
    hub.stats.reset();

    const began = performance.now();
    let next = 0;
    let refused = 0;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < burst.length) {
          const n = next;
          next += 1;
          const verdict = burst[n];
          const instance = instances[n % instances.length];
          if (verdict && instance && (await post(instance.port, verdict)) !== 201) refused += 1;
        }
      }),
    );
    const storedMs = performance.now() - began;

    // Written = every contact in the fake holds its latest verdict.
    const latest = new Map<string, Verdict>();
    for (const verdict of burst) latest.set(verdict.contactId, verdict);
    const holds = (verdict: Verdict) => {
      const properties = hub.contacts.get(verdict.contactId)?.properties;
      return (
        properties?.['sql_verdict'] === verdict.verdict && properties['sql_verdict_note'] === verdict.note
      );
    };
    const deadline = performance.now() + WRITE_TIMEOUT_MS;
    while (![...latest.values()].every(holds) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const writtenMs = performance.now() - began;
    const values = [...latest.values()];
    return {
      verdicts: burst.length,
      contacts: ids.length,
      refused,
      updateCalls: hub.stats.calls.batchUpdate,
      ownerCalls: hub.stats.calls.owner,
      rateLimited: hub.stats.rateLimited,
      lost: values.filter((v) => hub.contacts.get(v.contactId)?.properties['sql_verdict'] === undefined)
        .length,
      // HubSpot holds a value that is not the contact's latest verdict.
      outOfOrder: values.filter(
        (v) => hub.contacts.get(v.contactId)?.properties['sql_verdict'] !== undefined && !holds(v),
      ).length,
      storedMs,
      writtenMs,
    };
  } finally {
    for (const instance of instances) await instance.stop();
    await hub.close();
    await storage.drop();
  }
}

/** Judged against floors that depend only on the input, never on the run. */
export function verdictBurstResults(outcome: VerdictBurstOutcome, instances: number): BenchResult[] {
  const label = `${outcome.verdicts} verdicts through ${instances === 1 ? 'one backend' : `${instances} backends`}`;
  // A perfect batcher: one write per contact, 100 per call.
  const floorCalls = Math.ceil(outcome.contacts / BATCH);
  // HubSpot admits PER_TEN_SECONDS calls at once, then one per 10 s / PER_TEN_SECONDS.
  const forcedMs = (Math.max(0, floorCalls - PER_TEN_SECONDS) * 10_000) / PER_TEN_SECONDS;
  return [
    { name: `${label}: contacts`, value: outcome.contacts, unit: 'contacts', target: null },
    {
      name: `${label}: requests not answered 201`,
      value: outcome.refused,
      unit: 'requests',
      target: exactly(0),
    },
    {
      name: `${label}: HubSpot batch/update calls (a perfect batcher makes ${floorCalls})`,
      value: outcome.updateCalls,
      unit: 'calls',
      target: atMost(1.1 * Math.ceil(outcome.verdicts / BATCH)),
    },
    { name: `${label}: HubSpot owner lookups`, value: outcome.ownerCalls, unit: 'calls', target: null },
    { name: `${label}: 429 answers`, value: outcome.rateLimited, unit: 'answers', target: exactly(0) },
    { name: `${label}: verdicts lost`, value: outcome.lost, unit: 'contacts', target: exactly(0) },
    {
      name: `${label}: out of order (HubSpot value is not the latest verdict)`,
      value: outcome.outOfOrder,
      unit: 'contacts',
      target: exactly(0),
    },
    {
      name: `${label}: burst stored (all 201s)`,
      value: Math.round(outcome.storedMs),
      unit: 'ms',
      target: null,
    },
    {
      name: `${label}: burst start to all written`,
      value: Math.round(outcome.writtenMs),
      unit: 'ms',
      target: null,
    },
    {
      name: `${label}: last 201 to all written (HubSpot's limit forces ${forcedMs} ms for ${floorCalls} calls)`,
      value: Math.round(outcome.writtenMs - outcome.storedMs),
      unit: 'ms',
      target: atMost(forcedMs + WRITE_LAG_BUDGET_MS),
    },
  ];
}

function databaseUrl(): string {
  return process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? LOCAL_POSTGRES_URL;
}

function concurrency(url: string): number {
  // PGlite is one session: more requests in flight only queue behind it.
  return Number(process.env['BENCH_CONCURRENCY'] ?? (url === 'pglite' ? 1 : 16));
}

export async function benchVerdictWriteBack(verdicts = 10_000): Promise<BenchResult[]> {
  const url = databaseUrl();
  const outcome = await runVerdictBurst({
    verdicts,
    instances: 1,
    databaseUrl: url,
    concurrency: concurrency(url),
  });
  return verdictBurstResults(outcome, 1);
}

export async function benchVerdictWriteBackTwoInstances(verdicts = 2_000): Promise<BenchResult[]> {
  const url = databaseUrl();
  const outcome = await runVerdictBurst({
    verdicts,
    instances: 2,
    databaseUrl: url,
    concurrency: concurrency(url),
  });
  return verdictBurstResults(outcome, 2);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const verdicts = Number(process.argv[2] ?? 10_000);
  const instances = Number(process.argv[3] ?? 1);
  const url = databaseUrl();
  const outcome = await runVerdictBurst({
    verdicts,
    instances,
    databaseUrl: url,
    concurrency: concurrency(url),
  });
  for (const result of verdictBurstResults(outcome, instances)) console.log(formatResult(result));
}
