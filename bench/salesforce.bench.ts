// Salesforce requests the Lead connector spends, against the local fake Salesforce (its limits:
// 200 records per collections request, 2,000 rows per query page). Measured in requests, not time.
//   1. First writes of 10,000 contacts, as the outbox sends them (maxBatchSize per call): each
//      batch finds its Leads by the link field, then writes them.
//   2. A burst of 10,000 verdicts on those contacts: target ≤ 1.05 × ceil(10000/200) requests.
//   3. 10,000 Leads changed by a rep, polled to the end: target ≤ 1.1 × ceil(10000/2000) requests,
//      each rep verdict returned once and none of our own writes.
// Runnable directly: `node bench/salesforce.bench.ts [count]`.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadDefinitionsFile } from '../src/config/definitions-loader.ts';
import { createSalesforceConnector } from '../src/connectors/salesforce/salesforce-connector.ts';
import type { SalesforceDescribe } from '../src/connectors/salesforce/salesforce-types.ts';
import type { CrmRecordChange } from '../src/ports/crm-write-back.ts';
import { startPollCursor } from '../src/domain/poll-window.ts';
import type { PollCursor } from '../src/domain/poll-window.ts';
import { atMost, formatResult, meetsTarget } from './bench-result.ts';
import type { BenchResult } from './bench-result.ts';
import { startFakeSalesforce } from './fake-salesforce.ts';

const TOKEN = 'bench-access-token';
const REP = { id: '0055g00000BnRepAAA', email: 'tanaka@example.co.jp' };
// Update Records Using sObject Collections: 200 records per request; Query: 2,000 rows per page.
const COLLECTION_MAX = 200;
const QUERY_PAGE = 2_000;

function describeFixture(): SalesforceDescribe {
  const path = new URL('../test/fixtures/salesforce/lead-describe.json', import.meta.url);
  return JSON.parse(readFileSync(path, 'utf8')) as SalesforceDescribe;
}

export async function benchSalesforce(count = 10_000): Promise<BenchResult[]> {
  const loaded = await loadDefinitionsFile(new URL('../config/definitions.yaml', import.meta.url).pathname);
  if (!loaded.ok) throw new Error('config/definitions.yaml does not load');
  let clock = Date.parse('2026-11-22T00:00:00Z');
  const fake = await startFakeSalesforce({
    describe: describeFixture(),
    accessToken: TOKEN,
    dailyLimit: 1_000_000,
    now: () => clock,
  });
  try {
    const contactIds = Array.from({ length: count }, (_, i) => String(10_000_001 + i));
    const leadIds = contactIds.map((contactId, i) =>
      fake.save('Lead', { LastName: `Lead ${i}`, Company: 'Example KK', HubSpot_Contact_Id__c: contactId }),
    );
    const connector = createSalesforceConnector({
      settings: {
        instanceUrl: fake.url,
        apiVersion: '62.0',
        auth: { kind: 'access_token', accessToken: TOKEN },
        refresh: null,
      },
      definitions: loaded.value,
      now: () => new Date(clock),
    });
    const connected = await connector.connect();
    if (!connected.ok) throw new Error(connected.error.message);
    const cursor: PollCursor = startPollCursor(new Date(clock));
    const batch = connector.writeBack.maxBatchSize;

    const writeAll = async (changes: (contactId: string) => CrmRecordChange['changes']) => {
      const before = fake.used();
      for (let start = 0; start < contactIds.length; start += batch) {
        const records = contactIds
          .slice(start, start + batch)
          .map((contactId) => ({ contactId, changes: changes(contactId) }));
        const result = await connector.writeBack.write(records);
        if (!result.ok) throw new Error(result.error.message);
        const unwritten = result.value.filter((o) => o.status !== 'written');
        if (unwritten.length > 0)
          throw new Error(`${unwritten.length} records not written: ${JSON.stringify(unwritten[0])}`);
      }
      return fake.used() - before;
    };

    clock += 60_000;
    const firstWrites = await writeAll(() => ({ slaStatus: 'on_track' }));
    clock += 60_000;
    const verdictAt = new Date(clock).toISOString();
    const verdictCalls = await writeAll(() => ({
      verdict: {
        verdict: 'accepted',
        reasonCode: 'budget-confirmed',
        note: null,
        decidedAt: verdictAt,
        decidedBy: 'sato@example.co.jp',
      },
      slaStatus: 'met',
    }));
    for (const id of leadIds) {
      if (fake.get('Lead', id)?.['SQL_Verdict__c'] !== 'accepted')
        throw new Error(`Lead ${id} lacks its verdict`);
    }

    // A rep rejects every one of them in Salesforce, a second apart in batches.
    leadIds.forEach((id, i) => {
      if (i % 500 === 0) clock += 1_000;
      fake.save('Lead', { Id: id, SQL_Verdict__c: 'rejected', SQL_Verdict_Reason__c: 'unreachable' }, REP);
    });
    clock += 60_000;
    const beforePoll = fake.used();
    let position = cursor;
    const seen = new Map<string, number>();
    let ours = 0;
    for (;;) {
      const page = await connector.source.pollLeads(position);
      if (!page.ok) throw new Error(page.error.message);
      for (const item of page.value.items) {
        if (item.kind !== 'verdict' || item.decidedBy !== REP.email) ours += 1;
        seen.set(item.contactId, (seen.get(item.contactId) ?? 0) + 1);
      }
      position = page.value.cursor;
      if (page.value.done) break;
    }
    const pollCalls = fake.used() - beforePoll;
    if (seen.size !== count || [...seen.values()].some((n) => n !== 1) || ours !== 0) {
      throw new Error(`poll returned ${seen.size} of ${count} verdicts (${ours} not the rep's, some twice?)`);
    }
    // The next poll reads the overlap again and returns nothing new.
    const beforeQuiet = fake.used();
    const quiet = await connector.source.pollLeads(position);
    if (!quiet.ok || quiet.value.items.length > 0) throw new Error('a quiet poll returned changes');
    const quietCalls = fake.used() - beforeQuiet;

    const verdictTarget = 1.05 * Math.ceil(count / COLLECTION_MAX);
    const pollTarget = 1.1 * Math.ceil(count / QUERY_PAGE);
    return [
      {
        name: `Salesforce first writes of ${count.toLocaleString('en-US')} contacts (Leads found by link field; 2 per batch of 200: find, write)`,
        value: firstWrites,
        unit: 'requests',
        target: null,
      },
      {
        name: `Salesforce requests for ${count.toLocaleString('en-US')} verdict writes`,
        value: verdictCalls,
        unit: 'requests',
        target: atMost(verdictTarget),
      },
      {
        name: `Salesforce requests to poll ${count.toLocaleString('en-US')} changed Leads`,
        value: pollCalls,
        unit: 'requests',
        target: atMost(pollTarget),
      },
      { name: 'Salesforce requests for a quiet poll', value: quietCalls, unit: 'requests', target: null },
    ];
  } finally {
    await fake.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await benchSalesforce(Number(process.argv[2] ?? 10_000));
  for (const result of results) process.stdout.write(`${formatResult(result)}\n`);
  if (results.some((result) => meetsTarget(result) === false)) process.exit(1);
}
