// The Salesforce write-back route the outbox tests flush through: the local fake Salesforce
// (bench/fake-salesforce.ts, with Salesforce's limits) and the real connector on an access token.
import { startFakeSalesforce } from '../../bench/fake-salesforce.ts';
import type { FakeSalesforce } from '../../bench/fake-salesforce.ts';
import { createSalesforceConnector } from '../../src/connectors/salesforce/salesforce-connector.ts';
import type { SalesforceDescribe } from '../../src/connectors/salesforce/salesforce-types.ts';
import type { Definitions } from '../../src/domain/definitions.ts';
import type { WriteBackRoute } from '../../src/ports/crm-write-back.ts';
import { json } from '../connectors/salesforce/rest-fixtures.ts';
import type { FakeClock } from './harness.ts';
import { PORTAL_ID } from './harness.ts';

const SF_TOKEN = 'fake-sf-access-token';

export async function startSalesforceRoute(
  definitions: Definitions,
  clock: FakeClock,
): Promise<{ fake: FakeSalesforce; route: WriteBackRoute }> {
  const fake = await startFakeSalesforce({
    describe: json<SalesforceDescribe>('lead-describe.json'),
    accessToken: SF_TOKEN,
    now: () => clock.now().getTime(),
  });
  const connector = createSalesforceConnector({
    settings: {
      instanceUrl: fake.url,
      apiVersion: '62.0',
      auth: { kind: 'access_token', accessToken: SF_TOKEN },
      refresh: null,
    },
    definitions,
    now: clock.now,
  });
  return { fake, route: { portalId: PORTAL_ID, target: 'salesforce', writeBack: connector.writeBack } };
}
