import {
  contactSubscriptions,
  readWebhooksComponent,
  WEBHOOKS_COMPONENT_FILE,
} from '../connectors/hubspot/webhook-subscriptions.ts';
import type { Definitions } from '../domain/definitions.ts';
import { unsubscribedProperties, watchedProperties } from '../domain/watched-properties.ts';
import type { Logger } from '../logging/logger.ts';

/**
 * Warns, once at boot, about what the backend reads but HubSpot will not tell it about: the
 * watched properties (and contact creation) the project's webhook subscriptions leave out.
 * Returns what is missing (empty when covered or when the file cannot be read).
 */
export async function checkWebhookSubscriptions(
  definitions: Pick<Definitions, 'propertiesRead'>,
  logger: Pick<Logger, 'warn'>,
  file: string = WEBHOOKS_COMPONENT_FILE,
): Promise<string[]> {
  const read = await readWebhooksComponent(file);
  const subscriptions = read.ok ? contactSubscriptions(read.component) : null;
  if (subscriptions === null) {
    const reason = read.ok ? `${file} is not a webhooks component` : read.reason;
    logger.warn({ file }, `webhook subscriptions not checked: ${reason}`);
    return [];
  }
  const missing = [
    ...(subscriptions.creation ? [] : ['contact creation']),
    ...unsubscribedProperties(watchedProperties(definitions), subscriptions.properties),
  ];
  if (missing.length > 0) {
    logger.warn(
      { unsubscribed: missing, file },
      `HubSpot will not notify the backend of ${missing.join(', ')}: run npm run webhooks:generate, then upload the HubSpot app`,
    );
  }
  return missing;
}
