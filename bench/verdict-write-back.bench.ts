// A burst of verdicts written back to HubSpot end to end: recordVerdict (the route's service) on
// real storage, the write-back worker loop, the HubSpot connector and its per-portal limiter,
// against the local fake HubSpot at 100 requests per rolling 10 s, in real time.
// Runnable directly: `node bench/verdict-write-back.bench.ts [verdicts]`. Storage: a temporary
// database on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), or
// BENCH_DATABASE_URL=pglite for PGlite in memory (with BENCH_CONCURRENCY=1, see below).
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startWorkers } from '../server/jobs/workers.ts';
import { buildCore } from '../server/runtime.ts';
import { loadConfig } from '../src/config/env.ts';
import { createLogger } from '../src/logging/logger.ts';
import { LOCAL_POSTGRES_URL, createTemporaryPostgres } from '../test/helpers/temporary-postgres.ts';
import { recordVerdict } from '../src/services/record-verdict.ts';
import type { VerdictCommand } from '../src/services/record-verdict.ts';
import { openDatabase } from '../src/storage/database.ts';
import type { Database } from '../src/storage/database.ts';
import { startJobQueue } from '../src/storage/pg-boss-queue.ts';
import { startFakeHubSpot } from './fake-hubspot.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target: string;
}

const PORTAL = '62515';
const PER_TEN_SECONDS = 100;
const BATCH = 100;
// Reps deciding at once: the route's concurrency during the burst.
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16);

async function openBenchDatabase(): Promise<{ db: Database; drop(): Promise<void> }> {
  // PostgreSQL by default: a burst of reps is what several backend instances would serve.
  const url = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? LOCAL_POSTGRES_URL;
  if (url === 'pglite') {
    const db = await openDatabase({ dataDir: 'memory://' });
    return { db, drop: () => db.close() };
  }
  const temporary = await createTemporaryPostgres(url, 'lead_handoff_bench');
  if (!temporary)
    throw new Error(`${url} is not reachable (set BENCH_DATABASE_URL, or BENCH_DATABASE_URL=pglite)`);
  return temporary;
}

/** A burst of `count` verdicts; HubSpot must end with each contact's latest one. */
export async function benchVerdictWriteBack(count = 10_000): Promise<BenchResult[]> {
  const hub = await startFakeHubSpot({
    contacts: {
      count,
      seed: 7,
      modifiedFrom: new Date('2026-10-01'),
      modifiedTo: new Date('2026-11-01'),
    },
    perTenSeconds: PER_TEN_SECONDS,
    accessToken: 'pat-bench',
  });
  const storage = await openBenchDatabase();
  const loaded = loadConfig({
    HUBSPOT_ACCESS_TOKEN: 'pat-bench',
    HUBSPOT_API_BASE_URL: hub.url,
    HUBSPOT_PORTAL_ID: PORTAL,
    LOG_LEVEL: 'warn',
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const logger = createLogger(
    'warn',
    new Writable({
      write(_chunk, _encoding, done) {
        done();
      },
    }),
  );
  const core = await buildCore(loaded.config, logger, { db: storage.db });
  const ids = hub.contacts.all().map((contact) => contact.id);
  // The contacts the product tracks, stored directly (ingestion is another benchmark).
  await core.db.query(`INSERT INTO contacts (portal_id, contact_id) SELECT $1, unnest($2::text[])`, [
    PORTAL,
    ids,
  ]);
  const queue = await startJobQueue(core.db, logger);
  const workers = await startWorkers(core, queue, { sweepIntervalMs: 60_000 });
  hub.stats.reset();
  try {
    const first = (contactId: string, i: number): VerdictCommand => ({
      portalId: PORTAL,
      contactId,
      verdict: i % 3 === 0 ? 'accepted' : 'rejected',
      reasonCode: i % 3 === 0 ? 'budget-confirmed' : 'no-budget',
      note: `first look at ${contactId}`,
      idempotencyKey: null,
      userId: null,
      userEmail: 'sato@example.co.jp',
    });
    const change = (contactId: string): VerdictCommand => ({
      portalId: PORTAL,
      contactId,
      verdict: 'recycled',
      reasonCode: 'bad-timing',
      note: `changed my mind on ${contactId}`,
      idempotencyKey: null,
      userId: null,
      userEmail: 'suzuki@example.co.jp',
    });
    // `count` verdicts: one each for 10/11 of the contacts, and for every tenth of those a second,
    // different one some 50 verdicts later (the rep changed their mind mid-burst).
    const burst: VerdictCommand[] = [];
    const changesAfter = new Map<number, string[]>();
    for (const [i, contactId] of ids.entries()) {
      if (burst.length >= count) break;
      burst.push(first(contactId, i));
      if (i % 10 === 0) changesAfter.set(i + 50, [contactId]);
      for (const changed of changesAfter.get(i) ?? []) burst.push(change(changed));
    }
    burst.length = Math.min(burst.length, count);
    const deps = {
      ...core,
      crmAdmin: null,
      onWriteBackQueued: () => {
        workers.pokeWriteBacks();
      },
    };
    const began = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < burst.length) {
          const command = burst[next++];
          if (command) await recordVerdict(deps, command);
        }
      }),
    );
    const recordedMs = performance.now() - began;
    // Written = every contact in the fake holds its latest verdict.
    const latest = new Map<string, VerdictCommand>();
    for (const command of burst) latest.set(command.contactId, command);
    const allWritten = () =>
      [...latest.values()].every(
        (command) => hub.contacts.get(command.contactId)?.properties['sql_verdict_note'] === command.note,
      );
    const deadline = performance.now() + 120_000;
    while (!allWritten() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const writtenMs = performance.now() - began;

    const calls = hub.stats.calls.batchUpdate;
    const lost = [...latest.values()].filter(
      (command) => hub.contacts.get(command.contactId)?.properties['sql_verdict'] === undefined,
    ).length;
    // Out of order: HubSpot holds a value that is not the contact's latest verdict.
    const outOfOrder = [...latest.values()].filter((command) => {
      const properties = hub.contacts.get(command.contactId)?.properties;
      return (
        properties?.['sql_verdict'] !== undefined &&
        (properties['sql_verdict'] !== command.verdict || properties['sql_verdict_note'] !== command.note)
      );
    }).length;
    // A change that lands after its contact's first value was written costs a second write.
    const accepted = hub.stats.batchUpdates.length;
    const floorCalls = Math.ceil(count / BATCH);
    // HubSpot's window admits PER_TEN_SECONDS calls at once, then one per 10 s / PER_TEN_SECONDS:
    // `calls` take at least max(0, calls − 100) / 10 s. The verdicts themselves arrive over
    // `recordedMs`, and the last one needs a call of its own after it: the floor is the later of both.
    const rateFloorMs = (Math.max(0, calls - PER_TEN_SECONDS) * 10_000) / PER_TEN_SECONDS;
    const floorMs = Math.max(rateFloorMs, recordedMs);
    return [
      { name: 'verdicts in the burst', value: burst.length, unit: 'verdicts', target: 'none' },
      {
        name: 'HubSpot batch/update calls in all',
        value: calls,
        unit: 'calls',
        target: `≤ ${Math.round(1.1 * floorCalls)} (1.1 × ${floorCalls})`,
      },
      { name: 'calls accepted (not 429)', value: accepted, unit: 'calls', target: 'none' },
      { name: '429 answers', value: hub.stats.rateLimited, unit: 'answers', target: '0' },
      {
        name: 'burst stored (recordVerdict, 201-ready)',
        value: Math.round(recordedMs),
        unit: 'ms',
        target: 'none',
      },
      {
        name: 'rate-limit floor for those calls',
        value: Math.round(rateFloorMs),
        unit: 'ms',
        target: 'none',
      },
      { name: 'burst start to all written', value: Math.round(writtenMs), unit: 'ms', target: 'none' },
      {
        name: 'time to all written / max(rate floor, time to store the burst)',
        value: Number((writtenMs / floorMs).toFixed(3)),
        unit: '×',
        target: '≤ 1.2',
      },
      { name: 'verdicts lost', value: lost, unit: 'contacts', target: '0' },
      {
        name: 'out of order (HubSpot value ≠ latest verdict)',
        value: outOfOrder,
        unit: 'contacts',
        target: '0',
      },
    ];
  } finally {
    await workers.stop();
    await queue.stop();
    await hub.close();
    await storage.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = Number(process.argv[2] ?? 10_000);
  for (const result of await benchVerdictWriteBack(count)) {
    console.log(
      `${result.name}: ${result.value.toLocaleString('en-US')} ${result.unit} (target ${result.target})`,
    );
  }
}
