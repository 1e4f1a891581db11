// `npm run salesforce:deploy [-- --check-only] [-- --out DIR] [-- --wait MINUTES]`: builds the Lead
// page package from the definitions (Lead custom fields with generated picklists, two permission
// sets, custom labels in English and Japanese, the leadHandoff component) and deploys it through
// the Metadata API, or validates it (--check-only), or only writes it to DIR (--out, no Salesforce
// needed). Re-running is idempotent; a change in the definitions is deployed as an update.
import { parseArgs } from 'node:util';
import type { Config } from '../src/config/env.ts';
import { formatConfigProblems, loadConfig } from '../src/config/env.ts';
import { loadDefinitionsFile } from '../src/config/definitions-loader.ts';
import { formatIssues } from '../src/domain/definitions.ts';
import type { DeployPackageOptions } from '../src/connectors/salesforce/metadata/deploy-package.ts';
import {
  deployPackage,
  DEFAULT_POLL_TIMEOUT_MS,
} from '../src/connectors/salesforce/metadata/deploy-package.ts';
import {
  adminSteps,
  describeComponents,
  describeOutcome,
} from '../src/connectors/salesforce/metadata/deploy-report.ts';
import { buildLeadPagePackage } from '../src/connectors/salesforce/metadata/lead-page-package.ts';
import {
  readLwcSources,
  writePackageFiles,
  zipPackageFiles,
} from '../src/connectors/salesforce/metadata/package-files.ts';
import { DEFAULT_API_VERSION } from '../src/connectors/salesforce/salesforce-api-version.ts';
import {
  connectSalesforce,
  salesforceConnectionSettings,
} from '../src/connectors/salesforce/salesforce-connection.ts';
import { toSalesforceError } from '../src/connectors/salesforce/salesforce-errors.ts';
import { runCommand } from './run-command.ts';

const USAGE = 'usage: npm run salesforce:deploy -- [--check-only] [--wait MINUTES] | [--out DIR]';

export interface DeployArgs {
  readonly checkOnly: boolean;
  readonly out: string | null;
  readonly waitMs: number;
}

/** Throws a usage message for anything it cannot take. */
export function parseDeployArgs(argv: readonly string[]): DeployArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { 'check-only': { type: 'boolean' }, out: { type: 'string' }, wait: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
  const checkOnly = values['check-only'] ?? false;
  const out = values.out ?? null;
  if (out !== null && (checkOnly || values.wait !== undefined)) {
    throw new Error(
      `--out writes the package without contacting Salesforce: it takes no other option\n${USAGE}`,
    );
  }
  if (out === '') throw new Error(`--out needs a directory\n${USAGE}`);
  let waitMs = DEFAULT_POLL_TIMEOUT_MS;
  if (values.wait !== undefined) {
    const minutes = Number(values.wait);
    if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`--wait takes minutes above 0\n${USAGE}`);
    waitMs = minutes * 60_000;
  }
  return { checkOnly, out, waitMs };
}

export interface DeployIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Test seams for the polling loop; the command itself uses real time. */
export type DeployTiming = Pick<DeployPackageOptions, 'pollIntervalMs' | 'sleep' | 'now'>;

export async function runSalesforceDeploy(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: DeployIo,
  timing: DeployTiming = {},
): Promise<number> {
  let args: DeployArgs;
  try {
    args = parseDeployArgs(argv);
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
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
  const apiVersion = config.SALESFORCE_API_VERSION ?? DEFAULT_API_VERSION;
  const pkg = buildLeadPagePackage(defs.value, { apiVersion, lwcSources: await readLwcSources() });
  if (!pkg.ok) {
    io.err(`The Lead page cannot be built from ${config.DEFINITIONS_FILE}:`);
    for (const problem of pkg.error) io.err(`  ${problem}`);
    return 1;
  }
  io.out(
    `Lead page package from ${config.DEFINITIONS_FILE} (definitions ${defs.value.version}), API version ${apiVersion}:`,
  );
  for (const line of describeComponents(pkg.value.components)) io.out(line);

  if (args.out !== null) {
    const written = await writePackageFiles(pkg.value.files, args.out);
    io.out(`Wrote ${written.length} files to ${args.out} (Metadata API format, package.xml at its root).`);
    io.out(
      `Deploy it with npm run salesforce:deploy, or: sf project deploy start --metadata-dir ${args.out} --single-package`,
    );
    return 0;
  }

  const settings = salesforceConnectionSettings(config);
  if (!settings.ok) {
    io.err(`salesforce:deploy: ${settings.error}`);
    return 1;
  }
  let conn;
  try {
    conn = await connectSalesforce(settings.value);
  } catch (error) {
    const failure = toSalesforceError(error);
    io.err(`salesforce:deploy: could not connect (${failure.code}): ${failure.message}`);
    return 1;
  }
  io.out(`${args.checkOnly ? 'Validating against' : 'Deploying to'} ${conn.instanceUrl} …`);
  const result = await deployPackage(conn, zipPackageFiles(pkg.value.files), {
    checkOnly: args.checkOnly,
    pollTimeoutMs: args.waitMs,
    ...timing,
    onProgress: (p) => {
      io.out(`  ${p.id}: ${p.status} (${p.componentsDeployed}/${p.componentsTotal})`);
    },
  });
  if (!result.ok) {
    io.err(`salesforce:deploy failed (${result.error.code}): ${result.error.message}`);
    return 1;
  }
  for (const line of describeOutcome(result.value)) io.out(line);
  if (!result.value.success) return 1;
  if (!result.value.checkOnly) for (const line of adminSteps()) io.out(line);
  return 0;
}

if (import.meta.main) {
  runCommand('salesforce:deploy', () =>
    runSalesforceDeploy(process.argv.slice(2), process.env, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    }),
  );
}
