// `npm run provision`: creates the `sales_feedback` property group and any missing contract
// property in HubSpot (the server does the same at boot). Idempotent; a property that exists with
// another type is reported, never overwritten, and makes the command exit 1.
import { formatConfigProblems, loadConfig } from '../src/config/env.ts';
import { createLogger } from '../src/logging/logger.ts';
import type { ProvisionReport } from '../src/ports/crm-admin.ts';
import { provisionProperties } from '../src/services/provision-properties.ts';
import { BootError, buildCore } from '../server/runtime.ts';
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

async function main(): Promise<number> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigProblems(loaded.problems)}\n`);
    return 1;
  }
  const config = loaded.config;
  if (!config.HUBSPOT_ACCESS_TOKEN) {
    process.stderr.write(
      'provision: HUBSPOT_ACCESS_TOKEN is not set; it is needed to create HubSpot properties.\n',
    );
    return 1;
  }
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, process.stderr);
  const core = await buildCore(config, logger);
  try {
    const hubspot = core.hubspot;
    if (!hubspot) throw new BootError('HubSpot connector is not configured');
    const result = await provisionProperties(hubspot, core.definitions);
    if (!result.ok) {
      process.stderr.write(`provision failed: ${result.error.code}: ${result.error.message}\n`);
      return 1;
    }
    process.stdout.write(`${describeReport(result.value)}\n`);
    return result.value.conflicts.length > 0 ? 1 : 0;
  } finally {
    await core.db.close();
  }
}

runCommand('provision', main);
