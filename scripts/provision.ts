// `npm run provision [-- --inputs]`: creates the `sales_feedback` property group and any missing
// contract property in HubSpot (the server does the same at boot), and reports the portal
// properties the definitions read that the portal lacks (conditions on them are never met).
// With --inputs it creates those too, with the type their operator implies (see
// src/services/input-properties.ts). Idempotent; an existing property is never overwritten: one
// that exists with another type than a contract property is reported and makes the command exit 1.
// It needs no database, so it runs next to a server on the same PGlite folder.
import { parseArgs } from 'node:util';
import { formatConfigProblems, loadConfig } from '../src/config/env.ts';
import { createLogger } from '../src/logging/logger.ts';
import type { ConnectorError } from '../src/domain/connector-error.ts';
import type { PropertySpec, ProvisionReport } from '../src/ports/crm-admin.ts';
import { checkInputProperties, provisionInputProperties } from '../src/services/input-properties.ts';
import { provisionProperties } from '../src/services/provision-properties.ts';
import { createHubSpotFromConfig, loadDefinitionsOrFail } from '../server/runtime.ts';
import { runCommand } from './run-command.ts';

function list(names: readonly string[]): string {
  return names.length > 0 ? names.join(', ') : 'none';
}

export function describeReport(report: ProvisionReport): string {
  const lines = [
    `group sales_feedback: ${report.groupCreated ? 'created' : 'already there'}`,
    `properties created: ${list(report.created)}`,
    `properties already there: ${list(report.existing)}`,
    `options added: ${list(report.optionsAdded)}`,
  ];
  for (const conflict of report.conflicts) {
    lines.push(
      `CONFLICT ${conflict.name}: exists as ${conflict.actual}, the contract needs ${conflict.expected}; left as is (rename or delete it in HubSpot, or name another property in the definitions)`,
    );
  }
  return lines.join('\n');
}

function typed(specs: readonly PropertySpec[]): string {
  return list(specs.map((spec) => `${spec.name} (${spec.type})`));
}

export function describeInputs(missing: readonly PropertySpec[], created: readonly string[] | null): string {
  if (missing.length === 0) return 'properties the definitions read: all present in the portal';
  if (created !== null)
    return `properties the definitions read, created: ${typed(missing.filter((spec) => created.includes(spec.name)))}`;
  return [
    `properties the definitions read, MISSING in the portal: ${typed(missing)}`,
    '  conditions on them are never met; create them with: npm run provision -- --inputs',
  ].join('\n');
}

function inputFailure(error: ConnectorError): number {
  process.stderr.write(`provision failed on the input properties: ${error.code}: ${error.message}\n`);
  return 1;
}

async function main(): Promise<number> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigProblems(loaded.problems)}\n`);
    return 1;
  }
  let inputs: boolean;
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { inputs: { type: 'boolean', default: false } },
      strict: true,
    });
    inputs = values.inputs;
  } catch (error) {
    process.stderr.write(
      `provision: ${error instanceof Error ? error.message : String(error)}\nusage: npm run provision -- [--inputs]\n`,
    );
    return 2;
  }
  const config = loaded.config;
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, process.stderr);
  const hubspot = createHubSpotFromConfig(config, logger);
  if (!hubspot) {
    process.stderr.write(
      'provision: HUBSPOT_ACCESS_TOKEN is not set; it is needed to create HubSpot properties.\n',
    );
    return 1;
  }
  const definitions = await loadDefinitionsOrFail(config.DEFINITIONS_FILE);
  const result = await provisionProperties(hubspot, definitions);
  if (!result.ok) {
    process.stderr.write(`provision failed: ${result.error.code}: ${result.error.message}\n`);
    return 1;
  }
  process.stdout.write(`${describeReport(result.value)}\n`);
  if (inputs) {
    const created = await provisionInputProperties(hubspot, definitions);
    if (!created.ok) return inputFailure(created.error);
    process.stdout.write(`${describeInputs(created.value.missing, created.value.created)}\n`);
  } else {
    const checked = await checkInputProperties(hubspot, definitions);
    if (!checked.ok) return inputFailure(checked.error);
    process.stdout.write(`${describeInputs(checked.value.missing, null)}\n`);
  }
  return result.value.conflicts.length > 0 ? 1 : 0;
}

runCommand('provision', main);
