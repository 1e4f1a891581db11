// `npm run webhooks:generate [-- --check] [-- definitions.yaml]` writes the HubSpot app's webhook
// subscriptions (extensions/app/webhooks/webhooks-hsmeta.json) from the definitions: contact
// creation and a property change for every property the backend watches. With --check it writes
// nothing and exits 1 when the file is stale, saying what differs (for CI).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DEFINITIONS_FILE, loadDefinitionsFile } from '../src/config/definitions-loader.ts';
import {
  contactSubscriptions,
  readWebhooksComponent,
  WEBHOOKS_COMPONENT_FILE,
  webhooksComponentText,
} from '../src/connectors/hubspot/webhook-subscriptions.ts';
import { formatIssues } from '../src/domain/definitions.ts';
import { watchedProperties } from '../src/domain/watched-properties.ts';

/** What differs between the file on disk and the generated one, in words; [] when identical. */
export function describeStaleness(
  current: string | null,
  wanted: string,
  properties: readonly string[],
): string[] {
  if (current === wanted) return [];
  if (current === null) return ['the file is missing'];
  let parsed: unknown;
  try {
    parsed = JSON.parse(current) as unknown;
  } catch {
    return ['the file is not JSON'];
  }
  const subscribed = contactSubscriptions(parsed);
  if (subscribed === null) return ['the file is not a webhooks component'];
  const have = new Set(subscribed.properties);
  const want = new Set(properties);
  const lines = [
    ...(subscribed.creation ? [] : ['missing: contact creation']),
    ...properties.filter((p) => !have.has(p)).map((p) => `missing: ${p}`),
    ...subscribed.properties.filter((p) => !want.has(p)).map((p) => `subscribed but not watched: ${p}`),
  ];
  return lines.length > 0 ? lines : ['same subscriptions, but the file differs (format, settings or order)'];
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { check: { type: 'boolean', default: false } },
  });
  const definitionsFile = positionals[0] ?? DEFAULT_DEFINITIONS_FILE;
  const loaded = await loadDefinitionsFile(definitionsFile);
  if (!loaded.ok) {
    process.stderr.write(`${formatIssues(loaded.error)}\n`);
    return 1;
  }
  const properties = watchedProperties(loaded.value);
  const wanted = webhooksComponentText(properties);
  const read = await readWebhooksComponent();
  const target = path.relative(process.cwd(), WEBHOOKS_COMPONENT_FILE);
  const stale = describeStaleness(read.ok ? read.text : null, wanted, properties);
  if (values.check) {
    if (stale.length === 0) {
      process.stdout.write(`${target} matches ${definitionsFile}.\n`);
      return 0;
    }
    process.stderr.write(
      `${target} is stale for ${definitionsFile}:\n${stale.map((line) => `  ${line}`).join('\n')}\nRun npm run webhooks:generate, then upload the HubSpot app.\n`,
    );
    return 1;
  }
  await writeFile(WEBHOOKS_COMPONENT_FILE, wanted);
  process.stdout.write(
    `${stale.length === 0 ? 'Unchanged' : 'Wrote'} ${target}: contact creation and ${properties.length} properties (${properties.join(', ')}).\n`,
  );
  return 0;
}

if (import.meta.main) process.exitCode = await main();
