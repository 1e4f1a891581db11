// Salesforce writes through the durable outbox, as the running backend sends them: n contacts'
// changes queued (enqueueWriteBack, one row per target), then flushed by the registry's Salesforce
// route into the local fake Salesforce (200 records per collections request, refused above).
//   1. First writes: each batch finds its Leads by the link field, then writes them; collections
//      requests judged against the floor ceil(n / 200).
//   2. A second change of every contact: the Leads are known, so every request is a write:
//      all requests judged against the same floor.
// Runnable directly: `node bench/salesforce-outbox.bench.ts [count]`.
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { buildCore } from '../server/runtime.ts';
import { loadConfig } from '../src/config/env.ts';
import type { SalesforceDescribe } from '../src/connectors/salesforce/salesforce-types.ts';
import type { CrmChanges } from '../src/domain/crm-changes.ts';
import { createLogger } from '../src/logging/logger.ts';
import { flushWriteBacks } from '../src/services/flush-write-backs.ts';
import { openDatabase } from '../src/storage/database.ts';
import { enqueueWriteBack } from '../src/storage/write-back-outbox.ts';
import { atMost } from './bench-result.ts';
import type { BenchResult } from './bench-result.ts';
import { startFakeSalesforce } from './fake-salesforce.ts';

const TOKEN = 'bench-access-token';
const PORTAL = '62515';
// Update Records Using sObject Collections: "The list can contain up to 200 objects."
const COLLECTION_MAX = 200;

function describeFixture(): SalesforceDescribe {
  const path = new URL('../test/fixtures/salesforce/lead-describe.json', import.meta.url);
  return JSON.parse(readFileSync(path, 'utf8')) as SalesforceDescribe;
}

export async function benchSalesforceOutbox(count = 10_000): Promise<BenchResult[]> {
  let clock = Date.parse('2026-11-22T00:00:00Z');
  const now = () => new Date(clock);
  const fake = await startFakeSalesforce({
    describe: describeFixture(),
    accessToken: TOKEN,
    dailyLimit: 1_000_000,
    now: () => clock,
  });
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    const loaded = loadConfig({
      HUBSPOT_PORTAL_ID: PORTAL,
      SALESFORCE_INSTANCE_URL: fake.url,
      SALESFORCE_ACCESS_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
    });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const sink = new Writable({
      write(_chunk, _encoding, done) {
        done();
      },
    });
    const core = await buildCore(loaded.config, createLogger('warn', sink), { db, now });
    const route = (await core.registry.routes()).find((r) => r.target === 'salesforce');
    if (!route) throw new Error('the registry has no Salesforce route');

    const contactIds = Array.from({ length: count }, (_, i) => String(20_000_001 + i));
    const leadIds = contactIds.map((contactId, i) =>
      fake.save('Lead', { LastName: `Lead ${i}`, Company: 'Example KK', HubSpot_Contact_Id__c: contactId }),
    );

    const queue = async (changes: CrmChanges) => {
      await db.transaction(async (client) => {
        for (const contactId of contactIds)
          await enqueueWriteBack(client, {
            portalId: PORTAL,
            contactId,
            targets: core.writeBackTargets,
            changes,
            now: now(),
          });
      });
    };
    const drain = async () => {
      const before = { used: fake.used(), collections: fake.collectionSizes.length };
      let written = 0;
      for (;;) {
        const result = await flushWriteBacks({ db, route, now, logger: core.logger });
        if (result.claimed === 0) break;
        if (result.written !== result.claimed) throw new Error(`not written: ${JSON.stringify(result)}`);
        written += result.written;
      }
      if (written !== count) throw new Error(`${written} of ${count} written`);
      const sizes = fake.collectionSizes.slice(before.collections);
      return { requests: fake.used() - before.used, collections: sizes.length, largest: Math.max(...sizes) };
    };

    clock += 60_000;
    await queue({ slaStatus: 'on_track' });
    const first = await drain();
    clock += 60_000;
    await queue({
      verdict: {
        verdict: 'accepted',
        reasonCode: 'budget-confirmed',
        note: null,
        decidedAt: now().toISOString(),
        decidedBy: 'sato@example.co.jp',
      },
      slaStatus: 'met',
    });
    const second = await drain();
    for (const id of leadIds)
      if (fake.get('Lead', id)?.['SQL_Verdict__c'] !== 'accepted')
        throw new Error(`Lead ${id} lacks its verdict`);

    const floor = Math.ceil(count / COLLECTION_MAX);
    const n = count.toLocaleString('en-US');
    return [
      {
        name: `outbox → Salesforce: collections requests for the first writes of ${n} contacts`,
        value: first.collections,
        unit: 'requests',
        target: atMost(floor),
      },
      {
        name: 'outbox → Salesforce: records in the largest collections request',
        value: Math.max(first.largest, second.largest),
        unit: 'records',
        target: atMost(COLLECTION_MAX),
      },
      {
        name: `outbox → Salesforce: all requests for the first writes of ${n} contacts (Leads found by link field)`,
        value: first.requests,
        unit: 'requests',
        target: null,
      },
      {
        name: `outbox → Salesforce: all requests for ${n} verdicts (Leads known)`,
        value: second.requests,
        unit: 'requests',
        target: atMost(floor),
      },
    ];
  } finally {
    await db.close();
    await fake.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await benchSalesforceOutbox(Number(process.argv[2] ?? 10_000));
  for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
}
