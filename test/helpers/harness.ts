import { Writable } from 'node:stream';
import type { Express } from 'express';
import { createApp } from '../../server/app.ts';
import { startWorkers } from '../../server/jobs/workers.ts';
import type { Workers, WorkerOptions } from '../../server/jobs/workers.ts';
import { buildCore } from '../../server/runtime.ts';
import type { Core } from '../../server/runtime.ts';
import { loadConfig } from '../../src/config/env.ts';
import {
  createHubSpotWriteBack,
  toHubSpotProperties,
} from '../../src/connectors/hubspot/hubspot-write-back.ts';
import { signHubSpotV3 } from '../../src/connectors/hubspot/request-signature.ts';
import type { CrmChanges } from '../../src/domain/crm-changes.ts';
import type { Definitions } from '../../src/domain/definitions.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { CrmContacts } from '../../src/ports/crm-contacts.ts';
import type { WriteBackRoute } from '../../src/ports/crm-write-back.ts';
import type { JobQueue } from '../../src/ports/job-queue.ts';
import { startJobQueue } from '../../src/storage/pg-boss-queue.ts';
import type { Database } from '../../src/storage/database.ts';

export const CLIENT_SECRET = 'test-client-secret-0000';
export const PORTAL_ID = '62515';
export const PUBLIC_BASE_URL = 'https://leads.example.com';
export const HUBSPOT_API = 'https://api.hubapi.test';

/** A settable clock for deadline tests. */
export class FakeClock {
  current: Date;
  constructor(start: string | Date) {
    this.current = new Date(start);
  }
  readonly now = (): Date => new Date(this.current.getTime());
  set(at: string | Date): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface Harness {
  readonly core: Core;
  readonly app: Express;
  readonly queue: JobQueue | null;
  readonly workers: Workers | null;
  readonly logs: string[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly db: Database;
  readonly env?: Record<string, string>;
  readonly clock?: FakeClock;
  /** Start pg-boss and the background loops (off by default: tests call services directly). */
  readonly withWorkers?: boolean;
  readonly workerOptions?: WorkerOptions;
}

/** The real composition (config → core → app) on a test database, with logs captured. */
export async function createHarness(options: HarnessOptions): Promise<Harness> {
  const loaded = loadConfig({
    HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
    HUBSPOT_PORTAL_ID: PORTAL_ID,
    PUBLIC_BASE_URL,
    HUBSPOT_API_BASE_URL: HUBSPOT_API,
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger(loaded.config.LOG_LEVEL, sink);
  const now = options.clock?.now ?? (() => new Date());
  const core = await buildCore(loaded.config, logger, { now, db: options.db });
  let queue: JobQueue | null = null;
  let workers: Workers | null = null;
  if (options.withWorkers) {
    queue = await startJobQueue(core.db, logger);
    workers = await startWorkers(core, queue, options.workerOptions);
  }
  const inertQueue: JobQueue = {
    define: () => Promise.resolve(),
    send: () => Promise.resolve(),
    work: () => Promise.resolve(),
    stopWorking: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
  const app = createApp({
    ...core,
    queue: queue ?? inertQueue,
    portalId: loaded.config.HUBSPOT_PORTAL_ID,
    crmAdmin: core.hubspot,
    onWriteBackQueued: () => {
      workers?.pokeWriteBacks();
    },
  });
  return {
    core,
    app,
    queue,
    workers,
    logs,
    async stop() {
      await workers?.stop();
      await queue?.stop();
    },
  };
}

/** Signs a request the way HubSpot does (v3), for the URL as our server will rebuild it. */
export function signedHeaders(
  method: string,
  pathAndQuery: string,
  body: string,
  at: number = Date.now(),
): Record<string, string> {
  const timestamp = String(at);
  return {
    'X-HubSpot-Signature-v3': signHubSpotV3({
      method,
      url: `${PUBLIC_BASE_URL}${pathAndQuery}`,
      rawBody: body,
      timestamp,
      clientSecret: CLIENT_SECRET,
    }),
    'X-HubSpot-Request-Timestamp': timestamp,
    'Content-Type': 'application/json',
  };
}

/** The HubSpot connector as the worker's outbox flush uses it: this portal's hubspot rows only. */
export function hubspotRoute(
  crm: Pick<CrmContacts, 'updateContacts'>,
  definitions: Definitions,
  portalId: string = PORTAL_ID,
): WriteBackRoute {
  return { portalId, target: 'hubspot', writeBack: createHubSpotWriteBack(crm, definitions) };
}

/** A contact's HubSpot outbox row as the properties it sends (undefined: no row). */
export async function outboxProperties(
  core: { readonly db: Database; readonly definitions: Definitions },
  contactId: string,
): Promise<Record<string, string> | undefined> {
  const { rows } = await core.db.query<{ changes: CrmChanges; properties: Record<string, string> }>(
    `SELECT changes, properties FROM write_backs WHERE contact_id = $1 AND target = 'hubspot'`,
    [contactId],
  );
  const row = rows[0];
  return row && { ...row.properties, ...toHubSpotProperties(core.definitions, row.changes) };
}
