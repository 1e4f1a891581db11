import { afterEach, describe, expect, it } from 'vitest';
import { initialSchema } from '../../demo/portal/portal-properties.ts';
import { ContactBuilder } from '../../demo/portal/contact-builder.ts';
import { DEMO_OWNERS } from '../../demo/portal/portfolio.ts';
import { startSimulatedPortal } from '../../demo/portal/simulated-portal.ts';
import type { SimulatedPortal } from '../../demo/portal/simulated-portal.ts';
import { loadDefinitionsFile } from '../../src/config/definitions-loader.ts';
import { createHubSpotConnector } from '../../src/connectors/hubspot/hubspot-client.ts';
import { createRateLimiterRegistry } from '../../src/connectors/hubspot/portal-rate-limiter.ts';
import { provisionProperties } from '../../src/services/provision-properties.ts';

const TOKEN = 'pat-na1-fake-token-for-tests-only';
const CREATED = Date.parse('2026-06-01T01:00:00.000Z');

function contact(id: string) {
  return new ContactBuilder(id, CREATED)
    .set('firstname', '翔太', CREATED)
    .set('lastname', '佐藤', CREATED)
    .set('jobtitle', '担当者', CREATED)
    .set('jobtitle', '営業部 部長', CREATED + 86_400_000)
    .build();
}

let portal: SimulatedPortal | null = null;

afterEach(async () => {
  await portal?.close();
  portal = null;
});

async function start(): Promise<SimulatedPortal> {
  portal = await startSimulatedPortal({
    contacts: [contact('501'), contact('502')],
    owners: DEMO_OWNERS,
    schema: initialSchema(),
    accessToken: TOKEN,
    portalId: '4817522',
  });
  return portal;
}

function connector(url: string, token = TOKEN) {
  return createHubSpotConnector({
    accessToken: token,
    portalId: '4817522',
    baseUrl: url,
    limiter: createRateLimiterRegistry().getLimiter('4817522'),
  });
}

async function definitions() {
  const loaded = await loadDefinitionsFile('config/definitions.yaml');
  if (!loaded.ok) throw new Error('invalid definitions');
  return loaded.value;
}

describe('the simulated portal, through the real HubSpot connector over HTTP', () => {
  it('lets the backend provision its group and properties once, as on a portal', async () => {
    const { url } = await start();
    const defs = await definitions();
    const first = await provisionProperties(connector(url), defs);
    expect(first.ok && first.value.groupCreated).toBe(true);
    expect(first.ok ? [...first.value.created].sort() : []).toContain('sql_verdict');
    const second = await provisionProperties(connector(url), defs);
    expect(second.ok && second.value.created).toEqual([]);
    expect(second.ok && second.value.groupCreated).toBe(false);
  });

  it('holds what a batch update writes, with history, and shows it on its read-only views', async () => {
    const { url } = await start();
    await provisionProperties(connector(url), await definitions());
    const written = await connector(url).updateContacts([
      { id: '501', properties: { sql_verdict: 'accepted', sql_verdict_reason: 'budget-confirmed' } },
    ]);
    expect(written.ok && written.value.updated).toEqual(['501']);
    const detail = (await (await fetch(`${url}/_portal/contacts/501`)).json()) as {
      properties: Record<string, string>;
      appProperties: { name: string; value: string | null; source: string | null }[];
    };
    expect(detail.properties['sql_verdict']).toBe('accepted');
    expect(detail.appProperties.find((property) => property.name === 'sql_verdict')).toMatchObject({
      value: 'accepted',
      source: 'INTEGRATION',
    });
    const read = await connector(url).readContacts(['501'], ['jobtitle'], ['jobtitle']);
    expect(read.ok && read.value[0]?.history['jobtitle']?.map((entry) => entry.value)).toEqual([
      '営業部 部長',
      '担当者',
    ]);
  });

  it('refuses a property the portal lacks, and an option an enumeration lacks, as HubSpot does', async () => {
    const { url } = await start();
    await provisionProperties(connector(url), await definitions());
    const unknown = await connector(url).updateContacts([
      { id: '501', properties: { sql_verdikt: 'accepted' } },
    ]);
    expect(unknown.ok).toBe(false);
    expect(unknown.ok ? '' : unknown.error.message).toContain('PROPERTY_DOESNT_EXIST');
    expect(unknown.ok ? '' : unknown.error.code).toBe('validation');
    const option = await connector(url).updateContacts([{ id: '501', properties: { sql_verdict: 'maybe' } }]);
    expect(option.ok ? '' : option.error.message).toContain('INVALID_OPTION');
    const detail = (await (await fetch(`${url}/_portal/contacts/501`)).json()) as {
      properties: Record<string, string | null>;
    };
    expect(detail.properties['sql_verdict']).toBeUndefined();
  });

  it('answers a wrong token with HubSpot’s 401, on its own routes and on the fake’s', async () => {
    const { url } = await start();
    const wrong = connector(url, 'pat-na1-not-the-token');
    const read = await wrong.readContacts(['501'], ['jobtitle'], []);
    expect(read.ok ? '' : read.error.code).toBe('auth_revoked');
    const provision = await provisionProperties(wrong, await definitions());
    expect(provision.ok ? '' : provision.error.code).toBe('auth_revoked');
  });

  it('keeps its state in a snapshot a restart can load', async () => {
    const first = await start();
    await provisionProperties(connector(first.url), await definitions());
    await connector(first.url).updateContacts([{ id: '502', properties: { sql_verdict: 'rejected' } }]);
    const snapshot = JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<SimulatedPortal['snapshot']>;
    await first.close();
    portal = await startSimulatedPortal({ ...snapshot, accessToken: TOKEN, portalId: '4817522' });
    const list = (await (await fetch(`${portal.url}/_portal/contacts`)).json()) as {
      contacts: { id: string; sqlVerdict: string | null }[];
    };
    expect(list.contacts.find((item) => item.id === '502')?.sqlVerdict).toBe('rejected');
    const again = await provisionProperties(connector(portal.url), await definitions());
    expect(again.ok && again.value.created).toEqual([]);
  });
});
