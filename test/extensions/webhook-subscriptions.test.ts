import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadDefinitionsFile } from '../../src/config/definitions-loader.ts';

interface Subscription {
  readonly subscriptionType: string;
  readonly propertyName?: string;
  readonly active?: boolean;
}

// The webhook component is static JSON; this keeps it in step with the shipped definitions, so
// a property added to the agreement cannot silently go unwatched.
describe('webhooks-hsmeta.json', () => {
  it('subscribes to contact creation and to every property the shipped definition reads', async () => {
    const loaded = await loadDefinitionsFile('config/definitions.yaml');
    if (!loaded.ok) throw new Error('shipped definitions must load');
    const raw = JSON.parse(await readFile('extensions/app/webhooks/webhooks-hsmeta.json', 'utf8')) as {
      config: { subscriptions: { legacyCrmObjects: Subscription[] } };
    };
    const subscriptions = raw.config.subscriptions.legacyCrmObjects.filter((s) => s.active !== false);
    expect(subscriptions.some((s) => s.subscriptionType === 'contact.creation')).toBe(true);
    const watched = new Set(
      subscriptions.filter((s) => s.subscriptionType === 'contact.propertyChange').map((s) => s.propertyName),
    );
    const missing = loaded.value.propertiesRead.filter((property) => !watched.has(property));
    expect(missing).toEqual([]);
    expect(watched.has('hubspot_owner_id')).toBe(true);
  });
});
