import nock from 'nock';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitionsFile } from '../../src/config/definitions-loader.ts';
import { createHubSpotConnector } from '../../src/connectors/hubspot/hubspot-client.ts';
import type { Definitions } from '../../src/domain/definitions.ts';
import {
  checkInputProperties,
  inputPropertySpecs,
  provisionInputProperties,
} from '../../src/services/input-properties.ts';
import batchCreated from '../fixtures/hubspot/properties-batch-create.json' with { type: 'json' };
import freshPortal from '../fixtures/hubspot/properties-contacts-fresh-portal.json' with { type: 'json' };
import contactInformation from '../fixtures/hubspot/property-group-contactinformation.json' with { type: 'json' };
import { recordingLimiter } from '../connectors/hubspot/hubspot-fakes.ts';

const BASE = 'https://api.hubapi.test';
const PROPERTIES = '/crm/v3/properties/contacts';

interface CreateBody {
  inputs: {
    name: string;
    label: string;
    type: string;
    fieldType: string;
    groupName: string;
    options?: unknown;
  }[];
}

function connector() {
  return createHubSpotConnector({
    accessToken: 'pat-test',
    portalId: '62515',
    baseUrl: BASE,
    limiter: recordingLimiter(),
  });
}

/** HubSpot's batch-create answer for the inputs sent (the fixture's shape, one result per input). */
function created(body: CreateBody) {
  const template = batchCreated.results[0];
  return {
    ...batchCreated,
    results: body.inputs.map((input) => ({
      ...template,
      ...input,
      options: input.options ?? [],
      hubspotDefined: false,
    })),
  };
}

describe('portal properties the definitions read', () => {
  let definitions: Definitions;
  beforeAll(async () => {
    const loaded = await loadDefinitionsFile('config/definitions.yaml');
    if (!loaded.ok) throw new Error('definitions');
    definitions = loaded.value;
  });

  it('gives each property the type its operator implies', () => {
    const specs = Object.fromEntries(
      inputPropertySpecs(definitions).map((spec) => [spec.name, `${spec.type}/${spec.fieldType}`]),
    );
    expect(specs).toEqual({
      industry: 'string/text', // in: a text property, not a dropdown of the qualifying values only
      numemployees: 'number/number', // gte
      jobtitle: 'string/text', // matches
      whitepaper_downloaded_at: 'datetime/date', // withinDays
      seminar_attended_at: 'datetime/date',
      pricing_page_viewed_at: 'datetime/date',
      hubspotscore: 'number/number',
      hubspot_owner_id: 'string/text', // exists (handedOffWhen)
      challenge: 'string/text', // share only
      product_interest: 'string/text',
    });
    const whitepaper = inputPropertySpecs(definitions).find(
      (spec) => spec.name === 'whitepaper_downloaded_at',
    );
    expect(whitepaper?.label).toBe('資料ダウンロード');
  });

  it("reports what a fresh portal lacks, from HubSpot's properties list", async () => {
    const scope = nock(BASE).get(PROPERTIES).query(true).reply(200, freshPortal);
    const result = await checkInputProperties(connector(), definitions);
    expect(scope.isDone()).toBe(true);
    expect(result.ok && result.value.missing.map((spec) => spec.name)).toEqual([
      'whitepaper_downloaded_at',
      'seminar_attended_at',
      'pricing_page_viewed_at',
      'challenge',
      'product_interest',
    ]);
  });

  it('creates only the missing ones, in HubSpot’s default contact group, and never touches an existing one', async () => {
    const bodies: CreateBody[] = [];
    // numemployees exists as HubSpot's dropdown of ranges while the definition reads it with gte:
    // it must be left as it is (no PATCH scope here: nock would refuse one).
    const scope = nock(BASE)
      .get(PROPERTIES)
      .query(true)
      .times(2)
      .reply(200, freshPortal)
      .get(`/crm/v3/properties/contacts/groups/contactinformation`)
      .reply(200, contactInformation)
      .post(`${PROPERTIES}/batch/create`, (body: CreateBody) => {
        bodies.push(body);
        return true;
      })
      .reply(201, () => created(bodies[0] ?? { inputs: [] }));

    const result = await provisionInputProperties(connector(), definitions);

    expect(scope.isDone()).toBe(true);
    expect(result.ok && result.value.created).toEqual([
      'whitepaper_downloaded_at',
      'seminar_attended_at',
      'pricing_page_viewed_at',
      'challenge',
      'product_interest',
    ]);
    expect(
      bodies[0]?.inputs.map((input) => [input.name, input.type, input.fieldType, input.groupName]),
    ).toEqual([
      ['whitepaper_downloaded_at', 'datetime', 'date', 'contactinformation'],
      ['seminar_attended_at', 'datetime', 'date', 'contactinformation'],
      ['pricing_page_viewed_at', 'datetime', 'date', 'contactinformation'],
      ['challenge', 'string', 'text', 'contactinformation'],
      ['product_interest', 'string', 'text', 'contactinformation'],
    ]);
    expect(bodies[0]?.inputs[0]?.label).toBe('資料ダウンロード');
  });

  it('makes no write when the portal has them all', async () => {
    const complete = {
      results: [
        ...freshPortal.results,
        ...[
          'whitepaper_downloaded_at',
          'seminar_attended_at',
          'pricing_page_viewed_at',
          'challenge',
          'product_interest',
        ].map((name) => ({ ...freshPortal.results[0], name, label: name, hubspotDefined: false })),
      ],
    };
    const scope = nock(BASE).get(PROPERTIES).query(true).reply(200, complete);
    const result = await provisionInputProperties(connector(), definitions);
    expect(scope.isDone()).toBe(true);
    expect(result).toMatchObject({ ok: true, value: { created: [], missing: [] } });
  });
});
