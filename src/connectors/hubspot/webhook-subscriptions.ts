// The project's webhook component, extensions/app/webhooks/webhooks-hsmeta.json, generated from
// the watched properties (`npm run webhooks:generate`) and read back at boot to warn when it no
// longer covers them. Format: platform 2026.03's template (HubSpot/hubspot-project-components
// 2026.03/components/webhooks), generic `crmObjects` subscriptions with `objectType: "contact"`;
// HubSpot then sends `object.creation` / `object.propertyChange` events with objectTypeId 0-1.
// The legacy `contact.*` entries are still read, so a hand-kept file is judged fairly.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const WEBHOOKS_COMPONENT_FILE = path.resolve(
  import.meta.dirname,
  '../../../extensions/app/webhooks/webhooks-hsmeta.json',
);

// HubSpot answers within 5 s or retries; 10 is the template's value and what the backend's
// webhook route (store, then 200) handles without queueing up.
const MAX_CONCURRENT_REQUESTS = 10;

interface CrmObjectSubscription {
  readonly subscriptionType: 'object.creation' | 'object.propertyChange';
  readonly objectType: 'contact';
  readonly propertyName?: string;
  readonly active: boolean;
}

export interface WebhooksComponent {
  readonly uid: string;
  readonly type: 'webhooks';
  readonly config: {
    readonly settings: { readonly targetUrl: string; readonly maxConcurrentRequests: number };
    readonly subscriptions: { readonly crmObjects: readonly CrmObjectSubscription[] };
  };
}

/** The component that subscribes to contact creation and to a change of each property given. */
export function webhooksComponent(properties: readonly string[]): WebhooksComponent {
  return {
    uid: 'lead-handoff-webhooks',
    type: 'webhooks',
    config: {
      settings: {
        targetUrl: '${BACKEND_URL}/webhooks/hubspot',
        maxConcurrentRequests: MAX_CONCURRENT_REQUESTS,
      },
      subscriptions: {
        crmObjects: [
          { subscriptionType: 'object.creation', objectType: 'contact', active: true },
          ...properties.map((propertyName): CrmObjectSubscription => ({
            subscriptionType: 'object.propertyChange',
            objectType: 'contact',
            propertyName,
            active: true,
          })),
        ],
      },
    },
  };
}

/** The file's text as the generator writes it (two-space JSON, as the formatter keeps it). */
export function webhooksComponentText(properties: readonly string[]): string {
  return `${JSON.stringify(webhooksComponent(properties), null, 2)}\n`;
}

const subscription = z.object({
  subscriptionType: z.string(),
  objectType: z.string().optional(),
  propertyName: z.string().optional(),
  active: z.boolean().optional(),
});
const componentShape = z.object({
  config: z.object({
    subscriptions: z.object({
      crmObjects: z.array(subscription).optional(),
      legacyCrmObjects: z.array(subscription).optional(),
    }),
  }),
});

export interface ContactSubscriptions {
  readonly creation: boolean;
  /** Properties with an active property-change subscription on contacts. */
  readonly properties: readonly string[];
}

/** The active contact subscriptions of a webhook component, or null when it is not one. */
export function contactSubscriptions(component: unknown): ContactSubscriptions | null {
  const parsed = componentShape.safeParse(component);
  if (!parsed.success) return null;
  const { crmObjects = [], legacyCrmObjects = [] } = parsed.data.config.subscriptions;
  const contact = [
    ...crmObjects
      .filter((s) => s.objectType === 'contact' || s.objectType === '0-1')
      .map((s) => ({ ...s, kind: s.subscriptionType.replace(/^object\./, '') })),
    ...legacyCrmObjects
      .filter((s) => s.subscriptionType.startsWith('contact.'))
      .map((s) => ({ ...s, kind: s.subscriptionType.replace(/^contact\./, '') })),
  ].filter((s) => s.active !== false);
  return {
    creation: contact.some((s) => s.kind === 'creation'),
    properties: [
      ...new Set(contact.filter((s) => s.kind === 'propertyChange').flatMap((s) => s.propertyName ?? [])),
    ],
  };
}

/** Reads and parses the component file; a missing or unreadable file is a value, not a throw. */
export async function readWebhooksComponent(
  file: string = WEBHOOKS_COMPONENT_FILE,
): Promise<{ ok: true; text: string; component: unknown } | { ok: false; reason: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, reason: `cannot read ${file}: ${(error as Error).message}` };
  }
  try {
    return { ok: true, text, component: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `${file} is not JSON: ${(error as Error).message}` };
  }
}
