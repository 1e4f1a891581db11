import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { webhooksComponentText } from '../../src/connectors/hubspot/webhook-subscriptions.ts';
import { watchedProperties } from '../../src/domain/watched-properties.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { checkWebhookSubscriptions } from '../../src/services/check-webhook-subscriptions.ts';

const definitions = { propertiesRead: ['industry', 'hubspotscore', 'hubspot_owner_id'] };
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', {
    write(message: string) {
      lines.push(JSON.parse(message) as Record<string, unknown>);
    },
  });
  return { lines, logger };
}

async function componentFile(text: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'webhooks-'));
  dirs.push(dir);
  const file = path.join(dir, 'webhooks-hsmeta.json');
  await writeFile(file, text);
  return file;
}

describe('checkWebhookSubscriptions', () => {
  it('says nothing when every watched property has a subscription', async () => {
    const { lines, logger } = captureLogs();
    const file = await componentFile(webhooksComponentText(watchedProperties(definitions)));

    await expect(checkWebhookSubscriptions(definitions, logger, file)).resolves.toEqual([]);
    expect(lines).toEqual([]);
  });

  it('warns once, naming the properties HubSpot will not notify the backend about', async () => {
    const { lines, logger } = captureLogs();
    const file = await componentFile(webhooksComponentText(['industry', 'hs_analytics_source']));

    const missing = await checkWebhookSubscriptions(definitions, logger, file);

    expect(missing).toEqual([
      'hubspotscore',
      'hubspot_owner_id',
      'hs_lifecyclestage_opportunity_date',
      'hs_lifecyclestage_customer_date',
    ]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, unsubscribed: missing });
    expect(lines[0]?.['msg']).toMatch(
      /not notify the backend of hubspotscore, hubspot_owner_id, .*npm run webhooks:generate/,
    );
  });

  it('counts a missing creation subscription', async () => {
    const { logger } = captureLogs();
    const legacy = {
      type: 'webhooks',
      config: {
        subscriptions: {
          legacyCrmObjects: watchedProperties(definitions).map((propertyName) => ({
            subscriptionType: 'contact.propertyChange',
            propertyName,
            active: true,
          })),
        },
      },
    };
    const file = await componentFile(JSON.stringify(legacy));

    await expect(checkWebhookSubscriptions(definitions, logger, file)).resolves.toEqual(['contact creation']);
  });

  it('warns that it could not check when the file is missing', async () => {
    const { lines, logger } = captureLogs();

    await expect(
      checkWebhookSubscriptions(definitions, logger, '/nonexistent/webhooks-hsmeta.json'),
    ).resolves.toEqual([]);
    expect(lines[0]?.['msg']).toMatch(/^webhook subscriptions not checked: cannot read/);
  });
});
