// Deploys a zipped package through the Metadata API (SOAP `deploy`, then `checkDeployStatus`
// until done) with jsforce. We poll ourselves rather than through jsforce's DeployResultLocator:
// its timeout defaults to 10 s (MetadataApi.pollTimeout), far below what a real deploy takes, and
// our own loop reports progress and runs on an injected clock in tests.
import type { Connection } from 'jsforce';
import type { ConnectorError } from '../../../domain/connector-error.ts';
import type { Result } from '../../../domain/result.ts';
import { err, ok } from '../../../domain/result.ts';
import { toSalesforceError } from '../salesforce-errors.ts';

/** A deploy of fields, permission sets and a component usually finishes in a minute or two. */
export const DEFAULT_POLL_INTERVAL_MS = 2_000;
export const DEFAULT_POLL_TIMEOUT_MS = 10 * 60_000;

export interface DeployComponent {
  readonly type: string;
  readonly fullName: string;
  readonly created: boolean;
  readonly changed: boolean;
}

export interface DeployFailure {
  readonly type: string;
  readonly fullName: string;
  readonly fileName: string;
  readonly problem: string;
  readonly line: number | null;
}

export interface DeployOutcome {
  readonly id: string;
  /** Metadata API DeployStatus: Succeeded, SucceededPartial, Failed, Canceled. */
  readonly status: string;
  readonly success: boolean;
  readonly checkOnly: boolean;
  readonly componentsDeployed: number;
  readonly componentsTotal: number;
  readonly components: readonly DeployComponent[];
  readonly failures: readonly DeployFailure[];
  readonly errorMessage: string | null;
}

export type DeployError =
  | ConnectorError
  | {
      readonly code: 'timeout';
      readonly provider: 'salesforce';
      readonly message: string;
      readonly id: string;
    };

export interface DeployProgress {
  readonly id: string;
  readonly status: string;
  readonly componentsDeployed: number;
  readonly componentsTotal: number;
}

export interface DeployPackageOptions {
  readonly checkOnly: boolean;
  readonly pollIntervalMs?: number;
  readonly pollTimeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly onProgress?: (progress: DeployProgress) => void;
}

// The DeployResult fields we read, as jsforce returns them after casting the SOAP response
// (booleans and numbers already typed; `details` lists as arrays).
interface RawDeployMessage {
  componentType?: string | null;
  fullName?: string;
  fileName?: string;
  problem?: string | null;
  lineNumber?: number | null;
  created?: boolean;
  changed?: boolean;
}

interface RawDeployResult {
  id: string;
  done: boolean;
  status: string;
  success: boolean;
  checkOnly: boolean;
  numberComponentsDeployed: number;
  numberComponentsTotal: number;
  errorMessage?: string | null;
  details?: { componentFailures?: RawDeployMessage[]; componentSuccesses?: RawDeployMessage[] } | null;
}

function toOutcome(raw: RawDeployResult): DeployOutcome {
  const details = raw.details ?? {};
  return {
    id: raw.id,
    status: raw.status,
    success: raw.success,
    checkOnly: raw.checkOnly,
    componentsDeployed: raw.numberComponentsDeployed,
    componentsTotal: raw.numberComponentsTotal,
    // The package.xml itself is listed as a success of type "" (fileName package.xml): not a component.
    components: (details.componentSuccesses ?? [])
      .filter((m) => (m.componentType ?? '') !== '')
      .map((m) => ({
        type: m.componentType ?? '',
        fullName: m.fullName ?? '',
        created: m.created ?? false,
        changed: m.changed ?? false,
      })),
    failures: (details.componentFailures ?? []).map((m) => ({
      type: m.componentType ?? '',
      fullName: m.fullName ?? '',
      fileName: m.fileName ?? '',
      problem: m.problem ?? '',
      line: m.lineNumber ?? null,
    })),
    errorMessage: raw.errorMessage ?? null,
  };
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts the deploy and waits for it to finish. A deploy that Salesforce refuses component by
 * component is an outcome (with its failures), not an error; an error is a failed call or a
 * deploy still running at the timeout (it keeps running in the org: Setup → Deployment Status).
 */
export async function deployPackage(
  conn: Connection,
  zip: Buffer,
  options: DeployPackageOptions,
): Promise<Result<DeployOutcome, DeployError>> {
  const interval = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const timeout = options.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  let id: string;
  try {
    // DeployOptions in the WSDL's sequence order. No testLevel: with no Apex in the package,
    // production runs no tests by default, and NoTestRun is refused in production
    // (Metadata API Developer Guide, "Running Tests in a Deployment").
    const started = await conn.metadata.deploy(zip, {
      checkOnly: options.checkOnly,
      ignoreWarnings: false,
      rollbackOnError: true,
      singlePackage: true,
    });
    id = started.id;
  } catch (error) {
    return err(toSalesforceError(error));
  }
  const deadline = now() + timeout;
  for (;;) {
    await sleep(interval);
    let raw: RawDeployResult;
    try {
      raw = (await conn.metadata.checkDeployStatus(id, true)) as RawDeployResult;
    } catch (error) {
      return err(toSalesforceError(error));
    }
    if (raw.done) return ok(toOutcome(raw));
    options.onProgress?.({
      id,
      status: raw.status,
      componentsDeployed: raw.numberComponentsDeployed,
      componentsTotal: raw.numberComponentsTotal,
    });
    if (now() >= deadline) {
      return err({
        code: 'timeout',
        provider: 'salesforce',
        id,
        message: `deploy ${id} is still ${raw.status} after ${Math.round(timeout / 1000)} s; it goes on in Salesforce (Setup → Deployment Status)`,
      });
    }
  }
}
