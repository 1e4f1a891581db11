import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { describeStaleness } from '../../scripts/webhooks-generate.ts';
import { loadDefinitionsFile } from '../../src/config/definitions-loader.ts';
import {
  contactSubscriptions,
  WEBHOOKS_COMPONENT_FILE,
  webhooksComponent,
  webhooksComponentText,
} from '../../src/connectors/hubspot/webhook-subscriptions.ts';
import { watchedProperties } from '../../src/domain/watched-properties.ts';
import { webhooksConfigSchema } from '../helpers/hubspot-project.ts';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const temporary: string[] = [];

afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function shippedWatchedProperties() {
  const loaded = await loadDefinitionsFile(path.join(ROOT, 'config/definitions.yaml'));
  if (!loaded.ok) throw new Error('shipped definitions must load');
  return watchedProperties(loaded.value);
}

// The webhook component is generated from the definitions; this fails when someone edits one
// without regenerating the other, so a property added to the agreement cannot go unwatched.
describe('webhooks-hsmeta.json', () => {
  it('is exactly what npm run webhooks:generate makes from the shipped definitions', async () => {
    const shipped = await readFile(WEBHOOKS_COMPONENT_FILE, 'utf8');
    const properties = await shippedWatchedProperties();

    expect(describeStaleness(shipped, webhooksComponentText(properties), properties)).toEqual([]);
    expect(contactSubscriptions(JSON.parse(shipped))).toEqual({ creation: true, properties });
    expect(properties).toEqual(
      expect.arrayContaining(['hubspot_owner_id', 'hs_analytics_source']) as unknown,
    );
  });

  it("is in the 2026.03 template's generic format the project checks accept", () => {
    const component = webhooksComponent(['industry']);

    expect(webhooksConfigSchema.safeParse(component.config).success).toBe(true);
    expect(component.config.subscriptions.crmObjects).toEqual([
      { subscriptionType: 'object.creation', objectType: 'contact', active: true },
      {
        subscriptionType: 'object.propertyChange',
        objectType: 'contact',
        propertyName: 'industry',
        active: true,
      },
    ]);
  });
});

describe('contactSubscriptions', () => {
  it('reads active contact subscriptions in the generic and the legacy format', () => {
    const component = {
      config: {
        subscriptions: {
          crmObjects: [
            {
              subscriptionType: 'object.propertyChange',
              objectType: 'contact',
              propertyName: 'a',
              active: true,
            },
            {
              subscriptionType: 'object.propertyChange',
              objectType: 'deal',
              propertyName: 'amount',
              active: true,
            },
            {
              subscriptionType: 'object.propertyChange',
              objectType: 'contact',
              propertyName: 'off',
              active: false,
            },
          ],
          legacyCrmObjects: [
            { subscriptionType: 'contact.creation', active: true },
            { subscriptionType: 'contact.propertyChange', propertyName: 'b', active: true },
          ],
        },
      },
    };

    expect(contactSubscriptions(component)).toEqual({ creation: true, properties: ['a', 'b'] });
  });

  it('gives null for something that is not a webhooks component', () => {
    expect(contactSubscriptions({ uid: 'x' })).toBeNull();
  });
});

describe('describeStaleness', () => {
  it('names the properties missing from the file and those the backend no longer watches', () => {
    const current = webhooksComponentText(['industry', 'old_field']);

    expect(
      describeStaleness(current, webhooksComponentText(['industry', 'new_field']), ['industry', 'new_field']),
    ).toEqual(['missing: new_field', 'subscribed but not watched: old_field']);
  });

  it('says when only the layout differs, and when the file is missing', () => {
    const wanted = webhooksComponentText(['a']);

    expect(describeStaleness(JSON.stringify(JSON.parse(wanted)), wanted, ['a'])).toEqual([
      'same subscriptions, but the file differs (format, settings or order)',
    ]);
    expect(describeStaleness(null, wanted, ['a'])).toEqual(['the file is missing']);
  });
});

describe('npm run webhooks:generate -- --check', () => {
  it('exits 0 on the shipped files', async () => {
    const { stdout } = await exec(process.execPath, ['scripts/webhooks-generate.ts', '--check'], {
      cwd: ROOT,
    });
    expect(stdout).toContain('matches config/definitions.yaml');
  });

  it('exits 1 naming the property when the definitions read one the file does not subscribe to', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'webhooks-check-'));
    temporary.push(dir);
    const definitions = (await readFile(path.join(ROOT, 'config/definitions.yaml'), 'utf8')).replace(
      'productInterest: product_interest',
      'productInterest: product_interest, budget: budget_range',
    );
    const file = path.join(dir, 'definitions.yaml');
    await writeFile(file, definitions);

    const run = exec(process.execPath, ['scripts/webhooks-generate.ts', '--check', file], { cwd: ROOT });

    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('missing: budget_range') as unknown,
    });
  });
});
