// `npm run salesforce:check`: connects to Salesforce as the backend would (SALESFORCE_*), names the
// integration user, describes Lead and checks every field of the field map (present and visible,
// of the right type and size, writable, with the picklist values the definitions need). Prints
// what is missing and how to add it; exits 1 when anything is.
import type { Config } from '../src/config/env.ts';
import { formatConfigProblems, loadConfig } from '../src/config/env.ts';
import { loadDefinitionsFile } from '../src/config/definitions-loader.ts';
import { formatIssues } from '../src/domain/definitions.ts';
import { fieldCheckAdvice, fieldCheckLines } from '../src/connectors/salesforce/field-check-report.ts';
import { salesforceConnectionSettings } from '../src/connectors/salesforce/salesforce-connection.ts';
import { createSalesforceConnector } from '../src/connectors/salesforce/salesforce-connector.ts';
import { runCommand } from './run-command.ts';

export interface CheckIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export async function runSalesforceCheck(
  env: Readonly<Record<string, string | undefined>>,
  io: CheckIo,
): Promise<number> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    io.err(formatConfigProblems(loaded.problems));
    return 1;
  }
  const config: Config = loaded.config;
  const defs = await loadDefinitionsFile(config.DEFINITIONS_FILE);
  if (!defs.ok) {
    io.err(formatIssues(defs.error));
    return 1;
  }
  const settings = salesforceConnectionSettings(config);
  if (!settings.ok) {
    io.err(`salesforce:check: ${settings.error}`);
    return 1;
  }
  const connector = createSalesforceConnector({ settings: settings.value, definitions: defs.value });
  const connected = await connector.connect();
  if (!connected.ok) {
    io.err(`salesforce:check: could not connect (${connected.error.code}): ${connected.error.message}`);
    return 1;
  }
  const { instanceUrl, integrationUserId, fields } = connected.value;
  io.out(
    `Connected to ${instanceUrl} (API ${settings.value.apiVersion}) as user ${integrationUserId}, the integration user: its own writes are never read back as verdicts.`,
  );
  const usage = connector.status.apiUsage();
  if (usage !== null) {
    io.out(
      `API requests in the last 24 hours: ${usage.used.toLocaleString('en-US')} of ${usage.limit.toLocaleString('en-US')}.`,
    );
  }
  io.out(`Definitions ${defs.value.version} (${config.DEFINITIONS_FILE}).`);
  for (const line of fieldCheckLines(fields, defs.value)) io.out(line);
  for (const line of fieldCheckAdvice(fields)) io.out(line);
  return fields.problems.length === 0 ? 0 : 1;
}

if (import.meta.main) {
  runCommand('salesforce:check', () =>
    runSalesforceCheck(process.env, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    }),
  );
}
