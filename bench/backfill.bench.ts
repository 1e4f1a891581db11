// Backfill of HubSpot contacts end to end: the service, the HubSpot connector and its per-portal
// limiter against the local fake HubSpot with HubSpot's real limits (100 requests per rolling 10 s,
// 5 searches per second, ≤ 50 ids per batch read with history), in real time. Runnable directly: `node bench/backfill.bench.ts [contacts]`.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createHubSpotConnector } from '../src/connectors/hubspot/hubspot-client.ts';
import { createRateLimiter } from '../src/connectors/hubspot/portal-rate-limiter.ts';
import type { SyncCursorStore } from '../src/ports/sync-cursor-store.ts';
import { backfillContacts } from '../src/services/backfill-contacts.ts';
import { silentProgress } from '../src/services/progress-reporter.ts';
import { atMost, exactly, formatResult } from './bench-result.ts';
import type { BenchResult } from './bench-result.ts';
import { startFakeHubSpot } from './fake-hubspot.ts';

const FROM = new Date('2026-01-01T00:00:00.000Z');
const TO = new Date('2026-03-01T00:00:00.000Z');
// The floor: one search page of 200 and four batch reads of 50 (HubSpot refuses more than 50 ids
// with history) per 200 contacts = 0.025 calls per contact. Target: within 10 % of it.
const CALL_FLOOR = 1 / 200 + 1 / 50;
const CALL_BUDGET = 1.1 * CALL_FLOOR;

function memoryCursors(): SyncCursorStore {
  const states = new Map<string, unknown>();
  return {
    load: <T>(name: string) => Promise.resolve((states.get(name) as T | undefined) ?? null),
    save: (name, state) => {
      states.set(name, structuredClone(state));
      return Promise.resolve();
    },
  };
}

export async function benchBackfill(count = 12_000): Promise<BenchResult[]> {
  const hub = await startFakeHubSpot({
    contacts: { count, seed: 42, modifiedFrom: FROM, modifiedTo: TO, burstShare: 0.5 },
    accessToken: 'pat-bench',
  });
  try {
    const crm = createHubSpotConnector({
      accessToken: 'pat-bench',
      portalId: 'bench',
      baseUrl: hub.url,
      limiter: createRateLimiter(),
    });
    let delivered = 0;
    const began = performance.now();
    const result = await backfillContacts(
      {
        crm,
        cursors: memoryCursors(),
        properties: [
          'jobtitle',
          'industry',
          'numemployees',
          'hubspotscore',
          'lifecyclestage',
          'hubspot_owner_id',
        ],
        historyProperties: ['lifecyclestage', 'hubspotscore', 'jobtitle'],
        progress: silentProgress,
        now: () => new Date(),
        sink: (batch) => {
          delivered += batch.length;
          return Promise.resolve();
        },
      },
      { from: FROM, to: TO },
    );
    const seconds = (performance.now() - began) / 1000;
    if (!result.ok) throw new Error(`backfill failed: ${result.error.message}`);
    const calls = hub.stats.calls.search + hub.stats.calls.batchRead;
    return [
      {
        name: `backfill ${count} contacts: HubSpot calls per contact (search + batch read; floor ${CALL_FLOOR}, target 1.1 × floor)`,
        value: Math.round((calls / delivered) * 100_000) / 100_000,
        unit: 'calls/contact',
        target: atMost(CALL_BUDGET),
      },
      {
        name: `backfill ${count} contacts: 429 answers`,
        value: hub.stats.rateLimited,
        unit: '429s',
        target: exactly(0),
      },
      {
        name: `backfill ${count} contacts: throughput at 100 req/10 s, 5 searches/s`,
        value: Math.round(delivered / seconds),
        unit: 'contacts/s',
        // Bound by the rate limit.
        target: null,
      },
    ];
  } finally {
    await hub.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = Number(process.argv[2] ?? 12_000);
  for (const result of await benchBackfill(count)) {
    console.log(formatResult(result));
  }
}
